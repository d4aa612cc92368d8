/**
 * Messages between the UI thread and a connector's worker thread. Everything is plain
 * data (structured clone). The worker runs plugin code, so the UI thread treats every
 * message from it as hostile: shapes are checked, strings re-sanitized and redacted,
 * records validated again (see ../isolated.ts).
 */
import type { ActionDescriptor, Capability, PluginTrait, StreamName } from '../../plugin-api/index.js';

/** Where a worker finds its plugin: a built-in id, or a module file resolved by the UI thread. */
export type PluginTarget = { kind: 'builtin'; id: string } | { kind: 'file'; file: string };

/** A demo world's accelerated clock, rebuilt in the worker: `simNow` was the time at real `realAt`. */
export type ClockSpec = { kind: 'real' } | { kind: 'sim'; simNow: number; realAt: number; speed: number };

/** Plain `HttpClientOptions` (the redactor is the worker's own). */
export interface HttpSpec {
  timeoutMs?: number;
  retries?: number;
  maxRetryAfterMs?: number;
  proxy?: string;
  caFile?: string;
  userAgent?: string;
}

/** `workerData` of a connector worker. */
export interface ConnectorWorkerData {
  mode: 'connector';
  instance: string;
  target: PluginTarget;
  /** The connector's config entry as written (host keys included; the worker strips them). */
  entry: { plugin: string; [key: string]: unknown };
  hostVersion: string;
  demo: boolean;
  baseDir: string;
  clock: ClockSpec;
  http: HttpSpec;
  readTimeoutMs?: number;
  writeTimeoutMs?: number;
  setupTimeoutMs?: number;
  /** Records per stream the worker sends at most; the rest are dropped with a warning. */
  maxRecords: number;
  /** Records per message: big results travel in slices so no single clone blocks the UI thread long. */
  chunkSize: number;
  /**
   * Plain-text credentials in this connector's entry (`token: abc…`): the worker redacts them
   * from the start, as the secrets it resolves later, in every encoding.
   */
  secrets: string[];
}

/** `workerData` of a config-check worker: runs the connector check where plugin code may run. */
export interface InspectWorkerData {
  mode: 'inspect';
  raw: unknown;
  baseDir: string;
  pluginPaths: readonly string[];
  pluginPackages: readonly string[];
  /** Paths and names whose entry says `override: true` (may replace a built-in's or another plugin's id). */
  pluginOverrides: readonly string[];
}

/** What the UI thread needs of a plugin to draw and route before (or without) its worker. */
export interface PluginInfo {
  id: string;
  version: string;
  displayName: string;
  capabilities: readonly Capability[];
  streams: readonly StreamName[];
  actions: readonly ActionDescriptor[];
  traits: readonly PluginTrait[];
}

export type CallOp = 'fetch' | 'act' | 'health' | 'describeActions' | 'timeline' | 'dispose';

export type ToWorker =
  | { type: 'call'; id: number; op: CallOp; args: unknown[] }
  | { type: 'cancel'; id: number; reason: string }
  | { type: 'secret'; id: number; ok: true; value: string }
  | { type: 'secret'; id: number; ok: false; message: string }
  | { type: 'ping'; n: number };

export interface WireError {
  code: string;
  message: string;
  retryAfterMs?: number;
}

/**
 * From the worker. Every reply may carry `stats`: the connector's own counters, taken in its
 * thread (opaque here; the port keeps the last one it saw).
 */
export type FromWorker =
  | { type: 'ready'; info: PluginInfo; stats?: unknown }
  | { type: 'refused'; error: WireError & { hostCode?: string } }
  | { type: 'chunk'; id: number; records: unknown[] }
  | { type: 'reply'; id: number; ok: true; value: unknown; stats?: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError; stats?: unknown }
  | { type: 'secret'; id: number; ref: unknown }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string }
  | { type: 'trouble'; message: string }
  | { type: 'exit-called'; code: number }
  /** `stats` rides along when the connector's counters changed since the last message that carried them. */
  | { type: 'pong'; n: number; stats?: unknown };

/** Where a plugin was loaded from (plain data, as `PluginSource` in ../loader.ts). */
export type ListedSource =
  | { kind: 'builtin' }
  | { kind: 'path'; file: string }
  | { kind: 'package'; name: string; version: string; dir: string; file: string };

/** The result of an inspect worker. */
export interface InspectResult {
  /** Every plugin the config loads (listed under plugins:, or named by a connector), with its source. */
  listed: (PluginInfo & { source: ListedSource })[];
  errors: unknown[];
  enabled: string[];
  plugins: PluginInfo[];
  /** Enabled connector instance → the module the worker should load. */
  targets: Record<string, PluginTarget>;
  /** Enabled connector instance → the id of the plugin that module holds. */
  ids: Record<string, string>;
  /** Listed plugins that were not registered (shadowing an id without `override: true`, failing to load). */
  unregistered: { list: 'paths' | 'packages'; spec: string; code?: string; message: string }[];
}
