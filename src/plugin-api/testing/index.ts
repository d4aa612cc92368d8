/**
 * `itops-tui/testing`: a contract-test kit for plugin authors. Runner-agnostic:
 * `checkPlugin()` returns problems as data, so it works under vitest, node:test
 * or a plain script. Point it at your connector (or a stub server of your vendor)
 * and it checks what the host will check at run time, before a user finds out.
 */
import got, { type Got } from 'got';
import { createHttpClient } from '../../http/client.js';
import {
  type Capability,
  type Connector,
  KNOWN_CAPABILITIES,
  PLUGIN_BRAND,
  type Plugin,
  type PluginContext,
  type PluginLogger,
  requiredMethods,
  type SecretRef,
  STREAMS,
  type StreamName,
  SUPPORTED_API_VERSIONS,
} from '../index.js';
import { STREAM_SCHEMAS } from '../record-schemas.js';

/** The host's own HTTP behaviour, for tests that must see what the cockpit will do. @experimental */
export interface HostHttpOptions {
  /** Whole-request timeout per attempt (ms); default 5 000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 2, as the cockpit. */
  retries?: number;
  /** Longest server-requested wait sat through inside one call (ms); default 5 000. */
  maxRetryAfterMs?: number;
}

export interface TestContextOptions {
  instance?: string;
  /** Your own got instance; wins over `host`. */
  http?: Got;
  /**
   * Use the cockpit's own got factory — its retry rules (429 honoured for every method, 5xx
   * and network errors retried for reads only), body size cap and redaction of every secret
   * resolved through this context — instead of a plain got with no retries.
   * @experimental added within plugin API v1 (issue 8).
   */
  host?: HostHttpOptions | true;
  /** Secret values by reference: plain strings resolve to themselves. */
  secrets?: Record<string, string>;
  now?: () => number;
  demo?: boolean;
}

/** One line a plugin logged, with its data. @experimental */
export interface TestLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  data?: Record<string, unknown>;
}

export type TestContext<C> = PluginContext<C> & {
  /** Every line logged, as "level: message". */
  logs: string[];
  /** Every line logged, with its level and data. @experimental */
  logEntries: TestLogEntry[];
};

/**
 * A PluginContext for tests: real got (short timeouts, no retries unless `host` is given),
 * recorded log lines, an injectable clock.
 */
export function createTestContext<C>(config: C, options: TestContextOptions = {}): TestContext<C> {
  const logs: string[] = [];
  const logEntries: TestLogEntry[] = [];
  const secretsSeen: string[] = [];
  const line =
    (level: TestLogEntry['level']) =>
    (msg: string, data?: Record<string, unknown>): void => {
      logs.push(`${level}: ${msg}`);
      logEntries.push(data === undefined ? { level, msg } : { level, msg, data });
    };
  const log: PluginLogger = {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
  // Like the host: every secret resolved is scrubbed from HTTP error messages.
  const redactor = {
    redact: (text: string) =>
      secretsSeen.reduce((t, s) => (s.length >= 4 ? t.split(s).join('***') : t), text),
  };
  const host = options.host === true ? {} : options.host;
  const http =
    options.http ??
    (host
      ? createHttpClient({
          timeoutMs: host.timeoutMs ?? 5_000,
          retries: host.retries ?? 2,
          maxRetryAfterMs: host.maxRetryAfterMs ?? 5_000,
          redactor,
        })
      : got.extend({ timeout: { request: 5_000 }, retry: { limit: 0 } }));
  return {
    config,
    instance: options.instance ?? 'test',
    http,
    secrets: {
      async resolve(ref: SecretRef) {
        const value =
          typeof ref === 'string'
            ? ref
            : options.secrets?.['env' in ref ? ref.env : 'command' in ref ? ref.command : ref.keychain];
        if (value === undefined) throw new Error(`test context has no secret for ${JSON.stringify(ref)}`);
        secretsSeen.push(value);
        return value;
      },
    },
    log,
    clock: { now: options.now ?? Date.now },
    meta: { hostVersion: 'test', apiVersion: 1, demo: options.demo ?? false },
    logs,
    logEntries,
  };
}

/**
 * Validate `rawConfig` with the plugin's own schema, as the host does, and run its setup().
 * Throws with every config problem and its path when the config does not parse.
 * @experimental added within plugin API v1 (issue 8).
 */
export async function setupPlugin<K extends Capability>(
  plugin: Plugin<Plugin['configSchema'], K>,
  rawConfig: unknown,
  options: TestContextOptions = {},
): Promise<{ connector: Connector<K>; ctx: TestContext<unknown> }> {
  const parsed = plugin.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TypeError(`${plugin.id} config does not parse: ${problems.join('; ')}`);
  }
  const ctx = createTestContext<unknown>(parsed.data, options);
  const connector = await plugin.setup(ctx as never);
  return { connector, ctx };
}

export interface ContractProblem {
  check: string;
  message: string;
}

export interface CheckOptions<C> extends TestContextOptions {
  config: C;
  /** Also call each read stream and validate the records (needs a reachable server). */
  callStreams?: boolean;
}

/** Everything the host would refuse or drop, as a list. Empty list = the plugin passes. */
export async function checkPlugin<C>(plugin: Plugin, options: CheckOptions<C>): Promise<ContractProblem[]> {
  const problems: ContractProblem[] = [];
  const fail = (check: string, message: string) => problems.push({ check, message });
  if (plugin?.$$type !== PLUGIN_BRAND) fail('brand', 'default export was not created with definePlugin()');
  if (!SUPPORTED_API_VERSIONS.includes(plugin?.apiVersion))
    fail('apiVersion', `unsupported ${plugin?.apiVersion}`);
  for (const c of plugin.capabilities) {
    if (!KNOWN_CAPABILITIES.has(c)) fail('capabilities', `unknown capability ${c}`);
  }
  const parsed = plugin.configSchema.safeParse(options.config);
  if (!parsed.success) {
    fail('config', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return problems;
  }
  const connector = (await plugin.setup(
    createTestContext(parsed.data, options) as never,
  )) as unknown as Record<string, unknown>;
  for (const m of requiredMethods(plugin.capabilities)) {
    if (typeof connector[m] !== 'function') fail('methods', `missing ${m}()`);
  }
  if (!options.callStreams) return problems;
  for (const [name, spec] of Object.entries(STREAMS) as [StreamName, (typeof STREAMS)[StreamName]][]) {
    if (!plugin.capabilities.includes(spec.capability)) continue;
    const fn = connector[spec.method] as ((s: AbortSignal) => Promise<unknown>) | undefined;
    if (typeof fn !== 'function') continue;
    try {
      const records = await fn.call(connector, AbortSignal.timeout(15_000));
      if (!Array.isArray(records)) {
        fail(`stream:${name}`, `${spec.method}() did not return an array`);
        continue;
      }
      records.forEach((r, i) => {
        const res = STREAM_SCHEMAS[name].safeParse(r);
        if (!res.success) {
          const issue = res.error.issues[0];
          fail(`stream:${name}`, `[${i}].${issue?.path.join('.')}: ${issue?.message}`);
        }
      });
    } catch (err) {
      fail(`stream:${name}`, `${spec.method}() threw: ${(err as Error).message}`);
    }
  }
  return problems;
}
