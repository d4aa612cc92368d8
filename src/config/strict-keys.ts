/**
 * Unknown keys, found by walking a value beside its zod schema. zod would drop
 * them silently (or, for strict objects, report them without a suggestion); here
 * each one becomes an error naming its path, the closest known key and the keys
 * allowed there. Used for the app's own sections and for every plugin's schema.
 */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { type ConfigIssue, formatPath } from './errors.js';

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  catchall?: AnySchema;
  valueType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  in?: AnySchema;
}

/** zod 4 keeps its definition on `_zod.def`; anything else (a hand-written safeParse) has no keys to judge. */
function def(schema: unknown): Def | undefined {
  const d = (schema as { _zod?: { def?: unknown } } | null)?._zod?.def;
  return d && typeof d === 'object' && typeof (d as Def).type === 'string' ? (d as Def) : undefined;
}

/** Look through optional/default/nullable/refine wrappers to the schema that has the keys. */
function unwrap(schema: unknown): { schema: unknown; d: Def | undefined } {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const d = def(current);
    if (d?.innerType) current = d.innerType;
    else if (d?.type === 'pipe' && d.in) current = d.in;
    else return { schema: current, d };
  }
  return { schema: current, d: undefined };
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys an object schema knows, or undefined when it accepts any key (a loose object). */
function objectKeys(d: Def): string[] | undefined {
  if (d.type !== 'object' || !d.shape) return undefined;
  const loose = d.catchall !== undefined && def(d.catchall)?.type !== 'never';
  return loose ? undefined : Object.keys(d.shape);
}

/** The union member a mapping was meant for: by discriminator, else by most keys in common. */
function pickBranch(d: Def, value: Record<string, unknown>): unknown {
  const options = d.options ?? [];
  if (d.discriminator !== undefined) {
    const tag = value[d.discriminator];
    const match = options.find((o) => {
      const shape = unwrap(o).d?.shape?.[d.discriminator!];
      const lit = def(shape) as { values?: unknown[] } | undefined;
      return lit?.values?.includes(tag);
    });
    if (match) return match;
  }
  let best: { option: unknown; score: number } | undefined;
  for (const option of options) {
    const shape = unwrap(option).d?.shape;
    if (!shape) continue;
    const score = Object.keys(value).filter((k) => k in shape).length;
    if (!best || score > best.score) best = { option, score };
  }
  if (best && best.score > 0) return best.option;
  // Nothing in common: judge the keys against every member's keys at once.
  const objects = options.map((o) => unwrap(o).d).filter((od): od is Def => od?.type === 'object');
  if (objects.length === 0 || objects.some((od) => objectKeys(od) === undefined)) return undefined;
  return { merged: [...new Set(objects.flatMap((od) => Object.keys(od.shape!)))] };
}

const LIST_LIMIT = 12;

/** The error for one unknown key, with a did-you-mean when a known key is close. */
export function unknownKeyIssue(
  path: readonly PropertyKey[],
  key: string,
  known: readonly string[],
): ConfigIssue {
  const at = [...path, key];
  if (key === '<<') {
    return {
      path: formatPath(at),
      keyPath: at,
      at: 'key',
      message: 'YAML merge keys (<<) are not supported',
      fix: 'write the keys out in each entry.',
    };
  }
  const guess = didYouMean(key, known);
  const listed =
    known.length > LIST_LIMIT ? `${known.slice(0, LIST_LIMIT).join(', ')}, …` : known.join(', ') || 'none';
  return {
    path: formatPath(at),
    keyPath: at,
    at: 'key',
    message: guess ? `unknown key; did you mean "${guess}"?` : 'unknown key',
    ...(guess ? { suggestion: guess } : {}),
    expected: `one of ${listed}`,
    fix: guess ? `rename it to ${guess}.` : `remove it; keys allowed here: ${listed}.`,
  };
}

/**
 * Every key in `value` that `schema` does not know. Loose objects (connector
 * entries in the app schema) are skipped: their extra keys belong to a plugin.
 */
export function findUnknownKeys(schema: unknown, value: unknown, path: PropertyKey[] = []): ConfigIssue[] {
  const { d } = unwrap(schema);
  if (!d) return [];
  const out: ConfigIssue[] = [];
  if (d.type === 'array' && d.element && Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push(...findUnknownKeys(d.element, item, [...path, i]));
    });
    return out;
  }
  if (!isMapping(value)) return out;
  if (d.type === 'object' && d.shape) {
    const known = objectKeys(d);
    for (const [key, child] of Object.entries(value)) {
      const childSchema = d.shape[key];
      if (childSchema) out.push(...findUnknownKeys(childSchema, child, [...path, key]));
      else if (known) out.push(unknownKeyIssue(path, key, known));
    }
  } else if (d.type === 'record' && d.valueType) {
    for (const [key, child] of Object.entries(value))
      out.push(...findUnknownKeys(d.valueType, child, [...path, key]));
  } else if (d.type === 'union' && d.options) {
    const branch = pickBranch(d, value);
    if (branch && typeof branch === 'object' && 'merged' in branch) {
      for (const key of Object.keys(value))
        out.push(unknownKeyIssue(path, key, (branch as { merged: string[] }).merged));
    } else if (branch) out.push(...findUnknownKeys(branch, value, path));
  }
  return out;
}

/**
 * zod's issues plus the unknown keys, minus the zod issues an unknown key explains
 * better: the union it broke (`token: {evn: X}`) and the missing key it is a
 * misspelling of (`env`). One typo, one line.
 */
export function withUnknownKeys(
  zodIssues: readonly ConfigIssue[],
  unknown: readonly ConfigIssue[],
): ConfigIssue[] {
  const parents = new Set(unknown.map((u) => formatPath((u.keyPath ?? []).slice(0, -1))));
  const meant = new Set(
    unknown
      .filter((u) => u.suggestion !== undefined)
      .map((u) => formatPath([...(u.keyPath ?? []).slice(0, -1), u.suggestion!])),
  );
  const kept = zodIssues.filter(
    (z) => !parents.has(z.path) && !meant.has(z.path) && !/^unknown key/.test(z.message),
  );
  return [...unknown, ...kept];
}
