/**
 * Issue 14: the wall (`itops-tui wall`) at the sizes a TV or a spare monitor has, the message
 * below its minimum, NO_COLOR, staleness and outages with the last good data kept, the page
 * rotation by key and by clock, and writes refused in the store.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Host } from '../../src/domain/model.js';
import type { AppState, ConnectorState } from '../../src/store/types.js';
import { displayWidth } from '../../src/ui/text/fit.js';
import { snConnector } from '../helpers/fixture-servicenow.js';
import {
  actionsFor,
  connector,
  createTestStore,
  fixtureState,
  NOW,
  stream,
} from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { type AppHarnessOptions, cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);
const LOADED = { timeout: 10_000 };
const TEST_MS = 30_000;

const iso = (ms: number) => new Date(ms).toISOString();
function host(id: string, over: Partial<Host> = {}): Host {
  return {
    kind: 'host',
    source: 'edr',
    id,
    hostname: `host-${id}`,
    platform: 'Windows',
    os: 'Windows 11',
    sensorVersion: '7.19.18811.0',
    lastSeen: iso(NOW - 60_000),
    containment: 'normal',
    vendorStatus: 'normal',
    reducedFunctionality: false,
    prevention: { id: 'p1', name: 'Workstations', applied: true },
    sensorUpdate: { id: 's1', name: 'Windows n-1', applied: true, targetVersion: '7.19.18811' },
    ztaScore: 80,
    tags: [],
    ...over,
  };
}
const FLEET: Host[] = [
  ...Array.from({ length: 18 }, (_, i) => host(`ok${i}`)),
  host('w1', { hostname: 'WS-FIN-042', sensorVersion: '7.16.1', ztaScore: 20 }),
  host('w2', { hostname: 'db-07', prevention: { id: 'p2', name: 'Linux', applied: false } }),
];
function edr(over: Partial<ConnectorState> = {}): ConnectorState {
  const capabilities = ['endpoints.read', 'endpoints.contain', 'endpoints.lift'] as const;
  return connector('edr', {
    pluginId: 'edr-fixture',
    displayName: 'EDR',
    capabilities: [...capabilities],
    actions: actionsFor([...capabilities]),
    streams: { hosts: stream('hosts', FLEET) },
    ...over,
  });
}
const everything = (over: Partial<AppState> = {}): AppState =>
  fixtureState({
    connectors: { 'pd-demo': connector(), 'sn-prod': snConnector(), edr: edr() },
    ...over,
  });

const WALL = { rotateMs: 20_000, staleAfterMs: null };

function wall(state: AppState, size: { cols: number; rows: number }, over: Partial<AppHarnessOptions> = {}) {
  const t = createTestStore(state);
  const r = renderApp(t.store, { ...size, layout: 'wall', wall: WALL, ...over });
  return { ...r, ...t };
}

/** Rows of the frame; the frame never has more than `rows` nor a line wider than `cols`. */
function fits(frame: string, cols: number, rows: number) {
  const lines = frame.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(cols);
  return lines;
}

/** A line of block cells: a figure drawn in large type. */
const BIG = /█{2,}/;

