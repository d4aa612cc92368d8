/**
 * The worker side of an isolated connector (or of the config check of third-party plugins).
 * Everything a plugin does happens on this thread: import, config check, setup, polls,
 * writes, its timers. The UI thread only sees the messages in ./protocol.ts.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { formatConfigIssues } from '../../config/errors.js';
import { SecretRegistry } from '../../config/redact.js';
import type { DomainRecord, Incident } from '../../domain/model.js';
import { identityOf } from '../../domain/same-record.js';
import { createHttpClient } from '../../http/client.js';
import { type PluginLogger, type SecretRef, STREAMS, type StreamName } from '../../plugin-api/index.js';
import { checkConnectors } from '../check.js';
import { HostError, PluginCallError } from '../errors.js';
import { loadPlugin, pluginSource } from '../loader.js';
import type { ActionInput, ConnectorPort } from '../port.js';
import { startConnector } from '../start.js';
import type {
  ClockSpec,
  ConnectorWorkerData,
  FromWorker,
  InspectResult,
  InspectWorkerData,
  PluginInfo,
  PluginTarget,
  ToWorker,
  WireError,
} from './protocol.js';

if (!parentPort) throw new Error('src/host/worker/main.ts runs only as a worker thread');
const port: MessagePort = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

/** Heartbeats first, before any plugin code can run: a blocked thread is then told from a slow one. */
let heard: () => void = () => {};
/**
 * The connector's stats when they changed since they were last sent ({} otherwise): heartbeat
 * answers carry them, so the UI thread's copy keeps moving during a long call, not only at its end.
 */
let changedStats: () => { stats?: unknown } = () => ({});
/**
 * The first heartbeat answered: the UI thread then knows this thread was alive before plugin
 * code ran. Without waiting, a plugin module imported in the same turn can spin before any
 * message is delivered, and a blocked plugin would look like a slow start.
 */
const firstPing = new Promise<void>((resolve) => {
  heard = resolve;
});
port.on('message', (m: ToWorker) => {
  if (m?.type !== 'ping') return;
  post({ type: 'pong', n: m.n, ...changedStats() });
  heard();
});

// Whatever a plugin leaves behind (a throw from its timer, a rejected promise nobody awaited)
// is reported as the plugin's, and the thread carries on serving calls.
process.on('uncaughtException', (err) => {
  post({ type: 'trouble', message: `threw outside any call: ${describe(err)}` });
});
process.on('unhandledRejection', (err) => {
  post({ type: 'trouble', message: `left a promise rejected with nobody waiting: ${describe(err)}` });
});
// process.exit() in a worker ends only this thread; say so before it goes (best effort; the
// UI thread also sees the exit code).
const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  post({ type: 'exit-called', code: Number(code ?? 0) || 0 });
  return realExit(code as number);
}) as typeof process.exit;

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

function toWire(err: unknown): WireError {
  if (err instanceof PluginCallError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
    };
  }
  const e = err as { code?: unknown; message?: unknown };
  return {
    code: typeof e?.code === 'string' ? e.code : 'INTERNAL',
    message: typeof e?.message === 'string' ? e.message : String(err),
  };
}

function clockOf(spec: ClockSpec): { now(): number } {
  if (spec.kind === 'real') return { now: () => Date.now() };
  const real = () => performance.timeOrigin + performance.now();
  return { now: () => Math.floor(spec.simNow + (real() - spec.realAt) * spec.speed) };
}

export function infoOf(plugin: {
  id: string;
  version: string;
  displayName: string;
  capabilities: readonly string[];
  traits?: readonly string[];
}): Omit<PluginInfo, 'actions' | 'streams'> {
  return {
    id: plugin.id,
    version: plugin.version,
    displayName: plugin.displayName,
    capabilities: [...plugin.capabilities] as PluginInfo['capabilities'],
    traits: [...(plugin.traits ?? [])] as PluginInfo['traits'],
  };
}

