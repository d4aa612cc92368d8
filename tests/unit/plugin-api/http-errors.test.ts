/**
 * toPluginError: one got-error → PluginError translation for every connector, with the
 * issue-7 write-outcome rules (a write that may have landed is OUTCOME_UNKNOWN, never "failed").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type HttpErrorOptions,
  PluginError,
  RESPONSE_TOO_LARGE,
  toPluginError,
  writeFailureOf,
} from '../../../src/plugin-api/index.js';

const SECRET = 's3cr3t-token-value';
const base: HttpErrorOptions = {
  vendor: 'Acme',
  op: 'PUT /items/1',
  write: false,
  redact: (t) => t.split(SECRET).join('***'),
  now: Date.parse('2030-03-04T09:00:00Z'),
  vendorError: (body) => {
    try {
      const e = JSON.parse(body).error;
      return e ? { message: e.message, code: e.code } : undefined;
    } catch {
      return undefined;
    }
  },
};

const response = (statusCode: number, body: unknown = '', headers: Record<string, string> = {}) => ({
  response: { statusCode, body: typeof body === 'string' ? body : JSON.stringify(body), headers },
});
const netError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`connect ${code} 10.0.0.1:443 token=${SECRET}`), { code, ...extra });

describe('toPluginError: a response', () => {
  it.each([
    [401, false, 'AUTH'],
    [402, false, 'FORBIDDEN'],
    [403, true, 'FORBIDDEN'],
    [404, false, 'NOT_FOUND'],
    [409, true, 'CONFLICT'],
    [429, true, 'RATE_LIMITED'],
    [400, true, 'INVALID'],
    [422, false, 'INVALID'],
    [408, false, 'UNAVAILABLE'],
    [503, false, 'UNAVAILABLE'],
    [408, true, 'OUTCOME_UNKNOWN'],
    [500, true, 'OUTCOME_UNKNOWN'],
    [504, true, 'OUTCOME_UNKNOWN'],
  ] as const)('%i on a %s request is %s', (status, write, code) => {
    const err = toPluginError(response(status), { ...base, write });
    expect(err).toBeInstanceOf(PluginError);
    expect(err).toMatchObject({ code, status });
    expect(err.message.startsWith('Acme ')).toBe(true);
  });

  it('says what the vendor said, keeps its code, and adds the hint for that code', () => {
    const err = toPluginError(response(400, { error: { message: `bad field (${SECRET})`, code: 2001 } }), {
      ...base,
      hint: (code) => (code === 'INVALID' ? 'Check connectors.acme.query.' : undefined),
    });
    expect(err.message).toBe(
      'Acme rejected PUT /items/1 (400). Check connectors.acme.query. Acme said: bad field (***).',
    );
    expect(err.vendorCode).toBe(2001);
  });

  it('reads Retry-After for a 429 with the one precedence', () => {
    const err = toPluginError(response(429, '', { 'retry-after': '7', 'ratelimit-reset': '30' }), base);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 7_000 });
    expect(err.message).toContain('Retry in 7s.');
  });

  it('lets the vendor classify first, and falls through when it declines', () => {
    const html = new PluginError('BAD_RESPONSE', 'Acme sent a login page');
    const classify = (r: { body: string }) => (r.body.startsWith('<html') ? html : undefined);
    expect(toPluginError(response(502, '<html>proxy</html>'), { ...base, classify })).toBe(html);
    expect(toPluginError(response(502, '{}'), { ...base, classify }).code).toBe('UNAVAILABLE');
  });

  it('finishes a vendor verdict like its own: the hint for its code, the vendor’s words, status and code', () => {
    const err = toPluginError(response(403, { error: { message: `Rule says no ${SECRET}`, code: 77 } }), {
      ...base,
      write: true,
      hint: (code) => (code === 'CONFLICT' ? 'Ask the rule’s owner.' : undefined),
      classify: ({ status, vendorSaid }) =>
        status === 403 && vendorSaid?.message?.startsWith('Rule')
          ? { code: 'CONFLICT', text: 'Acme refused PUT /items/1 (403): a rule stopped it.' }
          : undefined,
    });
    expect(err).toMatchObject({ code: 'CONFLICT', status: 403, vendorCode: 77 });
    expect(err.message).toBe(
      'Acme refused PUT /items/1 (403): a rule stopped it. Ask the rule’s owner. Acme said: Rule says no ***.',
    );
  });

  it('survives a vendorError reader that throws, and bodies of any type', () => {
    const err = toPluginError(
      { response: { statusCode: 400, body: Buffer.from('{"x":1}'), headers: {} } },
      {
        ...base,
        vendorError: () => {
          throw new Error('boom');
        },
      },
    );
    expect(err.code).toBe('INVALID');
  });
});

describe('toPluginError: no response', () => {
  it('a write that may have reached the server is OUTCOME_UNKNOWN, never failed', () => {
    for (const code of ['ETIMEDOUT', 'ECONNRESET', 'EPIPE']) {
      const err = toPluginError(netError(code), { ...base, write: true });
      expect(err.code).toBe('OUTCOME_UNKNOWN');
      expect(writeFailureOf(err.code)).toBe('unknown');
      expect(err.message).toMatch(/got no answer/);
    }
  });

  it('a write that certainly never left is UNAVAILABLE (failed); a read always is', () => {
    expect(toPluginError(netError('ECONNREFUSED'), { ...base, write: true }).code).toBe('UNAVAILABLE');
    expect(toPluginError(netError('ETIMEDOUT', { event: 'connect' }), { ...base, write: true }).code).toBe(
      'UNAVAILABLE',
    );
    expect(toPluginError(netError('ETIMEDOUT'), base).code).toBe('UNAVAILABLE');
  });

  it('a body over the host’s cap is the vendor’s bad answer, not a network fault', () => {
    const big = Object.assign(new Error('the response body passed 32 MiB'), { code: RESPONSE_TOO_LARGE });
    expect(toPluginError(big, { ...base, write: true }).code).toBe('BAD_RESPONSE');
  });

  it('passes a PluginError through untouched', () => {
    const own = new PluginError('CONFLICT', 'already resolved');
    expect(toPluginError(own, base)).toBe(own);
  });
});

describe('toPluginError: properties', () => {
  it('any status gives a known code and a message without the secret, starting with the vendor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.boolean(), fc.string(), (status, write, text) => {
        const body = JSON.stringify({ error: { message: `${text}${SECRET}${text}` } });
        const err = toPluginError(response(status, body), { ...base, write });
        return (
          err instanceof PluginError &&
          !err.message.includes(SECRET) &&
          err.message.startsWith('Acme ') &&
          // A write with a server error is never reported as certainly failed.
          (!(write && (status >= 500 || status === 408)) || writeFailureOf(err.code) === 'unknown')
        );
      }),
    );
  });
});
