/**
 * Issue 11, the two halves together: connector stats and redaction when the connector runs in
 * its own worker thread (src/host/isolated.ts + src/host/worker/main.ts). Stats are counted in
 * the worker (the got hooks, the port's wrappers), come back with replies and heartbeats, and
 * are checked, redacted and sanitized again on this thread. Over real HTTP; nothing here
 * depends on the machine's speed (results are awaited, `vi.waitFor` polls for state).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SecretRegistry } from '../../src/config/redact.js';
import { startIsolatedConnectors } from '../../src/host/inspect.js';
import { type IsolatedDeps, type IsolatedPort, startIsolatedConnector } from '../../src/host/isolated.js';
import type { PluginInfo } from '../../src/host/worker/protocol.js';
import { resolveActions, streamOfKind } from '../../src/plugin-api/index.js';

const PROBE = fileURLToPath(new URL('../fixtures/plugins/stats-probe.mjs', import.meta.url));
const HOSTILE = fileURLToPath(new URL('../fixtures/plugins/hostile.mjs', import.meta.url));
const IMPOSTOR = fileURLToPath(new URL('../fixtures/plugins/impostor.mjs', import.meta.url));
const PASSWORD = 'hunter2-Pa55word';
const ESC = '\u001b';

const probeInfo: PluginInfo = {
  id: 'stats-probe',
  version: '0.0.1',
  displayName: 'Stats probe',
  capabilities: ['incidents.read', 'oncall.read'],
  streams: ['incidents', 'oncall'],
  actions: [],
  traits: [],
};
const hostileInfo: PluginInfo = {
  id: 'hostile',
  version: '0.0.1',
  displayName: 'Hostile',
  capabilities: ['incidents.read', 'incidents.ack'],
  streams: ['incidents'],
  actions: resolveActions(['incidents.read', 'incidents.ack'], undefined, undefined, streamOfKind),
  traits: [],
};

let server: Server;
let base: string;
let script: ((res: ServerResponse) => void)[] = [];
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

const started: IsolatedPort[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.dispose()));
});

function deps(logs: string[], over: Partial<IsolatedDeps> = {}): IsolatedDeps {
  const log = (level: string) => (msg: string) => logs.push(`${level} ${msg}`);
  return {
    hostVersion: '0.0.0-test',
    demo: false,
    baseDir: '/',
    clock: { kind: 'real' },
    http: { retries: 2 },
    resolveSecret: async () => 'never-asked',
    logger: () => ({ debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }),
    // Identity: whatever is redacted here was redacted by the worker itself.
    redact: (t) => t,
    setupTimeoutMs: 5_000,
    readTimeoutMs: 10_000,
    ...over,
    isolation: { stuckMs: 1_000, restartFirstMs: 50, restartMaxMs: 200, ...over.isolation },
  };
}

function startProbe(logs: string[], over: Partial<IsolatedDeps> = {}) {
  const entry = { plugin: PROBE, url: `${base}/incidents`, auth: { password: PASSWORD } };
  const port = startIsolatedConnector(
    'probe',
    entry,
    { kind: 'file', file: PROBE },
    probeInfo,
    deps(logs, over),
  );
  started.push(port);
  return port;
}

/** The password in any of the encodings the probe uses. */
const leaks = (text: string) => {
  const hex = Buffer.from(PASSWORD, 'utf8').toString('hex');
  const b64url = Buffer.from(PASSWORD, 'utf8').toString('base64url');
  const lower = text.toLowerCase();
  return lower.includes(PASSWORD.toLowerCase()) || lower.includes(hex) || text.includes(b64url);
};

