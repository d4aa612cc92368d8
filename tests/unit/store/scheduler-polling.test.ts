import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainRecord } from '../../../src/domain/model.js';
import {
  type CockpitStore,
  createCockpitStore,
  type SchedulerOptions,
} from '../../../src/store/scheduler.js';
import type { StreamName } from '../../../src/store/types.js';
import { incident, shift } from '../domain/records.js';
import { deferred, type FakePort, failure, fakePort } from './fake-port.js';

const INTERVAL = 1_000;
let store: CockpitStore | undefined;

function make(ports: FakePort[], over: Partial<SchedulerOptions> = {}): CockpitStore {
  const intervals = Object.fromEntries(
    ports.map((p) => [p.instance, { incidents: INTERVAL, oncall: 2 * INTERVAL }]),
  );
  store = createCockpitStore({
    ports,
    clock: { now: () => Date.now() },
    random: () => 0.5,
    intervals,
    ...over,
  });
  return store;
}

const streamOf = (s: CockpitStore, instance: string, stream: StreamName = 'incidents') =>
  s.getState().connectors[instance]!.streams[stream]!;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(async () => {
  await store?.stop();
  store = undefined;
  vi.useRealTimers();
});

describe('createCockpitStore polling', () => {
  it('starts every stream as loading, with the connector starting', () => {
    const s = make([fakePort('pd')]);
    expect(streamOf(s, 'pd')).toMatchObject({
      status: 'loading',
      fetchedAt: null,
      records: [],
      intervalMs: INTERVAL,
    });
    expect(s.getState().connectors.pd!.health).toBe('starting');
  });

  it('fills every stream on first load and reports the connector healthy', async () => {
    const records: Record<string, DomainRecord[]> = { incidents: [incident('1')], oncall: [shift('u1')] };
    const port = fakePort('pd', {
      capabilities: ['incidents.read', 'oncall.read'],
      streams: ['incidents', 'oncall'],
      fetch: async (stream) => records[stream]!,
    });
    const s = make([port]);
    await s.firstLoad();
    expect(streamOf(s, 'pd')).toMatchObject({
      status: 'ok',
      fetchedAt: 1_000_000,
      records: records.incidents,
      failures: 0,
    });
    expect(streamOf(s, 'pd', 'oncall').records).toEqual(records.oncall);
    expect(streamOf(s, 'pd').nextPollAt).toBe(1_000_000 + INTERVAL);
    expect(streamOf(s, 'pd', 'oncall').nextPollAt).toBe(1_000_000 + 2 * INTERVAL);
    expect(s.getState().connectors.pd!.health).toBe('ok');
  });

  it('polls again on each stream’s own interval', async () => {
    const port = fakePort('pd', {
      capabilities: ['incidents.read', 'oncall.read'],
      streams: ['incidents', 'oncall'],
    });
    const s = make([port]);
    await s.firstLoad();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(port.calls('incidents')).toBe(3);
    expect(port.calls('oncall')).toBe(2);
  });

  it('keeps the last good data when a poll fails and records the error', async () => {
    let fail = false;
    const good = [incident('1')];
    const port = fakePort('pd', {
      fetch: async () => {
        if (fail) throw failure('UNAVAILABLE', 'HTTP 503 from api.pagerduty.com');
        return good;
      },
    });
    const s = make([port]);
    await s.firstLoad();
    fail = true;
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(streamOf(s, 'pd')).toMatchObject({
      records: good,
      fetchedAt: 1_000_000,
      status: 'error',
      errorCode: 'UNAVAILABLE',
      error: 'HTTP 503 from api.pagerduty.com',
      failures: 1,
    });
    expect(s.getState().connectors.pd!.health).toBe('down');
  });

  it('backs off after repeated failures and clears the error on the next success', async () => {
    let fail = true;
    const port = fakePort('pd', {
      fetch: async () => {
        if (fail) throw failure('UNAVAILABLE');
        return [incident('1')];
      },
    });
    const s = make([port]);
    await s.firstLoad();
    await vi.advanceTimersByTimeAsync(INTERVAL); // second failure: backoff, next in 2×interval
    expect(streamOf(s, 'pd')).toMatchObject({
      status: 'backoff',
      failures: 2,
      nextPollAt: Date.now() + 2 * INTERVAL,
    });
    fail = false;
    await vi.advanceTimersByTimeAsync(2 * INTERVAL - 1);
    expect(port.calls('incidents')).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.calls('incidents')).toBe(3);
    const after = streamOf(s, 'pd');
    expect(after).toMatchObject({ status: 'ok', failures: 0 });
    expect(after.error).toBeUndefined();
    expect(after.errorCode).toBeUndefined();
  });

  it('waits at least the vendor’s Retry-After when rate limited', async () => {
    const port = fakePort('pd', {
      fetch: async () => Promise.reject(failure('RATE_LIMITED', '429', 30_000)),
    });
    const s = make([port]);
    await s.firstLoad();
    expect(streamOf(s, 'pd')).toMatchObject({ status: 'backoff', nextPollAt: Date.now() + 30_000 });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(port.calls('incidents')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.calls('incidents')).toBe(2);
  });

  it('marks only the failing connector down; the other keeps updating', async () => {
    const bad = fakePort('bad', { fetch: async () => Promise.reject(failure('TIMEOUT')) });
    const good = fakePort('good', { fetch: async () => [incident('1', { source: 'good' })] });
    const s = make([bad, good]);
    await s.firstLoad();
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(s.getState().connectors.bad!.health).toBe('down');
    expect(s.getState().connectors.good!.health).toBe('ok');
    expect(good.calls('incidents')).toBe(2);
  });

  it('reports a connector degraded when only some of its streams fail', async () => {
    const port = fakePort('pd', {
      capabilities: ['incidents.read', 'oncall.read'],
      streams: ['incidents', 'oncall'],
      fetch: async (stream) => (stream === 'oncall' ? Promise.reject(failure('UNAVAILABLE')) : []),
    });
    const s = make([port]);
    await s.firstLoad();
    expect(s.getState().connectors.pd!.health).toBe('degraded');
  });
});

