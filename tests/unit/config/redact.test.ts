import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError } from '../../../src/config/errors.js';
import { REDACTED, redactCredentials, SecretRegistry } from '../../../src/config/redact.js';

describe('SecretRegistry', () => {
  it('replaces every occurrence of every registered value, longest first', () => {
    const registry = new SecretRegistry();
    registry.register('abcd');
    registry.register('abcd-efgh-ijkl');
    expect(registry.redact('t=abcd-efgh-ijkl, again abcd')).toBe(`t=${REDACTED}, again ${REDACTED}`);
  });

  it('also catches the URL-encoded form of a secret', () => {
    const registry = new SecretRegistry();
    registry.register('p@ss/word+1');
    expect(registry.redact('GET /x?q=p%40ss%2Fword%2B1')).toBe(`GET /x?q=${REDACTED}`);
  });

  it('ignores values too short to redact safely', () => {
    const registry = new SecretRegistry();
    registry.register('ab');
    expect(registry.size).toBe(0);
    expect(registry.redact('about tabs')).toBe('about tabs');
  });
});

describe('credential shapes are redacted without registration', () => {
  it.each([
    ['Authorization: Token token=y_NbAkKc66ryYTWUXYEu', `Authorization: Token token=${REDACTED}`],
    ['Authorization: Bearer eyJhbGciOi.J9.abc', `Authorization: Bearer ${REDACTED}`],
    ['authorization: Basic dXNlcjpwYXNz', `authorization: Basic ${REDACTED}`],
    [
      'GET https://admin:hunter2@acme.service-now.com/api',
      `GET https://${REDACTED}@acme.service-now.com/api`,
    ],
    ['DD-API-KEY: 0123456789abcdef', `DD-API-KEY: ${REDACTED}`],
    ['{"dd-application-key":"zzzz9999"}', `{"dd-application-key":"${REDACTED}"}`],
    ['/api/v1/validate?api_key=abc123&x=1', `/api/v1/validate?api_key=${REDACTED}&x=1`],
    ['{"access_token":"tok123","expires_in":1799}', `{"access_token":"${REDACTED}","expires_in":1799}`],
  ])('%s', (input, expected) => {
    expect(redactCredentials(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text = 'PagerDuty incident #4211 acknowledged by Ana at https://acme.pagerduty.com/incidents/P1';
    expect(redactCredentials(text)).toBe(text);
  });

  it('error formatting can run through the registry', () => {
    const registry = new SecretRegistry();
    registry.register('s3cr3t-value');
    const err = new ConfigError('SECRET_UNRESOLVED', 'Config error in /c.yml', {
      file: '/c.yml',
      issues: [{ path: 'connectors.a.token', message: 'vendor echoed s3cr3t-value' }],
    });
    expect(formatConfigError(err, (t) => registry.redact(t))).toBe(
      `Config error in /c.yml\n  connectors.a.token: vendor echoed ${REDACTED}`,
    );
  });
});
