/**
 * The SLA risk panel with many breached rows and a few at risk, at 80×24 in the whole cockpit:
 * the at-risk rows (the ones that can still be saved) stay on the first screen beside the
 * breached ones, in one order by time to breach, each with the reason for its place.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Incident, Slo } from '../../src/domain/model.js';
import { breachedPartRows } from '../../src/ui/panels/SlaPanel.js';
import { connector, createTestStore, INCIDENTS, NOW, stream } from '../helpers/fixture-store.js';
import { cleanup, renderApp } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** `n` triggered high-urgency incidents opened hours ago: every ack target long breached. */
function breachedIncidents(n: number): Incident[] {
  const base = INCIDENTS[0]!;
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    id: `PBREACH${i}`,
    key: `#${7000 + i}`,
    title: `breached ${i}`,
    status: 'triggered' as const,
    urgency: 'high' as const,
    openedAt: new Date(NOW - (3 * 60 + i) * MIN).toISOString(),
  }));
}

function slo(id: string, over: Partial<Slo>): Slo {
  return {
    kind: 'slo',
    source: 'dd-demo',
    id,
    name: `${id} availability`,
    type: 'metric',
    timeframe: '30d',
    windowMs: 30 * DAY,
    target: 99.9,
    tags: [],
    monitorIds: [],
    readAt: new Date(NOW - MIN).toISOString(),
    ...over,
  };
}

const SLOS: Slo[] = [
  // Spent: breached, shown as "budget spent" (not "breached 1m ago").
  slo('payments-db', { budgetRemaining: -8, burnRate: 1.2, service: 'payments-db' }),
  // 20 % left at 10×: gone in 14.4 h, under a quarter of the 3 days the budget lasts → at risk.
  slo('checkout-api', { budgetRemaining: 20, burnRate: 10, service: 'checkout-api' }),
  // 60 % left at 2×: gone in 9 days: listed, not at risk.
  slo('search-api', { budgetRemaining: 60, burnRate: 2, service: 'search-api' }),
  // Healthy: 90 % left at 0.3×: never listed.
  slo('auth-service', { budgetRemaining: 90, burnRate: 0.3, service: 'auth-service' }),
];

function state(breached: number) {
  return {
    connectors: {
      'pd-demo': connector('pd-demo', {
        streams: { incidents: stream('incidents', breachedIncidents(breached)) },
      }),
      'dd-demo': connector('dd-demo', {
        pluginId: 'datadog',
        displayName: 'Datadog',
        capabilities: ['incidents.read', 'slos.read'],
        actions: [],
        streams: { incidents: stream('incidents', []), slos: stream('slos', SLOS) },
      }),
    },
  };
}

describe('SLA risk at 80×24 with many breached', () => {
  test('breached and at-risk rows share the first screen, each part with its count', async () => {
    const r = renderApp(createTestStore(state(30)).store, { cols: 80, rows: 24 });
    r.stdin.write('4');
    await vi.waitFor(() => expect(r.frame()).toContain('▶ 4 SLA risk'));
    const f = r.frame();
    // 30 ack targets + the spent SLO are breached.
    expect(f).toContain('Breached (31)');
    expect(f).toMatch(/✖ breached 3h\d+m ago/);
    // The SLO burning at 10× is on this screen, with why it sits there: budget and burn.
    expect(f).toContain('Not breached yet (2), 1 at risk, soonest first');
    const risky = f.split('\n').find((l) => l.includes('10.0× burn'));
    expect(risky).toBeDefined();
    // Its place: the budget runs out in 14.4 h; 80 % of it is used; it burns at 10×.
    expect(risky).toMatch(/SLO +budget +▲ 14h2\dm left +█+░* 80% +10\.0× burn · checkout-api/);
    // The one burning slowly follows, not at risk.
    expect(f).toMatch(/SLO +budget +● 8d\d+h left +█+░* 40% +2\.0× burn · search-api/);
    // The healthy objective is not listed at all.
    expect(f).not.toContain('auth-service availability');
    // The rows of the breached part that do not fit are counted, not lost.
    expect(f).toMatch(/more below/);
    if (process.env.SHOW_FRAME) console.log(f);
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  test('a spent budget reads "budget spent", never a made-up breach time', async () => {
    const r = renderApp(createTestStore(state(0)).store, { cols: 80, rows: 24 });
    r.stdin.write('4');
    await vi.waitFor(() => expect(r.frame()).toContain('▶ 4 SLA risk'));
    const spent = r
      .frame()
      .split('\n')
      .find((l) => l.includes('1.2× burn'));
    expect(spent).toMatch(/SLO +budget +✖ budget spent +█+ 108% +1\.2× burn · payments-db/);
  });

  test('moving down from the last breached row lands on the first at-risk row', async () => {
    const r = renderApp(createTestStore(state(3)).store, { cols: 80, rows: 24 });
    r.stdin.write('4');
    await vi.waitFor(() => expect(r.frame()).toContain('▶ 4 SLA risk'));
    // Breached: 3 ack targets and the spent SLO; the fifth row is the first of the other part.
    for (let i = 0; i < 4; i++) r.stdin.write('j');
    await vi.waitFor(() => {
      const selected = r
        .frame()
        .split('\n')
        .find((l) => /^\W*▶ +(SLO|#)/.test(l));
      expect(selected ?? '').toContain('10.0× burn');
    });
  });
});

describe('the split', () => {
  test('the other part keeps what it needs up to half the space; the breached part gets the rest', () => {
    expect(breachedPartRows(30, 2, 16)).toBe(11);
    expect(breachedPartRows(30, 40, 16)).toBe(7);
    expect(breachedPartRows(2, 40, 16)).toBe(3);
    expect(breachedPartRows(30, 40, 8)).toBe(3);
    for (let rows = 8; rows < 60; rows++) {
      for (const b of [1, 2, 5, 100]) {
        for (const rest of [1, 3, 100]) {
          const top = breachedPartRows(b, rest, rows);
          const bottom = rows - 2 - top;
          // The other part shows its heading and at least its first row (or all of it).
          expect(bottom).toBeGreaterThanOrEqual(Math.min(rest + 1, 3));
          expect(top).toBeGreaterThanOrEqual(Math.min(3, b + 1));
          expect(top).toBeLessThanOrEqual(b + 1);
        }
      }
    }
  });
});
