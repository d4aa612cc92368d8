/**
 * Connectors in worker threads: one worker per connector instance, so a plugin that
 * blocks, spins, allocates without end, writes to stdout, exits or throws from a timer
 * costs its own connector and never the UI thread. This module is the UI-thread side;
 * ./worker/main.ts is the worker side. The worker validates, sanitizes and redacts, but
 * the plugin controls that thread, so everything that comes back is checked again here.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { plainSecretValues } from '../config/validate.js';
import type { ActionResult, DomainRecord } from '../domain/model.js';
import { identityOf } from '../domain/same-record.js';
import { sanitizeText } from '../domain/sanitize.js';
import type {
  ActionDescriptor,
  HealthResult,
  PluginLogger,
  SecretRef,
  StreamName,
  TimelineEntry,
} from '../plugin-api/index.js';
import { keepsTimeline, STREAMS } from '../plugin-api/index.js';
import { actionResultSchema, STREAM_SCHEMAS } from '../plugin-api/record-schemas.js';
import { HostError, PluginCallError } from './errors.js';
import type { ActionInput, ConnectorPort } from './port.js';
import { createRecordCache, type RecordCache } from './record-cache.js';
import { type ConnectorStats, coerceStats, createStatsCollector, emptyStats, mergeStats } from './stats.js';
import { checkTimeline } from './timeline.js';
import type {
  CallOp,
  ClockSpec,
  ConnectorWorkerData,
  FromWorker,
  HttpSpec,
  PluginInfo,
  PluginTarget,
  ToWorker,
  WireError,
} from './worker/protocol.js';

/** Limits of the isolation; every one has a default a cockpit user never needs to touch. */
export interface IsolationOptions {
  /** V8 old-generation limit per worker (MB). A plugin past it loses its worker, not the cockpit. */
  memoryMb?: number;
  /** A worker whose thread does not answer a heartbeat for this long is stuck: it is stopped and restarted. */
  stuckMs?: number;
  /** Records one stream may bring per poll; the rest are dropped with a warning. */
  maxRecords?: number;
  /** Records per message from the worker. */
  chunkSize?: number;
  /** First wait before restarting a stopped worker; doubles per restart up to `restartMaxMs`. */
  restartFirstMs?: number;
  restartMaxMs?: number;
  /** The worker entry (tests); default: dist/plugin-host.js next to the bundle, or the source loader. */
  workerUrl?: URL;
}

export const ISOLATION_DEFAULTS = {
  memoryMb: 512,
  stuckMs: 10_000,
  maxRecords: 50_000,
  chunkSize: 2_000,
  restartFirstMs: 1_000,
  restartMaxMs: 60_000,
} as const;

export interface IsolatedDeps {
  hostVersion: string;
  demo: boolean;
  baseDir: string;
  clock: ClockSpec;
  http: HttpSpec;
  /** Resolved on this thread (keychain, env, commands); the value is sent to the one worker that asked. */
  resolveSecret(ref: SecretRef): Promise<string>;
  logger(instance: string): PluginLogger;
  /** Scrubs resolved secrets; applied to every string that comes back from a worker. */
  redact(text: string): string;
  readTimeoutMs?: number;
  writeTimeoutMs?: number;
  setupTimeoutMs?: number;
  /**
   * Start the worker only once this settles (the cockpit: after its first frame, so starting
   * workers never competes with drawing it). Calls made before then wait, as during setup.
   */
  spawnAfter?: Promise<unknown>;
  /** Something the user should hear about (a crash, a stuck thread, dropped records). */
  onTrouble?(instance: string, level: 'warn' | 'error', message: string): void;
  isolation?: IsolationOptions;
}

/** A ConnectorPort whose plugin runs in its own worker thread. */
export interface IsolatedPort extends ConnectorPort {
  /** Resolves once setup() finished in the worker; rejects with a HostError when it never will. */
  ready: Promise<void>;
  /** The last stats snapshot the current worker sent (checked, redacted and sanitized here). */
  lastStats(): ConnectorStats;
  /** The worker's thread id while one runs (tests, resource figures). */
  threadId(): number | undefined;
}

