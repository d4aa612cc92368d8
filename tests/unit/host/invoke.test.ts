import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PluginCallError } from '../../../src/host/errors.js';
import { invoke, toCallError } from '../../../src/host/invoke.js';
import { PluginError } from '../../../src/plugin-api/index.js';

/** Settle state of a promise without awaiting it forever. */
async function settled(p: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  // Observe the promise, then let a generous number of microtask turns pass.
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(
    () => {
      state = 'resolved';
    },
    () => {
      state = 'rejected';
    },
  );
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return state;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('invoke', () => {
  it('returns what the plugin returns and leaves no timer behind', async () => {
    await expect(invoke('pd', 'listIncidents', async () => [1, 2], { timeoutMs: 1_000 })).resolves.toEqual([
      1, 2,
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires the deadline even when the plugin ignores its signal', async () => {
    let seen: AbortSignal | undefined;
    const p = invoke(
      'pd-eu',
      'listIncidents',
      (signal) => {
        seen = signal;
        return new Promise(() => {});
      },
      { timeoutMs: 2_500 },
    );
    const caught = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_499);
    expect(await settled(p)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    const err = (await caught) as PluginCallError;
    expect(err).toBeInstanceOf(PluginCallError);
    expect(err).toMatchObject({ code: 'TIMEOUT', instance: 'pd-eu', operation: 'listIncidents' });
    expect(err.message).toBe('no answer within 2.5s');
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(err);
  });

  it('aborts the plugin’s signal when the outer signal aborts, and removes its listener afterwards', async () => {
    const outer = new AbortController();
    const p = invoke(
      'pd',
      'listOnCall',
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      { timeoutMs: 10_000, signal: outer.signal },
    );
    await vi.advanceTimersByTimeAsync(0); // the plugin is now waiting on its signal
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(1);
    outer.abort(new Error('shutting down'));
    await expect(p).rejects.toMatchObject({
      name: 'PluginCallError',
      code: 'CANCELLED',
      message: 'shutting down',
    });
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
  });

  it('does not call the plugin at all when the outer signal is already aborted', async () => {
    let called = false;
    await expect(
      invoke(
        'pd',
        'op',
        async () => {
          called = true;
        },
        { timeoutMs: 1_000, signal: AbortSignal.abort() },
      ),
    ).rejects.toMatchObject({ name: 'PluginCallError', code: 'CANCELLED' });
    expect(called).toBe(false);
  });

  // Regression: an outer abort used to only abort the plugin's signal, so a plugin ignoring it kept
  // invoke() (and CockpitStore.stop(), which awaits in-flight polls) waiting for the full read timeout.
  it('invoke-outer-abort: settles on outer abort even when the plugin ignores its signal', async () => {
    const outer = new AbortController();
    const p = invoke('pd', 'listIncidents', () => new Promise(() => {}), {
      timeoutMs: 30_000,
      signal: outer.signal,
    });
    p.catch(() => {});
    outer.abort();
    // Fake timers never advance here, so the 30 s deadline cannot be what settles it; a
    // regression leaves `p` pending and the test times out.
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('wraps a synchronous throw from the plugin', async () => {
    await expect(
      invoke(
        'pd',
        'acknowledge',
        () => {
          throw new TypeError('cannot read id');
        },
        { timeoutMs: 1_000 },
      ),
    ).rejects.toMatchObject({
      name: 'PluginCallError',
      code: 'INTERNAL',
      message: 'cannot read id',
      operation: 'acknowledge',
    });
  });

  it('keeps a PluginError code and retry hint', async () => {
    const thrown = new PluginError('RATE_LIMITED', 'slow down', { retryAfterMs: 7_000, status: 429 });
    const err = await invoke('pd', 'listIncidents', async () => Promise.reject(thrown), {
      timeoutMs: 1_000,
    }).catch((e: PluginCallError) => e);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 7_000, message: 'slow down' });
    expect(err.cause).toBe(thrown);
  });
});

describe('toCallError', () => {
  it('duck-types a PluginError from another copy of the plugin API', () => {
    const foreign = { name: 'PluginError', code: 'AUTH', message: 'token expired', retryAfterMs: 1_500 };
    expect(toCallError('pd', 'listIncidents', foreign)).toMatchObject({
      code: 'AUTH',
      message: 'token expired',
      retryAfterMs: 1_500,
      instance: 'pd',
    });
  });

  it('does not trust a code on errors that are not PluginErrors (e.g. Node system errors)', () => {
    const sys = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(toCallError('pd', 'op', sys).code).toBe('INTERNAL');
  });

  it('ignores a retryAfterMs that is not a number', () => {
    const e = { name: 'PluginError', code: 'RATE_LIMITED', message: 'x', retryAfterMs: '5000' };
    expect(toCallError('pd', 'op', e).retryAfterMs).toBeUndefined();
  });

  it.each([
    ['a string', 'plain string thrown', 'plain string thrown'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['an Error with an empty message', new Error(''), 'Error'],
  ])('turns %s into a PluginCallError with a readable message', (_label, thrown, message) => {
    const err = toCallError('pd', 'op', thrown);
    expect(err).toBeInstanceOf(PluginCallError);
    expect(err).toMatchObject({ code: 'INTERNAL', message });
    expect(err.cause).toBe(thrown);
  });

  it('returns an existing PluginCallError unchanged', () => {
    const original = new PluginCallError('a', 'b', 'TIMEOUT', 'late');
    expect(toCallError('other', 'op', original)).toBe(original);
  });
});
