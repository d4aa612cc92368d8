import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adviceFor,
  type Coverage,
  connectorFreshness,
  coverageOf,
  panelStateOf,
} from '../../../src/store/freshness.js';
import { selectPanels } from '../../../src/store/selectors.js';
import { initialState } from '../../../src/store/state.js';
import type { ConnectorState, StreamName, StreamState } from '../../../src/store/types.js';
import { incident, T0 } from '../domain/records.js';

function s(name: StreamName, over: Partial<StreamState> = {}): StreamState {
  return {
    name,
    records: [],
    fetchedAt: T0,
    status: 'ok',
    intervalMs: 10_000,
    nextPollAt: null,
    failures: 0,
    ...over,
  };
}

function conn(instance: string, streams: StreamState[], over: Partial<ConnectorState> = {}): ConnectorState {
  return {
    instance,
    pluginId: 'pagerduty',
    displayName: instance,
    capabilities: ['incidents.read', 'oncall.read', 'policies.read'],
    actions: [],
    traits: [],
    health: 'ok',
    streams: Object.fromEntries(streams.map((x) => [x.name, x])),
    ...over,
  };
}

describe('coverageOf', () => {
  it('tells loading, missing (failed before any data), fresh and stale apart', () => {
    expect(coverageOf(s('incidents', { fetchedAt: null, status: 'loading' }), T0)).toBe('loading');
    expect(coverageOf(s('incidents', { fetchedAt: null, status: 'error', error: 'x' }), T0)).toBe('missing');
    // A retry of a stream that never answered is still "missing", not "loading": the error stands.
    expect(coverageOf(s('incidents', { fetchedAt: null, status: 'loading', error: 'x' }), T0)).toBe(
      'missing',
    );
    expect(coverageOf(s('incidents'), T0 + 20_000)).toBe('fresh');
    expect(coverageOf(s('incidents'), T0 + 20_001)).toBe('stale');
  });
});

describe('connectorFreshness: one reading per connector', () => {
  it('is the age of the oldest stale stream, whatever the other streams say', () => {
    const c = conn('pd', [
      s('incidents', { fetchedAt: T0 - 35_000, intervalMs: 3_000 }),
      s('oncall', { fetchedAt: T0 - 41_000, intervalMs: 10_000 }),
      // Older than both, but within its own interval: not stale, so not the reading.
      s('policies', { fetchedAt: T0 - 90_000, intervalMs: 60_000 }),
    ]);
    expect(connectorFreshness(c, T0)).toEqual({ staleMs: 41_000, paused: [], noData: false });
  });

  it('is null with nothing stale; lists paused streams with their code; says when nothing ever came', () => {
    const c = conn('pd', [
      s('incidents', { fetchedAt: null, status: 'paused', error: '401', errorCode: 'AUTH' }),
      s('oncall', { fetchedAt: null, status: 'error', error: '401' }),
    ]);
    expect(connectorFreshness(c, T0)).toEqual({
      staleMs: null,
      paused: [{ stream: 'incidents', code: 'AUTH' }],
      noData: true,
    });
  });

  it('never reports a reading smaller than any stale stream of the connector (property)', () => {
    const stream = fc.record({
      age: fc.integer({ min: 0, max: 10_000_000 }),
      interval: fc.integer({ min: 250, max: 600_000 }),
    });
    fc.assert(
      fc.property(fc.array(stream, { minLength: 1, maxLength: 5 }), (list) => {
        const names: StreamName[] = ['incidents', 'oncall', 'policies', 'services', 'slas'];
        const c = conn(
          'pd',
          list.map((x, i) => s(names[i]!, { fetchedAt: T0 - x.age, intervalMs: x.interval })),
        );
        const { staleMs } = connectorFreshness(c, T0);
        const stale = list.filter((x) => x.age > 2 * x.interval).map((x) => x.age);
        if (stale.length === 0) return staleMs === null;
        return staleMs === Math.max(...stale);
      }),
    );
  });
});

