/**
 * How an installed npm package name becomes a plugin module file. Names follow one
 * convention (`itops-plugin-*`, `@scope/itops-plugin-*`), so a typo in `plugin:` can never
 * import some unrelated package that happens to be installed. A package is looked up the way
 * Node would from the config file's folder (each `node_modules` up to the root), then in the
 * global npm folder; the error names every folder it tried.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPluginPackageName } from '../config/plugin-names.js';
import { SUPPORTED_API_VERSIONS } from '../plugin-api/index.js';
import { HostError } from './errors.js';

export { isPluginPackageName, PLUGIN_PACKAGE_NAME } from '../config/plugin-names.js';

/** A folder where packages are looked for, and why it is on the list (for messages). */
export interface SearchDir {
  /** A `node_modules` folder. */
  dir: string;
  why: 'config folder' | 'global npm prefix' | 'beside itops-tui';
}

export interface PackageLookupOptions {
  /** The config file's folder (the working directory without one). */
  baseDir: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides the global `node_modules` folders (tests). */
  globalDirs?: readonly string[];
}

/** What the loader knows of an installed plugin package before importing it. */
export interface PluginPackage {
  name: string;
  version: string;
  /** The package folder. */
  dir: string;
  /** Absolute path of the module to import. */
  entry: string;
  /** `itops.apiVersion` from package.json, when the author stated it. */
  apiVersion?: number;
  /** Which search folder it was found in. */
  foundIn: SearchDir;
}

/**
 * A package's version as written in its package.json, kept to semver's characters: it reaches
 * the terminal (`plugin list`, error messages) and a package.json is anyone's text.
 */
