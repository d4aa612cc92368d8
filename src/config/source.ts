/**
 * Reading one config file with limits. cosmiconfig loads the file (module name
 * `itops`, our YAML/JSON loaders), but only after a gate here: the path must be a
 * regular file no larger than MAX_CONFIG_BYTES, because cosmiconfig reads a file whole
 * before any loader sees it, and reading a named pipe would block start-up. The
 * loaders count YAML aliases before any value is built, and hand the document back
 * wrapped, so cosmiconfig never follows a `$import` key to files no limit covers (in
 * the user's file it is just an unknown key). Parse errors carry file, line and column.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { constructFromEvents, type Event, parseEvents, YAMLException } from 'js-yaml';
import { ConfigError } from './errors.js';
import { AliasExpansionError, indexEvents, lineLocator, type PositionIndex } from './positions.js';

/** Config files are a few kilobytes; anything this big is the wrong file (or a hostile one). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/**
 * Values in the document once YAML aliases are expanded. A large real config has a
 * few thousand; a "billion laughs" file of 700 bytes has hundreds of millions.
 */
export const MAX_CONFIG_NODES = 20_000;
/** Nesting deeper than this is not a config (js-yaml's own default is 100). */
const MAX_DEPTH = 64;

/** cosmiconfig's module name: `.itopsrc.yaml`, `itops.config.yml`, … */
export const MODULE_NAME = 'itops';

export interface ConfigSource {
  /** The parsed document (undefined for an empty or comment-only file). */
  raw: unknown;
  /** Key path → line/column, for every value written in the file. */
  positions: PositionIndex;
}

const CODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

function parseError(file: string, message: string, line?: number, column?: number, fix?: string) {
  const at = line !== undefined ? `:${line}:${column ?? 1}` : '';
  return new ConfigError('CONFIG_PARSE', `Cannot parse ${file}${at}`, {
    file,
    issues: [{ path: '', message, line, column, ...(fix ? { fix } : {}) }],
  });
}

function limitError(file: string, message: string, fix: string, where?: { line: number; column: number }) {
  const at = where ? `:${where.line}:${where.column}` : '';
  return new ConfigError('CONFIG_LIMIT', `Refusing to load ${file}${at}`, {
    file,
    issues: [{ path: '', message, fix, ...where }],
  });
}

const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;

/**
 * The gate before cosmiconfig reads the file: a regular file of at most `limit`
 * bytes. The handle is opened non-blocking so a FIFO or device named as the config
 * cannot hang start-up. (A file that grows past the limit between this check and the
 * read is read whole; that needs someone racing the user's own config file.)
 */
async function checkReadable(file: string, limit: number): Promise<void> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new ConfigError('CONFIG_READ', `Cannot read ${file}`, {
        file,
        issues: [{ path: '', message: 'this is not a regular file', fix: 'point at a YAML or JSON file.' }],
      });
    }
    if (info.size > limit) {
      throw limitError(
        file,
        `the file is ${bytes(info.size)}; config files may be at most ${bytes(limit)} (${limit / 1024 / 1024} MiB)`,
        'a config is a few kilobytes: check that this is the right file.',
      );
    }
  } finally {
    await handle.close();
  }
}

function parseYamlText(file: string, text: string, maxNodes: number): ConfigSource {
  let events: Event[];
  try {
    events = parseEvents(text, { filename: file, maxDepth: MAX_DEPTH });
  } catch (err) {
    throw yamlError(file, err);
  }
  let positions: PositionIndex;
  try {
    positions = indexEvents(text, events, maxNodes);
  } catch (err) {
    if (!(err instanceof AliasExpansionError)) throw err;
    throw limitError(
      file,
      `YAML aliases (*name) expand this file to more than ${err.limit.toLocaleString('en-US')} values; ` +
        'the limit stops "billion laughs" files from exhausting memory',
      'write the values out instead of nesting aliases.',
      err.at,
    );
  }
  let documents: unknown[];
  try {
    documents = constructFromEvents(events, { source: text, filename: file, maxAliases: maxNodes });
  } catch (err) {
    throw yamlError(file, err);
  }
  if (documents.length > 1) {
    const second = text.search(/^---/m);
    const at = second >= 0 ? lineLocator(text)(second) : undefined;
    throw parseError(
      file,
      `the file holds ${documents.length} YAML documents (separated by ---); itops-tui reads one`,
      at?.line,
      at?.column,
      'merge them into one document, or remove the extra --- line.',
    );
  }
  return { raw: documents[0] ?? undefined, positions };
}

