// Connector isolation (issue 11): what a worker thread per connector costs. Bundled and run by
// bench/run.mjs against the built worker entry (dist/plugin-host.js):
// - resident memory per connector worker (a trivial plugin: the worker, our host code, got, zod);
// - 100,000 records from one plugin: the bare structured clone, and the whole trip through a
//   worker (sliced messages, re-checked and re-sanitized on this thread), with the longest
//   stall this thread saw meanwhile (what a key press would wait for).

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type IsolatedPort, startIsolatedConnector } from '../src/host/isolated.js';
import type { PluginInfo } from '../src/host/worker/protocol.js';
import { resolveActions, streamOfKind } from '../src/plugin-api/index.js';

// Run from the checkout (bench/run.mjs sets the cwd); this file is bundled elsewhere.
const root = pathToFileURL(`${process.cwd()}/`);
const workerUrl = new URL('dist/plugin-host.js', root);
const file = fileURLToPath(new URL('tests/fixtures/plugins/hostile.mjs', root));
const info: PluginInfo = {
  id: 'hostile',
  version: '0.0.1',
  displayName: 'Hostile',
  capabilities: ['incidents.read'],
  streams: ['incidents'],
  actions: resolveActions(['incidents.read'], undefined, undefined, streamOfKind),
  traits: [],
};
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function start(instance: string, config: Record<string, unknown>, maxRecords = 50_000): IsolatedPort {
  return startIsolatedConnector(instance, { plugin: file, ...config }, { kind: 'file', file }, info, {
    hostVersion: 'bench',
    demo: false,
    baseDir: '/',
    clock: { kind: 'real' },
    http: {},
    resolveSecret: async () => '',
    logger: () => quiet,
    redact: (t) => t,
    isolation: { workerUrl, maxRecords, stuckMs: 120_000 },
    readTimeoutMs: 120_000,
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (n: number) => `${n.toFixed(0).padStart(5)} ms`;

// RSS per worker: four idle connectors, set up, after a poll each.
gc();
const before = process.memoryUsage().rss;
const ports = ['a', 'b', 'c', 'd'].map((i) => start(`rss-${i}`, {}));
await Promise.all(ports.map((p) => p.ready));
await Promise.all(ports.map((p) => p.fetch('incidents')));
await new Promise((r) => setTimeout(r, 500));
gc();
const perWorker = (process.memoryUsage().rss - before) / ports.length;
await Promise.all(ports.map((p) => p.dispose()));

// 100,000 records: the bare clone, one piece.
const sample = Array.from({ length: 100_000 }, (_, i) => ({
  source: 'x',
  kind: 'incident',
  id: `H${i}`,
  key: `#H${i}`,
  title: `hostile incident ${i}`,
  status: 'triggered',
  vendorStatus: 'triggered',
  assignees: [],
  priority: 'P2',
  url: 'https://example.invalid/',
  openedAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
}));
let t = performance.now();
structuredClone(sample);
const cloneMs = performance.now() - t;

async function transfer(limit: number) {
  const port = start(`many-${limit}`, { poll: 'many', count: 100_000 }, limit);
  await port.ready;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  t = performance.now();
  const records = await port.fetch('incidents');
  const total = performance.now() - t;
  delay.disable();
  await port.dispose();
  return { records: records.length, total, stall: delay.max / 1e6 };
}
const all = await transfer(100_000);
const capped = await transfer(50_000);

/** UI-thread CPU (this thread only: the worker's own checking is not ours to wait for). */
const threadCpuMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};
// The same 100,000 records polled again, one changed: what a quiet poll costs this thread.
async function repoll() {
  const port = start('steady', { poll: 'steady', count: 100_000 }, 100_000);
  await port.ready;
  const once = async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpu0 = threadCpuMs();
    const records = await port.fetch('incidents');
    const cpu = threadCpuMs() - cpu0;
    delay.disable();
    return { records: records.length, cpu, stall: delay.max / 1e6 };
  };
  const first = await once();
  const again = await once();
  await port.dispose();
  return { first, again };
}
const steady = await repoll();

console.log('connector isolation (worker thread per connector)');
console.log(`  RSS per idle connector worker              ${mb(perWorker)}`);
console.log(`  structuredClone of 100,000 records         ${ms(cloneMs)} (one piece, on one thread)`);
console.log(
  `  100,000 records through a worker           ${ms(all.total)}  longest stall on the UI thread ${ms(all.stall)}  (${all.records} kept)`,
);
console.log(
  `  same, default cap (50,000 per stream)      ${ms(capped.total)}  longest stall on the UI thread ${ms(capped.stall)}  (${capped.records} kept)`,
);
console.log(
  `  100,000 records, first poll                UI-thread CPU ${ms(steady.first.cpu)}  longest stall ${ms(steady.first.stall)}`,
);
console.log(
  `  the same again, 1 changed                  UI-thread CPU ${ms(steady.again.cpu)}  longest stall ${ms(steady.again.stall)}  (${steady.again.records} kept)`,
);
process.exit(0);
