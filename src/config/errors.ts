/**
 * Config errors: one class with stable codes, and one formatter, so the CLI, the
 * host (plugin config) and `doctor` all print the same "file, path, fix" lines.
 */
import type { z } from 'zod';

export type ConfigErrorCode =
  /** The file parsed but a value is wrong (schema issues). */
  | 'CONFIG_INVALID'
  /** `--config FILE` points at nothing. */
  | 'CONFIG_NOT_FOUND'
  /** The file exists but is not valid YAML/JSON, or has an unsupported format. */
  | 'CONFIG_PARSE'
  /** The file exists but cannot be read (permissions, a directory…). */
  | 'CONFIG_READ'
  /** The file is over the size limit, or its YAML aliases expand past the node limit. */
  | 'CONFIG_LIMIT'
  /** A secret reference (`{env}`, `{command}`, `{keychain}`) gave no value. */
  | 'SECRET_UNRESOLVED'
  /** Writing or deleting a keychain entry failed. */
  | 'KEYCHAIN_WRITE'
  /** A config that would run code is not safe to obey (owned by someone else, writable by others). */
  | 'CONFIG_UNTRUSTED';

/** One problem, addressed by its dotted config path. */
export interface ConfigIssue {
  /** Dotted path such as `connectors.pd-us.region`; empty for whole-file problems. */
  path: string;
  /** What is wrong, e.g. `expected "us" or "eu", got "de"`. */
  message: string;
  /** What would have been accepted, when known. */
  expected?: string;
  /** One sentence the user can act on. */
  fix?: string;
  /** 1-based position in the file, when known. */
  line?: number;
  column?: number;
  /** The path as segments, for looking up its position (set by the checks, not shown). */
  keyPath?: readonly PropertyKey[];
  /** Point at the key itself (unknown keys) rather than its value. */
  at?: 'key' | 'value';
  /** The did-you-mean, when a known name is close to what was written. */
  suggestion?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  /** The config file concerned, or null when none was involved. */
  declare readonly file: string | null;
  declare readonly issues: readonly ConfigIssue[];

  constructor(
    code: ConfigErrorCode,
    summary: string,
    context: { file?: string | null; issues?: ConfigIssue[] } = {},
  ) {
    const issues = context.issues ?? [];
    super(issues.length > 0 ? `${summary}\n${issues.map(formatIssue).join('\n')}` : summary);
    this.code = code;
    // Non-enumerable so logging the error object does not dump a large context blob.
    Object.defineProperty(this, 'file', { value: context.file ?? null, enumerable: false });
    Object.defineProperty(this, 'issues', { value: Object.freeze([...issues]), enumerable: false });
  }
}

/** Render a key path the way a user would type it: `plugins.paths[0]`, `keys["nav.down"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z0-9_-]+$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** One indented line per issue: `line 3, column 1: readonly: unknown key… Fix: …`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line !== undefined ? `line ${issue.line}, column ${issue.column ?? 1}: ` : '';
  const head = issue.path ? `${issue.path}: ` : '';
  const fix = issue.fix ? ` Fix: ${issue.fix}` : '';
  const message = /[.!?]$/.test(issue.message) || !fix ? issue.message : `${issue.message}.`;
  return `  ${where}${head}${message}${fix}`;
}

/**
 * Multi-line human text for any error. A ConfigError's first line is its summary
 * ("Config error in FILE", "Cannot parse FILE:4:3"), then one line per issue.
 */
export function formatConfigError(err: unknown, redact: (text: string) => string = (t) => t): string {
  return redact(err instanceof Error ? err.message : String(err));
}

type ZodIssue = z.core.$ZodIssue;

/** zod's own English messages start like this; anything else was written by a schema author. */
const DEFAULT_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized key)/;

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in current)) return { found: false };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: current };
}

