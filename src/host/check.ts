/**
 * The `connectors:` section checked the way the host will start it, without
 * starting anything: plugin ids (with a did-you-mean over built-ins and
 * `plugins.paths` plugins), each plugin's own keys against its schema (unknown keys
 * are errors even when the schema would drop them), and `pollSeconds` streams the
 * plugin really polls. Every problem is a ConfigIssue under its key path.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ZodError } from 'zod';
import { didYouMean } from '../config/did-you-mean.js';
import { type ConfigIssue, formatPath, issuesFromZod } from '../config/errors.js';
import { findUnknownKeys, withUnknownKeys } from '../config/strict-keys.js';
import { type Plugin, STREAMS, type StreamName } from '../plugin-api/index.js';
import { BUILTIN_PLUGINS, loadPlugin, looksLikePath, registerPlugins } from './loader.js';
import { isPluginPackageName } from './packages.js';
import { HOST_KEYS } from './start.js';

/**
 * Connectors documented in config.example.yml that ship in a later release. A
 * disabled entry for one is accepted unchecked (there is no schema to check it
 * against yet); an enabled one is an error that says so.
 */
export const PLANNED_PLUGINS: readonly string[] = [];

export interface ConnectorCheckOptions {
  /** Folder relative plugin paths resolve against (the config file's). */
  baseDir: string;
  /** Absolute `plugins.paths` entries; their ids become valid `plugin:` values. */
  pluginPaths?: readonly string[];
  /** `plugins.packages` names; their ids become valid `plugin:` values too. */
  pluginPackages?: readonly string[];
  /** Paths and names whose entry says `override: true`: their id may replace a built-in or another plugin. */
  pluginOverrides?: readonly string[];
}

export interface ConnectorCheck {
  errors: ConfigIssue[];
  /** The plugins of enabled connectors that loaded (their actions bring key commands). */
  plugins: Plugin[];
  /** Instances that are switched on (not `enabled: false`, not a planned plugin), valid or not. */
  enabled: string[];
  /** Enabled instance → the plugin it runs (those whose plugin loaded). */
  byInstance: Map<string, Plugin>;
  /** Plugins registered from `plugins.paths` / `plugins.packages`, by id. */
  registered: ReadonlyMap<string, Plugin>;
  /** `plugins.paths` / `plugins.packages` entries that were not registered (plain data; also in `errors`). */
  unregistered: UnregisteredPlugin[];
}

