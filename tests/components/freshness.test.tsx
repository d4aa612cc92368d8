/**
 * Issue 7, defects 4 and 6. One freshness reading: header, problem line, panel title, rows,
 * detail and status view all say the same "stale 41s" for a vendor, and move together.
 * A 401 that pauses polling shows its whole message and the fix, says r retries, and r does.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Incident } from '../../src/domain/model.js';
import { createCockpitStore } from '../../src/store/scheduler.js';
import type { AppState } from '../../src/store/types.js';
import { connector, createTestStore, from, INCIDENTS, NOW, stream } from '../helpers/fixture-store.js';
import { cleanup, renderApp } from '../helpers/render.js';
import { failure, fakePort } from '../unit/store/fake-port.js';

process.env.TZ = 'UTC';
/** Generous: a loaded 2-core box can take seconds to render (issue 7, defect 12). */
const LOADED = { timeout: 10_000 };
afterEach(cleanup);

/** The frame as running text: borders gone, wrapped lines joined. */
const flat = (f: string) =>
  f
    .split('\n')
    .map((l) => l.replace(/^[║│]|[║│]$/g, '').trim())
    .join(' ')
    .replace(/ +/g, ' ');

/** Every staleness age written anywhere on screen ("stale 41s", "STALE 41s"). */
const readings = (f: string) => [...f.matchAll(/stale (\d+[smhd][\dmh]*)/gi)].map((m) => m[1]);

/**
 * The defect's outage: PagerDuty's incidents were last fetched 35 s ago (3 s interval), its
 * on-call 41 s ago (10 s interval); ServiceNow is fresh. Before the fix the screen said
 * "stale 41s", "last good data 35s ago" and "updated 0s ago" at once.
 */
function outage(): Partial<AppState> {
  const pd = connector('pd-demo', { health: 'down' });
  const failing = {
    status: 'backoff' as const,
    failures: 4,
    errorCode: 'UNAVAILABLE',
    nextPollAt: NOW + 8_000,
  };
  return {
    connectors: {
      'pd-demo': {
        ...pd,
        streams: {
          incidents: stream('incidents', from('pd-demo', INCIDENTS), {
            ...failing,
            fetchedAt: NOW - 35_000,
            intervalMs: 3_000,
            error: 'PagerDuty GET /incidents failed (503).',
          }),
          oncall: stream('oncall', pd.streams.oncall!.records, {
            ...failing,
            fetchedAt: NOW - 41_000,
            intervalMs: 10_000,
            error: 'PagerDuty GET /oncalls failed (503).',
          }),
          policies: stream('policies', pd.streams.policies!.records, {
            fetchedAt: NOW - 30_000,
            intervalMs: 60_000,
          }),
        },
      },
      'sn-demo': {
        ...connector('sn-demo', {
          capabilities: ['incidents.read'],
          streams: { incidents: stream('incidents', []) },
        }),
        pluginId: 'servicenow',
        traits: ['ticket-queue'],
      },
    },
  };
}

