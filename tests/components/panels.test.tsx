import { afterEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_PANEL_SETTINGS } from '../../src/domain/settings.js';
import { selectPanels } from '../../src/store/selectors.js';
import type { AppState } from '../../src/store/types.js';
import { NowContext } from '../../src/ui/hooks/use-now.js';
import { COCKPIT_PANELS } from '../../src/ui/panels/registry.js';
import {
  connector,
  createTestStore,
  fixtureState,
  INCIDENTS,
  NOW,
  stream,
} from '../helpers/fixture-store.js';
import { cleanup, render, renderApp, stripAnsi } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const size = { focused: true, width: 80, height: 18 };

function show(state: AppState, panel: 'queue' | 'oncall' | 'sla' | 'compliance', selected = 0) {
  const view = selectPanels(state, NOW);
  // Each panel module draws itself; its number is its place in the cockpit's registry.
  const number = COCKPIT_PANELS.findIndex((p) => p.id === panel) + 1;
  const { Body } = COCKPIT_PANELS[number - 1]!;
  const el = <Body view={view[panel]} number={number} selected={selected} {...size} />;
  const r = render(<NowContext.Provider value={{ now: NOW, real: NOW }}>{el}</NowContext.Provider>, {
    cols: 80,
    rows: 18,
  });
  return stripAnsi(r.lastFrame());
}

const failing = (over: Parameters<typeof stream>[2]) =>
  fixtureState({
    connectors: {
      'pd-demo': connector('pd-demo', {
        health: 'degraded',
        streams: {
          ...connector().streams,
          incidents: stream('incidents', INCIDENTS, over),
          oncall: stream('oncall', connector().streams.oncall?.records ?? [], over),
        },
      }),
    },
  });

describe('Queue health panel', () => {
  test('shows counts, then one row per open incident with status glyph and word', () => {
    const f = show(fixtureState(), 'queue');
    expect(f).toContain('3 triggered');
    expect(f).toContain('2 acked');
    expect(f).toContain('1 unassigned');
    expect(f).toContain('oldest unacked 40m');
    expect(f).toContain('MTTA');
    const row = f.split('\n').find((l) => l.includes('#4211'));
    expect(row).toMatch(/▲ TRIG #4211 P1 +high +14m/);
    expect(f.split('\n').find((l) => l.includes('#4208'))).toContain('◐ ACK');
    expect(f).toContain('unassigned');
  });

  test('marks the selected row with a pointer', () => {
    const f = show(fixtureState(), 'queue', 1);
    expect(f.split('\n').find((l) => l.includes('#4212'))).toContain('▶');
    expect(f.split('\n').find((l) => l.includes('#4211'))).not.toContain('▶');
  });

  test('empty state with the configuration hint when no connector can feed it', () => {
    const f = show(fixtureState({ connectors: {} }), 'queue');
    expect(f).toContain('Not configured.');
    // Vendor ids stay out of the store and the UI (issue 9): the hint names the kind of connector.
    expect(f).toContain('Add an incidents connector');
  });

  test('says where it is loading from before the first answer', () => {
    const f = show(failing({ fetchedAt: null, status: 'loading', records: [] }), 'queue');
    expect(f).toContain('Loading from pd-demo…');
  });

  test('a failing source gets a warning line while the last good rows stay', () => {
    const f = show(
      failing({ status: 'error', error: 'timeout after 10s', fetchedAt: NOW - 120_000 }),
      'queue',
    );
    expect(f).toContain('⚠ pd-demo stale 2m: timeout after 10s');
    expect(f).toContain('#4211');
    // The title carries the same reading, not the age of some fresher source.
    expect(f.split('\n')[1]).toContain('◷ stale 2m');
    expect(f).not.toContain('updated');
  });

  test('windows a long queue to the rows that fit', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      ...INCIDENTS[0]!,
      id: `X${i}`,
      key: `#${10000 + i}`,
    }));
    const state = fixtureState({
      connectors: {
        'pd-demo': connector('pd-demo', {
          streams: { ...connector().streams, incidents: stream('incidents', many) },
        }),
      },
    });
    const f = show(state, 'queue', 4000);
    const rows = f.split('\n').filter((l) => /#1\d{4}/.test(l));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(18);
    const wanted = selectPanels(state, NOW).queue.rows[4000]!.incident.key;
    expect(rows.find((l) => l.includes('▶'))).toContain(wanted);
    expect(f.split('\n').length).toBeLessThanOrEqual(18);
  });
});

