import { describe, expect, it } from 'vitest';
import { deriveQueueHealth } from '../../../../src/domain/panels/queue-health.js';
import { at, incident, MIN, T0 } from '../records.js';

const keys = (rows: { key: string }[]) => rows.map((r) => r.key);

describe('deriveQueueHealth ordering', () => {
  it('puts triggered before acknowledged, even when the acknowledged one is a higher priority', () => {
    const view = deriveQueueHealth(
      [
        incident('ack-p1', { status: 'acknowledged', priority: 'P1', acknowledgedAt: at(-5) }),
        incident('trig-p5', { priority: 'P5' }),
      ],
      T0,
    );
    expect(keys(view.rows)).toEqual(['pd:trig-p5', 'pd:ack-p1']);
  });

  // User trial: a high-urgency page without a priority sorted under every P5 low-urgency row.
  it('without a priority, urgency decides: high between P2 and P3, low after P5; high first on ties', () => {
    const view = deriveQueueHealth(
      [
        incident('none-low', { urgency: 'low' }),
        incident('p5', { priority: 'P5', urgency: 'low' }),
        incident('none-high', { urgency: 'high' }),
        incident('p3', { priority: 'P3', urgency: 'low' }),
        incident('p2', { priority: 'P2', urgency: 'low' }),
        incident('p3-high', { priority: 'P3', urgency: 'high', openedAt: at(-1) }),
      ],
      T0,
    );
    expect(keys(view.rows)).toEqual(['pd:p2', 'pd:none-high', 'pd:p3-high', 'pd:p3', 'pd:p5', 'pd:none-low']);
  });

  it('orders by priority P1..P5 then "none" within one status', () => {
    const view = deriveQueueHealth(
      [
        incident('none'),
        incident('p4', { priority: 'P4' }),
        incident('p1', { priority: 'P1' }),
        incident('p5', { priority: 'P5' }),
        incident('p2', { priority: 'P2' }),
        incident('p3', { priority: 'P3' }),
      ],
      T0,
    );
    expect(keys(view.rows)).toEqual(['pd:p1', 'pd:p2', 'pd:p3', 'pd:p4', 'pd:p5', 'pd:none']);
  });

  it('puts the oldest first within one status and priority', () => {
    const view = deriveQueueHealth(
      [
        incident('new', { priority: 'P2', openedAt: at(-1) }),
        incident('old', { priority: 'P2', openedAt: at(-90) }),
        incident('mid', { priority: 'P2', openedAt: at(-30) }),
      ],
      T0,
    );
    expect(keys(view.rows)).toEqual(['pd:old', 'pd:mid', 'pd:new']);
    expect(view.rows.map((r) => r.ageMs)).toEqual([90 * MIN, 30 * MIN, 1 * MIN]);
  });

  it('breaks full ties by key so the order is stable across polls', () => {
    const a = incident('a', { source: 'pd-b' });
    const b = incident('a', { source: 'pd-a' });
    expect(keys(deriveQueueHealth([a, b], T0).rows)).toEqual(['pd-a:a', 'pd-b:a']);
  });

  it('leaves resolved incidents out of rows and counts', () => {
    const view = deriveQueueHealth([incident('open'), incident('done', { status: 'resolved' })], T0);
    expect(keys(view.rows)).toEqual(['pd:open']);
    expect(view.total).toBe(1);
  });

  it('never reports a negative age for an incident opened "in the future" (clock skew)', () => {
    const view = deriveQueueHealth([incident('skew', { openedAt: at(3) })], T0);
    expect(view.rows[0]!.ageMs).toBe(0);
  });
});

describe('deriveQueueHealth counts', () => {
  const list = [
    incident('1', { priority: 'P1', urgency: 'high', assignees: [], service: 'api' }),
    incident('2', { priority: 'P1', status: 'acknowledged', acknowledgedAt: at(-8), service: 'api' }),
    incident('3', { urgency: 'low', assignees: [], service: 'db' }),
    incident('4', { priority: 'P3', urgency: 'high', status: 'acknowledged', acknowledgedAt: at(-2) }),
    incident('5', { status: 'resolved', urgency: 'high', assignees: [] }),
  ];
  const view = deriveQueueHealth(list, T0);

  it('counts open, triggered, acknowledged, unassigned and high-urgency work', () => {
    expect(view).toMatchObject({ total: 4, triggered: 2, acknowledged: 2, unassigned: 2, highUrgency: 2 });
  });

  it('buckets by priority with empty buckets left out, in priority order', () => {
    expect(view.byPriority).toEqual([
      { priority: 'P1', triggered: 1, acknowledged: 1 },
      { priority: 'P3', triggered: 0, acknowledged: 1 },
      { priority: 'none', triggered: 1, acknowledged: 0 },
    ]);
  });

  it('computes MTTA over acknowledged incidents only, rounded', () => {
    // #2: opened -10, acked -8 → 2 min; #4: opened -10, acked -2 → 8 min; mean 5 min.
    expect(view.mttaMs).toBe(5 * MIN);
  });

  it('has a null MTTA when nothing open has been acknowledged', () => {
    expect(deriveQueueHealth([incident('x')], T0).mttaMs).toBeNull();
  });

  it('marks only triggered rows with an unacked time', () => {
    const byKey = new Map(view.rows.map((r) => [r.key, r]));
    expect(byKey.get('pd:1')!.unackedMs).toBe(10 * MIN);
    expect(byKey.get('pd:2')!.unackedMs).toBeUndefined();
  });
});

describe('deriveQueueHealth oldest unacked', () => {
  it('picks the longest-waiting triggered incident regardless of priority', () => {
    const view = deriveQueueHealth(
      [
        incident('p1-new', { priority: 'P1', openedAt: at(-5) }),
        incident('p5-old', { priority: 'P5', openedAt: at(-50) }),
        incident('acked-older', { status: 'acknowledged', openedAt: at(-500), acknowledgedAt: at(-499) }),
      ],
      T0,
    );
    expect(view.oldestUnacked?.key).toBe('pd:p5-old');
    expect(view.oldestUnacked?.unackedMs).toBe(50 * MIN);
  });

  it('is null when everything is acknowledged or the queue is empty', () => {
    expect(
      deriveQueueHealth([incident('a', { status: 'acknowledged', acknowledgedAt: at(-1) })], T0)
        .oldestUnacked,
    ).toBeNull();
    const empty = deriveQueueHealth([], T0);
    expect(empty).toMatchObject({ total: 0, oldestUnacked: null, mttaMs: null, byPriority: [], rows: [] });
  });
});

describe('deriveQueueHealth byService', () => {
  it('lists the five busiest services, ties by name, ignoring incidents without a service', () => {
    const counts: Record<string, number> = { api: 4, db: 2, cache: 2, auth: 3, web: 1, queue: 1, mail: 5 };
    const list = Object.entries(counts).flatMap(([service, n]) =>
      Array.from({ length: n }, (_, i) => incident(`${service}-${i}`, { service })),
    );
    list.push(incident('no-service'));
    expect(deriveQueueHealth(list, T0).byService).toEqual([
      { name: 'mail', count: 5 },
      { name: 'api', count: 4 },
      { name: 'auth', count: 3 },
      { name: 'cache', count: 2 },
      { name: 'db', count: 2 },
    ]);
  });

  it('does not count resolved incidents toward a service', () => {
    const view = deriveQueueHealth(
      [incident('a', { service: 'api' }), incident('b', { service: 'api', status: 'resolved' })],
      T0,
    );
    expect(view.byService).toEqual([{ name: 'api', count: 1 }]);
  });
});
