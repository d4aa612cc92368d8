/**
 * Config discovery and loading. Order: `--config FILE` alone when given;
 * otherwise the search places in the working directory (the names cosmiconfig
 * uses), then the XDG config dir; the first that exists is the config. No file at
 * all is not an error: defaults load and the CLI tells the user where to create one.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { ConfigError, type ConfigIssue } from './errors.js';
import type { PathSetting } from './paths.js';
import { pluginEntries } from './plugin-names.js';
import { locateIssues, type PositionIndex } from './positions.js';
import type { Config } from './schema.js';
import { readConfigSource } from './source.js';
import { type ConfigOrigin, checkConfigTrust } from './trust.js';
import { checkConfigValue, configInvalid, formatWarning } from './validate.js';

export interface LoadConfigOptions {
  /** `--config FILE`: used alone, and it must exist. Relative to `cwd`. */
  configPath?: string;
  /** Where the search starts (default `process.cwd()`). */
  cwd?: string;
  /** Environment for XDG/HOME lookups (default `process.env`); injectable for tests. */
  env?: NodeJS.ProcessEnv;
  /**
   * Search the usual places when no file is named (default true). `--demo` passes false:
   * the demo reads a config only when one is named.
   */
  search?: boolean;
  /** The user id files must belong to (default `process.getuid()`); injectable for tests. */
  uid?: number | undefined;
}

/** Config after loading: file paths are absolute and the audit/log paths are filled in. */
export type LoadedConfig = Omit<Config, 'plugins'> & {
  plugins: Omit<Config['plugins'], 'paths' | 'packages'> & {
    /** Absolute module paths. */
    paths: string[];
    packages: string[];
    /** The paths and package names whose entry says `override: true`. */
    override: string[];
  };
  audit: { path: string };
  log: Config['log'] & { path: string };
};

export interface LoadConfigResult {
  config: LoadedConfig;
  /** The file that was loaded, or null when none exists anywhere. */
  file: string | null;
  /** Unknown keys, plain-text secrets: worth showing once, never fatal. */
  warnings: string[];
}

const MODULE = 'itops';

/**
 * Only YAML and JSON: a config that executes code at start-up is a surprise in a
 * tool that handles credentials, so `.js`/`.ts` rc files are not searched.
 */
export const SEARCH_PLACES: readonly string[] = [
  `.${MODULE}rc`,
  `.${MODULE}rc.yaml`,
  `.${MODULE}rc.yml`,
  `.${MODULE}rc.json`,
  `${MODULE}.config.yaml`,
  `${MODULE}.config.yml`,
  `${MODULE}.config.json`,
  `.config/${MODULE}rc`,
  `.config/${MODULE}rc.yaml`,
  `.config/${MODULE}rc.yml`,
  `.config/${MODULE}rc.json`,
  `.config/${MODULE}/config.yml`,
  `.config/${MODULE}/config.yaml`,
  `.config/${MODULE}/config.json`,
];

const XDG_FILES = ['config.yml', 'config.yaml', 'config.json'];

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** `$XDG_CONFIG_HOME/itops` (absolute values only, per the XDG spec) or `~/.config/itops`. */
export function xdgConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home(env), '.config');
  return join(base, MODULE);
}

/** `$XDG_STATE_HOME/itops` or `~/.local/state/itops`: audit log and log file live here by default. */
export function xdgStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME)
      ? env.XDG_STATE_HOME
      : join(home(env), '.local', 'state');
  return join(base, MODULE);
}

/** Every file looked at, in order, for "no config found; create one at …" messages. */
export function configSearchLocations(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string[] {
  const xdg = xdgConfigDir(env);
  return [...SEARCH_PLACES.map((p) => join(cwd, p)), ...XDG_FILES.map((f) => join(xdg, f))];
}

/** Where a new user should put their config. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(xdgConfigDir(env), 'config.yml');
}

/** The first existing entry among the search places: a regular file, or anything that is not a folder. */
async function firstExisting(paths: readonly string[]): Promise<string | null> {
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info && !info.isDirectory()) return path;
  }
  return null;
}

async function explicitFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new ConfigError('CONFIG_NOT_FOUND', `Config file not found: ${path}`, {
      file: path,
      issues: [
        {
          path: '',
          message: 'the file given with --config does not exist',
          fix: 'check the path, or drop --config to use the usual locations.',
        },
      ],
    });
  }
  if (info.isDirectory()) {
    throw new ConfigError('CONFIG_READ', `Cannot read ${path}`, {
      file: path,
      issues: [
        {
          path: '',
          message: 'this is a directory, not a file',
          fix: `point --config at a file, e.g. ${join(path, 'config.yml')}.`,
        },
      ],
    });
  }
  return path;
}

/** Where a searched-for file sits: the user's own config dir, or the working directory. */
function originOf(file: string, env: NodeJS.ProcessEnv): ConfigOrigin {
  const dir = xdgConfigDir(env);
  return file.startsWith(dir + sep) ? 'user-dir' : 'working-dir';
}