async function runInspect(data: InspectWorkerData): Promise<void> {
  const { resolveActions, streamOfKind } = await import('../../plugin-api/index.js');
  const checked = await checkConnectors(data.raw, {
    baseDir: data.baseDir,
    pluginPaths: data.pluginPaths,
    pluginPackages: data.pluginPackages,
    pluginOverrides: data.pluginOverrides,
  });
  const targets: Record<string, PluginTarget> = {};
  const ids: Record<string, string> = {};
  for (const [instance, plugin] of checked.byInstance) {
    ids[instance] = plugin.id;
    const source = pluginSource(plugin);
    targets[instance] =
      source && source.kind !== 'builtin'
        ? { kind: 'file', file: source.file }
        : { kind: 'builtin', id: plugin.id };
  }
  const all = new Map([
    ...checked.registered,
    ...[...checked.byInstance.values()].map((p) => [p.id, p] as const),
  ]);
  const result: InspectResult = {
    listed: [...all.values()].map((p) => ({
      ...infoOf(p),
      streams: [],
      actions: [],
      source: pluginSource(p) ?? { kind: 'builtin' },
    })),
    errors: checked.errors,
    enabled: checked.enabled,
    targets,
    ids,
    unregistered: checked.unregistered,
    plugins: checked.plugins.map((p) => ({
      ...infoOf(p),
      streams: (Object.keys(STREAMS) as StreamName[]).filter((s) =>
        (p.capabilities as readonly string[]).includes(STREAMS[s].capability),
      ),
      actions: resolveActions(p.capabilities, p.actions, undefined, streamOfKind),
    })),
  };
  // JSON round trip: issues may hold values zod left in them (functions would not clone).
  port.postMessage({ type: 'inspected', result: JSON.parse(JSON.stringify(result)) });
}

