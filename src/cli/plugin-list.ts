/**
 * `itops-tui plugin list`: every plugin this cockpit knows — built in, loaded by the config
 * (`plugins.paths`, `plugins.packages`, a `plugin:` path or package), or merely installed — with
 * its version, where it came from, its capabilities and, for each connector that uses it, health.
 *
 * Health needs a running connector, so it needs a config. Without one the list still shows what
 * is built in and installed (installed packages by their package.json only: nothing is imported
 * that the user has not configured) and says why health is not shown.
 */
import { dirname } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { sanitizeText } from '../domain/sanitize.js';
import { inspectConnectors } from '../host/inspect.js';
import { BUILTIN_PLUGINS, loadPlugin, type PluginSource, pluginSource } from '../host/loader.js';
import { listInstalledPluginPackages } from '../host/packages.js';
import type { CliArgs } from './args.js';
import { loadCheckedConfig } from './check-config.js';
import { EXIT } from './exit-codes.js';
import { startRuntime } from './runtime.js';

export interface InstanceHealth {
  instance: string;
  state: 'ok' | 'failing' | 'refused';
  detail: string;
}

export interface PluginRow {
  id: string;
  displayName: string;
  version: string;
  /** `built-in`, `path`, `package`, or `installed` (found on disk, not loaded). */
  kind: PluginSource['kind'] | 'installed';
  /** Human description of where it came from. */
  source: string;
  /** Package name, for packages. */
  package?: string;
  capabilities: string[];
  /** One entry per configured connector that uses the plugin. */
  health: InstanceHealth[];
  /** Why there is no health, or how to start using the plugin. */
  note?: string;
}

export interface PluginListing {
  config: string | null;
  plugins: PluginRow[];
}

function describeSource(source: PluginSource | undefined): Pick<PluginRow, 'kind' | 'source' | 'package'> {
  if (!source || source.kind === 'builtin') return { kind: 'builtin', source: 'built-in' };
  if (source.kind === 'path') return { kind: 'path', source: `file ${source.file}` };
  return {
    kind: 'package',
    source: `package ${source.name}@${source.version} in ${source.dir}`,
    package: source.name,
  };
}

function rowOf(plugin: {
  id: string;
  displayName: string;
  version: string;
  capabilities: readonly string[];
  source?: PluginSource | undefined;
}): PluginRow {
  return {
    id: plugin.id,
    displayName: sanitizeText(plugin.displayName),
    version: sanitizeText(plugin.version),
    ...describeSource(plugin.source),
    capabilities: [...plugin.capabilities],
    health: [],
  };
}

/**
 * Every plugin the config loads, by id, and the id each connector's `plugin:` value means. The
 * modules are imported by the config check's worker thread (host/inspect.ts), not here.
 */
async function configuredPlugins(config: LoadedConfig, baseDir: string) {
  const inspection = await inspectConnectors(
    { connectors: config.connectors },
    {
      baseDir,
      pluginPaths: config.plugins.paths,
      pluginPackages: config.plugins.packages,
      pluginOverrides: config.plugins.override,
    },
  );
  const registered = new Map(inspection.listed.map((p) => [p.id, p]));
  const bySpec = new Map<string, string>();
  for (const [instance, entry] of Object.entries(config.connectors)) {
    const id = inspection.targets[instance]?.info.id;
    if (id) bySpec.set(entry.plugin, id);
    else if (BUILTIN_PLUGINS[entry.plugin] || registered.has(entry.plugin))
      bySpec.set(entry.plugin, entry.plugin);
  }
  return { registered, bySpec };
}

