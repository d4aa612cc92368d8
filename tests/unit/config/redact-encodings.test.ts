/**
 * Issue 11 row "puts a secret in a message base64-encoded, split or upper-cased": the redactor
 * against a hostile plugin, as properties. Whatever text surrounds it, a registered secret must
 * not survive in any common encoding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactDeep, SecretRegistry } from '../../../src/config/redact.js';

const ascii = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!$&+/=:@%'),
  minLength: 8,
  maxLength: 40,
});
/** Any Unicode, at least 8 UTF-8 bytes (the size the redactor finds inside a longer base64 blob). */
const unicode = fc
  .string({ unit: 'grapheme', minLength: 4, maxLength: 30 })
  .filter((s) => s.trim() === s && Buffer.byteLength(s) >= 8);
const text = fc.string({ unit: 'grapheme', maxLength: 40 });

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

function registryWith(secret: string): SecretRegistry {
  const r = new SecretRegistry();
  r.register(secret);
  return r;
}

/** No base64 run left in `out` decodes to something holding the secret. */
function noDecodableSecret(out: string, secret: string): boolean {
  for (const run of out.match(/[A-Za-z0-9+/_-]{4,}=*/g) ?? []) {
    for (const enc of ['base64', 'base64url'] as const) {
      if (Buffer.from(run, enc).toString('utf8').includes(secret)) return false;
    }
  }
  return true;
}

describe('redaction of a registered secret in every common encoding (property)', () => {
  const encodings: [string, (s: string) => string][] = [
    ['raw', (s) => s],
    ['URL-encoded', encodeURIComponent],
    ['base64', b64],
    ['base64 without padding', (s) => b64(s).replace(/=+$/, '')],
    ['base64url', b64url],
    ['lower-case hex', hex],
    ['upper-case hex', (s) => hex(s).toUpperCase()],
  ];
  it.each(encodings)('%s, anywhere in any text', (_name, encode) => {
    fc.assert(
      fc.property(unicode, text, text, (secret, before, after) => {
        const out = registryWith(secret).redact(`${before}${encode(secret)}${after}`);
        expect(out).not.toContain(encode(secret));
        expect(out).toContain(REDACTED);
      }),
      { numRuns: 150 },
    );
  });

  it('upper-cased and lower-cased (ASCII secrets, case-insensitive match)', () => {
    fc.assert(
      fc.property(ascii, text, fc.boolean(), (secret, around, upper) => {
        const shown = upper ? secret.toUpperCase() : secret.toLowerCase();
        const out = registryWith(secret).redact(`${around} ${shown} ${around}`);
        expect(out.toLowerCase()).not.toContain(secret.toLowerCase());
      }),
      { numRuns: 200 },
    );
  });

  it('inside a basic-auth blob: base64 of user:secret, any user name', () => {
    fc.assert(
      fc.property(unicode, fc.string({ maxLength: 20 }), text, (secret, user, around) => {
        const blob = b64(`${user}:${secret}`);
        const out = registryWith(secret).redact(`${around}Authorization: Basic ${blob}${around}`);
        expect(out).not.toContain(blob);
        expect(noDecodableSecret(out, secret)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('inside any longer base64 or base64url blob (JSON encoded then base64-ed by a plugin)', () => {
    fc.assert(
      fc.property(unicode, text, text, fc.boolean(), (secret, before, after, url) => {
        const payload = JSON.stringify({ before, token: secret, after });
        const blob = url ? b64url(payload) : b64(payload);
        const out = registryWith(secret).redact(`data=${blob}`);
        expect(noDecodableSecret(out, secret)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('URL-encoded in a form body (space as +) and in upper/lower-case percent escapes', () => {
    fc.assert(
      fc.property(ascii, (word) => {
        const secret = `${word} ${word}`;
        const registry = registryWith(secret);
        const form = encodeURIComponent(secret).replace(/%20/g, '+');
        expect(registry.redact(`a=1&token=${form}`)).not.toContain(form);
        const lower = encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
        expect(registry.redact(`?t=${lower}`)).not.toContain(lower);
      }),
      { numRuns: 100 },
    );
  });

  it('split across fields: each field that holds the whole secret is redacted (per string)', () => {
    fc.assert(
      fc.property(unicode, fc.array(text, { maxLength: 4 }), (secret, others) => {
        const record = {
          title: `${others.join(' ')} ${secret}`,
          custom: { nested: [b64(`svc:${secret}`), secret.toUpperCase()] },
        };
        const out = JSON.stringify(redactDeep(record, (t) => registryWith(secret).redact(t)));
        expect(out).not.toContain(JSON.stringify(secret).slice(1, -1));
      }),
      { numRuns: 100 },
    );
  });
});

describe('SecretRegistry edge cases', () => {
  it('a number is a secret too (YAML token: 12345)', () => {
    const r = new SecretRegistry();
    r.register(123456789);
    expect(r.redact('id=123456789')).toBe(`id=${REDACTED}`);
    expect(r.redact(`x ${b64('api:123456789')}`)).toBe(`x ${REDACTED}`);
  });

  it('leaves ordinary text with base64-looking words alone', () => {
    const r = registryWith('s3cr3t-T0ken-value');
    const text = 'Incident INC0012345 on host web-01/api: see https://acme.example.com/incidents/P1ABCDE';
    expect(r.redact(text)).toBe(text);
  });

  it('redactDeep keeps untouched objects identical (no copy) and handles keys', () => {
    const r = registryWith('secret-key-1');
    const clean = { a: ['x', { b: 1 }] };
    expect(redactDeep(clean, (t) => r.redact(t))).toBe(clean);
    expect(redactDeep({ 'secret-key-1': 'v' }, (t) => r.redact(t))).toEqual({ [REDACTED]: 'v' });
  });
});
