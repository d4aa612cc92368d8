import { redactDeep } from '../config/redact.js';
import type { ActionResult, DomainRecord } from '../domain/model.js';
import { sanitizeDeep, sanitizeText } from '../domain/sanitize.js';
import {
  type ActionDescriptor,
  actionArgs,
  actionDeclarationProblem,
  type Capability,
  type Connector,
  type HealthResult,
  keepsTimeline,
  type Plugin,
  type PluginActions,
  resolveActions,
  STREAMS,
  type StreamName,
  streamOfKind,
  type TimelineEntry,
} from '../plugin-api/index.js';
import { actionResultSchema, STREAM_SCHEMAS } from '../plugin-api/record-schemas.js';
import { PluginCallError } from './errors.js';
import { invoke } from './invoke.js';
import type { ActionInput, ConnectorPort } from './port.js';
import { createRecordCache, type RecordCache } from './record-cache.js';
import { createStatsCollector, type StatsCollector } from './stats.js';
import { checkTimeline } from './timeline.js';

export interface PortOptions {
  /** Deadline for one read (all pages). */
  readTimeoutMs?: number;
  /** Deadline for one write. */
  writeTimeoutMs?: number;
  /** Where to report records a plugin returned that do not fit the model. */
  warn?: (message: string) => void;
  /** Scrubs resolved secrets; applied to every message a plugin produces before anyone sees it. */
  redact?: (text: string) => string;
  /** Records one read may bring; the rest are dropped before they are checked. */
  maxRecords?: number;
  /** Told when a read brought more than `maxRecords` (dropped, of total). */
  overLimit?: (stream: StreamName, dropped: number, total: number) => void;
  /** Where calls, drops and (through the HTTP client's hooks) requests are counted; one is made when absent. */
  stats?: StatsCollector;
}

type AnyConnector = Connector<Capability> & Record<string, unknown>;

/** Longest stretch of record checking before the event loop gets a turn (keys, frames). */
const SLICE_MS = 8;

