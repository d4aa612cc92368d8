/**
 * Pure builder for ServiceNow encoded queries (`sysparm_query`).
 *
 * Encoded queries have no escape syntax: `^` always separates conditions and `,`
 * separates IN values. A value containing either would silently change the
 * query's meaning (widen a scope, drop a filter), so the builder refuses such
 * values instead of sending them. Field names are checked too, because a typo in
 * a field name makes ServiceNow ignore the condition rather than fail.
 */

export type Operator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'IN'
  | 'NOT IN'
  | 'LIKE'
  | 'STARTSWITH'
  | 'ISEMPTY'
  | 'ISNOTEMPTY';

/** A field, optionally dot-walked (`task.assignment_group`). */
const FIELD = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/i;

export class QueryError extends Error {
  override readonly name = 'QueryError';
}

function checkField(field: string): string {
  if (!FIELD.test(field)) throw new QueryError(`"${field}" is not a valid ServiceNow field name`);
  return field;
}

function checkValue(value: string, list: boolean): string {
  if (/[\^\r\n]/.test(value)) {
    throw new QueryError(
      `value "${value}" contains "^" or a line break, which encoded queries cannot escape`,
    );
  }
  if (list && value.includes(',')) {
    throw new QueryError(`IN value "${value}" contains ",", which encoded queries cannot escape`);
  }
  return value;
}

/** One condition: `field<op>value`. IN/NOT IN take a non-empty list; ISEMPTY/ISNOTEMPTY none. */
export function cond(field: string, op: Operator, value?: string | number | readonly string[]): string {
  checkField(field);
  if (op === 'ISEMPTY' || op === 'ISNOTEMPTY') return `${field}${op}`;
  if (op === 'IN' || op === 'NOT IN') {
    const values = Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
    // An empty IN list would be dropped by ServiceNow, i.e. match everything.
    if (values.length === 0) throw new QueryError(`${field} ${op} needs at least one value`);
    return `${field}${op}${values.map((v) => checkValue(String(v), true)).join(',')}`;
  }
  if (value === undefined || Array.isArray(value)) throw new QueryError(`${field}${op} needs one value`);
  return `${field}${op}${checkValue(String(value), false)}`;
}

/** ORDERBY / ORDERBYDESC term. */
export function orderBy(field: string, direction: 'asc' | 'desc' = 'asc'): string {
  return `${direction === 'desc' ? 'ORDERBYDESC' : 'ORDERBY'}${checkField(field)}`;
}

/**
 * Why a user-supplied encoded query cannot be ANDed onto the connector's scope,
 * or undefined when it can. `^NQ` starts a new OR-block (it would widen the scope
 * past the configured groups) and ORDERBY would fight the connector's paging order.
 */
export function checkRawQuery(raw: string): string | undefined {
  if (/[\r\n]/.test(raw)) return 'the query must be one line';
  if (/\^NQ/.test(raw)) return '^NQ (new query) cannot be ANDed onto the scope; use ^OR inside conditions';
  if (/(^|\^)ORDERBY/.test(raw)) return 'ORDERBY is set by the connector; remove it from the query';
  return undefined;
}

/**
 * AND the parts together. Empty parts are skipped; raw parts (user config) are
 * checked with `checkRawQuery`. ORDERBY terms must come last, so they go after
 * every condition whatever order they were given in. `^OR` binds tighter than `^`
 * in ServiceNow, so appending conditions after a raw `a^ORb` keeps `(a OR b) AND …`.
 */
export function and(...parts: (string | undefined | false)[]): string {
  const conditions: string[] = [];
  const orders: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    const trimmed = part.replace(/^\^+|\^+$/g, '');
    if (!trimmed) continue;
    (trimmed.startsWith('ORDERBY') ? orders : conditions).push(trimmed);
  }
  return [...conditions, ...orders].join('^');
}

/** A user query after validation; throws QueryError with the reason. */
export function raw(query: string | undefined): string | undefined {
  if (query === undefined || query.trim() === '') return undefined;
  const problem = checkRawQuery(query);
  if (problem) throw new QueryError(problem);
  return query.trim();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → `yyyy-MM-dd HH:mm:ss` in UTC, the format ServiceNow compares dates in. */
export function snDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** `yyyy-MM-dd HH:mm:ss` (UTC, no zone) → epoch ms; undefined for anything else. */
export function parseSnDate(value: string | undefined): number | undefined {
  const m = value?.trim().match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?$/);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Sys ids are 32 lower-case hex characters; anything else in config is a name. */
export const isSysId = (s: string): boolean => /^[0-9a-f]{32}$/.test(s);
