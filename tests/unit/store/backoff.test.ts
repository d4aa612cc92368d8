import { describe, expect, it } from 'vitest';
import {
  MAX_BACKOFF_MS,
  MAX_ERROR_DETAIL,
  nextDelay,
  streamAfterFailure,
} from '../../../src/store/backoff.js';
import type { StreamState } from '../../../src/store/types.js';

const fixed = (v: number) => () => v;

describe('nextDelay', () => {
  it('jitters a healthy interval within ±10%', () => {
    expect(nextDelay(10_000, 0, undefined, fixed(0))).toBe(9_000);
    expect(nextDelay(10_000, 0, undefined, fixed(0.5))).toBe(10_000);
    expect(nextDelay(10_000, 0, undefined, fixed(0.999999))).toBe(11_000);
  });

  it('stays inside the jitter band for any random value in [0,1)', () => {
    for (let i = 0; i < 200; i++) {
      const d = nextDelay(15_000, 0, undefined, Math.random);
      expect(d).toBeGreaterThanOrEqual(13_500);
      expect(d).toBeLessThanOrEqual(16_500);
    }
  });

  it('doubles per consecutive failure starting from the interval', () => {
    const mid = fixed(0.5);
    expect([1, 2, 3, 4].map((f) => nextDelay(1_000, f, undefined, mid))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('caps the backoff at MAX_BACKOFF_MS (before jitter)', () => {
    expect(nextDelay(60_000, 10, undefined, fixed(0.5))).toBe(MAX_BACKOFF_MS);
    expect(nextDelay(60_000, 50, undefined, fixed(0))).toBe(MAX_BACKOFF_MS * 0.9);
  });

  it('never polls sooner than a server-requested wait', () => {
    expect(nextDelay(1_000, 1, 30_000, fixed(0.5))).toBe(30_000);
    // A shorter server wait does not shorten our own backoff.
    expect(nextDelay(10_000, 1, 2_000, fixed(0.5))).toBe(10_000);
  });

  it('has a floor of 250 ms so a zero interval cannot spin', () => {
    expect(nextDelay(0, 0, undefined, fixed(0.5))).toBe(250);
    expect(nextDelay(100, 0, 0, fixed(0))).toBe(250);
  });
});

const stream = (over: Partial<StreamState> = {}): StreamState => ({
  name: 'incidents',
  records: [{ kind: 'service', source: 'pd', id: 's1', name: 'api', status: 'active' }],
  fetchedAt: 1_000,
  status: 'ok',
  intervalMs: 15_000,
  nextPollAt: 16_000,
  failures: 0,
  ...over,
});

describe('streamAfterFailure', () => {
  it.each(['AUTH', 'FORBIDDEN', 'UNSUPPORTED'])(
    'pauses on %s (needs a human) and clears nextPollAt',
    (code) => {
      const s = streamAfterFailure(stream(), { code, message: 'nope' });
      expect(s.status).toBe('paused');
      expect(s.nextPollAt).toBeNull();
      expect(s.errorCode).toBe(code);
    },
  );

  it('backs off straight away on RATE_LIMITED', () => {
    const s = streamAfterFailure(stream(), { code: 'RATE_LIMITED', message: '429' });
    expect(s).toMatchObject({ status: 'backoff', failures: 1, error: '429', errorCode: 'RATE_LIMITED' });
  });

  it('reports the first generic failure as error, then backoff', () => {
    const first = streamAfterFailure(stream(), { code: 'UNAVAILABLE', message: '503' });
    expect(first).toMatchObject({
      status: 'error',
      failures: 1,
      errorCode: 'UNAVAILABLE',
      nextPollAt: 16_000,
    });
    const second = streamAfterFailure(first, { code: 'UNAVAILABLE', message: '503' });
    expect(second).toMatchObject({ status: 'backoff', failures: 2 });
  });

  it('keeps the last good records and fetch time', () => {
    const before = stream();
    const after = streamAfterFailure(before, { code: 'TIMEOUT', message: 'slow' });
    expect(after.records).toBe(before.records);
    expect(after.fetchedAt).toBe(1_000);
    expect(after.error).toBe('slow');
  });

  it('keeps the vendor message as is: what to do is said where it is shown, with the live key', () => {
    expect(streamAfterFailure(stream(), { code: 'AUTH', message: '401' }).error).toBe('401');
  });

  it('keeps the whole message as errorDetail when the one-line error had to cut it', () => {
    const text = `PagerDuty rejected the token.\n${'more '.repeat(100)}`;
    const s = streamAfterFailure(stream(), { code: 'AUTH', message: text });
    expect(s.error).toBe('PagerDuty rejected the token.');
    expect(s.errorDetail).toBe(text.trim());
    expect(streamAfterFailure(stream(), { message: 'x'.repeat(9000) }).errorDetail).toHaveLength(
      MAX_ERROR_DETAIL,
    );
    // A later short failure does not keep the old detail around.
    expect(streamAfterFailure(s, { code: 'TIMEOUT', message: 'slow' }).errorDetail).toBeUndefined();
  });

  it('defaults to INTERNAL and "unknown error" and keeps only the first line, at most 300 chars', () => {
    expect(streamAfterFailure(stream(), {})).toMatchObject({ errorCode: 'INTERNAL', error: 'unknown error' });
    const long = streamAfterFailure(stream(), { message: `${'x'.repeat(400)}\nstack line` });
    expect(long.error).toBe('x'.repeat(300));
  });

  it('does not mutate the input state', () => {
    const before = stream();
    streamAfterFailure(before, { code: 'AUTH' });
    expect(before).toEqual(stream());
  });
});

describe('nextDelay cap (review finding)', () => {
  it('never exceeds the backoff cap, even for a bogus multi-year Retry-After that would overflow setTimeout', () => {
    const huge = 1_760_000_000 * 1000; // an epoch read as seconds
    expect(nextDelay(15_000, 1, huge, () => 0.5)).toBe(MAX_BACKOFF_MS);
    expect(nextDelay(15_000, 0, 3_600_000, () => 0.5)).toBe(MAX_BACKOFF_MS);
  });
});