async function runConnector(data: ConnectorWorkerData): Promise<void> {
  const redactor = new SecretRegistry();
  // Plain-text credentials of this connector's entry: known before any plugin code runs.
  for (const secret of data.secrets ?? []) redactor.register(secret);
  const pendingSecrets = new Map<number, { resolve(v: string): void; reject(e: Error): void }>();
  let nextSecret = 1;
  const logger = (): PluginLogger => {
    const at =
      (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, extra?: Record<string, unknown>) => {
        let text = String(msg);
        if (extra !== undefined) {
          try {
            text += ` ${JSON.stringify(extra)}`;
          } catch {
            text += ' [unserializable data]';
          }
        }
        post({ type: 'log', level, msg: redactor.redact(text).slice(0, 8_000) });
      };
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  };
  const calls = new Map<number, AbortController>();
  let connector: ConnectorPort | undefined;
  const queue: ToWorker[] = [];

  port.on('message', (m: ToWorker) => {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'secret') {
      const waiting = pendingSecrets.get(m.id);
      pendingSecrets.delete(m.id);
      if (!waiting) return;
      if (m.ok) {
        redactor.register(m.value);
        waiting.resolve(m.value);
      } else waiting.reject(new Error(m.message));
    } else if (m.type === 'cancel') {
      calls.get(m.id)?.abort(new PluginCallError(data.instance, 'call', 'CANCELLED', m.reason));
    } else if (m.type === 'call') {
      if (connector) void serve(connector, m);
      else queue.push(m);
    }
  });

  let lastSent = '';
  const stats = () => {
    const fn = (connector as { stats?: () => unknown } | undefined)?.stats;
    if (typeof fn !== 'function') return {};
    try {
      const snapshot = fn.call(connector);
      lastSent = JSON.stringify(snapshot);
      return { stats: snapshot };
    } catch {
      return {};
    }
  };
  changedStats = () => {
    const fn = (connector as { stats?: () => unknown } | undefined)?.stats;
    if (typeof fn !== 'function') return {};
    try {
      const snapshot = fn.call(connector);
      const text = JSON.stringify(snapshot);
      if (text === lastSent) return {};
      lastSent = text;
      return { stats: snapshot };
    } catch {
      return {};
    }
  };

  /** Per stream: the number of the last fetch, and the records it sent, by object, with their identity. */
  const generations = new Map<StreamName, number>();
  // Numbers from a random start: a restarted worker must not match what the UI thread kept from
  // the one before it (its fetch 1 is not the old worker's fetch 1).
  const firstGeneration = Math.floor(Math.random() * 2 ** 40);
  const sentBefore = new Map<StreamName, Map<DomainRecord, string>>();
  /**
   * A poll's records as they cross to the UI thread: a record the last fetch also sent (the host
   * here hands back the very same object when nothing in it changed) goes as its identity only,
   * when the UI thread says it kept that fetch (`theyHaveLast`). Cloning and re-checking 100,000
   * unchanged records was most of a quiet poll's cost on the UI thread. An identity two records
   * share is always sent whole: a reference must name one record.
   */
  const byReference = (stream: StreamName, records: DomainRecord[], theyHaveLast: boolean): unknown[] => {
    const before = theyHaveLast ? sentBefore.get(stream) : undefined;
    const ids = records.map(identityOf);
    const seen = new Map<string, number>();
    for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    const now = new Map<DomainRecord, string>();
    const out = records.map((r, i) => {
      const id = ids[i]!;
      if (seen.get(id) !== 1) return r;
      now.set(r, id);
      return before?.get(r) === id ? id : r;
    });
    sentBefore.set(stream, now);
    return out;
  };

  const serve = async (c: ConnectorPort, m: Extract<ToWorker, { type: 'call' }>) => {
    const controller = new AbortController();
    calls.set(m.id, controller);
    try {
      let value: unknown;
      switch (m.op) {
        case 'fetch': {
          const stream = m.args[0] as StreamName;
          // Capped (before anything is checked) by the port: see `overLimit` below.
          const records = await c.fetch(stream, controller.signal, { fresh: m.args[1] === true });
          const generation = (generations.get(stream) ?? firstGeneration) + 1;
          generations.set(stream, generation);
          const items = byReference(stream, records, m.args[2] === generation - 1);
          for (let i = 0; i < items.length; i += data.chunkSize) {
            post({ type: 'chunk', id: m.id, records: items.slice(i, i + data.chunkSize) });
          }
          value = { count: records.length, generation };
          break;
        }
        case 'act':
          value = await c.act(m.args[0] as ActionInput, controller.signal);
          break;
        case 'health':
          value = await c.health(controller.signal);
          break;
        case 'describeActions':
          value = await c.describeActions(controller.signal);
          break;
        case 'timeline':
          if (!c.timeline) {
            throw new PluginCallError(data.instance, 'timeline', 'UNSUPPORTED', 'no timeline');
          }
          value = await c.timeline(m.args[0] as Incident, controller.signal);
          break;
        case 'dispose':
          value = await c.dispose();
          break;
      }
      post({ type: 'reply', id: m.id, ok: true, value: value ?? null, ...stats() });
    } catch (err) {
      post({ type: 'reply', id: m.id, ok: false, error: toWire(err), ...stats() });
    } finally {
      calls.delete(m.id);
    }
  };

  await Promise.race([firstPing, new Promise((r) => setTimeout(r, 2_000).unref())]);
  try {
    const plugin =
      data.target.kind === 'builtin'
        ? await loadPlugin(data.target.id, data.baseDir)
        : await loadPlugin(data.target.file, data.baseDir);
    connector = await startConnector(
      data.instance,
      data.entry,
      {
        hostVersion: data.hostVersion,
        demo: data.demo,
        baseDir: data.baseDir,
        clock: clockOf(data.clock),
        // The hooks count this connector's requests and rate-limit budget, in this thread.
        createHttp: (_instance, hooks) =>
          createHttpClient({ ...data.http, redactor, ...(hooks ? { hooks } : {}) }),
        resolveSecret: (ref: SecretRef) =>
          new Promise<string>((resolve, reject) => {
            const id = nextSecret++;
            pendingSecrets.set(id, { resolve, reject });
            post({ type: 'secret', id, ref: JSON.parse(JSON.stringify(ref ?? null)) });
          }),
        formatConfigIssues: (error, path, root) =>
          formatConfigIssues(error, path, root)
            .split('\n')
            .map((line) => line.trim())
            .join('; '),
        logger,
        redact: (t) => redactor.redact(t),
        port: {
          maxRecords: data.maxRecords,
          overLimit: (stream, dropped, total) =>
            post({
              type: 'trouble',
              message: `dropped ${dropped} of ${total} ${stream} records over the limit of ${data.maxRecords} per stream (plugins.maxRecordsPerStream)`,
            }),
          ...(data.readTimeoutMs ? { readTimeoutMs: data.readTimeoutMs } : {}),
          ...(data.writeTimeoutMs ? { writeTimeoutMs: data.writeTimeoutMs } : {}),
        },
        ...(data.setupTimeoutMs ? { setupTimeoutMs: data.setupTimeoutMs } : {}),
      },
      new Map([[data.entry.plugin, plugin]]),
    );
  } catch (err) {
    const hostCode = err instanceof HostError ? err.code : 'PLUGIN_SETUP';
    post({ type: 'refused', error: { ...toWire(err), code: hostCode, hostCode } });
    return;
  }
  post({
    type: 'ready',
    info: {
      ...infoOf({ ...connector, id: connector.pluginId, version: '' }),
      streams: [...connector.streams],
      actions: connector.actions,
    },
    ...stats(),
  });
  for (const m of queue.splice(0)) if (m.type === 'call') void serve(connector, m);
}

// No top-level await: a worker's port delivers messages (the heartbeat among them) only once
// its entry module has finished evaluating, and the plugin's setup may never finish.
const data = workerData as ConnectorWorkerData | InspectWorkerData;
if (data.mode === 'inspect') {
  runInspect(data).catch((err: unknown) => {
    port.postMessage({ type: 'inspect-failed', message: describe(err) });
  });
} else void runConnector(data);