/** Where the worker entry is: an override, the bundle's dist/plugin-host.js, or the source loader. */
export function pluginHostUrl(override?: URL): URL {
  if (override) return override;
  const env = process.env.ITOPS_PLUGIN_HOST;
  if (env) return new URL(env, 'file:///');
  const here = import.meta.url;
  if (/\.ts$/.test(here)) return new URL('./worker/source.mjs', here);
  for (const rel of ['./plugin-host.js', '../plugin-host.js']) {
    const url = new URL(rel, here);
    if (existsSync(url)) return url;
  }
  throw new Error(`itops-tui: the plugin host (plugin-host.js) is missing next to ${here}; rebuild.`);
}

/** A heartbeat answered this late is reported as a block (the thread is not stopped for it). */
const BLOCK_WARN_MS = 3_000;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Every string in a value redacted and sanitized; non-plain values dropped. */
function scrubDeep(value: unknown, scrub: (t: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (depth > 32) return undefined;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[scrub(k)] = scrubDeep(v, scrub, depth + 1);
  return out;
}

/** Records of one fetch, validated here as their slices arrive. */
interface Collector {
  stream: StreamName;
  records: DomainRecord[];
  dropped: number;
  firstProblem?: string;
  /** Last poll's checked records of this stream: an identical item is that record, unchecked again. */
  cache: RecordCache;
  /** References to records this thread does not hold (the worker's idea of the last poll differs). */
  missed: number;
}

interface PendingCall {
  op: CallOp;
  /** The operation's name in stats (`listIncidents`, `acknowledge`, `health`), as the worker counts it. */
  name: string;
  /** performance.now() when it was sent. */
  started: number;
  resolve(value: unknown): void;
  reject(err: PluginCallError): void;
  collector?: Collector;
  cleanup(): void;
}

type Phase = 'starting' | 'ready' | 'waiting' | 'refused' | 'closed';

/**
 * Start `instance` in its own worker. Never blocks on the worker: the port is usable at once
 * (calls wait for setup), and `ready` says when (or why not) it is set up.
 */
export function startIsolatedConnector(
  instance: string,
  entry: { plugin: string; [key: string]: unknown },
  target: PluginTarget,
  info: PluginInfo,
  deps: IsolatedDeps,
): IsolatedPort {
  const limits = { ...ISOLATION_DEFAULTS, ...deps.isolation };
  const log = deps.logger(instance);
  const scrub = (t: string) => sanitizeText(deps.redact(t));
  const who = `plugin ${info.id} (${instance})`;
  const readTimeoutMs = deps.readTimeoutMs ?? 180_000;
  const writeTimeoutMs = deps.writeTimeoutMs ?? 20_000;
  const setupTimeoutMs = deps.setupTimeoutMs ?? 10_000;
  const workerData: ConnectorWorkerData = {
    mode: 'connector',
    instance,
    target,
    entry,
    hostVersion: deps.hostVersion,
    demo: deps.demo,
    baseDir: deps.baseDir,
    clock: deps.clock,
    http: deps.http,
    readTimeoutMs,
    writeTimeoutMs,
    setupTimeoutMs,
    maxRecords: limits.maxRecords,
    chunkSize: limits.chunkSize,
    // The worker's own redactor knows this entry's plain-text credentials before plugin code runs.
    secrets: plainSecretValues({ connectors: { [instance]: entry } }).map((p) => p.value),
  };

  let worker: Worker | undefined;
  let phase: Phase = 'starting';
  let everReady = false;
  /** The current worker's last stats snapshot; earlier workers' are folded into `pastStats`. */
  let stats: ConnectorStats = emptyStats();
  let pastStats: ConnectorStats = emptyStats();
  /** Calls no worker answered (stopped at this thread's deadline, crashed, stuck): timed here. */
  const local = createStatsCollector();
  let nextId = 1;
  const pending = new Map<number, PendingCall>();
  /** Per stream, the records the last whole poll produced on this thread (host/record-cache.ts). */
  const caches = new Map<StreamName, { cache: RecordCache; generation: number | undefined }>();
  /** Calls made while a (re)start is under way. */
  let waitReady: { promise: Promise<void>; resolve(): void; reject(e: Error): void } | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarts = 0;
  /** Why the last worker stopped (code and message), while the next one is not up. */
  let down: WireError | undefined;
  let restartAt = 0;
  let heartbeat: NodeJS.Timeout | undefined;
  let lastPong = 0;
  /** Calls that ran since the last heartbeat answer: what a late answer is blamed on. */
  let opsSincePong = new Set<CallOp>();
  let ping = 0;
  let loadTimer: NodeJS.Timeout | undefined;
  let outLines = 0;
  let outWindow = 0;

  let settleReady!: { resolve(): void; reject(e: Error): void };
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  ready.catch(() => {});

  const newWait = () => {
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {});
    return { promise, resolve, reject };
  };
  waitReady = newWait();

  const keepAlive = () => {
    // A worker with calls in flight keeps the process up (a hung plugin must become a timeout,
    // never Node's "unsettled top-level await"); an idle one does not hold it.
    if (!worker) return;
    if (pending.size > 0 || phase === 'starting') worker.ref();
    else worker.unref();
  };

  const output = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    // A plugin's console.log and raw writes land in its log, never on the terminal; bounded.
    const now = Date.now();
    if (now - outWindow > 60_000) {
      if (outLines > 200) log.warn(`${who} ${stream}: ${outLines - 200} more lines not logged`);
      outWindow = now;
      outLines = 0;
    }
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      if (++outLines > 200) continue;
      log.info(`${who} wrote to ${stream}: ${scrub(line).slice(0, 2_000)}`);
    }
  };

  const failAll = (error: WireError) => {
    for (const [id, call] of pending) {
      pending.delete(id);
      call.cleanup();
      // The worker will never count this call: it is timed here (shutting down is no failure).
      if (error.code !== 'CANCELLED') {
        local.call(call.name, performance.now() - call.started, { code: error.code, message: error.message });
      }
      call.reject(new PluginCallError(instance, call.op, error.code, error.message, error.retryAfterMs));
    }
  };

  const stop = (reason: WireError, restart: boolean) => {
    if (!worker) return;
    const w = worker;
    worker = undefined;
    clearInterval(heartbeat);
    clearTimeout(loadTimer);
    void w.terminate().catch(() => {});
    afterStop(reason, restart);
  };

  const afterStop = (reason: WireError, restart: boolean) => {
    failAll(reason);
    // A restarted worker counts from zero: what this one counted stays in the totals.
    pastStats = mergeStats(pastStats, stats);
    stats = emptyStats();
    if (phase === 'closed') return;
    if (!everReady) {
      phase = 'refused';
      const code =
        reason.code === 'PLUGIN_CONFIG' ||
        reason.code === 'PLUGIN_INVALID' ||
        reason.code === 'PLUGIN_NOT_FOUND' ||
        reason.code === 'PLUGIN_API_VERSION'
          ? reason.code
          : 'PLUGIN_SETUP';
      const err = Object.assign(new HostError(code, reason.message), { plugin: entry.plugin });
      settleReady.reject(err);
      waitReady?.reject(err);
      return;
    }
    if (!restart) return;
    phase = 'waiting';
    const wait = Math.min(limits.restartFirstMs * 2 ** restarts, limits.restartMaxMs);
    restarts++;
    restartAt = Date.now() + wait;
    down = reason;
    log.error(`${reason.message}; restarting its worker in ${seconds(wait)}`);
    deps.onTrouble?.(instance, 'error', `${reason.message}; restarting in ${seconds(wait)}`);
    // Calls waiting for this start fail now with its reason, not at their own deadline.
    waitReady?.reject(Object.assign(new Error(reason.message), { code: reason.code }));
    waitReady = newWait();
    restartTimer = setTimeout(spawn, wait);
    restartTimer.unref();
  };

  const onMessage = (m: FromWorker, from?: Worker) => {
    if (!m || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') return;
    // Stats strings (a drop reason, an error) were written in the plugin's thread: checked here.
    if ('stats' in m && m.stats !== undefined && (from === undefined || from === worker)) {
      stats = coerceStats(m.stats, scrub) ?? stats;
    }
    switch (m.type) {
      case 'pong': {
        // A late answer means plugin code held the thread: say who, and during what.
        const now = Date.now();
        const gap = lastPong > 0 ? now - lastPong : 0;
        const busy = new Set([...opsSincePong, ...[...pending.values()].map((c) => c.op)]);
        opsSincePong = new Set([...pending.values()].map((c) => c.op));
        if (gap > BLOCK_WARN_MS) {
          const during = [...busy].join(', ') || 'idle';
          const text = `${who} blocked its thread for ${seconds(gap)} (during ${during})`;
          log.warn(text);
          deps.onTrouble?.(instance, 'warn', text);
        }
        lastPong = now;
        return;
      }
      case 'ready':
        clearTimeout(loadTimer);
        phase = 'ready';
        down = undefined;
        everReady = true;
        settleReady.resolve();
        waitReady?.resolve();
        keepAlive();
        return;
      case 'refused': {
        const e = m.error ?? { code: 'PLUGIN_SETUP', message: 'refused' };
        const message = scrub(String(e.message ?? 'refused'));
        stop({ code: String(e.code ?? 'PLUGIN_SETUP'), message }, true);
        return;
      }
      case 'secret':
        void deps
          .resolveSecret(m.ref as SecretRef)
          .then(
            (value): ToWorker => ({ type: 'secret', id: Number(m.id), ok: true, value }),
            (err: Error): ToWorker => ({
              type: 'secret',
              id: Number(m.id),
              ok: false,
              message: deps.redact(String(err?.message ?? err)),
            }),
          )
          .then((reply) => worker?.postMessage(reply));
        return;
      case 'log': {
        const level = (['debug', 'info', 'warn', 'error'] as const).find((l) => l === m.level) ?? 'info';
        log[level](scrub(String(m.msg)).slice(0, 8_000));
        return;
      }
      case 'trouble': {
        const text = `${who} ${scrub(String(m.message)).slice(0, 1_000)}`;
        log.warn(text);
        deps.onTrouble?.(instance, 'warn', text);
        return;
      }
      case 'exit-called':
        log.error(`${who} called process.exit(${Number(m.code) || 0})`);
        return;
      case 'chunk':
        onChunk(m.id, m.records);
        return;
      case 'reply':
        onReply(m);
        return;
    }
  };

  const onChunk = (id: unknown, records: unknown) => {
    const c = pending.get(Number(id))?.collector;
    if (!c || !Array.isArray(records)) return;
    // Checked in this message's turn, on purpose: deferring the work lets the port deliver every
    // queued slice at once, and deserializing them back to back stalled this thread for longer.
    const schema = STREAM_SCHEMAS[c.stream];
    for (const item of records) {
      if (c.records.length >= limits.maxRecords) {
        c.dropped++;
        continue;
      }
      if (typeof item === 'string') {
        // "Unchanged since the last poll": a reference to a record this thread checked and kept
        // for this stream. Only what this thread holds can be named; anything else is dropped.
        const known = c.cache.get(item);
        if (known) {
          c.records.push(known);
          c.cache.keep(known, item);
        } else c.missed++;
        continue;
      }
      // Kept under the identity the worker sees (before this thread's checks), so its
      // references find the record even if sanitizing here changed an id.
      const identity =
        item !== null && typeof item === 'object' ? identityOf(item as DomainRecord) : undefined;
      // An item equal, field by field, to a record this thread checked last poll is that record:
      // checking is idempotent on its own output, so the plugin's thread gains nothing by it.
      const known = c.cache.reuse(item);
      if (known) {
        c.records.push(known);
        c.cache.keep(known, identity);
        continue;
      }
      // Checked again on this thread: the worker's own check ran in the plugin's thread.
      const parsed = schema.safeParse({ ...(item as object), source: instance });
      if (parsed.success) {
        const record = scrubDeep(parsed.data, scrub) as DomainRecord;
        c.records.push(record);
        c.cache.keep(record, identity);
      } else {
        c.dropped++;
        c.firstProblem ??= `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`;
      }
    }
  };

  const onReply = (m: Extract<FromWorker, { type: 'reply' }>) => {
    const call = pending.get(Number(m.id));
    if (!call) return;
    pending.delete(Number(m.id));
    call.cleanup();
    keepAlive();
    if (m.ok === true) {
      restarts = 0;
      call.resolve(m.value);
      return;
    }
    const e = (m.error ?? {}) as Partial<WireError>;
    call.reject(
      new PluginCallError(
        instance,
        call.op,
        typeof e.code === 'string' ? scrub(e.code).slice(0, 40) : 'INTERNAL',
        scrub(typeof e.message === 'string' ? e.message : 'failed'),
        typeof e.retryAfterMs === 'number' && Number.isFinite(e.retryAfterMs) ? e.retryAfterMs : undefined,
      ),
    );
  };

  function spawn() {
    if (phase === 'closed') return;
    phase = 'starting';
    let w: Worker;
    try {
      w = new Worker(pluginHostUrl(limits.workerUrl), {
        workerData,
        stdout: true,
        stderr: true,
        name: `itops connector ${instance}`,
        resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
      });
    } catch (err) {
      afterStop(
        { code: 'INTERNAL', message: `${who}: could not start a worker: ${(err as Error).message}` },
        true,
      );
      return;
    }
    worker = w;
    lastPong = 0;
    let lastError: Error | undefined;
    w.stdout.on('data', output('stdout'));
    w.stderr.on('data', output('stderr'));
    w.on('message', (m: FromWorker) => onMessage(m, w));
    w.on('error', (err) => {
      lastError = err;
    });
    w.on('exit', (code) => {
      if (worker !== w) return; // stopped by us; already handled
      worker = undefined;
      clearInterval(heartbeat);
      clearTimeout(loadTimer);
      const oom = (lastError as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const message = oom
        ? `${who} ran out of memory (limit ${limits.memoryMb} MB); its worker was stopped`
        : lastError
          ? `${who} crashed: ${scrub(`${lastError.name}: ${lastError.message}`)}`
          : `${who} ended its thread (process.exit(${code}))`;
      afterStop({ code: 'INTERNAL', message }, true);
    });
    // Heartbeat: a thread that stops answering is blocked by plugin code (timers inside it cannot
    // fire), so only this thread can stop it. Counted from the first answer: loading the worker's
    // own modules is not the plugin's fault.
    heartbeat = setInterval(
      () => {
        if (worker !== w) return;
        if (lastPong > 0 && Date.now() - lastPong > limits.stuckMs) {
          const during = [...pending.values()].map((c) => c.op).join(', ') || (everReady ? 'idle' : 'setup');
          stop(
            {
              code: 'TIMEOUT',
              message: `${who} blocked its thread for more than ${seconds(limits.stuckMs)} (during ${during}); its worker was stopped`,
            },
            true,
          );
          return;
        }
        w.postMessage({ type: 'ping', n: ++ping } satisfies ToWorker);
      },
      Math.max(50, Math.min(1_000, limits.stuckMs / 4)),
    );
    heartbeat.unref();
    w.postMessage({ type: 'ping', n: ++ping } satisfies ToWorker);
    // Setup has its own deadline inside the worker; this one also covers a blocked import.
    loadTimer = setTimeout(() => {
      if (worker === w && phase === 'starting') {
        stop(
          {
            code: 'TIMEOUT',
            message: `${who} did not finish loading and setup within ${seconds(setupTimeoutMs + 20_000)}; its worker was stopped`,
          },
          true,
        );
      }
    }, setupTimeoutMs + 20_000);
    keepAlive();
  }

  const call = async (
    op: CallOp,
    args: unknown[],
    timeoutMs: number,
    signal?: AbortSignal,
    collector?: Collector,
    name: string = op,
  ): Promise<unknown> => {
    if (signal?.aborted) throw new PluginCallError(instance, op, 'CANCELLED', 'cancelled');
    if (phase === 'closed') throw new PluginCallError(instance, op, 'CANCELLED', `${instance} is shut down`);
    if (phase === 'waiting' && down) {
      const left = Math.max(0, restartAt - Date.now());
      throw new PluginCallError(instance, op, down.code, `${down.message}; restarting in ${seconds(left)}`);
    }
    if (phase !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new PluginCallError(instance, op, 'TIMEOUT', `${who} is not set up yet`)),
          setupTimeoutMs + 20_000,
        );
        const onAbort = () => reject(new PluginCallError(instance, op, 'CANCELLED', 'cancelled'));
        signal?.addEventListener('abort', onAbort, { once: true });
        waitReady?.promise.then(resolve, (err: Error) =>
          reject(
            new PluginCallError(instance, op, (err as { code?: string }).code ?? 'PLUGIN_SETUP', err.message),
          ),
        );
        void waitReady?.promise
          .catch(() => {})
          .finally(() => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
          });
      });
    }
    const w = worker;
    if (!w || phase !== 'ready') {
      throw new PluginCallError(
        instance,
        op,
        down?.code ?? 'INTERNAL',
        down?.message ?? `${who} is not running`,
      );
    }
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = () => {
        const why = signal?.reason instanceof Error ? signal.reason.message : 'cancelled';
        w.postMessage({ type: 'cancel', id, reason: why } satisfies ToWorker);
        pending.delete(id);
        entry.cleanup();
        keepAlive();
        reject(new PluginCallError(instance, op, 'CANCELLED', why));
      };
      // The worker answers its own deadline (a TIMEOUT from a hung promise); this one is the
      // backstop for a worker that cannot answer at all. Not unref'd: it keeps the process up.
      const timer = setTimeout(() => {
        stop(
          {
            code: 'TIMEOUT',
            message: `${who} gave no answer to ${op} within ${seconds(timeoutMs + 5_000)}; its worker was stopped`,
          },
          true,
        );
      }, timeoutMs + 5_000);
      const entry: PendingCall = {
        op,
        name,
        started: performance.now(),
        resolve,
        reject,
        ...(collector ? { collector } : {}),
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      pending.set(id, entry);
      signal?.addEventListener('abort', onAbort, { once: true });
      keepAlive();
      opsSincePong.add(op);
      w.postMessage({ type: 'call', id, op, args } satisfies ToWorker);
    });
  };

  const allowed = new Map(info.actions.map((a) => [a.id, a]));
  let described: readonly ActionDescriptor[] = info.actions;

  const port: IsolatedPort = {
    instance,
    pluginId: info.id,
    displayName: info.displayName,
    capabilities: info.capabilities,
    streams: info.streams,
    actions: info.actions,
    traits: info.traits,
    ready,
    lastStats: () => stats,
    stats: () => mergeStats(pastStats, stats, local.snapshot()),
    threadId: () => worker?.threadId,
    async fetch(stream, signal, read) {
      if (!info.streams.includes(stream)) {
        throw new PluginCallError(instance, stream, 'UNSUPPORTED', `${instance} does not provide ${stream}`);
      }
      const kept = caches.get(stream) ?? { cache: createRecordCache(instance), generation: undefined };
      caches.set(stream, kept);
      const { cache } = kept;
      cache.begin();
      const collected: Collector = { stream, records: [], dropped: 0, cache, missed: 0 };
      // `have`: the worker may name records of that fetch of its own as unchanged instead of
      // sending them, because this thread kept exactly those. Any other fetch is sent whole.
      const answer = await call(
        'fetch',
        [stream, read?.fresh === true, kept.generation ?? null],
        readTimeoutMs,
        signal,
        collected,
        STREAMS[stream].method,
      );
      const generation = (answer as { generation?: unknown } | null)?.generation;
      if (collected.missed > 0) {
        // Only a worker that lost track (or forged slices) names what this thread never kept.
        collected.dropped += collected.missed;
        collected.firstProblem ??= `${collected.missed} sent as unchanged, but not held here`;
      }
      // Only a poll that arrived whole becomes what the next one is compared with and refers to.
      cache.commit();
      kept.generation =
        collected.missed === 0 && typeof generation === 'number' && Number.isSafeInteger(generation)
          ? generation
          : undefined;
      const { records, dropped } = collected;
      if (dropped > 0) {
        const msg = `${instance}: dropped ${dropped} ${stream} records on arrival (${collected.firstProblem ?? `over the limit of ${limits.maxRecords}`})`;
        log.warn(msg);
        local.dropped(stream, dropped, collected.firstProblem ?? `over the limit of ${limits.maxRecords}`);
        if (records.length === 0) throw new PluginCallError(instance, stream, 'BAD_RESPONSE', msg);
      }
      return records;
    },
    async describeActions(signal) {
      try {
        const value = await call('describeActions', [], 3_000, signal);
        if (!Array.isArray(value)) return described;
        // Only actions declared up front, with their identity as declared: the worker may
        // adjust words and choices, never add an action or change what it runs.
        const next: ActionDescriptor[] = [];
        for (const raw of value as ActionDescriptor[]) {
          const known = raw && typeof raw === 'object' ? allowed.get(String(raw.id)) : undefined;
          if (!known) continue;
          const clean = scrubDeep(raw, scrub) as ActionDescriptor;
          next.push({ ...clean, id: known.id, kind: known.kind, method: known.method, custom: known.custom });
        }
        described = next.length > 0 ? next : described;
      } catch (err) {
        log.warn(`${instance}: describeActions() was not used: ${scrub((err as Error).message)}`);
      }
      return described;
    },
    async act(input: ActionInput, signal) {
      const name = allowed.get(input.action)?.method ?? input.action;
      const value = await call('act', [input], writeTimeoutMs, signal, undefined, name);
      const parsed = actionResultSchema.safeParse(value);
      if (!parsed.success) {
        throw new PluginCallError(
          instance,
          input.action,
          'BAD_RESPONSE',
          `${input.action} returned no ActionResult`,
        );
      }
      return { ...parsed.data, message: scrub(parsed.data.message) } as ActionResult;
    },
    async timeline(incident, signal) {
      if (!keepsTimeline(info.capabilities)) {
        throw new PluginCallError(instance, 'timeline', 'UNSUPPORTED', `${instance} keeps no timeline`);
      }
      // Plain data only crosses: the record as the store holds it.
      const value = await call('timeline', [incident], readTimeoutMs, signal, undefined, 'timeline');
      // Checked again here: the worker runs plugin code and is trusted for nothing.
      const checked = checkTimeline(instance, value);
      if (checked.problem) log.warn(scrub(checked.problem));
      return checked.entries.map((e) => scrubDeep(e, scrub) as TimelineEntry);
    },
    async health(signal) {
      const value = await call('health', [], readTimeoutMs, signal);
      const h = (value ?? {}) as Partial<HealthResult>;
      return { ok: h.ok === true, detail: scrub(String(h.detail ?? '')) };
    },
    async dispose() {
      if (phase === 'closed') return;
      clearTimeout(restartTimer);
      if (worker && phase === 'ready') {
        await Promise.race([
          call('dispose', [], 2_000).catch(() => {}),
          new Promise((r) => setTimeout(r, 2_500).unref()),
        ]);
      }
      phase = 'closed';
      const w = worker;
      worker = undefined;
      clearInterval(heartbeat);
      clearTimeout(loadTimer);
      failAll({ code: 'CANCELLED', message: `${instance} is shut down` });
      waitReady?.reject(new PluginCallError(instance, 'dispose', 'CANCELLED', `${instance} is shut down`));
      settleReady.reject(new HostError('PLUGIN_SETUP', `${instance} was shut down before it was set up`));
      await w?.terminate().catch(() => {});
    },
  };
  if (deps.spawnAfter) void deps.spawnAfter.then(spawn, spawn);
  else spawn();
  return port;
}
