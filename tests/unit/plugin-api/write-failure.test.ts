/** The one classification of a failed write, and the "could it have reached the server?" test. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHaveReachedServer, writeFailureOf } from '../../../src/plugin-api/index.js';

const NOT_APPLIED = ['AUTH', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'INVALID', 'CONFLICT', 'UNAVAILABLE'];

describe('writeFailureOf', () => {
  it('calls a write failed only for codes that prove it was not applied', () => {
    for (const code of NOT_APPLIED) expect(writeFailureOf(code)).toBe('failed');
    for (const code of ['OUTCOME_UNKNOWN', 'TIMEOUT', 'CANCELLED', 'BAD_RESPONSE', 'INTERNAL', undefined]) {
      expect(writeFailureOf(code)).toBe('unknown');
    }
  });

  it('treats every other code, however spelled, as unknown', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (code) => {
        fc.pre(!NOT_APPLIED.includes(code));
        expect(writeFailureOf(code)).toBe('unknown');
      }),
    );
  });
});

describe('mayHaveReachedServer', () => {
  it('is false only when the request provably never left', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'EHOSTUNREACH',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ]) {
      expect(mayHaveReachedServer({ code }), code).toBe(false);
    }
    for (const event of ['lookup', 'connect', 'secureConnect']) {
      expect(mayHaveReachedServer({ name: 'TimeoutError', code: 'ETIMEDOUT', event }), event).toBe(false);
    }
    // got's timings: started, never connected.
    expect(mayHaveReachedServer({ code: 'ETIMEDOUT', event: 'request', timings: { start: 1 } })).toBe(false);
  });

  it('is true for a timeout, reset or hang-up once connected, and for anything it cannot read', () => {
    const connected = { start: 1, connect: 2, upload: 3 };
    expect(mayHaveReachedServer({ code: 'ETIMEDOUT', event: 'request', timings: connected })).toBe(true);
    expect(mayHaveReachedServer({ code: 'ECONNRESET', timings: connected })).toBe(true);
    expect(mayHaveReachedServer({ name: 'AbortError' })).toBe(true);
    expect(mayHaveReachedServer(new Error('socket hang up'))).toBe(true);
    expect(mayHaveReachedServer(undefined)).toBe(true);
    expect(mayHaveReachedServer('weird')).toBe(true);
  });
});
