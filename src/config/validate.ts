/**
 * Raw parsed file → typed Config plus warnings. Unknown keys are warnings, not
 * errors, so a config written for a newer (or older) release still starts.
 */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { ConfigError, describeValue, formatPath, issuesFromZod } from './errors.js';
import { type Config, configSchema, SECRET_KEY_HINT } from './schema.js';

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  catchall?: AnySchema;
  valueType?: AnySchema;
  in?: AnySchema;
}

const def = (schema: AnySchema): Def => schema._zod.def as unknown as Def;

/** Look through optional/default/refine wrappers to the schema that has the keys. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (d.innerType) current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = d.in;
    else return current;
  }
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Walk the input beside the schema and report keys the schema would silently
 * drop. Loose objects (connector entries) are skipped: their extra keys belong
 * to the plugin, whose own schema judges them.
 */
export function findUnknownKeys(schema: AnySchema, value: unknown, path: PropertyKey[] = []): string[] {
  const s = unwrap(schema);
  const d = def(s);
  const out: string[] = [];
  if (!isMapping(value)) return out;
  if (d.type === 'object' && d.shape) {
    const known = Object.keys(d.shape);
    const loose = d.catchall !== undefined && def(d.catchall).type !== 'never';
    for (const [key, child] of Object.entries(value)) {
      const childSchema = d.shape[key];
      if (childSchema) out.push(...findUnknownKeys(childSchema, child, [...path, key]));
      else if (!loose) {
        const guess = didYouMean(key, known);
        const at = formatPath([...path, key]);
        const hint = guess ? ` (did you mean "${formatPath([...path, guess])}"?)` : '';
        out.push(`unknown key "${at}"${hint}; it is ignored.`);
      }
    }
  } else if (d.type === 'record' && d.valueType) {
    for (const [key, child] of Object.entries(value))
      out.push(...findUnknownKeys(d.valueType, child, [...path, key]));
  }
  return out;
}

/** Connector keys that look like credentials but hold plain text. */
export function findPlainSecrets(raw: unknown): string[] {
  if (!isMapping(raw) || !isMapping(raw.connectors)) return [];
  const out: string[] = [];
  for (const [instance, entry] of Object.entries(raw.connectors)) {
    if (!isMapping(entry)) continue;
    for (const [key, value] of Object.entries(entry)) {
      if (typeof value === 'string' && value.length > 0 && SECRET_KEY_HINT.test(key))
        out.push(
          `${formatPath(['connectors', instance, key])} holds a plain-text secret; ` +
            `prefer {env: VAR}, {command: "..."} or {keychain: name} so the file can be shared safely.`,
        );
    }
  }
  return out;
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

/** Validate parsed file content; throws ConfigError(CONFIG_INVALID) naming every bad path. */
export function validateConfig(raw: unknown, file: string | null): { config: Config; warnings: string[] } {
  const input = dropNulls(raw ?? {});
  if (!isMapping(input)) {
    throw new ConfigError('CONFIG_INVALID', file ? `Config error in ${file}` : 'Config error', {
      file,
      issues: [
        {
          path: '',
          message: `the file must be a mapping of sections (connectors:, panels:, ui: …), got ${describeValue(input)}`,
          fix: 'start from config.example.yml.',
        },
      ],
    });
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError('CONFIG_INVALID', file ? `Config error in ${file}` : 'Config error', {
      file,
      issues: issuesFromZod(parsed.error, [], input),
    });
  }
  const warnings = [...findUnknownKeys(configSchema, input), ...findPlainSecrets(input)].map((w) =>
    file ? `${file}: ${w}` : w,
  );
  return { config: parsed.data, warnings };
}
