/**
 * Every panel in every state, at 80×24, as the on-call engineer sees it: loading, no data
 * (with why), empty and fresh (the only all-clear), stale (rows marked), and partial
 * coverage (one source fresh, one not). Issue 7: "no data" is not "no incidents".
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AppState, ConnectorState, StreamState } from '../../src/store/types.js';
import { connector, createTestStore, INCIDENTS, NOW, stream } from '../helpers/fixture-store.js';
import { cleanup, renderApp } from '../helpers/render.js';

// Colour on, so "drawn dim" can be checked in the raw frame (SGR 2). Hoisted above the imports.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});
process.env.TZ = 'UTC';
/** Generous: a loaded 2-core box can take seconds to render (issue 7, defect 12). */
const LOADED = { timeout: 10_000 };
afterEach(cleanup);

type Panel = 'queue' | 'oncall' | 'sla';
const KEY: Record<Panel, string> = { queue: '1', oncall: '2', sla: '4' };
const TITLE: Record<Panel, string> = { queue: 'Queue health', oncall: 'On-call', sla: 'SLA risk' };
const CLAIM: Record<Panel, string> = {
  queue: 'No open incidents',
  oncall: 'No escalation policies reported',
  sla: 'Nothing at risk',
};
const PANELS: Panel[] = ['queue', 'oncall', 'sla'];

/** The fixture PagerDuty connector with every stream patched alike. */
function pd(instance: string, over: Partial<StreamState>, empty = false): ConnectorState {
  const base = connector(instance);
  const streams: ConnectorState['streams'] = {};
  for (const [name, s] of Object.entries(base.streams)) {
    streams[name as StreamState['name']] = { ...s!, ...(empty ? { records: [] } : {}), ...over };
  }
  return { ...base, streams };
}

const LOADING: Partial<StreamState> = { fetchedAt: null, status: 'loading', records: [], nextPollAt: null };
const DOWN: Partial<StreamState> = {
  fetchedAt: null,
  status: 'backoff',
  failures: 2,
  records: [],
  error: 'PagerDuty request failed: ECONNREFUSED 127.0.0.1:9',
  errorCode: 'UNAVAILABLE',
};
/** 2m30s old with a 30 s interval: stale. */
const STALE: Partial<StreamState> = { fetchedAt: NOW - 150_000 };

const states = {
  loading: { connectors: { 'pd-demo': pd('pd-demo', LOADING) } },
  'no data': { connectors: { 'pd-demo': pd('pd-demo', DOWN) } },
  'empty and fresh': { connectors: { 'pd-demo': pd('pd-demo', {}, true) } },
  stale: { connectors: { 'pd-demo': pd('pd-demo', STALE) } },
  'partial, with rows': { connectors: { 'pd-demo': pd('pd-demo', {}), 'pd-b': pd('pd-b', DOWN) } },
  'partial, empty': { connectors: { 'pd-demo': pd('pd-demo', {}, true), 'pd-b': pd('pd-b', DOWN) } },
} satisfies Record<string, Partial<AppState>>;

async function focused(state: Partial<AppState>, panel: Panel) {
  const r = renderApp(createTestStore(state).store, { cols: 80, rows: 24 });
  await vi.waitFor(() => expect(r.frame()).toContain('Queue health'), LOADED);
  r.stdin.write(KEY[panel]);
  await vi.waitFor(() => expect(r.frame()).toContain(`▶ ${KEY[panel]} ${TITLE[panel]}`), LOADED);
  return r;
}

/** The focused panel's title row. */
const titleRow = (f: string, panel: Panel) =>
  f.split('\n').find((l) => l.includes(`▶ ${KEY[panel]} ${TITLE[panel]}`))!;
/** An unfocused panel's one-line summary. */
const summaryRow = (f: string, panel: Panel) =>
  f.split('\n').find((l) => l.startsWith(`  ${KEY[panel]} ${TITLE[panel]}`))!;
/** Rows of the focused panel's list that stand for a record: incidents, SLA clocks, policy headers. */
const ROW: Record<Panel, RegExp> = {
  queue: /(TRIG|ACK|HOLD) +#\d{4}/,
  sla: /#\d{4} +(ack|resolve)/,
  // The headline names policies too ("Checkout EP: Ana Example"); a policy row has no colon after it.
  oncall: /^║.{0,16}(NOBODY ON CALL: Data EP|Checkout EP|Payments EP)(?!.*EP:)/,
};
const recordRows = (f: string, panel: Panel) => f.split('\n').filter((l) => ROW[panel].test(l));
/** The frame as running text: borders gone, wrapped lines joined, so a wrapped message still matches. */
const flat = (f: string) =>
  f
    .split('\n')
    .map((l) => l.replace(/^[║│]|[║│]$/g, '').trim())
    .join(' ')
    .replace(/ +/g, ' ');

