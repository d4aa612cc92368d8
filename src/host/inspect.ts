/**
 * Checking and starting connectors without running third-party plugin code on the UI
 * thread. Built-in plugins are part of the cockpit (bundled, reviewed): their definitions
 * are read here, as before. When the config names any other plugin (a path, a package,
 * `plugins.paths` / `plugins.packages`), the whole connector check runs in a short-lived
 * worker thread with a deadline, and only plain data comes back: config issues, each
 * plugin's declarations, and which module each connector's worker should load.
 */
import { Worker } from 'node:worker_threads';
import type { ConfigIssue } from '../config/errors.js';
import { sanitizeDeep, sanitizeText } from '../domain/sanitize.js';
import { resolveActions, STREAMS, type StreamName, streamOfKind } from '../plugin-api/index.js';
import { type ConnectorCheckOptions, checkConnectors } from './check.js';
import { type IsolatedDeps, type IsolatedPort, pluginHostUrl, startIsolatedConnector } from './isolated.js';
import { BUILTIN_PLUGINS, pluginSource } from './loader.js';
import type { Refusal } from './start.js';
import type { InspectResult, InspectWorkerData, PluginInfo, PluginTarget } from './worker/protocol.js';

/** How long the config check may spend importing third-party plugins. */
export const INSPECT_TIMEOUT_MS = 20_000;