/** Describe a value in YAML terms ("a list", "a mapping") since users write YAML. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'a mapping',
};

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function lastKey(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((p) => typeof p === 'string');
  return typeof key === 'string' ? key : 'it';
}

/** Pick the union branch that got furthest (deepest path) so the message is about the user's intent. */
function bestUnionBranch(issue: ZodIssue & { code: 'invalid_union' }): ZodIssue[] | undefined {
  const branches = issue.errors.filter((b) => b.length > 0);
  const depth = (b: ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
  const deep = branches.filter((b) => depth(b) > 0).sort((a, b) => depth(b) - depth(a));
  return deep[0];
}

function describeIssue(
  issue: ZodIssue,
  fullPath: PropertyKey[],
  got: { found: boolean; value?: unknown },
): ConfigIssue {
  const described = describeZodIssue(issue, fullPath, got);
  return described.keyPath ? described : { ...described, keyPath: fullPath };
}

function describeZodIssue(
  issue: ZodIssue,
  fullPath: PropertyKey[],
  got: { found: boolean; value?: unknown },
): ConfigIssue {
  const path = formatPath(fullPath);
  const key = lastKey(fullPath);
  const gotText = got.found ? describeValue(got.value) : 'nothing';
  const custom = DEFAULT_MESSAGE.test(issue.message) ? undefined : issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (!got.found || got.value === undefined)
        return { path, message: `missing (expected ${expected})`, expected, fix: custom ?? `add ${key}.` };
      return {
        path,
        message: `expected ${expected}, got ${gotText}`,
        expected,
        fix: custom ?? `set ${key} to ${expected}.`,
      };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const expected = orList(values);
      const plain = orList(issue.values.map((v) => String(v)));
      return {
        path,
        message: `expected ${expected}, got ${gotText}`,
        expected,
        fix: custom ?? `set ${key} to ${plain}.`,
      };
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      const sized = issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set';
      const unit = issue.origin === 'string' ? ' characters' : sized ? ' items' : '';
      const exclusive = issue.inclusive === false;
      const cmp = exclusive ? (issue.code === 'too_small' ? 'more than' : 'less than') : word;
      const expected = `${cmp} ${String(bound)}${unit}`;
      const message = sized ? `must have ${expected}` : `expected ${expected}, got ${gotText}`;
      return { path, message, expected, fix: custom ?? `use a value of ${expected}.` };
    }
    case 'invalid_union': {
      const branch = bestUnionBranch(issue);
      // A branch that failed below the root matched the user's shape; its error is the useful one.
      if (branch)
        return describeIssue(
          branch[0]!,
          [...fullPath, ...branch[0]!.path],
          valueAt(got.value, branch[0]!.path),
        );
      return {
        path,
        message: `got ${gotText}, which is not one of the accepted forms`,
        fix: custom ?? 'see config.example.yml for the accepted forms.',
      };
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message;
      const fix = inner && !DEFAULT_MESSAGE.test(inner) ? inner : custom;
      return { path, message: `invalid name ${JSON.stringify(String(fullPath.at(-1)))}`, fix };
    }
    case 'unrecognized_keys':
      return {
        path,
        message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`,
        fix: custom ?? 'remove it or check the spelling.',
      };
    case 'custom': {
      const fix = (issue.params as { fix?: string } | undefined)?.fix;
      return { path, message: issue.message, fix };
    }
    default:
      return custom
        ? { path, message: `invalid value ${gotText}`, fix: custom }
        : { path, message: `${issue.message} (got ${gotText})` };
  }
}

/**
 * Turn a ZodError into ConfigIssues with full paths. `pathPrefix` places a
 * plugin's own errors under its connector (`['connectors', 'pd-us']`); `root` is
 * the value that was parsed, used to say what the user actually wrote.
 */
export function issuesFromZod(
  error: z.ZodError,
  pathPrefix: readonly PropertyKey[] = [],
  root?: unknown,
): ConfigIssue[] {
  return error.issues.map((issue) => {
    const local = issue.path as PropertyKey[];
    const looked = valueAt(root, local);
    const got = looked.found ? looked : 'input' in issue ? { found: true, value: issue.input } : looked;
    return describeIssue(issue, [...pathPrefix, ...local], got);
  });
}

/** The host's `formatConfigIssues` seam: issue lines for a plugin's config, full paths included. */
export function formatConfigIssues(
  error: z.ZodError,
  pathPrefix: readonly PropertyKey[] = [],
  root?: unknown,
): string {
  return issuesFromZod(error, pathPrefix, root).map(formatIssue).join('\n');
}
