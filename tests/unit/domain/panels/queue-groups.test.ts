import { describe, expect, it } from 'vitest';
import { deriveQueueGroups, NO_GROUP } from '../../../../src/domain/panels/queue-groups.js';
import { at, incident, MIN, T0 } from '../records.js';

const sn = (id: string, over: Parameters<typeof incident>[1] = {}) =>
  incident(id, { source: 'sn', key: `INC${id}`, group: 'Service Desk', ...over });

describe('deriveQueueGroups per group', () => {
  it('counts open tickets by priority, on hold apart, and unassigned with the oldest age', () => {
    const view = deriveQueueGroups(
      [
        sn('1', { priority: 'P1', assignees: [], openedAt: at(-130) }),
        sn('2', { priority: 'P1' }),
        sn('3', { priority: 'P2', assignees: [], openedAt: at(-20) }),
        sn('4', { priority: 'P2', onHold: true, holdReason: 'Awaiting Caller' }),
        sn('5', { status: 'resolved', priority: 'P1' }),
      ],
      T0,
    );
    expect(view.groups).toHaveLength(1);
    const g = view.groups[0]!;
    expect(g.group).toBe('Service Desk');
    expect(g.open).toBe(4);
    expect(g.byPriority).toEqual([
      { priority: 'P1', count: 2 },
      { priority: 'P2', count: 1 },
    ]);
    expect(g.onHold).toBe(1);
    expect(g.unassigned).toBe(2);
    expect(g.oldestUnassignedMs).toBe(130 * MIN);
  });

  it('puts the group with most P1 first, then P2, then unassigned; tickets without a group share one line', () => {
    const view = deriveQueueGroups(
      [
        sn('a', { group: 'Network', priority: 'P2' }),
        sn('b', { group: 'Network', priority: 'P2' }),
        sn('c', { group: 'Database', priority: 'P1' }),
        sn('d', { group: 'Desk', priority: 'P2', assignees: [] }),
        sn('e', { group: 'Desk', priority: 'P2', assignees: [] }),
        sn('f', { group: undefined, priority: 'P4' }),
      ],
      T0,
    );
    expect(view.groups.map((g) => g.group)).toEqual(['Database', 'Desk', 'Network', NO_GROUP]);
    expect(view.groups[1]!.oldestUnassignedMs).toBe(10 * MIN);
    expect(view.groups[2]!.oldestUnassignedMs).toBeNull();
  });
});

describe('deriveQueueGroups totals', () => {
  it('counts on-hold tickets by reason, most common first', () => {
    const view = deriveQueueGroups(
      [
        sn('1', { onHold: true, holdReason: 'Awaiting Vendor' }),
        sn('2', { onHold: true, holdReason: 'Awaiting Caller' }),
        sn('3', { onHold: true, holdReason: 'Awaiting Caller' }),
        sn('4', { onHold: true }),
        // A resolved ticket that was on hold before no longer waits.
        sn('5', { onHold: true, holdReason: 'Awaiting Change', status: 'resolved' }),
      ],
      T0,
    );
    expect(view.holdReasons).toEqual([
      { reason: 'Awaiting Caller', count: 2 },
      { reason: 'Awaiting Vendor', count: 1 },
      { reason: 'no reason given', count: 1 },
    ]);
  });

  it('counts reopened open tickets', () => {
    const view = deriveQueueGroups(
      [sn('1', { reopenCount: 2 }), sn('2', { reopenCount: 0 }), sn('3'), sn('4', { reopenCount: 1 })],
      T0,
    );
    expect(view.reopened).toBe(2);
  });

  it('MTTR is the mean of resolvedAt − openedAt over resolved tickets, ignoring unusable times', () => {
    const view = deriveQueueGroups(
      [
        sn('1', { status: 'resolved', openedAt: at(-120), resolvedAt: at(-60) }),
        sn('2', { status: 'resolved', openedAt: at(-200), resolvedAt: at(-20) }),
        sn('3', { status: 'resolved', openedAt: at(-50) }),
        sn('4', { status: 'resolved', openedAt: at(-5), resolvedAt: at(-50) }),
        sn('5', { openedAt: at(-500) }),
      ],
      T0,
    );
    expect(view.mttrMs).toBe(120 * MIN);
    expect(view.resolvedCount).toBe(2);
  });

  it('is empty with no tickets', () => {
    expect(deriveQueueGroups([], T0)).toEqual({
      groups: [],
      holdReasons: [],
      reopened: 0,
      mttrMs: null,
      resolvedCount: 0,
    });
  });
});

describe('MTTR leaves cancelled tickets out (ServiceNow review)', () => {
  it('counts only tickets that were resolved, not cancelled', () => {
    const base = { kind: 'incident' as const, source: 'sn', assignees: [], title: 't', group: 'Desk' };
    const view = deriveQueueGroups(
      [
        {
          ...base,
          id: 'a',
          key: 'INC1',
          status: 'resolved',
          vendorStatus: 'Resolved',
          openedAt: '2026-11-23T00:00:00Z',
          resolvedAt: '2026-11-23T02:00:00Z',
        },
        {
          ...base,
          id: 'b',
          key: 'INC2',
          status: 'resolved',
          vendorStatus: 'Canceled',
          openedAt: '2026-11-23T00:00:00Z',
          resolvedAt: '2026-11-23T00:01:00Z',
        },
      ],
      Date.parse('2026-11-23T03:00:00Z'),
    );
    expect(view.mttrMs).toBe(2 * 3_600_000);
    expect(view.resolvedCount).toBe(1);
  });
});