/** A listed plugin that did not register: where it is listed, what it is, and why (HostError code). */
export interface UnregisteredPlugin {
  list: 'paths' | 'packages';
  spec: string;
  code?: string;
  message: string;
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A `plugin:` value the loader resolves itself: a module path or an installed package name. */
const namesModule = (spec: string) => looksLikePath(spec) || isPluginPackageName(spec);

function issue(keyPath: PropertyKey[], message: string, fix?: string, expected?: string): ConfigIssue {
  return {
    path: formatPath(keyPath),
    keyPath,
    message,
    ...(fix ? { fix } : {}),
    ...(expected ? { expected } : {}),
  };
}

/** Streams a plugin polls, from its read capabilities. */
function streamsOf(plugin: Plugin): StreamName[] {
  return (Object.keys(STREAMS) as StreamName[]).filter((s) =>
    (plugin.capabilities as readonly string[]).includes(STREAMS[s].capability),
  );
}

function checkPollSeconds(entry: Record<string, unknown>, plugin: Plugin, at: PropertyKey[]): ConfigIssue[] {
  const poll = entry.pollSeconds;
  if (!isMapping(poll)) return [];
  const streams = streamsOf(plugin);
  const out: ConfigIssue[] = [];
  for (const name of Object.keys(poll)) {
    if ((streams as string[]).includes(name)) continue;
    const guess = didYouMean(name, streams);
    const other = name in STREAMS ? ` (${plugin.id} has no ${name} stream)` : '';
    out.push({
      ...issue(
        [...at, 'pollSeconds', name],
        guess ? `unknown stream${other}; did you mean "${guess}"?` : `unknown stream${other}`,
        guess ? `rename it to ${guess}.` : `use one of ${streams.join(', ')}.`,
        `one of ${streams.join(', ')}`,
      ),
      at: 'key',
      ...(guess ? { suggestion: guess } : {}),
    });
  }
  return out;
}

/** A plugin's verdict on its own keys; host keys (`plugin`, `enabled`, `pollSeconds`) are never unknown. */
export function checkPluginConfig(
  plugin: Plugin,
  entry: Record<string, unknown>,
  at: PropertyKey[],
): ConfigIssue[] {
  const pluginConfig = Object.fromEntries(Object.entries(entry).filter(([k]) => !HOST_KEYS.includes(k)));
  const parsed = plugin.configSchema.safeParse(pluginConfig);
  const zodIssues = parsed.success ? [] : issuesFromZod(parsed.error as ZodError, at, pluginConfig);
  const unknown = findUnknownKeys(plugin.configSchema, pluginConfig, at).filter(
    (u) => !(u.keyPath?.length === at.length + 1 && u.keyPath.at(-1) === 'plugin'),
  );
  return [...withUnknownKeys(zodIssues, unknown), ...checkPollSeconds(entry, plugin, at)];
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Load the `plugins.paths` modules that exist (a missing one is reported by checkPaths) and the packages. */
async function registerListed(
  options: ConnectorCheckOptions,
  errors: ConfigIssue[],
  unregistered: UnregisteredPlugin[],
): Promise<Map<string, Plugin>> {
  const paths = options.pluginPaths ?? [];
  const { registered, failures } = await registerPlugins(
    { paths, packages: options.pluginPackages ?? [], override: options.pluginOverrides ?? [] },
    options.baseDir,
    { skip: async (spec) => paths.includes(spec) && !(await isFile(spec)) },
  );
  for (const f of failures) {
    errors.push(issue(f.keyPath, f.error.message));
    const code = (f.error as { code?: unknown }).code;
    unregistered.push({
      list: f.keyPath[1] === 'packages' ? 'packages' : 'paths',
      spec: f.spec,
      ...(typeof code === 'string' ? { code } : {}),
      message: f.error.message,
    });
  }
  return registered;
}

/** Check every connector entry in the (null-dropped) document; never throws for a bad entry. */
export async function checkConnectors(raw: unknown, options: ConnectorCheckOptions): Promise<ConnectorCheck> {
  const errors: ConfigIssue[] = [];
  const unregistered: UnregisteredPlugin[] = [];
  const registered = await registerListed(options, errors, unregistered);
  const enabled: string[] = [];
  const plugins = new Map<string, Plugin>();
  const byInstance = new Map<string, Plugin>();
  const connectors = isMapping(raw) && isMapping(raw.connectors) ? raw.connectors : {};
  const known = [...Object.keys(BUILTIN_PLUGINS), ...registered.keys()];
  for (const [name, entry] of Object.entries(connectors)) {
    const at: PropertyKey[] = ['connectors', name];
    // Shape errors (not a mapping, no plugin) are the app schema's to report.
    if (!isMapping(entry) || typeof entry.plugin !== 'string' || entry.plugin === '') continue;
    const spec = entry.plugin;
    const on = entry.enabled !== false;
    if (on && !PLANNED_PLUGINS.includes(spec)) enabled.push(name);
    if (PLANNED_PLUGINS.includes(spec)) {
      if (on)
        errors.push(
          issue(
            [...at, 'plugin'],
            `the ${spec} connector is not in this release yet`,
            'set enabled: false until it ships.',
          ),
        );
      continue;
    }
    if (!namesModule(spec) && !BUILTIN_PLUGINS[spec] && !registered.has(spec)) {
      const guess = didYouMean(spec, [...known, ...PLANNED_PLUGINS]);
      errors.push(
        issue(
          [...at, 'plugin'],
          guess ? `no plugin named "${spec}"; did you mean "${guess}"?` : `no plugin named "${spec}"`,
          guess
            ? `write plugin: ${guess}.`
            : 'use a built-in id, an id from plugins.paths or plugins.packages, a path to a plugin module (./my-plugin.js), or an installed package (itops-plugin-acme).',
          `one of ${known.join(', ')}, or a path`,
        ),
      );
      continue;
    }
    // A disabled entry's module is not imported: that would run code nobody asked to start,
    // and the module may simply not be installed yet.
    if (!on && namesModule(spec)) continue;
    let plugin: Plugin;
    try {
      plugin = await loadPlugin(
        looksLikePath(spec) ? resolve(options.baseDir, spec) : spec,
        options.baseDir,
        registered,
      );
    } catch (err) {
      errors.push(issue([...at, 'plugin'], (err as Error).message));
      continue;
    }
    errors.push(...checkPluginConfig(plugin, entry, at));
    if (on) {
      plugins.set(plugin.id, plugin);
      byInstance.set(name, plugin);
    }
  }
  return { errors, enabled, plugins: [...plugins.values()], byInstance, registered, unregistered };
}