/** `~/x` and paths relative to the config file's folder become absolute. */
export function absolutize(
  path: string | undefined,
  baseDir: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (path === undefined) return undefined;
  if (path === '~' || path.startsWith('~/')) return join(home(env), path.slice(1));
  return resolve(baseDir, path);
}

/** Everything known about the config after one pass over the file, errors included. */
export interface ConfigReport {
  /** The file that was read, or null when none exists anywhere. */
  file: string | null;
  /** Typed config with absolute paths; absent when any error was found. */
  config?: LoadedConfig;
  /** The document as checked (renamed keys moved, empty keys dropped). */
  input: unknown;
  /** Key path → line/column in the file. */
  positions: PositionIndex;
  /** Relative paths in the file resolve against this folder. */
  baseDir: string;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
  /** The file-path settings to check with `checkPaths`, even when other keys have errors. */
  paths: PathSetting[];
}

/**
 * Find, read and check the config, collecting every problem in the app's own keys.
 * Throws ConfigError only when the file cannot be found, read or parsed at all.
 */
export async function inspectConfig(options: LoadConfigOptions = {}): Promise<ConfigReport> {
  const env = options.env ?? process.env;
  const cwd = resolve(options.cwd ?? process.cwd());
  const file = options.configPath
    ? await explicitFile(resolve(cwd, absolutize(options.configPath, cwd, env)!))
    : options.search === false
      ? null
      : await firstExisting(configSearchLocations(env, cwd));
  const source = file ? await readConfigSource(file) : { raw: undefined, positions: new Map() };
  const check = checkConfigValue(source.raw);
  // Before anything acts on it (the connector check imports plugin modules): may it run code?
  if (file)
    await checkConfigTrust(file, options.configPath ? 'named' : originOf(file, env), check.input, {
      env,
      ...('uid' in options ? { uid: options.uid } : {}),
    });
  const baseDir = file ? dirname(file) : cwd;
  const report: ConfigReport = {
    file,
    input: check.input,
    positions: source.positions,
    baseDir,
    errors: locateIssues(check.errors, source.positions),
    warnings: locateIssues(check.warnings, source.positions),
    paths: pathSettings(check.input, baseDir, env),
  };
  if (!check.config) return report;
  const config = check.config;
  const state = xdgStateDir(env);
  report.config = {
    ...config,
    plugins: loadedPlugins(config.plugins, baseDir, env),
    http: { ...config.http, caFile: absolutize(config.http.caFile, baseDir, env) },
    audit: { path: absolutize(config.audit.path, baseDir, env) ?? join(state, 'audit.jsonl') },
    log: { ...config.log, path: absolutize(config.log.path, baseDir, env) ?? join(state, 'itops.log') },
  };
  return report;
}

/** `plugins:` with absolute paths, and which entries may override another plugin's id. */
function loadedPlugins(
  plugins: Config['plugins'],
  baseDir: string,
  env: NodeJS.ProcessEnv,
): LoadedConfig['plugins'] {
  const paths = plugins.paths.map((p) => {
    const path = absolutize(typeof p === 'string' ? p : p.path, baseDir, env)!;
    return { spec: path, override: typeof p !== 'string' && p.override };
  });
  const packages = plugins.packages.map((p) =>
    typeof p === 'string' ? { spec: p, override: false } : { spec: p.name, override: p.override },
  );
  return {
    ...plugins,
    paths: paths.map((p) => p.spec),
    packages: packages.map((p) => p.spec),
    override: [...paths, ...packages].filter((p) => p.override).map((p) => p.spec),
  };
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The file-path settings as written (read from the checked document, so they are
 * checked even when some other key is wrong), plus the defaults for audit and log.
 */
function pathSettings(input: unknown, baseDir: string, env: NodeJS.ProcessEnv): PathSetting[] {
  const doc = isMapping(input) ? input : {};
  const text = (section: string, key: string) => {
    const value = isMapping(doc[section]) ? doc[section][key] : undefined;
    return typeof value === 'string' && value !== '' ? absolutize(value, baseDir, env) : undefined;
  };
  const out: PathSetting[] = [];
  for (const entry of pluginEntries(doc)) {
    if (entry.list !== 'paths') continue;
    out.push({
      keyPath: entry.keyPath,
      path: absolutize(entry.spec, baseDir, env)!,
      kind: 'module',
    });
  }
  const ca = text('http', 'caFile');
  if (ca) out.push({ keyPath: ['http', 'caFile'], path: ca, kind: 'ca-bundle' });
  const state = xdgStateDir(env);
  for (const [section, fallback] of [
    ['audit', 'audit.jsonl'],
    ['log', 'itops.log'],
  ] as const) {
    const set = text(section, 'path');
    out.push({
      keyPath: [section, 'path'],
      path: set ?? join(state, fallback),
      kind: 'append',
      isDefault: !set,
    });
  }
  return out;
}

/** Find, parse and validate the config. Throws ConfigError naming every problem; never exits the process. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadConfigResult> {
  const report = await inspectConfig(options);
  if (!report.config || report.errors.length > 0) throw configInvalid(report.file, report.errors);
  return {
    config: report.config,
    file: report.file,
    warnings: report.warnings.map((w) => formatWarning(w, report.file)),
  };
}
