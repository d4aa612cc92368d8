import { describe, expect, it } from 'vitest';
import { formatDuration, isStale, toMs } from '../../../src/domain/format.js';

const S = 1000;
const H = 3600 * S;

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [59 * S, '59s'],
    [59 * S + 999, '59s'],
    [60 * S, '1m'],
    [12 * 60 * S + 30 * S, '12m'],
    [3599 * S, '59m'],
    [H, '1h00m'],
    [3 * H + 5 * 60 * S, '3h05m'],
    [24 * H - S, '23h59m'],
    [24 * H, '1d00h'],
    [2 * 24 * H + 4 * H + 59 * 60 * S, '2d04h'],
    [400 * 24 * H, '400d00h'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('puts a minus in front of negative durations at every scale', () => {
    expect(formatDuration(-5 * S)).toBe('-5s');
    expect(formatDuration(-90 * S)).toBe('-1m');
    expect(formatDuration(-(H + 60 * S))).toBe('-1h01m');
    expect(formatDuration(-25 * H)).toBe('-1d01h');
  });

  it('shows a dash for NaN and infinities instead of NaNs in a column', () => {
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatDuration(Number.NEGATIVE_INFINITY)).toBe('—');
  });
});

describe('toMs', () => {
  it('parses ISO-8601 times to epoch ms, honouring the offset', () => {
    expect(toMs('2025-03-01T12:00:00Z')).toBe(Date.UTC(2025, 2, 1, 12));
    expect(toMs('2025-03-01T13:00:00+01:00')).toBe(Date.UTC(2025, 2, 1, 12));
  });

  it('returns undefined for absent or unparseable input', () => {
    expect(toMs(undefined)).toBeUndefined();
    expect(toMs(null)).toBeUndefined();
    expect(toMs('')).toBeUndefined();
    expect(toMs('yesterday-ish')).toBeUndefined();
  });
});

describe('isStale', () => {
  const interval = 15 * S;
  const fetchedAt = 1_000_000;

  it('is not stale at exactly twice the interval, and stale one ms later', () => {
    expect(isStale(fetchedAt, interval, fetchedAt + 2 * interval)).toBe(false);
    expect(isStale(fetchedAt, interval, fetchedAt + 2 * interval + 1)).toBe(true);
  });

  it('is not stale for fresh data', () => {
    expect(isStale(fetchedAt, interval, fetchedAt)).toBe(false);
    expect(isStale(fetchedAt, interval, fetchedAt + interval)).toBe(false);
  });

  it('is never stale before the first success (nothing to be stale about)', () => {
    expect(isStale(null, interval, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