export interface Inspection {
  /** Every plugin the config loads, with where it came from (`plugin list`). */
  listed: InspectResult['listed'];
  errors: ConfigIssue[];
  enabled: string[];
  plugins: PluginInfo[];
  /** Enabled instance → its plugin (id) and the module its worker loads. */
  targets: Record<string, { target: PluginTarget; info: PluginInfo }>;
  /** Listed plugins that were not registered, and why (also among `errors`). */
  unregistered: InspectResult['unregistered'];
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when checking this config would import a module that is not a built-in. */
export function namesThirdParty(raw: unknown, options: ConnectorCheckOptions): boolean {
  if ((options.pluginPaths ?? []).length > 0 || (options.pluginPackages ?? []).length > 0) return true;
  const connectors = isMapping(raw) && isMapping(raw.connectors) ? raw.connectors : {};
  return Object.values(connectors).some(
    (e) =>
      isMapping(e) &&
      e.enabled !== false &&
      typeof e.plugin === 'string' &&
      e.plugin !== '' &&
      !BUILTIN_PLUGINS[e.plugin] &&
      !['crowdstrike', 'datadog'].includes(e.plugin),
  );
}

function streamsOf(capabilities: readonly string[]): StreamName[] {
  return (Object.keys(STREAMS) as StreamName[]).filter((s) => capabilities.includes(STREAMS[s].capability));
}

async function inThread(raw: unknown, options: ConnectorCheckOptions): Promise<InspectResult> {
  const checked = await checkConnectors(raw, options);
  const info = (p: (typeof checked.plugins)[number]): PluginInfo => ({
    id: p.id,
    version: p.version,
    displayName: p.displayName,
    capabilities: [...p.capabilities],
    traits: [...(p.traits ?? [])],
    streams: streamsOf(p.capabilities),
    actions: resolveActions(p.capabilities, p.actions, undefined, streamOfKind),
  });
  const targets: Record<string, PluginTarget> = {};
  const ids: Record<string, string> = {};
  for (const [instance, plugin] of checked.byInstance) {
    targets[instance] = { kind: 'builtin', id: plugin.id };
    ids[instance] = plugin.id;
  }
  const all = new Map([
    ...checked.registered,
    ...[...checked.byInstance.values()].map((p) => [p.id, p] as const),
  ]);
  const listed = [...all.values()].map((p) => ({
    ...info(p),
    source: pluginSource(p) ?? { kind: 'builtin' as const },
  }));
  return {
    listed,
    errors: checked.errors,
    enabled: checked.enabled,
    plugins: checked.plugins.map(info),
    targets,
    ids,
    unregistered: checked.unregistered,
  };
}

function inWorker(raw: unknown, options: ConnectorCheckOptions, timeoutMs: number): Promise<InspectResult> {
  const workerData: InspectWorkerData = {
    mode: 'inspect',
    raw: JSON.parse(JSON.stringify(raw ?? null)),
    baseDir: options.baseDir,
    pluginPaths: [...(options.pluginPaths ?? [])],
    pluginPackages: [...(options.pluginPackages ?? [])],
    pluginOverrides: [...(options.pluginOverrides ?? [])],
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(pluginHostUrl(), {
      workerData,
      stdout: true,
      stderr: true,
      name: 'itops plugin check',
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    // What a plugin prints while it is imported goes nowhere near the terminal.
    worker.stdout.resume();
    worker.stderr.resume();
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate().catch(() => {});
      fn();
    };
    const fail = (why: string) =>
      finish(() =>
        reject(
          Object.assign(new Error(why), {
            issue: {
              path: 'plugins',
              keyPath: ['plugins'],
              message: why,
              fix: 'remove or fix the plugin named above (its module runs code when it is loaded).',
            } satisfies ConfigIssue,
          }),
        ),
      );
    // Kept referenced: a plugin that hangs while being imported must end in this message,
    // not in Node's "unsettled top-level await".
    const timer = setTimeout(
      () =>
        fail(
          `checking the third-party plugins did not finish within ${timeoutMs / 1000} s (a plugin's module hangs or spins when imported); it was stopped`,
        ),
      timeoutMs,
    );
    worker.on('message', (m: { type?: string; result?: InspectResult; message?: string }) => {
      if (m?.type === 'inspected' && m.result) finish(() => resolve(sanitizeDeep(m.result as InspectResult)));
      else if (m?.type === 'inspect-failed') fail(`checking the plugins failed: ${String(m.message)}`);
    });
    worker.on('error', (err) => fail(`checking the plugins failed: ${err.message}`));
    worker.on('exit', (code) =>
      fail(`a plugin ended the check's thread while it was loaded (exit code ${code})`),
    );
  });
}

const cache = new Map<string, Promise<InspectResult>>();

/**
 * The connector check (./check.ts) run where plugin code may run. Results are kept for the
 * process by the plugin lists and `plugin:` values, so the start after a check reuses them.
 */
export async function inspectConnectors(
  raw: unknown,
  options: ConnectorCheckOptions & { timeoutMs?: number },
): Promise<Inspection> {
  let result: InspectResult;
  if (!namesThirdParty(raw, options)) result = await inThread(raw, options);
  else {
    const connectors = isMapping(raw) && isMapping(raw.connectors) ? raw.connectors : {};
    const key = JSON.stringify([
      options.baseDir,
      options.pluginPaths ?? [],
      options.pluginPackages ?? [],
      options.pluginOverrides ?? [],
      Object.entries(connectors).map(([k, e]) => [k, isMapping(e) ? [e.plugin, e.enabled] : e]),
    ]);
    let pending = cache.get(key);
    if (!pending) {
      pending = inWorker(raw, options, options.timeoutMs ?? INSPECT_TIMEOUT_MS);
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    try {
      result = await pending;
    } catch (err) {
      const issue = (err as { issue?: ConfigIssue }).issue;
      if (!issue) throw err;
      return { listed: [], errors: [issue], enabled: [], plugins: [], targets: {}, unregistered: [] };
    }
  }
  const byId = new Map(result.plugins.map((p) => [p.id, p]));
  const targets: Inspection['targets'] = {};
  for (const [instance, target] of Object.entries(result.targets)) {
    const info = byId.get(result.ids[instance] ?? '');
    if (info) targets[instance] = { target, info };
  }
  return {
    listed: result.listed,
    errors: result.errors as ConfigIssue[],
    enabled: result.enabled,
    plugins: result.plugins,
    targets,
    unregistered: result.unregistered ?? [],
  };
}

/**
 * Start every enabled connector in its own worker, without waiting for any of them: the
 * ports are usable at once (`ready` says when each is set up). A connector whose plugin
 * could not be checked is refused here with the check's reason.
 */
export async function startIsolatedConnectors(
  entries: Record<string, { plugin: string; enabled?: boolean; [key: string]: unknown }>,
  deps: IsolatedDeps & {
    pluginPaths?: readonly string[];
    pluginPackages?: readonly string[];
    pluginOverrides?: readonly string[];
  },
): Promise<{ ports: IsolatedPort[]; refused: Refusal[] }> {
  const inspection = await inspectConnectors(
    { connectors: entries },
    {
      baseDir: deps.baseDir,
      pluginPaths: deps.pluginPaths ?? [],
      pluginPackages: deps.pluginPackages ?? [],
      pluginOverrides: deps.pluginOverrides ?? [],
    },
  );
  const ports: IsolatedPort[] = [];
  // A listed plugin that did not register (it takes a built-in's id without `override: true`,
  // or fails to load) is shown as refused under its list; connectors keep the plugin they had.
  const refused: Refusal[] = inspection.unregistered.map((u) => ({
    instance: `plugins.${u.list}`,
    plugin: u.spec,
    reason: sanitizeText(deps.redact(u.message)),
    ...(u.code ? { code: u.code } : {}),
  }));
  for (const [instance, entry] of Object.entries(entries)) {
    if (entry.enabled === false) continue;
    const found = inspection.targets[instance];
    if (!found) {
      const why = inspection.errors.filter(
        (e) => e.keyPath?.[1] === instance || e.path === 'plugins' || e.keyPath?.[0] === 'plugins',
      );
      refused.push({
        instance,
        plugin: entry.plugin,
        code: 'PLUGIN_NOT_FOUND',
        reason: why.map((e) => e.message).join('; ') || `plugin ${entry.plugin} could not be loaded`,
      });
      continue;
    }
    ports.push(startIsolatedConnector(instance, entry, found.target, found.info, deps));
  }
  return { ports, refused };
}