describe('one freshness reading', () => {
  test('header, title, problem line, rows, summaries, detail and status agree, and age together', async () => {
    let real = NOW;
    const r = renderApp(createTestStore(outage()).store, { now: () => NOW, real: () => real });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'), LOADED);
    const f = r.frame();
    const lines = f.split('\n');
    expect(lines[0]).toContain('✖ pd-demo down, stale 41s');
    expect(lines.find((l) => l.includes('▶ 1 Queue health'))).toContain('◷ partial: pd-demo stale 41s');
    expect(f).toContain('⚠ pd-demo incidents stale 41s: PagerDuty GET /incidents failed (503).');
    expect(lines.find((l) => l.startsWith('  2 On-call'))).toContain('stale 41s');
    expect(lines.find((l) => l.startsWith('  4 SLA risk'))).toContain('stale 41s');
    // Rows from pd-demo are marked; no "updated 0s ago" from the fresh ServiceNow source.
    const rows = lines.filter((l) => /(TRIG|ACK) +#\d/.test(l));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toContain('◷ stale');
    expect(f).not.toMatch(/updated \d/);
    expect(new Set(readings(f))).toEqual(new Set(['41s']));

    r.stdin.write('\r');
    await vi.waitFor(() => expect(r.frame()).toContain('Incident #4211'), LOADED);
    expect(r.frame()).toContain('◷ STALE 41s: pd-demo has no fresh data');
    expect(new Set(readings(r.frame()))).toEqual(new Set(['41s']));

    // Five seconds later every place moves together.
    real += 5_000;
    await vi.waitFor(() => expect(r.frame()).toContain('STALE 46s'), LOADED);
    expect(new Set(readings(r.frame()))).toEqual(new Set(['46s']));

    r.stdin.write('\u001B');
    await vi.waitFor(() => expect(r.frame()).toContain('▶ 1 Queue health'), LOADED);
    r.stdin.write('i');
    await vi.waitFor(() => expect(r.frame()).toContain('Sources'), LOADED);
    const status = r.frame();
    expect(status).toMatch(/incidents: backoff after 4 failures · stale 46s/);
    expect(status).toMatch(/oncall: backoff after 4 failures · stale 46s/);
    expect(new Set(readings(status))).toEqual(new Set(['46s']));
  });
});

const LONG_401 =
  'PagerDuty rejected the API token (401) on GET /incidents. Check connectors.pd.token ' +
  '(and region: an EU account needs region: eu). PagerDuty said: Authentication failed: Invalid token.';

function pausedStore() {
  let calls = 0;
  const port = fakePort('pd', {
    capabilities: ['incidents.read', 'incidents.ack'],
    fetch: async () => {
      calls += 1;
      if (calls === 1) throw failure('AUTH', LONG_401);
      return from('pd', INCIDENTS) as Incident[];
    },
  });
  const store = createCockpitStore({
    ports: [port],
    clock: { now: () => Date.now() },
    intervals: { pd: { incidents: 60_000 } },
    random: () => 0.5,
  });
  return { store, port };
}

describe('a 401 pauses polling', () => {
  test('the whole message and the fix are on screen, "press r" is said, and r resumes polling', async () => {
    const { store, port } = pausedStore();
    store.start();
    try {
      const r = renderApp(store, { now: () => Date.now() });
      await vi.waitFor(() => expect(r.frame()).toContain('paused'), LOADED);
      const f = r.frame();
      expect(f.split('\n')[0]).toContain('✖ pd paused: fix credentials, press r');
      // Nothing cut at 100 (or 80) columns: the end of the vendor's message is there.
      expect(flat(f)).toContain(LONG_401);
      expect(flat(f)).toContain('fix the token, password or keychain entry, then press r to retry');
      expect(f).not.toMatch(/✔|No open incidents/);
      expect(port.calls('incidents')).toBe(1);

      // The status view has it too, with what to do.
      r.stdin.write('i');
      await vi.waitFor(() => expect(r.frame()).toContain('What to do'), LOADED);
      expect(flat(r.frame())).toContain(LONG_401);
      expect(flat(r.frame())).toContain('What to do: Polling is paused until the credentials work');
      r.stdin.write('\u001B');
      await vi.waitFor(() => expect(r.frame()).toContain('Queue health'), LOADED);

      r.stdin.write('r');
      await vi.waitFor(() => expect(r.frame()).toContain('#4211'), LOADED);
      expect(port.calls('incidents')).toBe(2);
      expect(r.frame()).not.toContain('paused');
      expect(store.getState().connectors.pd!.streams.incidents).toMatchObject({ status: 'ok', failures: 0 });
      // Polling is scheduled again, not just this one answer.
      expect(store.getState().connectors.pd!.streams.incidents!.nextPollAt).not.toBeNull();
    } finally {
      await store.stop();
    }
  });

  test('r in the status view retries too, and a rebound refresh key is the one named', async () => {
    const { store, port } = pausedStore();
    store.start();
    try {
      const r = renderApp(store, { now: () => Date.now(), keys: { 'app.refresh': 'f' } });
      await vi.waitFor(() => expect(r.frame()).toContain('paused'), LOADED);
      expect(r.frame().split('\n')[0]).toContain('fix credentials, press f');
      expect(flat(r.frame())).toContain('then press f to retry');
      r.stdin.write('i');
      await vi.waitFor(() => expect(r.frame()).toContain('What to do'), LOADED);
      r.stdin.write('r');
      await vi.waitFor(() => expect(port.calls('incidents')).toBe(2), LOADED);
      await vi.waitFor(() => expect(r.frame()).toMatch(/incidents: ok · updated \d+s ago/), LOADED);
    } finally {
      await store.stop();
    }
  });
});

describe('the footer during an outage', () => {
  test('offers the status view and keeps "? Keys" beside it at 80 columns', async () => {
    const r = renderApp(createTestStore(outage()).store, { now: () => NOW, real: () => NOW });
    await vi.waitFor(() => expect(r.frame()).toContain('stale'), LOADED);
    const footer = r.frame().split('\n').at(-1)!;
    expect(footer).toContain('i Status');
    expect(footer).toContain('? Keys');
  });
});
