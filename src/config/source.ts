/**
 * Reading one config file with limits: the size is checked before a byte is read,
 * and YAML aliases are counted before any value is built. Parse errors carry
 * file, line and column.
 *
 * This replaced cosmiconfig's reader: it reads a file whole before any loader can
 * look at it, and it follows `$import` keys to further files that no limit covers.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
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
 * Read at most MAX_CONFIG_BYTES. The size is checked on the open handle before
 * reading, and the read itself stops one byte past the limit, so a file that grows
 * between the check and the read is still refused without being read whole.
 */
async function readBounded(file: string, limit: number): Promise<string> {
  // Non-blocking open: a FIFO or a device given as the config must not hang start-up.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new ConfigError('CONFIG_READ', `Cannot read ${file}`, {
        file,
        issues: [{ path: '', message: 'this is not a regular file', fix: 'point at a YAML or JSON file.' }],
      });
    }
    const tooBig = (size: string) =>
      limitError(
        file,
        `the file is ${size}; config files may be at most ${bytes(limit)} (${limit / 1024 / 1024} MiB)`,
        'a config is a few kilobytes: check that this is the right file.',
      );
    if (info.size > limit) throw tooBig(bytes(info.size));
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw tooBig(`more than ${bytes(limit)}`);
    return buffer
      .subarray(0, length)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
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

/** Read and parse one config file; throws ConfigError (CONFIG_READ, CONFIG_PARSE, CONFIG_LIMIT). */
export async function readConfigSource(
  file: string,
  limits: { maxBytes?: number; maxNodes?: number } = {},
): Promise<ConfigSource> {
  const extension = extname(file).toLowerCase();
  if (CODE_EXTENSIONS.has(extension)) {
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
  }
  let text: string;
  try {
    text = await readBounded(file, limits.maxBytes ?? MAX_CONFIG_BYTES);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError('CONFIG_READ', `Cannot read ${file}`, {
      file,
      issues: [
        {
          path: '',
          message: code === 'EACCES' ? 'permission denied' : (err as Error).message,
          ...(code === 'EACCES' ? { fix: 'make the file readable by your user (chmod 600).' } : {}),
        },
      ],
    });
  }
  const maxNodes = limits.maxNodes ?? MAX_CONFIG_NODES;
  return extension === '.json' ? parseJsonText(file, text, maxNodes) : parseYamlText(file, text, maxNodes);
}
