/**
 * The one Retry-After / rate-limit reading (domain/rate-limit.ts), exported to plugins and used
 * by the host's retry policy. Before issue 8 there were three, with three precedences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serverWaitMs } from '../../../src/http/retry.js';
import { headerValue, readRateLimit, retryAfterMs } from '../../../src/plugin-api/index.js';

const NOW = Date.parse('2030-03-04T09:00:00Z');

describe('retryAfterMs: one precedence', () => {
  it.each([
    [
      'Retry-After seconds wins over both reset headers',
      { 'retry-after': '3', 'ratelimit-reset': '17', 'x-ratelimit-reset': '99' },
      3_000,
    ],
    ['Retry-After as an HTTP date', { 'retry-after': 'Mon, 04 Mar 2030 09:00:05 GMT' }, 5_000],
    ['a Retry-After date already past means now', { 'retry-after': 'Mon, 04 Mar 2030 08:59:00 GMT' }, 0],
    [
      'RateLimit-Reset (PagerDuty: seconds until reset) comes next',
      { 'ratelimit-reset': '17', 'x-ratelimit-reset': '99' },
      17_000,
    ],
    [
      'X-RateLimit-Reset as epoch seconds (ServiceNow)',
      { 'x-ratelimit-reset': String(NOW / 1000 + 30) },
      30_000,
    ],
    ['X-RateLimit-Reset as seconds until reset (some proxies)', { 'x-ratelimit-reset': '42' }, 42_000],
    ['a reset as epoch milliseconds', { 'ratelimit-reset': String(NOW + 1_500) }, 1_500],
    ['an epoch reset already past means now', { 'x-ratelimit-reset': String(NOW / 1000 - 60) }, 0],
    [
      'an unreadable Retry-After falls through to the reset',
      { 'retry-after': 'soon', 'ratelimit-reset': '4' },
      4_000,
    ],
    [
      'a negative value is ignored',
      { 'retry-after': '-5', 'ratelimit-reset': '-1', 'x-ratelimit-reset': '2' },
      2_000,
    ],
    ['nothing said: undefined', {}, undefined],
    ['empty values say nothing', { 'retry-after': '', 'ratelimit-reset': ' ' }, undefined],
  ] as const)('%s', (_name, headers, expected) => {
    expect(retryAfterMs(headers, NOW)).toBe(expected);
  });

  it('reads header names in any case, and the first of repeated values', () => {
    expect(retryAfterMs({ 'Retry-After': ['7', '9'] }, NOW)).toBe(7_000);
    expect(headerValue({ 'X-RateLimit-Reset': '1' }, 'x-ratelimit-reset')).toBe('1');
  });

  it('never returns a negative or non-finite wait, whatever the headers say', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer().map(String),
      fc.double().map(String),
      fc.date().map((d) => d.toUTCString()),
    );
    fc.assert(
      fc.property(
        fc.record(
          { 'retry-after': value, 'ratelimit-reset': value, 'x-ratelimit-reset': value },
          { requiredKeys: [] },
        ),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        (headers, now) => {
          const wait = retryAfterMs(headers, now);
          return wait === undefined || (Number.isFinite(wait) && wait >= 0);
        },
      ),
    );
  });

  it('a valid Retry-After in seconds always wins, whatever else is sent', () => {
    fc.assert(
      fc.property(fc.nat({ max: 86_400 }), fc.string(), fc.string(), (secs, a, b) => {
        return (
          retryAfterMs({ 'retry-after': String(secs), 'ratelimit-reset': a, 'x-ratelimit-reset': b }, NOW) ===
          secs * 1000
        );
      }),
    );
  });
});

describe('the host retry policy reads the same way', () => {
  it('agrees with retryAfterMs, and uses got’s own Retry-After parse only when the header bag lacks it', () => {
    const headers = { 'ratelimit-reset': '17', 'x-ratelimit-reset': String(NOW / 1000 + 30) };
    expect(serverWaitMs(headers, undefined, NOW)).toBe(retryAfterMs(headers, NOW));
    expect(serverWaitMs({ 'retry-after': '3', 'ratelimit-reset': '17' }, 9_000, NOW)).toBe(3_000);
    expect(serverWaitMs({ 'ratelimit-reset': '17' }, 2_000, NOW)).toBe(2_000);
  });
});

describe('readRateLimit', () => {
  it('reads the IETF draft names first, then X-RateLimit-*, with the reset as ms from now', () => {
    expect(
      readRateLimit({ 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '17' }, NOW),
    ).toEqual({
      limit: 960,
      remaining: 0,
      resetMs: 17_000,
    });
    expect(
      readRateLimit({ 'x-ratelimit-limit': '100', 'x-ratelimit-reset': String(NOW / 1000 + 5) }, NOW),
    ).toEqual({
      limit: 100,
      resetMs: 5_000,
    });
    expect(readRateLimit({ 'content-type': 'application/json' }, NOW)).toBeUndefined();
  });
});