describe('panelStateOf', () => {
  const cases: [Coverage[], string][] = [
    [[], 'unconfigured'],
    [['fresh'], 'fresh'],
    [['fresh', 'fresh'], 'fresh'],
    [['fresh', 'stale'], 'partial'],
    [['fresh', 'missing'], 'partial'],
    [['fresh', 'loading'], 'partial'],
    [['stale'], 'stale'],
    [['stale', 'missing'], 'stale'],
    [['loading'], 'loading'],
    [['loading', 'missing'], 'loading'],
    [['missing'], 'no-data'],
    [['missing', 'missing'], 'no-data'],
  ];
  it.each(cases)('%j → %s', (coverages, state) => {
    expect(panelStateOf(coverages)).toBe(state);
  });

  it('is "fresh" (the only all-clear) exactly when every source is fresh (property)', () => {
    const coverage = fc.constantFrom<Coverage>('loading', 'missing', 'fresh', 'stale');
    fc.assert(
      fc.property(fc.array(coverage, { minLength: 1, maxLength: 6 }), (list) => {
        return (panelStateOf(list) === 'fresh') === list.every((c) => c === 'fresh');
      }),
    );
  });
});

describe('selectPanels carries the state to every panel', () => {
  it('every source down: no panel is all clear, each says no-data; the reason rides along', () => {
    const down = {
      fetchedAt: null,
      status: 'backoff' as const,
      failures: 2,
      error: 'ECONNREFUSED',
      errorCode: 'UNAVAILABLE',
    };
    const state = initialState({
      connectors: { pd: conn('pd', [s('incidents', down), s('oncall', down), s('policies', down)]) },
    });
    const panels = selectPanels(state, T0);
    for (const p of [panels.queue, panels.oncall, panels.sla]) {
      expect(p).toMatchObject({ state: 'no-data', allClear: false });
      expect(p.sources.every((x) => x.coverage === 'missing' && x.error === 'ECONNREFUSED')).toBe(true);
    }
    // Zero counts are still computed, but the state says they stand for nothing.
    expect(panels.queue.total).toBe(0);
  });

  it('a stale source carries its connector reading; a fresh one does not', () => {
    const state = initialState({
      connectors: {
        pd: conn('pd', [
          s('incidents', { fetchedAt: T0 - 35_000, intervalMs: 3_000, records: [incident('1')] }),
          s('oncall', { fetchedAt: T0 - 41_000, intervalMs: 10_000 }),
        ]),
        sn: conn('sn', [s('incidents', { fetchedAt: T0 - 1_000 })], { capabilities: ['incidents.read'] }),
      },
    });
    const { queue } = selectPanels(state, T0);
    expect(queue.state).toBe('partial');
    expect(queue.allClear).toBe(false);
    expect(queue.sources.map((x) => [x.instance, x.coverage, x.ageMs, x.staleMs])).toEqual([
      ['pd', 'stale', 35_000, 41_000],
      ['sn', 'fresh', 1_000, null],
    ]);
  });

  it('judges freshness by real time, not the vendor clock', () => {
    const state = initialState({ connectors: { pd: conn('pd', [s('incidents', { fetchedAt: T0 })]) } });
    expect(selectPanels(state, T0 + 3_600_000, T0 + 1_000).queue.state).toBe('fresh');
    expect(selectPanels(state, T0, T0 + 3_600_000).queue.state).toBe('stale');
  });
});

describe('adviceFor', () => {
  it('a pause says what to fix and names the retry key it is given', () => {
    const auth = adviceFor('AUTH', { retry: 'press r' });
    expect(auth.short).toBe('paused: fix credentials, press r');
    expect(auth.long).toContain('then press r to retry');
    expect(adviceFor('FORBIDDEN', { retry: 'press F5' }).long).toContain('press F5 to retry');
  });

  it('transient failures say polling retries by itself, and when', () => {
    expect(adviceFor('UNAVAILABLE', { retry: 'press r', nextPollInMs: 12_300 }).long).toBe(
      'Retrying by itself with backoff (next try in 13s); press r to retry now.',
    );
    expect(adviceFor('RATE_LIMITED', { retry: 'press r' }).long).toMatch(/does not skip the wait/);
  });

  it('a one-shot run (snapshot) never promises a retry that will not happen', () => {
    const once = adviceFor('UNAVAILABLE', { retry: 'run again', oneShot: true }).long;
    expect(once).not.toMatch(/by itself/);
    expect(once).toContain('run again');
    expect(adviceFor('AUTH', { retry: 'run again', oneShot: true }).long).toContain(
      'then run again to retry',
    );
  });
});
