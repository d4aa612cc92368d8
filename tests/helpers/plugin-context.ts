/**
 * Build a PluginContext for connector tests the way the host does: the host's
 * got factory (timeouts, retry policy, secret redaction), secrets resolved from
 * plain strings or a map, a recording logger and an injectable clock.
 */
import { createHttpClient } from '../../src/http/client.js';
import type {
  Capability,
  Connector,
  Plugin,
  PluginContext,
  PluginLogger,
  SecretRef,
} from '../../src/plugin-api/index.js';

export interface TestContextOptions {
  instance?: string;
  /** Values for {env}/{command}/{keychain} references, keyed by the reference's string. */
  secrets?: Record<string, string>;
  now?: () => number;
  demo?: boolean;
  timeoutMs?: number;
  retries?: number;
  /** Longest server-requested wait sat through inside one call. */
  maxRetryAfterMs?: number;
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  data?: Record<string, unknown>;
}

export type TestContext<C> = PluginContext<C> & { logs: LogLine[] };

export function createPluginContext<C>(config: C, options: TestContextOptions = {}): TestContext<C> {
  const logs: LogLine[] = [];
  const known: string[] = [];
  const redactor = {
    redact: (text: string) => known.reduce((t, s) => (s.length >= 4 ? t.split(s).join('***') : t), text),
  };
  const line =
    (level: LogLine['level']) =>
    (msg: string, data?: Record<string, unknown>): void => {
      logs.push(data === undefined ? { level, msg } : { level, msg, data });
    };
  const log: PluginLogger = {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
  return {
    config,
    instance: options.instance ?? 'pd-test',
    http: createHttpClient({
      timeoutMs: options.timeoutMs ?? 5_000,
      retries: options.retries ?? 2,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 5_000,
      redactor,
    }),
    secrets: {
      async resolve(ref: SecretRef) {
        const key =
          typeof ref === 'string'
            ? ref
            : 'env' in ref
              ? ref.env
              : 'command' in ref
                ? ref.command
                : ref.keychain;
        const value = typeof ref === 'string' ? ref : options.secrets?.[key];
        if (value === undefined) throw new Error(`no test secret for ${JSON.stringify(ref)}`);
        known.push(value);
        return value;
      },
    },
    log,
    clock: { now: options.now ?? Date.now },
    meta: { hostVersion: 'test', apiVersion: 1, demo: options.demo ?? false },
    logs,
  };
}

/** Validate `rawConfig` with the plugin's schema (as the host does) and run setup(). */
export async function setupPlugin<K extends Capability>(
  plugin: Plugin<Plugin['configSchema'], K>,
  rawConfig: unknown,
  options: TestContextOptions = {},
): Promise<{ connector: Connector<K>; ctx: TestContext<unknown> }> {
  const config = plugin.configSchema.parse(rawConfig);
  const ctx = createPluginContext(config, options);
  const connector = await plugin.setup(ctx as never);
  return { connector, ctx };
}