function yamlError(file: string, err: unknown): ConfigError {
  if (!(err instanceof YAMLException)) throw err;
  const line = err.mark ? err.mark.line + 1 : undefined;
  const column = err.mark ? err.mark.column + 1 : undefined;
  return parseError(
    file,
    `invalid YAML: ${err.reason}`,
    line,
    column,
    'check indentation (spaces, not tabs) and quoting near that line.',
  );
}

function parseJsonText(file: string, text: string, maxNodes: number): ConfigSource {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch (err) {
    const message = (err as Error).message;
    const explicit = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    const where = explicit
      ? { line: Number(explicit[1]), column: Number(explicit[2]) }
      : position
        ? lineLocator(text)(Number(position[1]))
        : undefined;
    throw parseError(
      file,
      `invalid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}`,
      where?.line,
      where?.column,
    );
  }
  // JSON is YAML, so the same event walk gives positions; a JSON quirk YAML rejects
  // (a duplicate key) only costs the line numbers, never the load.
  let positions: PositionIndex = new Map();
  try {
    positions = indexEvents(text, parseEvents(text, { filename: file, maxDepth: MAX_DEPTH }), maxNodes);
  } catch {
    // keep the value; issues fall back to key paths without lines
  }
  return { raw, positions };
}

/** What our loaders hand cosmiconfig: wrapped, so no top-level key (`$import`) is acted on. */
interface Loaded {
  source: ConfigSource;
}

function explorer(maxNodes: number) {
  const text = (content: string) => content.replace(/^\uFEFF/, '');
  const yaml: Loader = (file, content): Loaded => ({ source: parseYamlText(file, text(content), maxNodes) });
  const json: Loader = (file, content): Loaded => ({ source: parseJsonText(file, text(content), maxNodes) });
  const code: Loader = (file) => {
    throw new ConfigError('CONFIG_PARSE', `Cannot load ${file}`, {
      file,
      issues: [
        {
          path: '',
          message: 'JavaScript/TypeScript config files are not supported',
          fix: 'write the config as YAML (.yml) or JSON.',
        },
      ],
    });
  };
  return cosmiconfig(MODULE_NAME, {
    // Any other extension (`--config ops.conf`) is read as YAML, which also covers JSON.
    loaders: {
      noExt: yaml,
      '.yaml': yaml,
      '.yml': yaml,
      '.json': json,
      default: yaml,
      ...Object.fromEntries([...CODE_EXTENSIONS].map((ext) => [ext, code])),
    },
    // The file is chosen by `load.ts` (search places in the working directory, then XDG);
    // cosmiconfig's meta-config in package.json is not consulted.
    searchStrategy: 'none',
    ignoreEmptySearchPlaces: false,
    cache: false,
  });
}

/** Read and parse one config file; throws ConfigError (CONFIG_READ, CONFIG_PARSE, CONFIG_LIMIT). */
export async function readConfigSource(
  file: string,
  limits: { maxBytes?: number; maxNodes?: number } = {},
): Promise<ConfigSource> {
  const extension = extname(file).toLowerCase();
  const readError = (err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    return new ConfigError('CONFIG_READ', `Cannot read ${file}`, {
      file,
      issues: [
        {
          path: '',
          message: code === 'EACCES' ? 'permission denied' : (err as Error).message,
          ...(code === 'EACCES' ? { fix: 'make the file readable by your user (chmod 600).' } : {}),
        },
      ],
    });
  };
  if (!CODE_EXTENSIONS.has(extension)) {
    try {
      await checkReadable(file, limits.maxBytes ?? MAX_CONFIG_BYTES);
    } catch (err) {
      throw err instanceof ConfigError ? err : readError(err);
    }
  }
  let result: Awaited<ReturnType<ReturnType<typeof explorer>['load']>>;
  try {
    result = await explorer(limits.maxNodes ?? MAX_CONFIG_NODES).load(file);
  } catch (err) {
    throw err instanceof ConfigError ? err : readError(err);
  }
  // cosmiconfig reports a blank file as empty without calling a loader.
  const loaded = result?.config as Loaded | undefined;
  return loaded?.source ?? { raw: undefined, positions: new Map() };
}