describe('the wall', () => {
  test.each([
    [120, 40],
    [200, 50],
    [240, 60],
  ])(
    'at %i×%i shows every configured panel with its figure in large type, and fits',
    async (cols, rows) => {
      const r = wall(everything(), { cols, rows });
      await vi.waitFor(() => expect(r.frame()).toContain('SLA risk'), LOADED);
      const f = r.frame();
      const lines = fits(f, cols, rows);
      for (const title of ['Queue health', 'On-call', 'Endpoint compliance', 'SLA risk'])
        expect(f).toContain(title);
      // Figures in block type beside their words, counted from the fixture, not typed in here.
      expect(f).toMatch(BIG);
      expect(f).toMatch(/open incidents/);
      expect(f).toMatch(/policies covered/);
      expect(f).toMatch(/compliant · 2 of 20 hosts failing/);
      // Every tile says when its data came.
      expect(f.match(/updated just now/g)?.length).toBe(4);
      // No cursor, no selection marker, no key footer: one dim hint line at the bottom.
      expect(f).not.toContain('▶');
      expect(lines.at(-1)).toMatch(/^Space pause · n next page · r refresh · q quit\s*$/);
      expect(f).not.toMatch(/Keys|Detail|Actions:/);
      // The header: clock and rotation.
      expect(lines[0]).toMatch(
        /^itops-tui wall 0\.1\.0 +Overview \(page 1\/\d\) +next page in 20s · 03:12:45$/,
      );
      // The wide titles of the issue are whole, never cut.
      expect(f).not.toMatch(/Endpoint compl…|SLA ri…/);
    },
    TEST_MS,
  );

  test(
    'gives no space to a panel nothing feeds',
    async () => {
      // PagerDuty only: no endpoint connector, so no compliance tile at all.
      const r = wall(fixtureState(), { cols: 200, rows: 50 });
      await vi.waitFor(() => expect(r.frame()).toContain('Queue health'), LOADED);
      const f = r.frame();
      expect(f).not.toContain('Endpoint compliance');
      expect(f).not.toMatch(/Add an endpoint|needs an endpoint connector/);
      // Three tiles share the whole width: the first row's two borders span the 200 columns.
      const row = f.split('\n')[1]!;
      expect(displayWidth(row)).toBe(200);
    },
    TEST_MS,
  );

  test(
    'gives the busier panel the wider half of its row',
    async () => {
      const r = wall(everything(), { cols: 200, rows: 50 });
      await vi.waitFor(() => expect(r.frame()).toContain('SLA risk'), LOADED);
      const lines = r.frame().split('\n');
      // Second row: compliance (2 of 20 failing) beside SLA risk (4 breached): SLA gets more.
      const titleRow = lines.find((l) => l.includes('Endpoint compliance'))!;
      const split = titleRow.indexOf('││');
      expect(split).toBeGreaterThan(0);
      expect(split + 1).toBeLessThan(100);
    },
    TEST_MS,
  );

  test(
    'below its minimum size it says so, and what size it needs',
    async () => {
      const r = wall(everything(), { cols: 70, rows: 18 });
      await vi.waitFor(() => expect(r.frame()).toContain('too small'), LOADED);
      expect(r.frame()).toContain('Terminal too small for the wall (70×18) — need at least 80×20');
      expect(r.frame()).toContain('press q to quit');
      r.resize(120, 40);
      await vi.waitFor(() => expect(r.frame()).toContain('Queue health'), LOADED);
    },
    TEST_MS,
  );

  test(
    'with NO_COLOR every state is still in words and glyphs, with no colour codes',
    async () => {
      const r = wall(outage(), { cols: 200, rows: 50 }, { noColor: true });
      await vi.waitFor(() => expect(r.frame()).toContain('OUTAGE pd-demo'), LOADED);
      const raw = r.lastFrame();
      expect(raw).not.toMatch(/\u001B\[(?:3\d|4\d|9\d|10\d)(?:;\d+)*m/);
      expect(r.frame()).toMatch(/◷ STALE 35s/);
      expect(r.frame()).toMatch(/✖ 4 breached/);
    },
    TEST_MS,
  );
});

/** PagerDuty failing for 35 s (3 s interval): its last good incidents are still in the store. */
function outage(): AppState {
  const pd = connector('pd-demo', { health: 'degraded' });
  return everything({
    connectors: {
      'pd-demo': {
        ...pd,
        streams: {
          ...pd.streams,
          incidents: stream('incidents', pd.streams.incidents!.records, {
            status: 'backoff',
            failures: 4,
            errorCode: 'UNAVAILABLE',
            fetchedAt: NOW - 35_000,
            intervalMs: 3_000,
            error: 'PagerDuty GET /incidents failed (503).',
          }),
        },
      },
      'sn-prod': snConnector(),
      edr: edr(),
    },
  });
}

describe('the wall in an outage', () => {
  test(
    'keeps the last good data, marks it stale, names the outage, and recovers without a restart',
    async () => {
      const r = wall(outage(), { cols: 200, rows: 50 });
      await vi.waitFor(() => expect(r.frame()).toContain('OUTAGE pd-demo'), LOADED);
      const f = r.frame();
      expect(f).toMatch(
        /⚠ OUTAGE pd-demo — incidents: PagerDuty GET \/incidents failed \(503\)\. · showing last good data, 35s old · retrying by itself/,
      );
      // The queue tile keeps the incidents it had, with the badge instead of "updated".
      const queueTitle = f.split('\n').find((l) => l.includes('Queue health'))!;
      expect(queueTitle).toMatch(/Queue health\s+◷ STALE 35s/);
      expect(f).toContain('#4211');
      // A tile fed only by fresh sources is not marked.
      expect(f.split('\n').find((l) => l.includes('Endpoint compliance'))).toMatch(/updated just now/);

      // The vendor answers again: the line and the badge go.
      r.container.set((s) => ({ ...s, connectors: { ...s.connectors, 'pd-demo': connector('pd-demo') } }));
      await vi.waitFor(() => expect(r.frame()).not.toContain('OUTAGE'), LOADED);
      expect(r.frame()).not.toContain('STALE');
      expect(r.frame()).toContain('#4211');
    },
    TEST_MS,
  );

  test(
    'a stricter wall threshold calls data stale sooner than the cockpit would',
    async () => {
      // Fixture data is 3 s old on 30 s intervals; 8 s later it is 11 s old: fresh by the
      // cockpit's rule (twice the interval), stale past a 10 s wall threshold.
      const later = { real: () => NOW + 8_000 };
      const lax = wall(fixtureState(), { cols: 200, rows: 50 }, later);
      await vi.waitFor(() => expect(lax.frame()).toMatch(/Queue health\s+updated 10s ago/), LOADED);
      expect(lax.frame()).not.toContain('STALE');
      lax.unmount();
      const strict = wall(
        fixtureState(),
        { cols: 200, rows: 50 },
        {
          ...later,
          wall: { rotateMs: 20_000, staleAfterMs: 10_000 },
        },
      );
      await vi.waitFor(() => expect(strict.frame()).toMatch(/Queue health\s+◷ STALE 11s/), LOADED);
    },
    TEST_MS,
  );
});

describe('the wall by key and by clock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => vi.useRealTimers());

  test(
    'turns the page when its time is up, n turns it now, space pauses and resumes',
    async () => {
      let real = NOW;
      const r = wall(everything(), { cols: 200, rows: 50 }, { real: () => real });
      await vi.waitFor(() => expect(r.frame()).toMatch(/Overview \(page 1\/5\) +next page in 20s/), LOADED);
      // Twenty real seconds later (the 1 Hz tick reads the clock), the next page: a panel of its own.
      real += 20_000;
      vi.advanceTimersByTime(1_000);
      await vi.waitFor(
        () => expect(r.frame().split('\n')[0]).toMatch(/wall 0\.1\.0 +\S.* \(page 2\/5\) +next page in 20s/),
        LOADED,
      );
      expect(r.frame().split('\n')[0]).not.toContain('Overview');
      r.stdin.write('n');
      await vi.waitFor(() => expect(r.frame().split('\n')[0]).toContain('(page 3/5)'), LOADED);
      real += 5_000;
      vi.advanceTimersByTime(1_000);
      await vi.waitFor(() => expect(r.frame().split('\n')[0]).toContain('next page in 15s'), LOADED);
      r.stdin.write(' ');
      await vi.waitFor(() => expect(r.frame().split('\n')[0]).toContain('PAUSED'), LOADED);
      // Paused: time passes, the page stays.
      real += 60_000;
      vi.advanceTimersByTime(1_000);
      await settle();
      expect(r.frame().split('\n')[0]).toContain('(page 3/5)');
      r.stdin.write('p');
      await vi.waitFor(() => expect(r.frame().split('\n')[0]).toContain('next page in 15s'), LOADED);
      r.stdin.write(KEY.right);
      await vi.waitFor(() => expect(r.frame().split('\n')[0]).toContain('(page 4/5)'), LOADED);
    },
    TEST_MS,
  );

  test(
    'write keys do nothing on the wall: no action reaches the store, no dialog opens',
    async () => {
      const r = wall(everything(), { cols: 200, rows: 50 });
      await vi.waitFor(() => expect(r.frame()).toContain('SLA risk'), LOADED);
      const before = r.frame();
      for (const key of ['a', 'e', 'R', 'm', 'C', KEY.enter, '1', KEY.down]) r.stdin.write(key);
      await settle();
      expect(r.calls).toEqual([]);
      expect(r.frame()).not.toMatch(/Acknowledge|Escalate|Cancel|Confirm/);
      expect(r.frame().split('\n')[0]).toBe(before.split('\n')[0]);
      expect(r.frames.join('')).not.toContain('\u0007'); // no bell on the wall
    },
    TEST_MS,
  );
});