describe('On-call panel', () => {
  test('policies with nobody on call come first, in words', () => {
    const f = show(fixtureState(), 'oncall');
    const lines = f.split('\n');
    // The headline names each policy's first person ("Checkout EP: Ana Example"); rows do not.
    const nobody = lines.findIndex((l) => l.includes('NOBODY ON CALL: Data EP') && !l.includes('EP:'));
    const checkout = lines.findIndex((l) => l.includes('Checkout EP') && !l.includes('EP:'));
    expect(nobody).toBeGreaterThan(0);
    expect(nobody).toBeLessThan(checkout);
    expect(lines[nobody]).toContain('⚠');
  });

  test('the collapsed on-call line names who is called first per policy, after the uncovered ones', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    const line = r
      .frame()
      .split('\n')
      .find((l) => l.startsWith('  2 On-call'))!;
    expect(line).toMatch(/NOBODY ON CALL: Data EP · Checkout EP: Ana Example · Payments EP: Cy Ops/);
  });

  // User trial: a placeholder filter matched nothing and the panel said "✔ No escalation policies reported".
  test('a policy filter that matches nothing is said, never shown as an all-clear', () => {
    const settings = { ...DEFAULT_PANEL_SETTINGS, oncall: { policies: ['Nope EP'] } };
    const f = show(fixtureState({ settings }), 'oncall');
    expect(f).toContain('⚠ panels.oncall.policies: Nope EP matches no escalation policy');
    expect(f).not.toContain('✔');
    const partly = show(
      fixtureState({ settings: { ...settings, oncall: { policies: ['Nope EP', 'Data EP'] } } }),
      'oncall',
    );
    expect(partly).toContain('Nope EP matches no escalation policy');
    expect(partly).toContain('NOBODY ON CALL: Data EP');
  });

  test('levels list people with shift end, or permanent', () => {
    const f = show(fixtureState(), 'oncall');
    expect(f).toContain('L1  Ana Example until 06:17 (3h05m)');
    expect(f).toContain('L3  Dee Manager permanent');
  });

  test('stale source: warning line, shifts still shown', () => {
    const f = show(failing({ fetchedAt: NOW - 5 * 60_000 }), 'oncall');
    expect(f).toContain('⚠ pd-demo oncall stale 5m: waiting for the next poll');
    expect(f.split('\n')[1]).toContain('◷ partial: pd-demo stale 5m');
    expect(f).toContain('Ana Example');
  });

  test('empty state with hint', () => {
    expect(show(fixtureState({ connectors: {} }), 'oncall')).toContain('to see who is on call');
  });
});

describe('SLA risk panel', () => {
  test('breached items first with countdown words and an elapsed bar', () => {
    const f = show(fixtureState(), 'sla');
    const rows = f.split('\n').filter((l) => /#\d{4} +(ack|resolve)/.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/✖ breached \d+m ago/);
    const last = rows[rows.length - 1]!;
    expect(last).toMatch(/left/);
    expect(f).toMatch(/█+░* ?\d+%/);
    expect(f).toContain('3 breached');
  });

  test('empty state with hint', () => {
    expect(show(fixtureState({ connectors: {} }), 'sla')).toContain('Add a connector with task SLAs');
  });
});

describe('Endpoint compliance panel', () => {
  test('shows the endpoint-connector hint until an endpoint source exists', () => {
    const f = show(fixtureState(), 'compliance');
    expect(f).toContain('Endpoint compliance');
    expect(f).toContain('needs an endpoint connector');
  });
});
