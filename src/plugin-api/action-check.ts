/**
 * The check of a plugin's action declarations: plain data of a known shape, every string within
 * bounds, no unknown key (a typo'd `lables` must not be ignored). Hand-written rather than a zod
 * schema because it runs while the cockpit starts (every plugin's definition, at import), where
 * compiling a recursive schema cost more than the whole check; the answer is the path of the
 * first thing wrong, as a config error would say it.
 */
import { RECORD_KIND_IDS } from '../domain/kinds.js';

type Check = (value: unknown, path: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const first = (checks: Iterable<string | null>): string | null => {
  for (const c of checks) if (c) return c;
  return null;
};

const str =
  (max: number, pattern?: RegExp, what?: string): Check =>
  (v, p) => {
    if (typeof v !== 'string') return `${p}: expected a string`;
    if (v.length === 0) return `${p}: must not be empty`;
    if (v.length > max) return `${p}: at most ${max} characters`;
    return pattern && !pattern.test(v) ? `${p}: expected ${what}` : null;
  };

const opt =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? null : check(v, p);

const oneOf =
  (values: readonly unknown[]): Check =>
  (v, p) =>
    values.includes(v) ? null : `${p}: expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

const list =
  (item: Check, max: number): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return `${p}: expected a list`;
    if (v.length > max) return `${p}: at most ${max} entries`;
    return first(v.map((x, i) => item(x, `${p}.${i}`)));
  };

const object =
  (shape: Record<string, Check>): Check =>
  (v, p) => {
    if (!isObject(v)) return `${p}: expected an object`;
    const unknown = Object.keys(v).find((k) => !Object.hasOwn(shape, k));
    if (unknown !== undefined) return `${p}.${unknown}: unknown key`;
    return first(Object.entries(shape).map(([k, check]) => check(v[k], `${p}.${k}`)));
  };

const record =
  (key: Check, value: Check): Check =>
  (v, p) => {
    if (!isObject(v)) return `${p}: expected an object`;
    return first(Object.entries(v).map(([k, x]) => key(k, `${p}.${k}`) ?? value(x, `${p}.${k}`)));
  };

const text = str(400);
const danger = oneOf(['none', 'confirm', 'typed']);
const field = str(60, /^[A-Za-z][A-Za-z0-9_]*$/, 'a field name: letters, digits and _');
const finite: Check = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) ? null : `${p}: expected a number`;

const option: Check = (v, p) =>
  object({
    value: str(200),
    label: text,
    phrase: opt(text),
    lines: opt(list(text, 8)),
    danger: opt(danger),
    next: opt(list(step, 4)),
  })(v, p);

const step: Check = (v, p) => {
  if (isObject(v) && v.kind === 'choice')
    return object({ kind: oneOf(['choice']), field, title: text, options: list(option, 30) })(v, p);
  if (isObject(v) && v.kind === 'text') {
    return object({
      kind: oneOf(['text']),
      field,
      label: text,
      placeholder: opt(text),
      required: opt(text),
      line: opt(text),
      emptyLine: opt(text),
    })(v, p);
  }
  return isObject(v) ? `${p}.kind: expected "choice" or "text"` : `${p}: expected an object`;
};

const wordingShape: Record<string, Check> = {
  title: text,
  short: str(24),
  verb: text,
  ability: text,
  noun: text,
  progress: text,
  question: text,
  lines: list(text, 8),
  confirmLabel: str(40),
  again: str(40),
};
const partialWording = object(Object.fromEntries(Object.entries(wordingShape).map(([k, c]) => [k, opt(c)])));

const declarationShape: Record<string, Check> = {
  wording: opt(partialWording),
  danger: opt(danger),
  input: opt(list(step, 6)),
  choices: opt(record(field, list(option, 30))),
  plan: opt(oneOf(['escalation-level', 'containment', null])),
  hint: opt(finite),
};

const custom = object({
  ...declarationShape,
  id: str(120, /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, 'an id like "my-plugin.snooze"'),
  kind: oneOf(RECORD_KIND_IDS),
  method: str(100, /^[A-Za-z_$][\w$]*$/, 'a method name'),
  key: str(20),
  wording: object(wordingShape),
  danger,
  refresh: opt(list(str(60), 8)),
});

/** The first thing wrong with a plugin's `actions`, as `actions.<path>: <what>`, or null. */
export const checkPluginActions: Check = object({
  standard: opt(record(str(60), object(declarationShape))),
  custom: opt(list(custom, 20)),
});
