/**
 * Turns the `connectors:` section into running connector ports. A connector that
 * cannot start is refused with a reason; the others still run.
 */
import type { Got } from 'got';
import type { ZodError } from 'zod';
import { formatIssue } from '../config/errors.js';
import { findUnknownKeys } from '../config/strict-keys.js';
import { sanitizeText } from '../domain/sanitize.js';
import type { HttpHooks } from '../http/client.js';
import {
  API_VERSION,
  type Capability,
  type Connector,
  type Plugin,
  type PluginLogger,
  type SecretRef,
} from '../plugin-api/index.js';
import { createConnectorPort, type PortOptions } from './connector.js';
import { HostError, PluginCallError } from './errors.js';
import { invoke } from './invoke.js';
import { loadPlugin, missingMethods, registerPlugins } from './loader.js';
import type { ConnectorPort } from './port.js';
import { createStatsCollector } from './stats.js';

export interface ConnectorEntry {
  plugin: string;
  enabled?: boolean;
  [key: string]: unknown;
}

export interface HostDeps {
  hostVersion: string;
  demo: boolean;
  /** Folder that relative plugin paths are resolved against (the config file's). */
  baseDir: string;
  clock: { now(): number };
  /** A preconfigured got for one connector instance; `hooks` count its requests for the connector's stats. */
  createHttp(instance: string, hooks?: HttpHooks): Got;
  resolveSecret(ref: SecretRef): Promise<string>;
  /** Turn a plugin config ZodError into one line naming the full config path; `root` is what the user wrote. */
  formatConfigIssues(error: ZodError, path: (string | number)[], root?: unknown): string;
  logger(instance: string): PluginLogger;
  /** Scrubs resolved secrets from every message a plugin produces. */
  redact?: (text: string) => string;
  port?: PortOptions;
  setupTimeoutMs?: number;
  /** Absolute paths from `plugins.paths`: loaded once, then usable by id in `plugin:`. */
  pluginPaths?: readonly string[];
  /** Package names from `plugins.packages`: resolved from `baseDir`, then globally; usable by id. */
  pluginPackages?: readonly string[];
  /** Paths and names from entries with `override: true` (may replace a built-in's or another plugin's id). */
  pluginOverrides?: readonly string[];
}

export interface Refusal {
  instance: string;
  plugin: string;
  reason: string;
  /** HostError code: PLUGIN_CONFIG means the user's config is wrong (exit 2 in scripts). */
  code?: string;
}

/** Keys the host owns in a connector entry; the rest belongs to the plugin's schema. */
export const HOST_KEYS: readonly string[] = ['enabled', 'pollSeconds'];

export async function startConnector(
  instance: string,
  entry: ConnectorEntry,
  deps: HostDeps,
  registered: ReadonlyMap<string, Plugin> = new Map(),
): Promise<ConnectorPort> {
  const plugin: Plugin = await loadPlugin(entry.plugin, deps.baseDir, registered);
  const pluginConfig = Object.fromEntries(Object.entries(entry).filter(([k]) => !HOST_KEYS.includes(k)));
  const parsed = plugin.configSchema.safeParse(pluginConfig);
  if (!parsed.success) {
    throw new HostError(
      'PLUGIN_CONFIG',
      deps.formatConfigIssues(parsed.error, ['connectors', instance], pluginConfig),
    );
  }
  // A schema in zod's default "strip" mode would drop a typo'd key silently; the host
  // treats it as the error it is (the CLI reports these before start, with lines).
  const unknown = findUnknownKeys(plugin.configSchema, pluginConfig, ['connectors', instance]).filter(
    (u) => u.keyPath?.at(-1) !== 'plugin' || u.keyPath.length !== 3,
  );
  if (unknown.length > 0) {
    throw new HostError('PLUGIN_CONFIG', unknown.map((u) => formatIssue(u).trim()).join('; '));
  }
  // Real time (not the demo's accelerated vendor clock): stats are about this machine's calls.
  const stats = createStatsCollector();
  const ctx = {
    config: parsed.data,
    instance,
    http: deps.createHttp(instance, {
      request: () => stats.request(),
      response: (status, rateLimit) => stats.response(status, rateLimit),
      noResponse: () => stats.noResponse(),
    }),
    secrets: { resolve: (ref: SecretRef) => deps.resolveSecret(ref) },
    log: deps.logger(instance),
    clock: deps.clock,
    meta: { hostVersion: deps.hostVersion, apiVersion: API_VERSION, demo: deps.demo },
  };
  let connector: Connector<Capability>;
  try {
    connector = await invoke(instance, 'setup', async () => plugin.setup(ctx), {
      timeoutMs: deps.setupTimeoutMs ?? 10_000,
    });
  } catch (err) {
    const msg = err instanceof PluginCallError ? err.message : String(err);
    throw new HostError('PLUGIN_SETUP', `${plugin.id} setup failed: ${msg}`);
  }
  if (!connector || typeof connector !== 'object') {
    throw new HostError(
      'PLUGIN_INVALID',
      `plugin "${plugin.id}" setup() returned ${connector === null ? 'null' : typeof connector}; it must return an object with one method per declared capability.`,
    );
  }
  const missing = missingMethods(plugin, connector as unknown as Record<string, unknown>);
  if (missing.length > 0) {
    throw new HostError(
      'PLUGIN_INVALID',
      `plugin "${plugin.id}" declares capabilities without implementing ${missing.map((m) => `${m}()`).join(', ')}`,
    );
  }
  return createConnectorPort(instance, plugin, connector as never, {
    ...deps.port,
    warn: (m) => deps.logger(instance).warn(m),
    ...(deps.redact ? { redact: deps.redact } : {}),
    stats,
  });
}

/** Start every enabled connector concurrently; never throws for one bad connector. */
export async function startConnectors(
  entries: Record<string, ConnectorEntry>,
  deps: HostDeps,
): Promise<{ ports: ConnectorPort[]; refused: Refusal[] }> {
  const ports: ConnectorPort[] = [];
  const refused: Refusal[] = [];
  const { registered, failures } = await registerPlugins(
    {
      paths: deps.pluginPaths ?? [],
      packages: deps.pluginPackages ?? [],
      override: deps.pluginOverrides ?? [],
    },
    deps.baseDir,
  );
  for (const f of failures) {
    refused.push({
      instance: `plugins.${String(f.keyPath[1])}`,
      plugin: f.spec,
      reason: sanitizeText((deps.redact ?? String)(f.error.message)),
      ...((f.error as { code?: string }).code ? { code: (f.error as { code?: string }).code } : {}),
    });
  }
  const enabled = Object.entries(entries).filter(([, e]) => e.enabled !== false);
  const results = await Promise.allSettled(
    enabled.map(([name, e]) => startConnector(name, e, deps, registered)),
  );
  results.forEach((r, i) => {
    const [instance, entry] = enabled[i]!;
    if (r.status === 'fulfilled') ports.push(r.value);
    else
      refused.push({
        instance,
        plugin: entry.plugin,
        code: (r.reason as { code?: string }).code ?? 'PLUGIN_SETUP',
        // A refusal can quote plugin text (setup errors): scrub it like any plugin message.
        reason: sanitizeText((deps.redact ?? String)((r.reason as Error).message ?? String(r.reason))),
      });
  });
  return { ports, refused };
}