describe('stats of a worker-run connector', () => {
  it('are counted in the worker: requests and retries, the rate-limit budget, call timings', async () => {
    script = [
      (res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{}'),
      (res) =>
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'x-ratelimit-limit': '900',
            'x-ratelimit-remaining': '887',
            'x-ratelimit-reset': '30',
          })
          .end('{"n":1}'),
    ];
    const port = startProbe([]);
    await port.ready;
    const records = await port.fetch('incidents');
    expect(records).toHaveLength(1);
    const stats = port.stats();
    expect(stats.requests).toBe(2);
    expect(stats.httpFailures).toBe(1);
    expect(stats.rateLimit).toMatchObject({ limit: 900, remaining: 887 });
    expect(stats.operations.listIncidents).toMatchObject({ calls: 1, failures: 0 });
  });

  it("the worker's own redactor knows the entry's plain-text secrets, in every encoding", async () => {
    script = [(res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"n":2}')];
    const logs: string[] = [];
    const port = startProbe(logs);
    await port.ready;
    const [record] = await port.fetch('incidents');
    expect(JSON.stringify(record)).toContain('[REDACTED]');
    expect(leaks(JSON.stringify(record))).toBe(false);
    const failure = await port.fetch('oncall').then(
      () => null,
      (err: Error) => err,
    );
    expect(failure?.message).toContain('[REDACTED]');
    expect(leaks(failure?.message ?? '')).toBe(false);
    await vi.waitFor(() => expect(logs.some((l) => l.includes('logging in with'))).toBe(true));
    expect(logs.filter(leaks)).toEqual([]);
    const { lastError } = port.stats();
    expect(lastError).toMatchObject({ operation: 'listOnCall', code: 'AUTH' });
    expect(leaks(lastError!.message)).toBe(false);
  });

  it('a forged snapshot is checked, bounded, sanitized and redacted again on this thread', async () => {
    const registry = new SecretRegistry();
    registry.register(PASSWORD);
    const port = startProbe([], { redact: (t) => registry.redact(t) });
    await port.ready;
    await port.health();
    await vi.waitFor(() => expect(port.stats().lastError?.message).toMatch(/^forged/));
    const stats = port.stats();
    const text = JSON.stringify(stats);
    expect(text).not.toContain(ESC);
    expect(leaks(text)).toBe(false);
    expect(stats.requests).toBe(0);
    expect(stats.httpFailures).toBe(0);
    expect(Object.keys(stats.operations).length).toBeLessThanOrEqual(64);
    for (const op of Object.values(stats.operations)) {
      for (const n of [op.calls, op.failures, op.lastMs, op.p50Ms, op.maxMs]) {
        expect(Number.isFinite(n) && n >= 0).toBe(true);
      }
    }
    expect(stats.rateLimit).toMatchObject({ limit: 0, seenAt: 0 });
    expect(stats.dropped.incidents?.firstReason).toBe('[REDACTED]');
  });

  it('a call the worker never answered (its thread was stopped) is timed on this thread', async () => {
    const port = startIsolatedConnector(
      'h1',
      { plugin: HOSTILE, poll: 'spin' },
      { kind: 'file', file: HOSTILE },
      hostileInfo,
      deps([], { isolation: { stuckMs: 400 } }),
    );
    started.push(port);
    await port.ready;
    await expect(port.fetch('incidents')).rejects.toMatchObject({ code: 'TIMEOUT' });
    const stats = port.stats();
    expect(stats.operations.listIncidents).toMatchObject({ calls: 1, failures: 1 });
    expect(stats.lastError).toMatchObject({ operation: 'listIncidents', code: 'TIMEOUT' });
    expect(stats.lastError!.message).toContain('blocked its thread');
  });
});

describe('shadowing checks apply to worker-run connectors', () => {
  const entries = { pd: { plugin: 'pagerduty', token: 'pd-token-123', baseUrl: 'http://127.0.0.1:9' } };

  it('a listed plugin that takes a built-in id is refused; the connector keeps the built-in', async () => {
    const { ports, refused } = await startIsolatedConnectors(entries, {
      ...deps([]),
      baseDir: '/',
      pluginPaths: [IMPOSTOR],
    });
    started.push(...ports);
    expect(ports.map((p) => [p.instance, p.displayName])).toEqual([['pd', 'PagerDuty']]);
    expect(refused).toEqual([
      expect.objectContaining({ instance: 'plugins.paths', plugin: IMPOSTOR, code: 'PLUGIN_SHADOWS' }),
    ]);
    expect(refused[0]!.reason).toContain('override: true');
  });

  it('with override: true it replaces the built-in, as asked', async () => {
    const { ports, refused } = await startIsolatedConnectors(entries, {
      ...deps([]),
      baseDir: '/',
      pluginPaths: [IMPOSTOR],
      pluginOverrides: [IMPOSTOR],
    });
    started.push(...ports);
    expect(refused).toEqual([]);
    expect(ports.map((p) => p.displayName)).toEqual(['Impostor']);
  });
});
