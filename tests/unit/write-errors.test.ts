/**
 * Both connectors' writes against a loopback stub that misbehaves the ways real
 * servers and proxies do. The rule under test: a write is reported as not applied
 * (a code `writeFailureOf` calls `failed`) only when the server refused it or never
 * got it; an answer that never came, a hang-up or a 5xx is OUTCOME_UNKNOWN.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import pagerduty from '../../plugins/pagerduty/index.js';
import { pagerDutyConfigSchema } from '../../plugins/pagerduty/schema.js';
import servicenow from '../../plugins/servicenow/index.js';
import { serviceNowConfigSchema } from '../../plugins/servicenow/schema.js';
import { type Incident, PluginError, writeFailureOf } from '../../src/plugin-api/index.js';
import { incident } from './domain/records.js';

type Behaviour = (res: ServerResponse) => void;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A server that reads each request whole, counts it, then behaves as told. */
async function stub(behave: Behaviour) {
  let requests = 0;
  const server = createServer(async (req, res) => {
    for await (const _ of req);
    requests++;
    behave(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(
    () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

/** A port nothing listens on: the connection is refused before anything is sent. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** One write per connector: a note (PagerDuty POST, ServiceNow PATCH), no reads first. */
const vendors = {
  pagerduty: async (url: string, timeoutMs: number) => {
    const config = pagerDutyConfigSchema.parse({
      plugin: 'pagerduty',
      token: 'tok-1234',
      baseUrl: url,
      fromEmail: 'ana@example.com',
    });
    const c = await pagerduty.setup(createTestContext(config, { host: { timeoutMs, retries: 2 } }));
    return (i: Incident) => c.addNote(i, 'rolled back', AbortSignal.timeout(30_000));
  },
  servicenow: async (url: string, timeoutMs: number) => {
    const config = serviceNowConfigSchema.parse({
      plugin: 'servicenow',
      instanceUrl: url,
      auth: { kind: 'basic', username: 'itops', password: 'hunter22' },
    });
    const c = await servicenow.setup(createTestContext(config, { host: { timeoutMs, retries: 2 } }));
    return (i: Incident) => c.addNote(i, 'rolled back', AbortSignal.timeout(30_000));
  },
};

async function codeOf(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PluginError);
  return err as PluginError;
}

const INC = incident('Q1', { key: '#4211' });

describe.each(Object.entries(vendors))('%s writes', (_name, connect) => {
  it('an answer that comes after the request timeout is OUTCOME_UNKNOWN, sent once', async () => {
    // The server got the whole request and is "working on it": it never answers in time.
    const s = await stub(() => {});
    // 1.5 s: long enough that a busy machine still connects first, so the request really went out.
    const write = await connect(s.url, 1_500);
    const err = await codeOf(write(INC));
    expect(err.code).toBe('OUTCOME_UNKNOWN');
    expect(err.message).toMatch(/got no answer \(ETIMEDOUT/);
    expect(writeFailureOf(err.code)).toBe('unknown');
    // Never retried: a repeated note shows twice, a repeated escalation pages twice.
    expect(s.requests()).toBe(1);
  });

  it('a hang-up after the request was read (no status) is OUTCOME_UNKNOWN', async () => {
    const s = await stub((res) => res.socket?.destroy());
    const write = await connect(s.url, 5_000);
    const err = await codeOf(write(INC));
    expect(err.code).toBe('OUTCOME_UNKNOWN');
    expect(err.message).toMatch(/ECONNRESET|socket hang up/i);
    expect(s.requests()).toBe(1);
  });

  it.each([500, 502, 503, 504])('a %i on a write is OUTCOME_UNKNOWN and not retried', async (status) => {
    const s = await stub((res) => json(res, status, { error: { message: 'upstream trouble' } }));
    const write = await connect(s.url, 5_000);
    const err = await codeOf(write(INC));
    expect(err.code).toBe('OUTCOME_UNKNOWN');
    expect(err.message).toContain(`answered ${status}, which does not say whether it was applied`);
    expect(s.requests()).toBe(1);
  });

  it('a refused connection is UNAVAILABLE: nothing was sent, so it failed', async () => {
    const write = await connect(await deadUrl(), 5_000);
    const err = await codeOf(write(INC));
    expect(err.code).toBe('UNAVAILABLE');
    expect(writeFailureOf(err.code)).toBe('failed');
  });

  it.each([
    [400, 'INVALID'],
    [401, 'AUTH'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
  ])('a %i refusal is %s: failed', async (status, code) => {
    const s = await stub((res) => json(res, status, { error: { message: 'no' } }));
    const write = await connect(s.url, 5_000);
    const err = await codeOf(write(INC));
    expect(err.code).toBe(code);
    expect(writeFailureOf(err.code)).toBe('failed');
  });
});
