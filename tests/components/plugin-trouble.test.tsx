/**
 * Issue 11 items 2–3 on screen. Table row "throws in setup": the header said only "refused";
 * now it says why, and the status view has the whole text. The status view shows each
 * connector's stats (requests, rate-limit budget, call timings, drops, last error), and a
 * first poll overdue says "not answering for N s" in the header and the panel.
 */
import { fileURLToPath } from 'node:url';
import type { Got } from 'got';
import { afterEach, describe, expect, test } from 'vitest';
import { type HostDeps, startConnectors } from '../../src/host/start.js';
import type { ConnectorStats } from '../../src/store/types.js';
import { connector, createTestStore, NOW, stream } from '../helpers/fixture-store.js';
import { cleanup, renderApp } from '../helpers/render.js';

afterEach(cleanup);
const LOADED = { timeout: 10_000 };
const FIXTURES = fileURLToPath(new URL('../fixtures/plugins/', import.meta.url));

const deps: HostDeps = {
  hostVersion: '1.0.0',
  demo: false,
  baseDir: FIXTURES,
  clock: { now: () => NOW },
  createHttp: () => ({}) as Got,
  resolveSecret: async (ref) => String(ref),
  formatConfigIssues: () => 'bad',
  logger: () => ({ debug() {}, info() {}, warn() {}, error() {} }),
};

/** Everything on screen as running text (borders gone, wrapped lines joined). */
const flat = (f: string) =>
  f
    .split('\n')
    .map((l) => l.replace(/^[║│┃]|[║│┃]$/g, '').trim())
    .join(' ')
    .replace(/ +/g, ' ');

const STATS: ConnectorStats = {
  requests: 42,
  httpFailures: 2,
  rateLimit: { limit: 900, remaining: 890, resetAt: NOW + 45_000, seenAt: NOW - 3_000 },
  operations: {
    listIncidents: { calls: 12, failures: 1, lastMs: 120, p50Ms: 98, maxMs: 1_200 },
    health: { calls: 1, failures: 0, lastMs: 40, p50Ms: 40, maxMs: 40 },
  },
  dropped: { incidents: { count: 3, firstReason: '[0].openedAt: Invalid ISO datetime', at: NOW - 1_000 } },
  lastError: {
    operation: 'listOnCall',
    code: 'UNAVAILABLE',
    message: 'PagerDuty GET /oncalls failed (503): upstream connect error or disconnect/reset before headers',
    at: NOW - 5_000,
  },
};

describe('a plugin that throws in setup (issue 11 table row)', () => {
  test('the header says why it was refused; the status view has the whole reason', async () => {
    const { refused } = await startConnectors({ acme: { plugin: './setup-throws.ts' } }, deps);
    expect(refused).toHaveLength(1);
    const { store } = createTestStore({ refused });
    const r = renderApp(store, { cols: 120, rows: 30 });
    await expect
      .poll(() => r.frame().split('\n')[0], LOADED)
      .toMatch(/acme refused: setup failed: vendor rejected the token \(i\)/);
    r.stdin.write('i');
    await expect
      .poll(() => flat(r.frame()), LOADED)
      .toContain(
        'acme (./setup-throws.ts) PLUGIN_SETUP: fixture-setup-throws setup failed: vendor rejected the token',
      );
  });
});

describe('the status view shows what each connector has been doing', () => {
  test('requests, rate-limit budget, timings per call, drops with the first reason, the last error', async () => {
    const { store } = createTestStore({ connectors: { 'pd-demo': connector('pd-demo', { stats: STATS }) } });
    const r = renderApp(store, { cols: 120, rows: 40 });
    r.stdin.write('i');
    await expect.poll(() => r.frame(), LOADED).toMatch(/Status/);
    const text = flat(r.frame());
    expect(text).toContain(
      'requests: 42 (2 failed) · rate limit: 890 of 900 left, resets in 45s, as of 3.0s ago',
    );
    expect(text).toContain('listIncidents: 12 calls, 1 failed · last 120ms · p50 98ms · max 1.2s');
    expect(text).toContain('health: 1 call · last 40ms · p50 40ms · max 40ms');
    expect(text).toContain(
      'dropped 3 incidents records that did not fit the model; first: [0].openedAt: Invalid ISO datetime',
    );
    expect(text).toMatch(
      /last error \(listOnCall, UNAVAILABLE, \d\d:\d\d:\d\d\): PagerDuty GET \/oncalls failed \(503\): upstream connect error or disconnect\/reset before headers/,
    );
  });
});

describe('a first poll that does not answer', () => {
  test('header and panel say "not answering for N s" and N moves with the clock', async () => {
    let real = NOW;
    const silent = connector('pd-slow', {
      health: 'starting',
      streams: {
        incidents: stream('incidents', [], {
          status: 'loading',
          fetchedAt: null,
          pollStartedAt: NOW - 7_000,
        }),
      },
    });
    const { store } = createTestStore({ connectors: { 'pd-slow': silent } });
    const r = renderApp(store, { cols: 120, rows: 30, real: () => real });
    await expect.poll(() => r.frame(), LOADED).toMatch(/pd-slow not answering for 7s/);
    expect(flat(r.frame())).toContain('pd-slow not answering for 7s. Nothing is known yet.');
    real = NOW + 5_000;
    await expect.poll(() => r.frame().split('\n')[0], LOADED).toMatch(/pd-slow not answering for 12s/);
  });
});
