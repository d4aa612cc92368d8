/**
 * Issue 11 item 3: connector stats collected where the connector runs. The collector on its
 * own, the port's wrappers (timings, failures, drops, last error), and the HTTP client's hooks
 * over real HTTP (requests, retries, responses without one, rate-limit headers).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createConnectorPort } from '../../../src/host/connector.js';
import { createStatsCollector, TIMING_WINDOW } from '../../../src/host/stats.js';
import { createHttpClient } from '../../../src/http/client.js';
import { definePlugin, type Plugin, PluginError } from '../../../src/plugin-api/index.js';
import { incident } from '../domain/records.js';

describe('createStatsCollector', () => {
  it('counts calls and failures, keeps last/p50/max per operation, and the latest error whole', () => {
    let now = 1_000;
    const s = createStatsCollector(() => now);
    for (const ms of [10, 30, 20, 400]) s.call('listIncidents', ms);
    s.call('listIncidents', 50, { code: 'AUTH', message: 'token rejected\nsecond line' });
    now = 2_000;
    s.call('health', 5);
    const snap = s.snapshot();
    expect(snap.operations.listIncidents).toEqual({
      calls: 5,
      failures: 1,
      lastMs: 50,
      p50Ms: 30,
      maxMs: 400,
      lastAt: 1_000,
    });
    expect(snap.operations.health).toMatchObject({ calls: 1, p50Ms: 5, lastAt: 2_000 });
    expect(snap.lastError).toEqual({
      operation: 'listIncidents',
      code: 'AUTH',
      message: 'token rejected\nsecond line',
      at: 1_000,
    });
  });

  it('the median is over the last TIMING_WINDOW calls; max over all', () => {
    const s = createStatsCollector();
    s.call('op', 10_000);
    for (let i = 0; i < TIMING_WINDOW; i++) s.call('op', 7);
    expect(s.snapshot().operations.op).toMatchObject({ p50Ms: 7, maxMs: 10_000, calls: TIMING_WINDOW + 1 });
  });

  it('drops add up per stream and keep the first reason; the snapshot is plain and cloneable', () => {
    const s = createStatsCollector(() => 5);
    s.dropped('incidents', 2, '[1].openedAt: bad');
    s.dropped('incidents', 1, '[0].id: missing');
    s.dropped('oncall', 0, 'nothing');
    s.response(200, { limit: 900, remaining: 10, resetMs: 30_000 });
    const snap = s.snapshot();
    expect(snap.dropped).toEqual({ incidents: { count: 3, firstReason: '[1].openedAt: bad', at: 5 } });
    expect(snap.rateLimit).toEqual({ limit: 900, remaining: 10, resetAt: 30_005, seenAt: 5 });
    expect(structuredClone(snap)).toEqual(snap);
    // A snapshot is a copy: later counting does not change it.
    s.dropped('incidents', 1, 'x');
    expect(snap.dropped.incidents?.count).toBe(3);
  });
});

describe('the port records its calls', () => {
  const plugin = definePlugin({
    apiVersion: 1,
    id: 'counted',
    displayName: 'Counted',
    version: '1.0.0',
    capabilities: ['incidents.read'],
    configSchema: z.object({}),
    setup: () => ({}) as never,
  }) as unknown as Plugin;

  it('timings for fetch and health, drops with the first reason, the last error redacted', async () => {
    let fail = false;
    const port = createConnectorPort(
      'c1',
      plugin,
      {
        async listIncidents() {
          if (fail) throw new PluginError('UNAVAILABLE', 'vendor down, key sekrit-key-123');
          return [incident('a'), { ...incident('b'), openedAt: 'yesterday' }];
        },
        async health() {
          return { ok: true, detail: 'ok' };
        },
      } as never,
      { redact: (t) => t.replaceAll('sekrit-key-123', '[REDACTED]') },
    );
    await port.fetch('incidents');
    await port.health();
    fail = true;
    await expect(port.fetch('incidents')).rejects.toThrow(/vendor down/);
    const stats = port.stats();
    expect(stats.operations.listIncidents).toMatchObject({ calls: 2, failures: 1 });
    expect(stats.operations.health).toMatchObject({ calls: 1, failures: 0 });
    expect(stats.dropped.incidents).toMatchObject({ count: 1 });
    expect(stats.dropped.incidents?.firstReason).toMatch(/^\[1\]\.openedAt: /);
    expect(stats.lastError).toMatchObject({
      operation: 'listIncidents',
      code: 'UNAVAILABLE',
      message: 'vendor down, key [REDACTED]',
    });
  });
});

describe('the HTTP client hooks count what went over the wire', () => {
  let server: Server;
  let base: string;
  let script: ((res: import('node:http').ServerResponse) => void)[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      const next = script.length > 1 ? script.shift()! : script[0]!;
      next(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('every attempt is a request; a 503 then a 200 with X-RateLimit headers', async () => {
    script = [
      (res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{}'),
      (res) =>
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'x-ratelimit-limit': '1000',
            'x-ratelimit-remaining': '998',
            'x-ratelimit-reset': '60',
          })
          .end('{"ok":true}'),
    ];
    const stats = createStatsCollector();
    const http = createHttpClient({ retries: 2, hooks: stats });
    await http.get(`${base}/x`).json();
    const snap = stats.snapshot();
    expect(snap.requests).toBe(2);
    expect(snap.httpFailures).toBe(1);
    expect(snap.rateLimit).toMatchObject({ limit: 1000, remaining: 998 });
    expect(snap.rateLimit!.resetAt! - snap.rateLimit!.seenAt).toBe(60_000);
  });

  it('a request that gets no response counts as a failure, once per attempt', async () => {
    script = [(res) => res.socket?.destroy()];
    const stats = createStatsCollector();
    const http = createHttpClient({ retries: 1, hooks: stats });
    await expect(http.get(`${base}/gone`).json()).rejects.toThrow();
    expect(stats.snapshot()).toMatchObject({ requests: 2, httpFailures: 2 });
  });
});
