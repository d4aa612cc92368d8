/**
 * Finds and validates plugin modules. Built-ins are static imports so the bundle
 * carries them; anything else is imported at run time, by path or by installed
 * package name (`itops-plugin-*`, resolved in ./packages.ts).
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  actionDeclarationProblem,
  KNOWN_CAPABILITIES,
  PLUGIN_BRAND,
  PLUGIN_TRAITS,
  type Plugin,
  requiredMethods,
  SUPPORTED_API_VERSIONS,
} from '../plugin-api/index.js';
import { HostError } from './errors.js';
import { isPluginPackageName, type PackageLookupOptions, resolvePluginPackage } from './packages.js';

/** Where a loaded plugin came from, for `plugin list` and messages. */
export type PluginSource =
  | { kind: 'builtin' }
  | { kind: 'path'; file: string }
  | { kind: 'package'; name: string; version: string; dir: string; file: string };

const sources = new WeakMap<object, PluginSource>();

/** Where `plugin` was loaded from; undefined for a plugin this loader did not load. */
export function pluginSource(plugin: Plugin): PluginSource | undefined {
  return sources.get(plugin);
}

/** A spec that names a file rather than an id or a package. */
export const looksLikePath = (spec: string): boolean =>
  spec.startsWith('.') || isAbsolute(spec) || /\.(m?js|ts)$/.test(spec);

/** Built-in connectors; lazily imported so a plugin not in config costs nothing at start-up. */
export const BUILTIN_PLUGINS: Record<string, () => Promise<{ default: unknown }>> = {
  pagerduty: () => import('../../plugins/pagerduty/index.js'),
  servicenow: () => import('../../plugins/servicenow/index.js'),
  crowdstrike: () => import('../../plugins/crowdstrike/index.js'),
  datadog: () => import('../../plugins/datadog/index.js'),
};

/** Check a module's default export is a plugin this host can run; throws HostError saying how to fix it. */
export function validatePlugin(mod: unknown, from: string): Plugin {
  const candidate = (
    mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod
  ) as Partial<Plugin>;
  if (!candidate || typeof candidate !== 'object' || candidate.$$type !== PLUGIN_BRAND) {
    throw new HostError(
      'PLUGIN_INVALID',
      `${from} is not an itops-tui plugin: its default export must come from definePlugin() in 'itops-tui/plugin'.`,
    );
  }
  const label = `plugin "${candidate.id}" (${candidate.version ?? 'no version'}) from ${from}`;
  if (!SUPPORTED_API_VERSIONS.includes(candidate.apiVersion as number)) {
    throw new HostError(
      'PLUGIN_API_VERSION',
      `${label} targets plugin API ${String(candidate.apiVersion)}, but this itops-tui supports API ${SUPPORTED_API_VERSIONS.join(', ')}. ` +
        'Fix: install a plugin release built for this API version, or upgrade itops-tui.',
    );
  }
  const unknown = (candidate.capabilities ?? []).filter((c) => !KNOWN_CAPABILITIES.has(c));
  if (unknown.length > 0) {
    throw new HostError(
      'PLUGIN_INVALID',
      `${label} declares unknown capabilities: ${unknown.join(', ')}. Known: ${[...KNOWN_CAPABILITIES].join(', ')}.`,
    );
  }
  if (typeof candidate.setup !== 'function' || !candidate.configSchema) {
    throw new HostError('PLUGIN_INVALID', `${label} has no setup() or configSchema.`);
  }
  // definePlugin() checks these too, but a plain-JS plugin may never have called it.
  const actions = actionDeclarationProblem(String(candidate.id), candidate.actions);
  if (actions)
    throw new HostError('PLUGIN_INVALID', `${label} declares actions the host cannot use: ${actions}`);
  const traits = (candidate.traits ?? []).filter((t) => !PLUGIN_TRAITS.includes(t));
  if (traits.length > 0) {
    throw new HostError(
      'PLUGIN_INVALID',
      `${label} declares unknown traits: ${traits.join(', ')}. Known: ${PLUGIN_TRAITS.join(', ')}.`,
    );
  }
  return candidate as Plugin;
}

/**
 * Load `pagerduty` (built-in), an id registered from `plugins.paths` / `plugins.packages`,
 * an installed package (`itops-plugin-acme`, looked up from `baseDir`, then globally), or
 * `./path/to/plugin.js` (relative to the config file's folder).
 */