/** Wrap a set-up connector so every call is deadline-bound, validated and sanitized. */
export function createConnectorPort(
  instance: string,
  plugin: Plugin,
  connector: AnyConnector,
  options: PortOptions = {},
): ConnectorPort {
  const scrub = (text: string) => sanitizeText(options.redact ? options.redact(text) : text);
  // Records and results are plugin output too: a plugin may copy a token into a title or field.
  const scrubDeep = <T>(value: T): T => (options.redact ? redactDeep(value, options.redact) : value);
  // Plugin error text is untrusted like any vendor string: it may quote a token or carry escape
  // sequences, and it ends up on screen, in snapshot JSON, on stderr and in the audit log.
  const stats = options.stats ?? createStatsCollector();
  const call = async <T>(
    operation: string,
    fn: (s: AbortSignal) => Promise<T>,
    timeoutMs: number,
    signal?: AbortSignal,
  ) => {
    const started = performance.now();
    try {
      const result = await invoke(instance, operation, fn, { timeoutMs, signal });
      stats.call(operation, performance.now() - started);
      return result;
    } catch (err) {
      const e = err as PluginCallError;
      const message = scrub(e.message);
      stats.call(operation, performance.now() - started, { code: e.code, message });
      throw new PluginCallError(e.instance, e.operation, e.code, message, e.retryAfterMs, {
        cause: e.cause,
      });
    }
  };
  // A whole read (every page): a large first load is tens of requests. Hung requests are cut by
  // got's per-request timeout; this deadline only guards against a plugin that never returns.
  const readTimeoutMs = options.readTimeoutMs ?? 180_000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 20_000;
  const caps = plugin.capabilities;
  const streams = (Object.keys(STREAMS) as StreamName[]).filter((s) => caps.includes(STREAMS[s].capability));

  const method = (name: string) => {
    const fn = connector[name];
    if (typeof fn !== 'function') {
      throw new PluginCallError(instance, name, 'INTERNAL', `plugin ${plugin.id} has no ${name}()`);
    }
    return fn.bind(connector) as (...args: unknown[]) => Promise<unknown>;
  };

  // Declarations are shown on screen and written to the audit log: sanitized like vendor text.
  const describe = (refined?: PluginActions): ActionDescriptor[] =>
    sanitizeDeep(resolveActions(caps, plugin.actions, refined, streamOfKind));
  const declared = describe();
  /** Per stream, what the last poll produced: unchanged records skip validation and sanitizing. */
  const caches: Partial<Record<StreamName, RecordCache>> = {};
  let described = declared;

  return {
    instance,
    pluginId: plugin.id,
    displayName: plugin.displayName,
    capabilities: caps,
    streams,
    actions: declared,
    traits: [...(plugin.traits ?? [])],
    async fetch(stream, signal, read) {
      const spec = STREAMS[stream];
      if (!caps.includes(spec.capability)) {
        throw new PluginCallError(
          instance,
          spec.method,
          'UNSUPPORTED',
          `${instance} does not provide ${stream}`,
        );
      }
      const fn = method(spec.method);
      const answer = await call(
        spec.method,
        (s) => fn(s, { fresh: read?.fresh === true }),
        readTimeoutMs,
        signal,
      );
      if (!Array.isArray(answer)) {
        throw new PluginCallError(instance, spec.method, 'BAD_RESPONSE', `${spec.method}() returned no list`);
      }
      const max = options.maxRecords;
      let raw: unknown[] = answer;
      if (max !== undefined && answer.length > max) {
        options.overLimit?.(stream, answer.length - max, answer.length);
        stats.dropped(
          stream,
          answer.length - max,
          `over the limit of ${max} records per stream (plugins.maxRecordsPerStream)`,
        );
        raw = answer.slice(0, max);
      }
      const schema = STREAM_SCHEMAS[stream];
      const cache = caches[stream] ?? createRecordCache(instance);
      caches[stream] = cache;
      cache.begin();
      const out: DomainRecord[] = [];
      let firstProblem: string | undefined;
      let dropped = 0;
      let slice = performance.now();
      for (const [i, item] of raw.entries()) {
        // Tens of thousands of new records are seconds of work: let keys and frames through.
        if ((i & 255) === 0 && performance.now() - slice > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          slice = performance.now();
        }
        const known = cache.reuse(item);
        if (known) {
          out.push(known);
          cache.keep(known);
          continue;
        }
        // The connector instance owns the `source` stamp: a plugin cannot claim another's records.
        const parsed = schema.safeParse({ ...(item as object), source: instance });
        if (parsed.success) {
          const record = scrubDeep(sanitizeDeep(parsed.data as DomainRecord));
          out.push(record);
          cache.keep(record);
        } else {
          dropped++;
          const issue = parsed.error.issues[0];
          firstProblem ??= `[${i}].${issue?.path.join('.')}: ${issue?.message}`;
        }
      }
      cache.commit();
      if (dropped > 0) {
        stats.dropped(stream, dropped, scrub(firstProblem ?? 'no reason'));
        const msg = `${instance}: dropped ${dropped} of ${raw.length} ${stream} records that do not fit the model (${firstProblem})`;
        if (out.length === 0 && raw.length > 0)
          throw new PluginCallError(instance, spec.method, 'BAD_RESPONSE', msg);
        options.warn?.(msg);
      }
      return out;
    },
    async describeActions(signal) {
      if (typeof connector.describeActions !== 'function') return described;
      try {
        const refined = await call(
          'describeActions',
          async (s) => connector.describeActions!(s),
          2_000,
          signal,
        );
        const problem = actionDeclarationProblem(plugin.id, refined);
        if (problem) throw new Error(problem);
        described = describe(refined as PluginActions);
      } catch (err) {
        // Not fatal: the actions as declared up front still work; say why in the log.
        options.warn?.(`${instance}: describeActions() was not used: ${scrub((err as Error).message)}`);
      }
      return described;
    },
    async act(input: ActionInput, signal) {
      const action = described.find((a) => a.id === input.action);
      if (!action) {
        throw new PluginCallError(
          instance,
          input.action,
          'UNSUPPORTED',
          `${instance} cannot ${input.action}`,
        );
      }
      // The record is one this connector produced (the store routes by its source); the kind
      // must still be the action's, or the method would get a record it cannot read.
      if (input.subject.kind !== action.kind || input.subject.record.kind !== action.kind) {
        throw new PluginCallError(
          instance,
          action.method,
          'INVALID',
          `${action.id} acts on ${action.kind} records, not on ${input.subject.label} (${input.subject.kind})`,
        );
      }
      const name = action.method;
      const fn = method(name);
      const args = actionArgs(action, input.subject.record, input.values);
      let raw: unknown;
      try {
        raw = await call(name, (s) => fn(...args, s), writeTimeoutMs, signal);
      } catch (err) {
        // The host's own deadline cut a write off mid-flight: its request may have been applied.
        const e = err as PluginCallError;
        if (e.code !== 'TIMEOUT') throw err;
        const seconds = Math.round(writeTimeoutMs / 100) / 10;
        throw new PluginCallError(
          instance,
          name,
          'TIMEOUT',
          `${plugin.displayName} gave no answer within ${seconds}s (the host's write deadline)`,
          undefined,
          { cause: e.cause },
        );
      }
      const parsed = actionResultSchema.safeParse(raw);
      if (!parsed.success) {
        throw new PluginCallError(instance, name, 'BAD_RESPONSE', `${name}() returned no ActionResult`);
      }
      return scrubDeep({ ...parsed.data, message: scrub(parsed.data.message) }) as ActionResult;
    },
    async health(signal) {
      const fn = method('health');
      const raw = (await call('health', (s) => fn(s), readTimeoutMs, signal)) as HealthResult | undefined;
      return { ok: Boolean(raw?.ok), detail: scrub(String(raw?.detail ?? '')) };
    },
    async timeline(incident, signal) {
      if (!keepsTimeline(caps)) {
        throw new PluginCallError(instance, 'timeline', 'UNSUPPORTED', `${instance} keeps no timeline`);
      }
      const fn = method('timeline');
      const raw = await call('timeline', (s) => fn(incident, s), readTimeoutMs, signal);
      const checked = checkTimeline(instance, raw);
      if (checked.problem) options.warn?.(checked.problem);
      return checked.entries.map((e) => scrubDeep(e)) as TimelineEntry[];
    },
    stats: () => stats.snapshot(),
    async dispose() {
      if (typeof connector.dispose === 'function') {
        await invoke(instance, 'dispose', () => connector.dispose!(), { timeoutMs: 2_000 }).catch(() => {});
      }
    },
  };
}
