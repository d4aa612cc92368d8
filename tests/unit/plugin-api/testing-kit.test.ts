/**
 * itops-tui/testing as plugin authors (and our own connector tests) use it: setupPlugin checks
 * the config as the host does, and `host` gives the test the cockpit's own HTTP behaviour.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import pagerduty from '../../../plugins/pagerduty/index.js';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** Answers 429 (with a 1 s ratelimit-reset) `limited` times, then 200 with no services. */
async function serve(limited: number) {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    calls++;
    if (calls <= limited) {
      res.writeHead(429, { 'content-type': 'application/json', 'ratelimit-reset': '1' });
      res.end('{"error":{"message":"Rate Limit Exceeded","code":2020}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"services":[],"limit":100,"offset":0,"more":false}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls };
}

describe('setupPlugin', () => {
  it('refuses a config the plugin’s schema rejects, naming each path', async () => {
    const err = await setupPlugin(pagerduty, {
      plugin: 'pagerduty',
      token: 't',
      regoin: 'eu',
      pageSize: 500,
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^pagerduty config does not parse: /);
    expect(err?.message).toContain('pageSize');
    expect(err?.message).toContain('regoin');
  });

  it('with host: the cockpit’s retry rules (a 429 is waited out and retried)', async () => {
    const srv = await serve(1);
    const { connector } = await setupPlugin(
      pagerduty,
      { plugin: 'pagerduty', token: 'tok-1234', baseUrl: srv.url },
      { host: true },
    );
    expect(await connector.listServices(AbortSignal.timeout(10_000))).toEqual([]);
    expect(srv.calls()).toBe(2);
  });

  it('without host: a plain got with no retries, so the 429 surfaces at once', async () => {
    const srv = await serve(1);
    const { connector } = await setupPlugin(pagerduty, {
      plugin: 'pagerduty',
      token: 'tok-1234',
      baseUrl: srv.url,
    });
    await expect(connector.listServices(AbortSignal.timeout(10_000))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 1_000,
    });
    expect(srv.calls()).toBe(1);
  });
});

describe('createTestContext', () => {
  it('records log lines as text and with their data, and resolves secret references', async () => {
    const ctx = createTestContext({}, { secrets: { PD_TOKEN: 'from-env' } });
    ctx.log.warn('skipped 1 row', { endpoint: 'GET /x' });
    expect(ctx.logs).toEqual(['warn: skipped 1 row']);
    expect(ctx.logEntries).toEqual([{ level: 'warn', msg: 'skipped 1 row', data: { endpoint: 'GET /x' } }]);
    expect(await ctx.secrets.resolve({ env: 'PD_TOKEN' })).toBe('from-env');
    await expect(ctx.secrets.resolve({ env: 'MISSING' })).rejects.toThrow(/no secret/);
  });

  it('with host: scrubs every resolved secret from HTTP error messages, as the cockpit does', async () => {
    // A name under .invalid never resolves (RFC 6761), and the DNS error message repeats it.
    const failure = async (ctx: ReturnType<typeof createTestContext>) => {
      const secret = await ctx.secrets.resolve('very-secret-value');
      return ctx.http(`http://${secret}.invalid/`).then(
        () => '',
        (e: Error) => e.message,
      );
    };
    expect(await failure(createTestContext({}))).toContain('very-secret-value');
    const scrubbed = await failure(createTestContext({}, { host: { retries: 0, timeoutMs: 5_000 } }));
    expect(scrubbed).toContain('ENOTFOUND');
    expect(scrubbed).not.toContain('very-secret-value');
  });
});
