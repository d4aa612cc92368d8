import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeRetryDelay, type RetryInput, readRateLimit, serverWaitMs } from '../../../src/http/retry.js';

const input = (over: Partial<RetryInput> = {}): RetryInput => ({
  attempt: 1,
  limit: 2,
  method: 'GET',
  status: undefined,
  code: undefined,
  headers: {},
  retryAfterMs: undefined,
  maxRetryAfterMs: 20_000,
  ...over,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('computeRetryDelay: 429', () => {
  it('retries a PUT after PagerDuty’s ratelimit-reset seconds', () => {
    expect(
      computeRetryDelay(input({ method: 'PUT', status: 429, headers: { 'ratelimit-reset': '3' } })),
    ).toBe(3_000);
  });

  it('retries a POST too: a 429 was not processed', () => {
    expect(computeRetryDelay(input({ method: 'POST', status: 429, retryAfterMs: 1_200 }))).toBe(1_200);
  });

  it('prefers got’s Retry-After parse over rate-limit headers', () => {
    const delay = computeRetryDelay(
      input({ status: 429, retryAfterMs: 2_000, headers: { 'ratelimit-reset': '9' } }),
    );
    expect(delay).toBe(2_000);
  });

  it('falls back to exponential backoff when the server gives no wait', () => {
    expect([1, 2].map((attempt) => computeRetryDelay(input({ status: 429, attempt, limit: 5 })))).toEqual([
      500, 1_000,
    ]);
  });

  it('does not sit through a wait longer than maxRetryAfterMs (the error surfaces instead)', () => {
    expect(
      computeRetryDelay(input({ status: 429, headers: { 'retry-after': '60' }, maxRetryAfterMs: 20_000 })),
    ).toBe(0);
    expect(
      computeRetryDelay(input({ status: 429, headers: { 'retry-after': '20' }, maxRetryAfterMs: 20_000 })),
    ).toBe(20_000);
  });

  it('turns a zero wait into a short non-zero delay (0 would mean "do not retry")', () => {
    expect(computeRetryDelay(input({ status: 429, retryAfterMs: 0 }))).toBe(50);
  });

  it('stops once attempts exceed the limit', () => {
    expect(computeRetryDelay(input({ status: 429, attempt: 3, limit: 2, retryAfterMs: 100 }))).toBe(0);
    expect(computeRetryDelay(input({ status: 429, attempt: 2, limit: 2, retryAfterMs: 100 }))).toBe(100);
  });
});

describe('computeRetryDelay: server errors and writes', () => {
  it.each(['PUT', 'POST', 'PATCH', 'DELETE'])(
    'never retries a 5xx on %s (the write may have landed)',
    (method) => {
      expect(computeRetryDelay(input({ method, status: 503 }))).toBe(0);
      expect(computeRetryDelay(input({ method, code: 'ETIMEDOUT' }))).toBe(0);
    },
  );

  it.each([408, 500, 502, 503, 504, 521, 522, 524])('retries %i on GET with backoff', (status) => {
    expect(computeRetryDelay(input({ status, attempt: 2 }))).toBe(1_000);
  });

  it('treats method case-insensitively and retries HEAD/OPTIONS like GET', () => {
    expect(computeRetryDelay(input({ method: 'get', status: 502 }))).toBe(500);
    expect(computeRetryDelay(input({ method: 'HEAD', status: 502 }))).toBe(500);
    expect(computeRetryDelay(input({ method: 'OPTIONS', status: 502 }))).toBe(500);
  });

  it('honours a server wait on a retryable 5xx, unless it is too long', () => {
    expect(computeRetryDelay(input({ status: 503, headers: { 'retry-after': '4' } }))).toBe(4_000);
    expect(computeRetryDelay(input({ status: 503, headers: { 'retry-after': '40' } }))).toBe(0);
  });

  it.each([400, 401, 403, 404, 409, 422, 501])('does not retry %i', (status) => {
    expect(computeRetryDelay(input({ status }))).toBe(0);
  });

  it('caps the backoff at 8 s', () => {
    expect(computeRetryDelay(input({ status: 500, attempt: 10, limit: 20 }))).toBe(8_000);
  });

  it.each(['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH'])(
    'retries the network error %s on reads',
    (code) => {
      expect(computeRetryDelay(input({ code }))).toBe(500);
    },
  );

  it('does not retry unknown network errors or errors without code', () => {
    expect(computeRetryDelay(input({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))).toBe(0);
    expect(computeRetryDelay(input({}))).toBe(0);
  });
});

describe('readRateLimit', () => {
  it('reads the IETF draft family with reset in seconds', () => {
    expect(
      readRateLimit({ 'ratelimit-limit': '960', 'ratelimit-remaining': '12', 'ratelimit-reset': '30' }),
    ).toEqual({
      limit: 960,
      remaining: 12,
      resetMs: 30_000,
    });
  });

  it('reads the X-RateLimit family, with an epoch reset turned into time left', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    expect(
      readRateLimit({
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '1700000042',
      }),
    ).toEqual({ limit: 100, remaining: 0, resetMs: 42_000 });
  });

  it('never reports a negative wait for an epoch reset in the past', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    expect(readRateLimit({ 'x-ratelimit-reset': '1699999990' })).toEqual({ resetMs: 0 });
  });

  it('prefers the draft family and takes the first of repeated headers', () => {
    expect(readRateLimit({ 'ratelimit-remaining': ['5', '7'], 'x-ratelimit-remaining': '99' })).toEqual({
      remaining: 5,
    });
  });

  it('returns undefined without rate-limit headers and ignores non-numeric values', () => {
    expect(readRateLimit({ 'content-type': 'application/json' })).toBeUndefined();
    expect(readRateLimit({ 'ratelimit-limit': 'lots', 'ratelimit-reset': ' ' })).toBeUndefined();
  });
});

describe('serverWaitMs', () => {
  it('reads Retry-After seconds and HTTP dates', () => {
    vi.useFakeTimers({ now: Date.parse('2025-03-01T12:00:00Z') });
    expect(serverWaitMs({ 'retry-after': '7' })).toBe(7_000);
    expect(serverWaitMs({ 'retry-after': 'Sat, 01 Mar 2025 12:00:10 GMT' })).toBe(10_000);
    expect(serverWaitMs({ 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' })).toBe(0);
  });

  it('falls back to the rate-limit reset, then to nothing', () => {
    expect(serverWaitMs({ 'retry-after': 'soon', 'ratelimit-reset': '2' })).toBe(2_000);
    expect(serverWaitMs({})).toBeUndefined();
  });
});