export async function loadPlugin(
  spec: string,
  baseDir: string,
  registered: ReadonlyMap<string, Plugin> = new Map(),
  lookup: Omit<PackageLookupOptions, 'baseDir'> = {},
): Promise<Plugin> {
  const known = registered.get(spec);
  if (known) return known;
  const builtin = BUILTIN_PLUGINS[spec];
  if (builtin) return remember(validatePlugin(await builtin(), `built-in ${spec}`), { kind: 'builtin' });
  if (isPluginPackageName(spec)) {
    const pkg = await resolvePluginPackage(spec, { ...lookup, baseDir });
    const label = `${pkg.name}@${pkg.version} (${pkg.entry})`;
    return remember(validatePlugin(await importFile(pkg.entry, label), label), {
      kind: 'package',
      name: pkg.name,
      version: pkg.version,
      dir: pkg.dir,
      file: pkg.entry,
    });
  }
  if (!looksLikePath(spec)) {
    throw new HostError(
      'PLUGIN_NOT_FOUND',
      `no plugin named "${spec}". Built-in: ${[...Object.keys(BUILTIN_PLUGINS), ...registered.keys()].join(', ')}; ` +
        'other plugins are given by path (plugin: ./my-plugin.js), by installed package name ' +
        '(plugin: itops-plugin-acme), or listed under plugins.paths / plugins.packages.',
    );
  }
  const file = isAbsolute(spec) ? spec : resolve(baseDir, spec);
  return remember(validatePlugin(await importFile(file, file), file), { kind: 'path', file });
}

function remember(plugin: Plugin, source: PluginSource): Plugin {
  if (!sources.has(plugin)) sources.set(plugin, source);
  return plugin;
}

async function importFile(file: string, label: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(file).href);
  } catch (err) {
    throw new HostError('PLUGIN_NOT_FOUND', `could not load plugin ${label}: ${(err as Error).message}`);
  }
}

/** Run-time check that setup() returned a method for every declared capability (untyped JS plugins). */
export function missingMethods(plugin: Plugin, connector: Record<string, unknown>): string[] {
  return requiredMethods(plugin.capabilities, plugin.actions).filter(
    (m) => typeof connector[m] !== 'function',
  );
}

function shadowError(plugin: Plugin, spec: string, keyPath: PropertyKey[], taken: 'built-in' | 'registered') {
  const list = keyPath[1] === 'paths' ? 'path' : 'name';
  const what =
    taken === 'built-in'
      ? `the built-in ${plugin.id} connector`
      : `a plugin listed earlier under plugins.paths / plugins.packages`;
  return new HostError(
    'PLUGIN_SHADOWS',
    `${spec} registers the plugin id "${plugin.id}", which is already ${what}; it was not loaded, so ` +
      `connectors with plugin: ${plugin.id} are not handed to it (nor their credentials). ` +
      `Fix: if it is meant to replace it, write the entry as {${list}: ${spec}, override: true}; otherwise give the plugin its own id.`,
  );
}

/** A `plugins.paths` / `plugins.packages` entry that could not be registered. */
export interface RegistrationFailure {
  /** Config key path of the entry (`['plugins', 'packages', 0]`). */
  keyPath: PropertyKey[];
  spec: string;
  error: Error;
}

/**
 * Load the modules listed under `plugins.paths` and `plugins.packages` and register them by
 * their plugin id, so connectors can name them in `plugin:`. A bad entry is reported and
 * skipped; the rest still register. `skip` filters entries another check already reports.
 */
export async function registerPlugins(
  lists: { paths?: readonly string[]; packages?: readonly string[]; override?: readonly string[] },
  baseDir: string,
  options: { lookup?: Omit<PackageLookupOptions, 'baseDir'>; skip?: (spec: string) => Promise<boolean> } = {},
): Promise<{ registered: Map<string, Plugin>; failures: RegistrationFailure[] }> {
  const registered = new Map<string, Plugin>();
  const failures: RegistrationFailure[] = [];
  const entries = [
    ...(lists.paths ?? []).map((spec, i) => ({ spec, keyPath: ['plugins', 'paths', i] })),
    ...(lists.packages ?? []).map((spec, i) => ({ spec, keyPath: ['plugins', 'packages', i] })),
  ];
  for (const { spec, keyPath } of entries) {
    if (options.skip && (await options.skip(spec))) continue;
    try {
      const plugin = await loadPlugin(spec, baseDir, new Map(), options.lookup);
      // A plugin that takes a name already in use would silently receive the credentials
      // configured for that connector (a `plugin: pagerduty` entry's token): only on request.
      const taken = BUILTIN_PLUGINS[plugin.id] ? 'built-in' : registered.has(plugin.id) ? 'registered' : null;
      if (taken && !(lists.override ?? []).includes(spec)) throw shadowError(plugin, spec, keyPath, taken);
      registered.set(plugin.id, plugin);
    } catch (err) {
      failures.push({ keyPath, spec, error: err as Error });
    }
  }
  return { registered, failures };
}
