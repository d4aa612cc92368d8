/** writeRetry, chunk, recordLabel, compact and secretRefSchema from the connector toolkit. */
import got from 'got';
import { describe, expect, it } from 'vitest';
import { chunk, compact, recordLabel, secretRefSchema, writeRetry } from '../../../src/plugin-api/index.js';

type DelayArg = Parameters<ReturnType<typeof writeRetry>['calculateDelay']>[0];
const attempt = (statusCode: number | undefined, computedValue = 1_000) =>
  ({
    attemptCount: 1,
    computedValue,
    retryOptions: {},
    error: { response: statusCode === undefined ? undefined : { statusCode } },
  }) as unknown as DelayArg;

describe('writeRetry', () => {
  it('retries a write only after a 429, with the host’s own delay', () => {
    const host = got.extend({ retry: { calculateDelay: () => 4_321 } });
    const retry = writeRetry(host, ['PUT', 'POST']);
    expect(retry).toMatchObject({ methods: ['PUT', 'POST'], statusCodes: [429], errorCodes: [] });
    expect(retry.calculateDelay(attempt(429))).toBe(4_321);
    for (const status of [500, 502, 503, 504, 408, undefined]) {
      expect(retry.calculateDelay(attempt(status)), String(status)).toBe(0);
    }
  });

  it('covers every write method by default', () => {
    expect(writeRetry(got).methods).toEqual(['POST', 'PUT', 'PATCH', 'DELETE']);
  });
});

describe('chunk', () => {
  it('slices into parts of at most `size`, keeping order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 100)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('recordLabel', () => {
  it('is the key and the title, cut at whole characters', () => {
    expect(recordLabel({ key: '#4211', title: 'API p99 latency > 2s' })).toBe('#4211 (API p99 latency > 2s)');
    const long = `${'🔥'.repeat(70)}`;
    const label = recordLabel({ key: 'INC0010001', title: long }, 10);
    expect(label).toBe(`INC0010001 (${'🔥'.repeat(9)}…)`);
    // No lone surrogate: the cut falls between whole characters.
    expect(label).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u);
  });
});

describe('compact', () => {
  it('drops keys whose value is undefined and keeps every other value, falsy ones included', () => {
    const record = { a: 1, b: undefined, c: null, d: '', e: 0, f: false };
    expect(compact(record)).toBe(record);
    expect(Object.keys(record)).toEqual(['a', 'c', 'd', 'e', 'f']);
  });
});

describe('secretRefSchema', () => {
  it('takes what ctx.secrets.resolve takes, and nothing else', () => {
    for (const ok of [
      'plain',
      { env: 'PD_TOKEN' },
      { command: 'pass show pd' },
      { command: 'pass show pd', passEnv: ['GNUPGHOME'] },
      { keychain: 'itops-pd' },
    ])
      expect(secretRefSchema.safeParse(ok).success, JSON.stringify(ok)).toBe(true);
    // YAML reads `token: 12345` as a number: a plain-text secret, used as text (issue 11).
    expect(secretRefSchema.parse(12345)).toBe('12345');
    for (const bad of [
      '',
      { env: '' },
      { env: 'A', command: 'b' },
      { command: 'b', passEnv: ['not a name'] },
      { file: '/etc/token' },
      Number.NaN,
      null,
    ])
      expect(secretRefSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
