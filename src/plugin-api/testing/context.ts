/**
 * A PluginContext for a plugin's own tests, built like the host builds one: the plugin's
 * config, a got client (plain, or the cockpit's own), secrets that resolve and are registered
 * with the cockpit's redactor, a log that records, an injectable clock.
 */
import got, { type Got } from 'got';
import { SecretRegistry } from '../../config/redact.js';
import { createHttpClient } from '../../http/client.js';
import type { Capability, Connector, Plugin, PluginContext, PluginLogger, SecretRef } from '../index.js';

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
  /**
   * The cockpit's redaction of `text`: every secret resolved through this context, and
   * credential-shaped strings (`Bearer …`, `user:pass@`), replaced by [REDACTED]. @experimental
   */
  redact(text: string): string;
};

/**
 * A PluginContext for tests: real got (short timeouts, no retries unless `host` is given),
 * recorded log lines, an injectable clock.
 */
export function createTestContext<C>(config: C, options: TestContextOptions = {}): TestContext<C> {
  const logs: string[] = [];
  const logEntries: TestLogEntry[] = [];
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
  // The host's own redactor: every secret resolved is scrubbed from HTTP error messages, and
  // checkPlugin uses the same registry to find secrets in what a plugin returns or says.
  const redactor = new SecretRegistry();
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
            : options.secrets?.['command' in ref ? ref.command : 'env' in ref ? ref.env : ref.keychain];
        if (value === undefined) throw new Error(`test context has no secret for ${JSON.stringify(ref)}`);
        redactor.register(value);
        return value;
      },
    },
    log,
    clock: { now: options.now ?? Date.now },
    meta: { hostVersion: 'test', apiVersion: 1, demo: options.demo ?? false },
    logs,
    logEntries,
    redact: (text: string) => redactor.redact(text),
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