describe('createCockpitStore pause, refresh and concurrency', () => {
  it('pauses polling on AUTH: no more fetch calls until refresh', async () => {
    let auth = true;
    const port = fakePort('pd', {
      fetch: async () => {
        if (auth) throw failure('AUTH', 'HTTP 401');
        return [incident('1')];
      },
    });
    const s = make([port]);
    await s.firstLoad();
    expect(streamOf(s, 'pd')).toMatchObject({ status: 'paused', nextPollAt: null, errorCode: 'AUTH' });
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(port.calls('incidents')).toBe(1);

    auth = false;
    s.refresh();
    await vi.waitFor(() => expect(streamOf(s, 'pd').status).toBe('ok'));
    expect(port.calls('incidents')).toBe(2);
  });

  it('a refresh someone asked for is a fresh read; timed polls are not', async () => {
    const a = fakePort('a');
    const s = make([a]);
    await s.firstLoad();
    expect(a.fetch.mock.calls.at(-1)?.[2]?.fresh).not.toBe(true);
    s.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.fetch.mock.calls.at(-1)?.[2]).toEqual({ fresh: true });
  });

  it('refresh(instance) re-polls only that connector', async () => {
    const a = fakePort('a');
    const b = fakePort('b');
    const s = make([a, b]);
    await s.firstLoad();
    s.refresh('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(a.calls('incidents')).toBe(2);
    expect(b.calls('incidents')).toBe(1);
  });

  it('refresh resets the timer instead of adding a second poll loop', async () => {
    const port = fakePort('pd');
    const s = make([port]);
    await s.firstLoad();
    await vi.advanceTimersByTimeAsync(INTERVAL / 2);
    s.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls('incidents')).toBe(2);
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(port.calls('incidents')).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.calls('incidents')).toBe(3);
  });

  it('never runs two polls of one stream at once', async () => {
    const gate = deferred<DomainRecord[]>();
    const port = fakePort('pd', { fetch: () => gate.promise });
    const s = make([port]);
    s.start();
    s.refresh();
    s.refresh();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(port.calls('incidents')).toBe(1);
    gate.resolve([incident('1')]);
    await s.firstLoad();
    expect(streamOf(s, 'pd').status).toBe('ok');
  });

  it('shows refreshing (not loading) while a poll runs over good data', async () => {
    const gates = [deferred<DomainRecord[]>(), deferred<DomainRecord[]>()];
    let n = 0;
    const port = fakePort('pd', { fetch: () => gates[n++]!.promise });
    const s = make([port]);
    s.start();
    expect(streamOf(s, 'pd').status).toBe('loading');
    gates[0]!.resolve([incident('1')]);
    await s.firstLoad();
    s.refresh();
    expect(streamOf(s, 'pd')).toMatchObject({
      status: 'refreshing',
      records: [expect.objectContaining({ id: '1' })],
    });
    gates[1]!.resolve([]);
    await vi.waitFor(() => expect(streamOf(s, 'pd').status).toBe('ok'));
  });
});

describe('createCockpitStore stop', () => {
  it('clears every timer, disposes every port and polls no more', async () => {
    const a = fakePort('a');
    const b = fakePort('b');
    const s = make([a, b]);
    await s.firstLoad();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await s.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(a.dispose).toHaveBeenCalledTimes(1);
    expect(b.dispose).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(a.calls('incidents') + b.calls('incidents')).toBe(2);
    s.refresh();
    expect(a.calls('incidents')).toBe(1);
  });

  it('aborts the signal of an in-flight poll and does not record the abort as a failure', async () => {
    let seen: AbortSignal | undefined;
    const port = fakePort('pd', {
      fetch: (_stream, signal) =>
        new Promise((_, reject) => {
          seen = signal;
          signal?.addEventListener('abort', () => reject(failure('INTERNAL', 'aborted')));
        }),
    });
    const s = make([port]);
    s.start();
    await s.stop();
    expect(seen?.aborted).toBe(true);
    expect(streamOf(s, 'pd').failures).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
