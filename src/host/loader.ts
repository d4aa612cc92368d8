/**
 * Finds and validates plugin modules. Built-ins are static imports so the bundle
 * carries them; anything else is imported by path at run time.
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

/** Built-in connectors; lazily imported so a plugin not in config costs nothing at start-up. */
export const BUILTIN_PLUGINS: Record<string, () => Promise<{ default: unknown }>> = {
  pagerduty: () => import('../../plugins/pagerduty/index.js'),
  servicenow: () => import('../../plugins/servicenow/index.js'),
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
 * Load `pagerduty` (built-in), an id registered from `plugins.paths`, or
 * `./path/to/plugin.js` (relative to the config file's folder).
 */
export async function loadPlugin(
  spec: string,
  baseDir: string,
  registered: ReadonlyMap<string, Plugin> = new Map(),
): Promise<Plugin> {
  const known = registered.get(spec);
  if (known) return known;
  const builtin = BUILTIN_PLUGINS[spec];
  if (builtin) return validatePlugin(await builtin(), `built-in ${spec}`);
  const looksLikePath = spec.startsWith('.') || isAbsolute(spec) || /\.(m?js|ts)$/.test(spec);
  if (!looksLikePath) {
    throw new HostError(
      'PLUGIN_NOT_FOUND',
      `no plugin named "${spec}". Built-in: ${[...Object.keys(BUILTIN_PLUGINS), ...registered.keys()].join(', ')}; ` +
        'other plugins are given by path (plugin: ./my-plugin.js) or listed under plugins.paths.',
    );
  }
  const file = isAbsolute(spec) ? spec : resolve(baseDir, spec);
  let mod: unknown;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    throw new HostError('PLUGIN_NOT_FOUND', `could not load plugin ${file}: ${(err as Error).message}`);
  }
  return validatePlugin(mod, file);
}

/** Run-time check that setup() returned a method for every declared capability (untyped JS plugins). */
export function missingMethods(plugin: Plugin, connector: Record<string, unknown>): string[] {
  return requiredMethods(plugin.capabilities, plugin.actions).filter(
    (m) => typeof connector[m] !== 'function',
  );
}
