import { describe, expect, it } from 'vitest';
import type { Monitor } from '../../../../src/domain/model.js';
import { monitorCounts } from '../../../../src/domain/panels/monitor-counts.js';

function monitor(id: string, over: Partial<Monitor> = {}): Monitor {
  return {
    kind: 'monitor',
    source: 'dd',
    id,
    monitorId: id,
    name: `m${id}`,
    state: 'alert',
    vendorState: 'Alert',
    type: 'metric alert',
    hosts: [],
    tags: [],
    groups: [],
    muted: false,
    mutes: [],
    ...over,
  };
}

describe('alerting monitor counts for the queue', () => {
  it('counts alerting monitors by priority, highest first, and warn / no data / muted apart', () => {
    const counts = monitorCounts([
      monitor('1', { priority: 'P2' }),
      monitor('2', { priority: 'P1' }),
      monitor('3', { priority: 'P2' }),
      monitor('4'),
      monitor('5', { state: 'warn', vendorState: 'Warn' }),
      monitor('6', { state: 'no_data', vendorState: 'No Data' }),
      monitor('7', { priority: 'P1', muted: true }),
      monitor('8', { state: 'ok', vendorState: 'OK', muted: true }),
      monitor('9', { state: 'unknown', vendorState: 'Sleeping' }),
    ]);
    expect(counts).toEqual({
      alert: 4,
      warn: 1,
      noData: 1,
      // A muted alert is known, not a fresh page; a muted OK monitor is not firing at all.
      muted: 1,
      byPriority: [
        { priority: 'P1', count: 1 },
        { priority: 'P2', count: 2 },
        { priority: 'none', count: 1 },
      ],
    });
  });

  it('a monitor with one group muted still counts as alerting', () => {
    const m = monitor('1', { mutes: [{ id: 'd1', group: 'host:a' }] });
    expect(monitorCounts([m]).alert).toBe(1);
  });

  it('nothing firing: zeros and no buckets', () => {
    expect(monitorCounts([])).toEqual({ alert: 0, warn: 0, noData: 0, muted: 0, byPriority: [] });
  });
});
