/**
 * Issue 10: after a poll, panels re-sort starting from their last order (kept objects first, new
 * ones after), which makes the sort near linear. The result must be exactly a fresh sort's,
 * whatever changed: records removed, changed (new objects), added, or all of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resort } from '../../../../src/domain/memo.js';
import type { Incident } from '../../../../src/domain/model.js';
import { queueData } from '../../../../src/domain/panels/queue-health.js';
import { slaLiveView } from '../../../../src/domain/panels/sla-risk.js';
import { DEFAULT_PANEL_SETTINGS } from '../../../../src/domain/settings.js';
import { incident, MIN, T0 } from '../records.js';

const rec = fc.record({
  id: fc.integer({ min: 1, max: 40 }).map(String),
  status: fc.constantFrom('triggered', 'acknowledged', 'resolved'),
  priority: fc.option(fc.constantFrom('P1', 'P2', 'P5'), { nil: undefined }),
  urgency: fc.constantFrom('high', 'low'),
  opened: fc.integer({ min: -100, max: 5 }),
});
const make = (r: {
  id: string;
  status: string;
  priority?: string | undefined;
  urgency: string;
  opened: number;
}): Incident =>
  incident(r.id, {
    status: r.status as Incident['status'],
    urgency: r.urgency as Incident['urgency'],
    ...(r.priority ? { priority: r.priority as Incident['priority'] } : {}),
    openedAt: new Date(T0 + r.opened * MIN).toISOString(),
  });

/** A second poll: some records kept (same objects), some dropped, some replaced, some new. */
const twoPolls = fc
  .tuple(
    fc.array(rec, { maxLength: 30 }),
    fc.array(fc.constantFrom('keep', 'drop', 'change'), { maxLength: 30 }),
    fc.array(rec, { maxLength: 10 }),
  )
  .map(([first, fate, added]) => {
    const a = first.map(make);
    const b: Incident[] = [];
    a.forEach((i, n) => {
      const f = fate[n] ?? 'keep';
      if (f === 'keep') b.push(i);
      else if (f === 'change')
        b.push({ ...i, status: i.status === 'triggered' ? 'acknowledged' : 'triggered' });
    });
    b.push(...added.map(make));
    // The vendor's order moves too: every other case reverses it.
    return { a, b: first.length % 2 ? b.reverse() : b };
  });

describe('re-sorting from the last order', () => {
  it('resort equals a fresh sort for any previous order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 })),
        fc.array(fc.integer({ min: 0, max: 20 })),
        (xs, ys) => {
          const objs = xs.map((v, i) => ({ v, i }));
          const prev = [...objs].reverse().concat(ys.map((v, i) => ({ v, i: 100 + i })));
          const cmp = (p: { v: number; i: number }, q: { v: number; i: number }) => p.v - q.v || p.i - q.i;
          expect(resort(objs, prev, cmp)).toEqual([...objs].sort(cmp));
        },
      ),
    );
  });

  it('the queue after a second poll is ordered exactly as a fresh derivation', () => {
    fc.assert(
      fc.property(twoPolls, ({ a, b }) => {
        queueData(a);
        const incremental = queueData(b).rows.map((r) => r.key);
        // A copy of every record: no entry, no last order shared with what came before.
        const fresh = queueData(b.map((i) => ({ ...i }))).rows.map((r) => r.key);
        expect(incremental).toEqual(fresh);
      }),
    );
  });

  it('the SLA panel after a second poll is ordered exactly as a fresh derivation', () => {
    fc.assert(
      fc.property(twoPolls, fc.integer({ min: -100, max: 100 }), ({ a, b }, m) => {
        const now = T0 + m * MIN;
        slaLiveView(a, now, DEFAULT_PANEL_SETTINGS.sla);
        const incremental = slaLiveView(b, now, DEFAULT_PANEL_SETTINGS.sla);
        const fresh = slaLiveView(
          b.map((i) => ({ ...i })),
          now,
          DEFAULT_PANEL_SETTINGS.sla,
        );
        expect(incremental.items.map((i) => i.key)).toEqual(fresh.items.map((i) => i.key));
        expect([incremental.breached, incremental.atRisk]).toEqual([fresh.breached, fresh.atRisk]);
      }),
    );
  });
});
