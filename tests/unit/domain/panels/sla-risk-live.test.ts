/**
 * The SLA panel's per-instant work is binary searches over orders fixed at data time. These
 * properties hold it to brute force: every entry evaluated at `now` on its own, sorted by the
 * panel's rule (breached first, running before paused, least time left, key).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident, SlaClock } from '../../../../src/domain/model.js';
import { countAtMost, nextUp, slaAt, slaLiveView } from '../../../../src/domain/panels/sla-risk.js';
import type { PanelSettings } from '../../../../src/domain/settings.js';
import { incident, MIN, T0 } from '../records.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const time = fc.option(
  fc.integer({ min: -300, max: 300 }).map((m) => T0 + m * MIN),
  { nil: undefined },
);

const anIncident = fc
  .record({
    id: fc.integer({ min: 1, max: 30 }).map(String),
    source: fc.constantFrom('pd', 'sn'),
    status: fc.constantFrom('triggered', 'acknowledged', 'resolved'),
    urgency: fc.constantFrom('high', 'low'),
    priority: fc.option(fc.constantFrom('P1', 'P2', 'P3'), { nil: undefined }),
    opened: time,
  })
  .map(
    (r): Incident =>
      incident(r.id, {
        source: r.source,
        status: r.status as Incident['status'],
        urgency: r.urgency as Incident['urgency'],
        ...(r.priority ? { priority: r.priority as Incident['priority'] } : {}),
        openedAt: iso(r.opened) ?? 'not a time',
      }),
  );

const aClock = fc
  .record({
    id: fc.integer({ min: 1, max: 40 }).map(String),
    taskId: fc.integer({ min: 1, max: 30 }).map(String),
    stage: fc.constantFrom('in_progress', 'in_progress', 'paused', 'breached', 'achieved'),
    breached: fc.boolean(),
    percent: fc.integer({ min: 0, max: 150 }),
    start: time,
    end: time,
    pausedAt: time,
    pausedMs: fc.option(
      fc.integer({ min: 0, max: 60 }).map((m) => m * MIN),
      { nil: undefined },
    ),
    schedule: fc.option(fc.constant('8-5 weekdays'), { nil: undefined }),
  })
  .map((r): SlaClock => {
    const c: SlaClock = {
      kind: 'sla',
      source: 'sn',
      id: r.id,
      taskId: r.taskId,
      taskKey: `INC${r.taskId}`,
      name: 'P1 resolution',
      stage: r.stage as SlaClock['stage'],
      vendorStage: r.stage,
      breached: r.breached,
      percentElapsed: r.percent,
    };
    if (r.start !== undefined) c.startedAt = iso(r.start)!;
    if (r.end !== undefined) c.plannedEndAt = iso(r.end)!;
    if (r.pausedAt !== undefined) c.pausedAt = iso(r.pausedAt)!;
    if (r.pausedMs !== undefined) c.pausedMs = r.pausedMs;
    if (r.schedule) c.schedule = r.schedule;
    return c;
  });

const settings = fc.record({
  share: fc.constantFrom(0, 0.1, 0.2, 0.25, 1 / 3, 0.5, 1),
  ack: fc.integer({ min: 0, max: 120 }),
  resolve: fc.integer({ min: 0, max: 600 }),
});

/** Instants on and around the interesting times: whole minutes, a millisecond either side. */
const instant = fc
  .tuple(fc.integer({ min: -400, max: 400 }), fc.constantFrom(-1, 0, 1, 7_919))
  .map(([m, d]) => T0 + m * MIN + d);

const brute = (items: ReturnType<typeof slaAt>[]) =>
  [...items].sort(
    (a, b) =>
      Number(b.breached) - Number(a.breached) ||
      Number(a.paused) - Number(b.paused) ||
      (a.remainingMs === b.remainingMs ? 0 : a.remainingMs - b.remainingMs) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );

describe('SLA panel at an instant: binary search against brute force', () => {
  it('counts, order, paused count and next agree with evaluating every entry', () => {
    fc.assert(
      fc.property(
        fc.array(anIncident, { maxLength: 25 }),
        fc.array(aClock, { maxLength: 30 }),
        settings,
        fc.array(instant, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (incidents, slas, st, nows, snHasSlas) => {
          const sla: PanelSettings['sla'] = {
            byUrgency: {
              high: { ackMinutes: st.ack, resolveMinutes: st.resolve },
              low: { ackMinutes: st.ack * 2, resolveMinutes: st.resolve * 2 },
            },
            byPriority: { P1: { ackMinutes: st.ack / 2, resolveMinutes: st.resolve / 2 } },
            atRiskShare: st.share,
          };
          const sources = new Set(snHasSlas ? ['sn'] : []);
          // Several instants over the same data: the cached segments must answer each correctly.
          for (const now of nows) {
            const view = slaLiveView(incidents, now, sla, slas, sources);
            const all = view.entries!.map((e) => slaAt(e, now));
            const expected = brute(all);
            expect(view.items.map((e) => e.key)).toEqual(expected.map((e) => e.key));
            expect(view.breached).toBe(all.filter((i) => i.breached).length);
            expect(view.atRisk).toBe(all.filter((i) => i.atRisk).length);
            expect(view.paused).toBe(all.filter((i) => i.paused && !i.breached).length);
            expect(view.next?.key).toBe(expected.find((i) => !i.breached && !i.paused)?.key);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('at-risk is monotone in time until the breach, for every entry', () => {
    fc.assert(
      fc.property(fc.array(aClock, { maxLength: 20 }), instant, instant, (slas, t1, t2) => {
        const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const view = slaLiveView(
          [],
          early,
          { byUrgency: {} as never, byPriority: {}, atRiskShare: 0.25 },
          slas,
          new Set(['sn']),
        );
        for (const e of view.entries!) {
          const a = slaAt(e, early);
          const b = slaAt(e, late);
          if (a.atRisk) expect(b.atRisk || b.breached).toBe(true);
        }
      }),
    );
  });

  it('countAtMost is the number of values ≤ x', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (xs, x) => {
        const sorted = Float64Array.from(xs).sort();
        expect(countAtMost(sorted, x)).toBe(xs.filter((v) => v <= x).length);
      }),
    );
  });

  it('nextUp is the next double: nothing lies between', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const up = nextUp(x);
        expect(up).toBeGreaterThan(x);
        const mid = x + (up - x) / 2;
        expect(mid === x || mid === up).toBe(true);
      }),
    );
  });
});