/** Start each configured connector read-only and ask it for its health, as `doctor` does. */
async function healthOf(
  config: LoadedConfig,
  file: string,
  rows: Map<string, PluginRow>,
  bySpec: Map<string, string>,
) {
  const runtime = await startRuntime({ config, configFile: file, demo: false, readOnly: true });
  try {
    await runtime.settled();
    for (const r of runtime.store.getState().refused) {
      const row = rows.get(bySpec.get(r.plugin) ?? r.plugin);
      row?.health.push({ instance: r.instance, state: 'refused', detail: r.reason });
    }
    await Promise.all(
      runtime.ports.map(async (port) => {
        if (!runtime.store.getState().connectors[port.instance]) return; // refused above
        const row = rows.get(port.pluginId);
        try {
          const h = await port.health(AbortSignal.timeout(20_000));
          row?.health.push({ instance: port.instance, state: h.ok ? 'ok' : 'failing', detail: h.detail });
        } catch (err) {
          row?.health.push({ instance: port.instance, state: 'failing', detail: (err as Error).message });
        }
      }),
    );
  } finally {
    await runtime.stop();
  }
  for (const row of rows.values()) row.health.sort((a, b) => a.instance.localeCompare(b.instance));
}

export async function collectPlugins(args: Pick<CliArgs, 'config'>): Promise<PluginListing> {
  const loaded = await loadCheckedConfig({
    ...(args.config ? { configPath: args.config } : {}),
    demo: false,
  });
  const baseDir = loaded.file ? dirname(loaded.file) : process.cwd();
  const rows = new Map<string, PluginRow>();
  for (const id of Object.keys(BUILTIN_PLUGINS)) {
    const plugin = await loadPlugin(id, baseDir);
    rows.set(id, rowOf({ ...plugin, source: pluginSource(plugin) }));
  }
  let bySpec = new Map<string, string>();
  if (loaded.file) {
    const configured = await configuredPlugins(loaded.config, baseDir);
    bySpec = configured.bySpec;
    for (const [id, plugin] of configured.registered) rows.set(id, rowOf(plugin));
  }
  const loadedPackages = new Set([...rows.values()].map((r) => r.package).filter(Boolean));
  for (const pkg of await listInstalledPluginPackages({ baseDir })) {
    if (loadedPackages.has(pkg.name)) continue;
    rows.set(pkg.name, {
      id: pkg.name,
      displayName: pkg.name,
      version: pkg.version,
      kind: 'installed',
      source: `package installed in ${pkg.dir} (${pkg.foundIn.why})`,
      package: pkg.name,
      capabilities: [],
      health: [],
      note: `not loaded: add "${pkg.name}" under plugins.packages to use it`,
    });
  }
  if (loaded.file) await healthOf(loaded.config, loaded.file, rows, bySpec);
  for (const row of rows.values()) {
    if (row.note || row.health.length > 0) continue;
    row.note = loaded.file
      ? 'no connector in the config uses it'
      : 'health not checked: no config file found (health needs a configured connector; see itops-tui doctor)';
  }
  return { config: loaded.file, plugins: [...rows.values()] };
}

const MARK: Record<InstanceHealth['state'], string> = { ok: '✓', failing: '✗', refused: '✗ refused:' };

export function formatListing(listing: PluginListing): string {
  const lines = [listing.config ? `Plugins for ${listing.config}` : 'Plugins (no config file found)'];
  for (const p of listing.plugins) {
    const title = p.displayName && p.displayName !== p.id ? ` (${p.displayName})` : '';
    lines.push('', `${p.id} ${p.version}${title}`, `  source        ${p.source}`);
    lines.push(`  capabilities  ${p.capabilities.length > 0 ? p.capabilities.join(', ') : '—'}`);
    if (p.health.length === 0) lines.push(`  health        ${p.note ?? '—'}`);
    for (const [i, h] of p.health.entries()) {
      const label = i === 0 ? 'health        ' : '              ';
      lines.push(`  ${label}${h.instance}: ${MARK[h.state]} ${h.detail}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function runPluginList(args: CliArgs): Promise<number> {
  const listing = await collectPlugins(args);
  process.stdout.write(args.json ? `${JSON.stringify(listing, null, 2)}\n` : formatListing(listing));
  const trouble = listing.plugins.some((p) => p.health.some((h) => h.state !== 'ok'));
  return trouble ? EXIT.connector : EXIT.ok;
}
