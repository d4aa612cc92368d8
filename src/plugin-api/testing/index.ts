/**
 * `itops-tui/testing`: a contract-test kit for plugin authors. Runner-agnostic:
 * `checkPlugin()` returns problems as data, so it works under vitest, node:test
 * or a plain script. Point it at your connector (or a stub server of your vendor)
 * and it checks what the host will check at run time, before a user finds out.
 */
import got, { type Got } from 'got';
import {
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

export interface TestContextOptions {
  instance?: string;
  http?: Got;
  /** Secret values by reference: plain strings resolve to themselves. */
  secrets?: Record<string, string>;
  now?: () => number;
  demo?: boolean;
}

/** A PluginContext for tests: real got (short timeouts, no retries), recorded log lines. */
export function createTestContext<C>(
  config: C,
  options: TestContextOptions = {},
): PluginContext<C> & { logs: string[] } {
  const logs: string[] = [];
  const line = (level: string) => (msg: string) => {
    logs.push(`${level}: ${msg}`);
  };
  const log: PluginLogger = {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
  return {
    config,
    instance: options.instance ?? 'test',
    http: options.http ?? got.extend({ timeout: { request: 5_000 }, retry: { limit: 0 } }),
    secrets: {
      async resolve(ref: SecretRef) {
        if (typeof ref === 'string') return ref;
        const key = 'env' in ref ? ref.env : 'command' in ref ? ref.command : ref.keychain;
        const value = options.secrets?.[key];
        if (value === undefined) throw new Error(`test context has no secret for ${JSON.stringify(ref)}`);
        return value;
      },
    },
    log,
    clock: { now: options.now ?? Date.now },
    meta: { hostVersion: 'test', apiVersion: 1, demo: options.demo ?? false },
    logs,
  };
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
  const connector = (await plugin.setup(createTestContext(parsed.data, options))) as unknown as Record<
    string,
    unknown
  >;
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
