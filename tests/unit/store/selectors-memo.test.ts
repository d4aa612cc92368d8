/**
 * Issue 10: panel derivations are memoised on the records they read, not on the clock. A tick
 * or a poll that changed nothing re-derives nothing (same row arrays); a changed record
 * re-derives, and the rows of the records that did not change keep their objects.
 */
import { describe, expect, it } from 'vitest';
import type { DomainRecord, Incident, SlaClock } from '../../../src/domain/model.js';
import { queueData } from '../../../src/domain/panels/queue-health.js';
import { deriveQueuePanel, deriveSlaPanel, selectRecords } from '../../../src/store/selectors.js';
import { initialState } from '../../../src/store/state.js';
import type { AppState, StreamName } from '../../../src/store/types.js';
import { at, incident, MIN, T0 } from '../domain/records.js';

function stateWith(streams: Partial<Record<StreamName, readonly DomainRecord[]>>, fetchedAt = T0): AppState {
  const out: AppState['connectors'][string]['streams'] = {};
  for (const [name, records] of Object.entries(streams)) {
    out[name as StreamName] = {
      name: name as StreamName,
      records: records!,
      fetchedAt,
      status: 'ok',
      intervalMs: 10_000,
      nextPollAt: null,
      failures: 0,
    };
  }
  return initialState({
    connectors: {
      pd: {
        instance: 'pd',
        pluginId: 'fake',
        displayName: 'pd',
        capabilities: [],
        actions: [],
        traits: [],
        health: 'ok',
        streams: out,
      },
    },
  });
}

const incidents = [
  incident('1', { priority: 'P1', openedAt: at(-30) }),
  incident('2', { priority: 'P2', openedAt: at(-20) }),
  incident('3', { status: 'acknowledged', openedAt: at(-50), acknowledgedAt: at(-40) }),
];

describe('memoised panel derivations', () => {
  it('a clock tick re-derives nothing: the same rows, only the ages move', () => {
    const s = stateWith({ incidents });
    const a = deriveQueuePanel(s, { now: T0, real: T0 });
    const b = deriveQueuePanel(s, { now: T0 + 5 * MIN, real: T0 + 5 * MIN });
    expect(b.rows).toBe(a.rows);
    expect(b.oldestUnacked!.ageMs - a.oldestUnacked!.ageMs).toBe(5 * MIN);
  });

  it('a poll that changed nothing (new fetchedAt, same records array) re-derives nothing', () => {
    const s = stateWith({ incidents });
    const a = deriveQueuePanel(s, { now: T0, real: T0 });
    const polled = stateWith({ incidents: s.connectors.pd!.streams.incidents!.records }, T0 + 15_000);
    expect(polled).not.toBe(s);
    const b = deriveQueuePanel(polled, { now: T0, real: T0 + 15_000 });
    expect(b.rows).toBe(a.rows);
    expect(selectRecords(polled, 'incidents')).toBe(selectRecords(s, 'incidents'));
  });

  it('a changed record re-derives; the other rows keep their objects', () => {
    const a = deriveQueuePanel(stateWith({ incidents }), { now: T0, real: T0 });
    const changed = [incidents[0]!, { ...incidents[1]!, status: 'acknowledged' } as Incident, incidents[2]!];
    const b = deriveQueuePanel(stateWith({ incidents: changed }), { now: T0, real: T0 });
    expect(b.rows).not.toBe(a.rows);
    expect(b.triggered).toBe(1);
    const row = (v: typeof a, id: string) => v.rows.find((r) => r.incident.id === id);
    expect(row(b, '1')).toBe(row(a, '1'));
    expect(row(b, '3')).toBe(row(a, '3'));
    expect(row(b, '2')).not.toBe(row(a, '2'));
  });

  it('the queue order is computed once per incidents array', () => {
    expect(queueData(incidents)).toBe(queueData(incidents));
    expect(queueData([...incidents])).not.toBe(queueData(incidents));
  });

  it('SLA rows keep their array across ticks until a clock crosses its target', () => {
    const slas: SlaClock[] = [1, 2, 3].map((n) => ({
      kind: 'sla',
      source: 'pd',
      id: `s${n}`,
      taskId: `${n}`,
      taskKey: `INC${n}`,
      name: 'resolution',
      stage: 'in_progress',
      vendorStage: 'in_progress',
      breached: false,
      percentElapsed: 0,
      startedAt: at(-60),
      plannedEndAt: at(n * 10),
    }));
    const s = stateWith({ incidents, slas });
    const a = deriveSlaPanel(s, { now: T0, real: T0 });
    const b = deriveSlaPanel(s, { now: T0 + 5 * MIN, real: T0 });
    expect(b.items).toBe(a.items);
    expect(b.breached).toBe(0);
    const c = deriveSlaPanel(s, { now: T0 + 10 * MIN, real: T0 });
    expect(c.breached).toBe(1);
    expect(c.items.map((i) => i.key)).toEqual(a.items.map((i) => i.key));
  });
});