function versionOf(manifest: Record<string, unknown>): string {
  const raw = typeof manifest.version === 'string' ? manifest.version : '';
  const clean = raw.replace(/[^0-9A-Za-z.+-]/g, '').slice(0, 64);
  return clean === '' ? 'no version' : clean;
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** `prefix=` from the user's ~/.npmrc, where `npm config set prefix` writes it. */
async function npmrcPrefix(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const home = env.HOME || env.USERPROFILE || homedir();
  const text = await readFile(join(home, '.npmrc'), 'utf8').catch(() => '');
  const line = text.split(/\r?\n/).find((l) => /^\s*prefix\s*=/.test(l));
  const value = line?.replace(/^\s*prefix\s*=\s*/, '').trim();
  if (!value) return undefined;
  return value.startsWith('~') ? join(home, value.slice(1)) : resolve(home, value);
}

/**
 * The global `node_modules` folders, found without spawning npm (that costs a few hundred
 * milliseconds at every start): npm's own prefix setting from the environment or ~/.npmrc,
 * else the prefix of the Node running us; and the folder this itops-tui is installed in,
 * which is the global one after `npm install -g itops-tui` however npm was configured.
 */
export async function globalNodeModules(env: NodeJS.ProcessEnv = process.env): Promise<SearchDir[]> {
  const prefix =
    env.npm_config_prefix ||
    env.NPM_CONFIG_PREFIX ||
    (await npmrcPrefix(env)) ||
    (process.platform === 'win32' ? dirname(process.execPath) : dirname(dirname(process.execPath)));
  const out: SearchDir[] = [
    {
      dir: process.platform === 'win32' ? join(prefix, 'node_modules') : join(prefix, 'lib', 'node_modules'),
      why: 'global npm prefix',
    },
  ];
  const beside = installFolderOfHost();
  if (beside && !out.some((d) => d.dir === beside)) out.push({ dir: beside, why: 'beside itops-tui' });
  return out;
}

/** The `node_modules` folder holding the running itops-tui, when it runs from one. */
function installFolderOfHost(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const parent = dirname(dir);
    if (parent.endsWith(`${sep}node_modules`) && dir.endsWith(`${sep}itops-tui`)) return parent;
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Every `node_modules` folder searched for a package, nearest first. */
export async function packageSearchDirs(options: PackageLookupOptions): Promise<SearchDir[]> {
  const out: SearchDir[] = [];
  for (let dir = resolve(options.baseDir); ; dir = dirname(dir)) {
    if (!dir.endsWith(`${sep}node_modules`))
      out.push({ dir: join(dir, 'node_modules'), why: 'config folder' });
    if (dirname(dir) === dir) break;
  }
  const globals = options.globalDirs
    ? options.globalDirs.map((dir): SearchDir => ({ dir, why: 'global npm prefix' }))
    : await globalNodeModules(options.env);
  for (const g of globals) if (!out.some((d) => d.dir === g.dir)) out.push(g);
  return out;
}

/** The module Node would import for the package's root: `exports["."]` (import/node/default), else `main`. */
export function packageEntry(pkg: Record<string, unknown>): string {
  const pick = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(pick).find((x) => x !== undefined);
    if (isMapping(v)) return pick(v.import) ?? pick(v.node) ?? pick(v.default);
    return undefined;
  };
  const exp = pkg.exports;
  if (exp !== undefined && exp !== null) {
    const root = isMapping(exp) && Object.keys(exp).some((k) => k.startsWith('.')) ? exp['.'] : exp;
    const entry = pick(root);
    if (entry) return entry;
  }
  return typeof pkg.main === 'string' && pkg.main !== '' ? pkg.main : 'index.js';
}

async function readManifest(dir: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isMapping(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function describeDirs(dirs: readonly SearchDir[]): string {
  const local = dirs.filter((d) => d.why === 'config folder').map((d) => d.dir);
  const other = dirs.filter((d) => d.why !== 'config folder').map((d) => `${d.dir} (${d.why})`);
  const parts = [];
  if (local.length > 0) parts.push(`${local.join(', ')} (from the config file's folder up)`);
  return [...parts, ...other].join('; ');
}

/** Find an installed plugin package and its entry module; throws HostError naming where it looked. */
export async function resolvePluginPackage(
  name: string,
  options: PackageLookupOptions,
): Promise<PluginPackage> {
  if (!isPluginPackageName(name)) {
    throw new HostError(
      'PLUGIN_NOT_FOUND',
      `"${name}" is not a plugin package name: installed plugins are named itops-plugin-<name> or @scope/itops-plugin-<name>.`,
    );
  }
  const dirs = await packageSearchDirs(options);
  for (const where of dirs) {
    const dir = join(where.dir, ...name.split('/'));
    const manifest = await readManifest(dir);
    if (!manifest) continue;
    return describePackage(name, dir, manifest, where);
  }
  throw new HostError(
    'PLUGIN_NOT_FOUND',
    `plugin package ${name} is not installed. Looked in ${describeDirs(dirs)}. ` +
      `Fix: run "npm install ${name}" in ${resolve(options.baseDir)} (beside the config file), or "npm install -g ${name}".`,
  );
}

function describePackage(
  name: string,
  dir: string,
  manifest: Record<string, unknown>,
  foundIn: SearchDir,
): PluginPackage {
  const version = versionOf(manifest);
  const label = `${name}@${version} (${dir})`;
  const meta = isMapping(manifest.itops) ? manifest.itops : {};
  const apiVersion = typeof meta.apiVersion === 'number' ? meta.apiVersion : undefined;
  // Refused before any of its code runs: an old host must not import a plugin built for a new API.
  if (apiVersion !== undefined && !SUPPORTED_API_VERSIONS.includes(apiVersion)) {
    throw new HostError(
      'PLUGIN_API_VERSION',
      `${label} is built for plugin API ${apiVersion}, but this itops-tui supports API ${SUPPORTED_API_VERSIONS.join(', ')}. ` +
        `Fix: install a release of ${name} for API ${SUPPORTED_API_VERSIONS.at(-1)}, or upgrade itops-tui.`,
    );
  }
  const written = packageEntry(manifest);
  const entry = resolve(dir, written);
  const inside = relative(dir, entry);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new HostError('PLUGIN_INVALID', `${label} points its entry outside its own folder (${written}).`);
  }
  if (/\.(c|m)?ts$/.test(entry)) {
    throw new HostError(
      'PLUGIN_INVALID',
      `${label} has a TypeScript entry (${written}); Node does not load TypeScript from node_modules. ` +
        'Fix: the plugin must publish compiled JavaScript (run its build before npm pack / npm publish).',
    );
  }
  return { name, version, dir, entry, ...(apiVersion !== undefined ? { apiVersion } : {}), foundIn };
}

/** One installed package that looks like a plugin, found by listing the search folders. */
export interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
  foundIn: SearchDir;
}

/** Plugin packages installed in the search folders (by name only: nothing is imported). */
export async function listInstalledPluginPackages(
  options: PackageLookupOptions,
): Promise<InstalledPackage[]> {
  const out: InstalledPackage[] = [];
  const seen = new Set<string>();
  const names = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir).catch(() => [] as string[]);
    const found: string[] = [];
    for (const e of entries) {
      if (e.startsWith('@')) {
        for (const inner of await readdir(join(dir, e)).catch(() => [] as string[]))
          found.push(`${e}/${inner}`);
      } else found.push(e);
    }
    return found.filter(isPluginPackageName).sort();
  };
  for (const where of await packageSearchDirs(options)) {
    if (
      !(await stat(where.dir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      continue;
    for (const name of await names(where.dir)) {
      // The nearest copy wins, as it does when loading.
      if (seen.has(name)) continue;
      const dir = join(where.dir, ...name.split('/'));
      const manifest = await readManifest(dir);
      if (!manifest) continue;
      seen.add(name);
      out.push({
        name,
        version: versionOf(manifest),
        dir,
        foundIn: where,
      });
    }
  }
  return out;
}