describe.each(PANELS)('%s panel at 80×24', (panel) => {
  test('loading: says where from, no counts, no all-clear', async () => {
    const r = await focused(states.loading, panel);
    const f = r.frame();
    expect(f).toContain('Loading from pd-demo… Nothing is known yet.');
    expect(titleRow(f, panel)).toContain('loading…');
    expect(f).not.toMatch(
      /✔|No open incidents|Nothing at risk|0 triggered|0 breached|no escalation policies/,
    );
    for (const other of PANELS.filter((p) => p !== panel)) expect(summaryRow(f, other)).toMatch(/loading…$/);
  });

  test('no data: says so, says why and what happens next', async () => {
    const r = await focused(states['no data'], panel);
    const f = r.frame();
    expect(f).toContain('✖ No data from pd-demo: this is not an all-clear.');
    expect(flat(f)).toContain('PagerDuty request failed: ECONNREFUSED 127.0.0.1:9. Retrying by itself');
    expect(titleRow(f, panel)).toContain('✖ no data');
    expect(f).not.toMatch(/✔|No open incidents|Nothing at risk|0 triggered|0 breached/);
    for (const other of PANELS.filter((p) => p !== panel)) {
      expect(summaryRow(f, other)).toContain('✖ no data: pd-demo no data: PagerDuty');
    }
  });

  test('empty and fresh: the one all-clear, with the tick', async () => {
    const r = await focused(states['empty and fresh'], panel);
    const f = r.frame();
    expect(f).toContain(`✔ ${CLAIM[panel]}.`);
    expect(titleRow(f, panel)).toContain('updated 3s ago');
    expect(f).not.toMatch(/stale|partial|no data|Not an all-clear/);
  });

  test('stale: title reads "stale 2m", every record row is marked with glyph, word and dim', async () => {
    const r = await focused(states.stale, panel);
    const f = r.frame();
    expect(titleRow(f, panel)).toContain('◷ stale 2m');
    expect(f).toMatch(/⚠ pd-demo [a-z, ]*stale 2m/);
    expect(f).not.toMatch(/updated \d/);
    const rows = recordRows(f, panel);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row).toContain('◷ stale');
    // Dim as well (SGR 2), never instead of the word.
    const raw = r.lastFrame().split('\n');
    const rawRow = raw.find((l) => l.includes(panel === 'oncall' ? 'Ana Example' : '#4190'));
    expect(rawRow).toContain('\u001B[2m');
  });

  test('partial with rows: the title names the gap, the fresh rows are not marked', async () => {
    const r = await focused(states['partial, with rows'], panel);
    const f = r.frame();
    expect(titleRow(f, panel)).toContain('◷ partial: pd-b no data');
    expect(f).toContain('✖ pd-b');
    expect(f).not.toContain('◷ stale');
    expect(recordRows(f, panel).length).toBeGreaterThan(0);
  });

  test('partial and empty: "nothing here" only with what is not covered next to it', async () => {
    const r = await focused(states['partial, empty'], panel);
    const f = r.frame();
    expect(f).toContain(`${CLAIM[panel]} from pd-demo. Not an all-clear: pd-b no data.`);
    expect(f).not.toContain('✔');
  });
});

describe('SLA risk mixes connectors', () => {
  test('a stale ServiceNow-like source marks only its own rows', async () => {
    const sn = connector('sn-x', {
      capabilities: ['incidents.read'],
      streams: {
        incidents: stream(
          'incidents',
          INCIDENTS.map((i) => ({
            ...i,
            source: 'sn-x',
            id: `S${i.id}`,
            key: `#9${i.key.slice(2)}`,
          })),
          STALE,
        ),
      },
    });
    const r = await focused({ connectors: { 'pd-demo': pd('pd-demo', {}), 'sn-x': sn } }, 'sla');
    const rows = r
      .frame()
      .split('\n')
      .filter((l) => /#\d{4} +(ack|resolve)/.test(l));
    expect(rows.filter((l) => /#9\d{3}/.test(l)).every((l) => l.includes('◷ stale'))).toBe(true);
    expect(rows.filter((l) => /#4\d{3}/.test(l)).some((l) => l.includes('◷ stale'))).toBe(false);
    expect(titleRow(r.frame(), 'sla')).toContain('◷ partial: sn-x stale 2m');
  });
});
