import { describe, expect, it } from 'vitest';
import { buildSnapshot, snapshotFailures } from '../../../src/cli/snapshot.js';
import { connector, fixtureState, NOW, stream } from '../../helpers/fixture-store.js';

describe('buildSnapshot freshness', () => {
  it('judges freshness by real time; vendor time only moves ages (the accelerated demo)', () => {
    const state = fixtureState();
    // The demo world is an hour ahead; the data was fetched 3 s ago on this machine.
    const snap = buildSnapshot(state, NOW + 3_600_000, '0.1.0', NOW);
    expect(snap.panels.queue).toMatchObject({ state: 'fresh', allClear: false });
    expect(snap.connectors[0]!.streams.incidents).toMatchObject({ coverage: 'fresh', ageMs: 3_000 });
    // Judged by the vendor clock instead, the same data would read as an hour stale.
    expect(buildSnapshot(state, NOW + 3_600_000, '0.1.0').panels.queue.state).toBe('stale');
  });

  it('a stale connector: state, reading and per-source coverage, additive to schema 1', () => {
    const base = connector();
    const state = fixtureState({
      connectors: {
        'pd-demo': {
          ...base,
          streams: {
            ...base.streams,
            incidents: stream('incidents', base.streams.incidents!.records, {
              fetchedAt: NOW - 150_000,
              status: 'backoff',
              failures: 3,
              error: 'PagerDuty GET /incidents failed (503).',
              errorCode: 'UNAVAILABLE',
            }),
          },
        },
      },
    });
    const snap = buildSnapshot(state, NOW, '0.1.0', NOW);
    expect(snap.schemaVersion).toBe(1);
    expect(snap.connectors[0]).toMatchObject({ staleMs: 150_000 });
    expect(snap.connectors[0]!.streams.incidents).toMatchObject({
      status: 'backoff',
      coverage: 'stale',
      stale: true,
      ageMs: 150_000,
      errorCode: 'UNAVAILABLE',
      advice: expect.stringMatching(/run again in a moment/),
    });
    expect(snap.panels.queue).toMatchObject({ state: 'stale', allClear: false });
    expect(snap.panels.queue.sources[0]).toMatchObject({ coverage: 'stale', staleMs: 150_000 });
    // Fresh, but a policy has nobody on call: not all clear.
    expect(snap.panels.oncall).toMatchObject({ state: 'fresh', allClear: false });
    // Old fields are all still there.
    expect(snap.connectors[0]!.streams.incidents).toHaveProperty('records', 5);
    expect(snap.panels.queue).toHaveProperty('loading', false);
    expect(snapshotFailures(state)).toEqual([
      "pd-demo incidents: PagerDuty GET /incidents failed (503). Probably temporary: run again in a moment; if it persists, check the vendor's status page and the network.",
    ]);
  });
});

describe('allClear means fresh and nothing to act on (user trial: true beside 42 open incidents)', () => {
  it('an empty, fresh queue is all clear; the same queue with open incidents or stale data is not', () => {
    const base = connector();
    const quiet = fixtureState({
      connectors: {
        'pd-demo': { ...base, streams: { ...base.streams, incidents: stream('incidents', []) } },
      },
    });
    expect(buildSnapshot(quiet, NOW, '0.1.0', NOW).panels.queue).toMatchObject({
      state: 'fresh',
      total: 0,
      allClear: true,
    });
    const busy = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW).panels.queue;
    expect(busy.total).toBeGreaterThan(0);
    expect(busy.allClear).toBe(false);
    const stale = fixtureState({
      connectors: {
        'pd-demo': {
          ...base,
          streams: { ...base.streams, incidents: stream('incidents', [], { fetchedAt: NOW - 600_000 }) },
        },
      },
    });
    expect(buildSnapshot(stale, NOW, '0.1.0', NOW).panels.queue.allClear).toBe(false);
  });
});
