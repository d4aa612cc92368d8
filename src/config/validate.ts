/**
 * Raw parsed file → typed Config plus every problem at once. Unknown keys are
 * errors (a typo of `readOnly` must not leave writes on); keys the project renamed
 * or removed are accepted with a warning (renamed.ts), so upgrades never break a
 * config. Checks that need plugins, key bindings or the filesystem are composed by
 * the CLI (src/cli/check-config.ts); this layer owns the app's own keys.
 */
import {
  ConfigError,
  type ConfigIssue,
  describeValue,
  formatIssue,
  formatPath,
  issuesFromZod,
} from './errors.js';
import { applyKeyChanges } from './renamed.js';
import { type Config, configSchema, SECRET_KEY_HINT } from './schema.js';
import { findUnknownKeys, withUnknownKeys } from './strict-keys.js';

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A credential-named key holding text or a number, at any depth under one connector. */
interface PlainSecret {
  keyPath: (string | number)[];
  value: string;
  isNumber: boolean;
}

function walkPlainSecrets(value: unknown, at: (string | number)[], out: PlainSecret[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walkPlainSecrets(v, [...at, i], out);
    });
    return;
  }
  if (!isMapping(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const keyPath = [...at, key];
    const secretKey = SECRET_KEY_HINT.test(key);
    if (secretKey && typeof v === 'string' && v.length > 0) out.push({ keyPath, value: v, isNumber: false });
    else if (secretKey && typeof v === 'number' && Number.isFinite(v))
      out.push({ keyPath, value: String(v), isNumber: true });
    else walkPlainSecrets(v, keyPath, out);
  }
}

/**
 * Every plain-text credential in the `connectors:` section (a `token:`, an `auth.password:`,
 * numbers included): the CLI warns about each, and the runtime registers each value for
 * redaction whether or not the plugin ever resolves it.
 */
export function plainSecretValues(raw: unknown): PlainSecret[] {
  if (!isMapping(raw) || !isMapping(raw.connectors)) return [];
  const out: PlainSecret[] = [];
  for (const [instance, entry] of Object.entries(raw.connectors))
    walkPlainSecrets(entry, ['connectors', instance], out);
  return out;
}

/** Connector keys that look like credentials but hold plain text (or a number). */
export function findPlainSecrets(raw: unknown): ConfigIssue[] {
  return plainSecretValues(raw).map(({ keyPath, isNumber }) => ({
    path: formatPath(keyPath),
    keyPath,
    message: isNumber
      ? 'holds a plain-text secret, written as a number (YAML may change it: 0123 loses its zero, 1e3 becomes 1000)'
      : 'holds a plain-text secret',
    fix: isNumber
      ? 'quote it ("0123…"), or better use {env: VAR}, {command: "..."} or {keychain: name}.'
      : 'prefer {env: VAR}, {command: "..."} or {keychain: name} so the file can be shared safely.',
  }));
}

/**
 * YAML turns `audit:` followed only by comments into `audit: null`. Nothing in the
 * schema is nullable, so an empty key means "not set" and is dropped.
 */
export function dropNulls(value: unknown): unknown {
  if (!isMapping(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, dropNulls(v)]),
  );
}

export interface ConfigCheck {
  /** The typed config; absent when any error was found. */
  config?: Config;
  /** The document as checked: renamed keys moved, empty keys dropped. Plugin checks read this. */
  input: unknown;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** Check the app's own keys and values; never throws. */
export function checkConfigValue(raw: unknown): ConfigCheck {
  const changed = applyKeyChanges(raw ?? {});
  const input = dropNulls(changed.value);
  if (!isMapping(input)) {
    const message = `the file must be a mapping of sections (connectors:, panels:, ui: …), got ${describeValue(input)}`;
    return {
      input,
      errors: [{ path: '', keyPath: [], message, fix: 'start from config.example.yml.' }],
      warnings: changed.warnings,
    };
  }
  const parsed = configSchema.safeParse(input);
  const errors = withUnknownKeys(
    parsed.success ? [] : issuesFromZod(parsed.error, [], input),
    findUnknownKeys(configSchema, input),
  );
  const warnings = [...changed.warnings, ...findPlainSecrets(input)];
  return parsed.success && errors.length === 0
    ? { config: parsed.data, input, errors, warnings }
    : { input, errors, warnings };
}

/** A warning as one line for a toast, the status view or `doctor`: file, line, path, message, fix. */
export function formatWarning(issue: ConfigIssue, file: string | null): string {
  const text = formatIssue(issue).trim();
  return file ? `${file}: ${text}` : text;
}

/** Validate parsed file content; throws ConfigError(CONFIG_INVALID) naming every bad path. */
export function validateConfig(raw: unknown, file: string | null): { config: Config; warnings: string[] } {
  const check = checkConfigValue(raw);
  if (!check.config) throw configInvalid(file, check.errors);
  return { config: check.config, warnings: check.warnings.map((w) => formatWarning(w, file)) };
}

/** One error for every problem found, in file order. */
export function configInvalid(file: string | null, issues: readonly ConfigIssue[]): ConfigError {
  const count = issues.length === 1 ? '' : ` (${issues.length} problems)`;
  return new ConfigError('CONFIG_INVALID', `${file ? `Config error in ${file}` : 'Config error'}${count}`, {
    file,
    issues: sortIssues(issues),
  });
}

/** File order (issues without a line last, by path), so a user fixes top to bottom. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) =>
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.path.localeCompare(b.path),
  );
}
