/**
 * Config discovery and loading. Order: `--config FILE` alone when given;
 * otherwise the cosmiconfig search places in the working directory, then the
 * XDG config dir. No file at all is not an error: defaults load and the CLI
 * tells the user where to create one.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { load as parseYaml, YAMLException } from 'js-yaml';
import { ConfigError } from './errors.js';
import type { Config } from './schema.js';
import { validateConfig } from './validate.js';

export interface LoadConfigOptions {
  /** `--config FILE`: used alone, and it must exist. Relative to `cwd`. */
  configPath?: string;
  /** Where the search starts (default `process.cwd()`). */
  cwd?: string;
  /** Environment for XDG/HOME lookups (default `process.env`); injectable for tests. */
  env?: NodeJS.ProcessEnv;
}

/** Config after loading: file paths are absolute and the audit/log paths are filled in. */
export type LoadedConfig = Config & {
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

/** js-yaml reports 0-based positions; users and editors count from 1. */
const loadYaml: Loader = (filepath, content) => {
  // Comment-only files are "empty" for us; js-yaml 5 refuses an empty document.
  if (content.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line))) return undefined;
  try {
    return parseYaml(content, { filename: filepath });
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    const line = err.mark ? err.mark.line + 1 : undefined;
    const column = err.mark ? err.mark.column + 1 : undefined;
    const at = line !== undefined ? `:${line}:${column}` : '';
    throw new ConfigError('CONFIG_PARSE', `Cannot parse ${filepath}${at}`, {
      file: filepath,
      issues: [
        {
          path: '',
          message: `invalid YAML: ${err.reason}`,
          line,
          column,
          fix: 'check indentation (spaces, not tabs) and quoting near that line.',
        },
      ],
    });
  }
};

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

const loadJson: Loader = (filepath, content) => {
  try {
    return JSON.parse(content) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const explicit = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    const where = explicit
      ? { line: Number(explicit[1]), column: Number(explicit[2]) }
      : position
        ? lineAndColumn(content, Number(position[1]))
        : { line: undefined, column: undefined };
    const at = where.line !== undefined ? `:${where.line}:${where.column}` : '';
    throw new ConfigError('CONFIG_PARSE', `Cannot parse ${filepath}${at}`, {
      file: filepath,
      issues: [
        { path: '', message: `invalid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}`, ...where },
      ],
    });
  }
};

const refuseCode: Loader = (filepath) => {
  throw new ConfigError('CONFIG_PARSE', `Cannot load ${filepath}`, {
    file: filepath,
    issues: [
      {
        path: '',
        message: 'JavaScript/TypeScript config files are not supported',
        fix: 'write the config as YAML (.yml) or JSON.',
      },
    ],
  });
};

function explorer() {
  return cosmiconfig(MODULE, {
    searchPlaces: [...SEARCH_PLACES],
    // Any other extension (`--config ops.conf`) is read as YAML, which also covers JSON.
    loaders: {
      noExt: loadYaml,
      '.yaml': loadYaml,
      '.yml': loadYaml,
      '.json': loadJson,
      default: loadYaml,
      ...Object.fromEntries(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'].map((ext) => [ext, refuseCode])),
    },
    // Only the given directory: walking up from wherever the terminal happens to be is surprising.
    searchStrategy: 'none',
    // An empty file the user created is still "the" config, not a reason to keep looking.
    ignoreEmptySearchPlaces: false,
    cache: false,
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readExplicit(path: string): Promise<{ config: unknown; filepath: string }> {
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
  if (!info.isFile()) {
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
  return withReadErrors(path, async () => (await explorer().load(path))!);
}

async function withReadErrors<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError('CONFIG_READ', `Cannot read ${path}`, {
      file: path,
      issues: [
        {
          path: '',
          message: code === 'EACCES' ? 'permission denied' : (err as Error).message,
          fix: code === 'EACCES' ? 'make the file readable by your user (chmod 600).' : undefined,
        },
      ],
    });
  }
}

async function search(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ config: unknown; filepath: string } | null> {
  const found = await explorer().search(cwd);
  if (found) return found;
  for (const file of XDG_FILES.map((f) => join(xdgConfigDir(env), f))) {
    if (await isFile(file)) return withReadErrors(file, async () => (await explorer().load(file))!);
  }
  return null;
}

/** `~/x` and paths relative to the config file's folder become absolute. */
function absolutize(path: string | undefined, baseDir: string, env: NodeJS.ProcessEnv): string | undefined {
  if (path === undefined) return undefined;
  if (path === '~' || path.startsWith('~/')) return join(home(env), path.slice(1));
  return resolve(baseDir, path);
}

/** Find, parse and validate the config. Throws ConfigError; never exits the process. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadConfigResult> {
  const env = options.env ?? process.env;
  const cwd = resolve(options.cwd ?? process.cwd());
  const found = options.configPath
    ? await readExplicit(resolve(cwd, absolutize(options.configPath, cwd, env)!))
    : await search(cwd, env);
  const file = found ? found.filepath : null;
  const { config, warnings } = validateConfig(found?.config, file);
  const baseDir = file ? dirname(file) : cwd;
  const state = xdgStateDir(env);
  const loaded: LoadedConfig = {
    ...config,
    plugins: { paths: config.plugins.paths.map((p) => absolutize(p, baseDir, env)!) },
    http: { ...config.http, caFile: absolutize(config.http.caFile, baseDir, env) },
    audit: { path: absolutize(config.audit.path, baseDir, env) ?? join(state, 'audit.jsonl') },
    log: { ...config.log, path: absolutize(config.log.path, baseDir, env) ?? join(state, 'itops.log') },
  };
  return { config: loaded, file, warnings };
}
