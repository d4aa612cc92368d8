/**
 * ServiceNow encoded queries (`sysparm_query`): a parser and an evaluator for
 * the subset the cockpit and its tests use. Pure: rows are read through a
 * `get(field)` callback, so the same code filters incidents, SLAs or users.
 *
 * Grammar as ServiceNow applies it: `^` joins conditions with AND, `^OR` ORs a
 * condition with the one before it (so OR binds tighter than AND:
 * `a^b^ORc` is a AND (b OR c)), `^NQ` starts a new query whose rows are added
 * (OR of whole blocks), `ORDERBY<f>` / `ORDERBYDESC<f>` sort, chainable.
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
  | 'NOT LIKE'
  | 'STARTSWITH'
  | 'ENDSWITH'
  | 'ISEMPTY'
  | 'ISNOTEMPTY'
  | 'BETWEEN'
  | 'ANYTHING';

export interface Condition {
  field: string;
  op: Operator;
  /** The value as written ('' for ISEMPTY/ISNOTEMPTY/ANYTHING), dates already normalised. */
  value: string;
  /** IN / NOT IN items, BETWEEN bounds. */
  values: string[];
}

export interface Order {
  field: string;
  desc: boolean;
}

export interface EncodedQuery {
  /** OR of blocks (`^NQ`); each block is an AND of clauses; each clause an OR of conditions. */
  blocks: Condition[][][];
  orderBy: Order[];
}

export class EncodedQueryError extends Error {}

export interface ParseOptions {
  /** Reject fields (conditions and ORDERBY) this returns false for; default accepts any name. */
  isField?: (path: string) => boolean;
  /**
   * Given: a condition or ORDERBY on an unknown field is dropped (and reported here) instead of
   * failing the query — what ServiceNow does unless glide.invalid_query.returns_no_rows is set.
   */
  onUnknownField?: (path: string) => void;
}

// Longest first, so `NOT IN` is not read as `NOT` + … and `<=` not as `<` + `=…`.
const OPERATORS: readonly Operator[] = [
  'NOT LIKE',
  'NOT IN',
  'ISNOTEMPTY',
  'ISEMPTY',
  'STARTSWITH',
  'ENDSWITH',
  'ANYTHING',
  'BETWEEN',
  'LIKE',
  'IN',
  '!=',
  '<=',
  '>=',
  '=',
  '<',
  '>',
];
const NO_VALUE: ReadonlySet<Operator> = new Set(['ISEMPTY', 'ISNOTEMPTY', 'ANYTHING']);
/** Column names are lower-case (operators are upper-case, which is how `stateIN1,2` splits). */
const FIELD = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*/;
const DATE_GENERATE = /^javascript:gs\.dateGenerate\('(\d{4}-\d{2}-\d{2})','(\d{2}:\d{2}:\d{2})'\)$/;

/** pysnow and the UI write dates as a dateGenerate() call; it means the same as the plain string. */
function normaliseValue(v: string): string {
  const m = DATE_GENERATE.exec(v.trim());
  if (m) return `${m[1]} ${m[2]}`;
  if (v.startsWith('javascript:')) throw new EncodedQueryError(`Script values are not supported: ${v}`);
  return v;
}

/** The condition, or undefined when it names an unknown field and such conditions are dropped. */
function parseCondition(token: string, options: ParseOptions): Condition | undefined {
  const field = FIELD.exec(token)?.[0];
  if (!field) throw new EncodedQueryError(`Malformed condition "${token}": expected a field name`);
  const rest = token.slice(field.length);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) throw new EncodedQueryError(`Malformed condition "${token}": unknown operator`);
  if (options.isField && !options.isField(field)) {
    if (!options.onUnknownField) throw new EncodedQueryError(`Unknown field "${field}"`);
    options.onUnknownField(field);
    return undefined;
  }
  const raw = rest.slice(op.length);
  if (NO_VALUE.has(op)) {
    if (raw !== '') throw new EncodedQueryError(`Operator ${op} takes no value in "${token}"`);
    return { field, op, value: '', values: [] };
  }
  const value = normaliseValue(raw);
  if (op === 'IN' || op === 'NOT IN')
    return { field, op, value, values: value.split(',').map((s) => s.trim()) };
  if (op === 'BETWEEN') {
    const bounds = raw.split('@').map(normaliseValue);
    if (bounds.length !== 2) throw new EncodedQueryError(`BETWEEN needs "low@high" in "${token}"`);
    return { field, op, value, values: bounds };
  }
  return { field, op, value, values: [value] };
}

export function parseEncodedQuery(text: string, options: ParseOptions = {}): EncodedQuery {
  const blocks: Condition[][][] = [[]];
  const orderBy: Order[] = [];
  for (let token of text.split('^')) {
    if (token === '' || token === 'EQ') continue;
    let block = blocks[blocks.length - 1]!;
    // `^NQ` prefixes the first condition of the next block: `a=1^NQb=2`.
    if (token.startsWith('NQ')) {
      if (block.length > 0) blocks.push([]);
      block = blocks[blocks.length - 1]!;
      token = token.slice(2);
      if (token === '') continue;
    }
    const order = /^ORDERBY(DESC)?(.*)$/.exec(token);
    if (order) {
      const field = order[2]!;
      if (!FIELD.test(field) || FIELD.exec(field)![0] !== field)
        throw new EncodedQueryError(`Malformed ORDERBY "${token}"`);
      if (options.isField && !options.isField(field)) {
        if (!options.onUnknownField) throw new EncodedQueryError(`Unknown field "${field}" in ORDERBY`);
        options.onUnknownField(field);
        continue;
      }
      orderBy.push({ field, desc: order[1] === 'DESC' });
      continue;
    }
    if (token.startsWith('OR')) {
      const clause = block[block.length - 1];
      if (!clause) throw new EncodedQueryError(`"^${token}" has no condition before it to OR with`);
      const c = parseCondition(token.slice(2), options);
      if (c) clause.push(c);
      continue;
    }
    const c = parseCondition(token, options);
    block.push(c ? [c] : []);
  }
  // A clause emptied by dropped conditions constrains nothing.
  const kept = blocks.map((b) => b.filter((clause) => clause.length > 0));
  return { blocks: kept.filter((b, i) => b.length > 0 || i === 0), orderBy };
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Numbers compare as numbers; everything else (dates are `yyyy-MM-dd HH:mm:ss`) as strings. */
export function compareValues(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function evaluateCondition(c: Condition, actual: string): boolean {
  const low = actual.toLowerCase();
  const want = c.value.toLowerCase();
  switch (c.op) {
    case '=':
      return actual === c.value;
    case '!=':
      return actual !== c.value;
    case '<':
      return actual !== '' && compareValues(actual, c.value) < 0;
    case '<=':
      return actual !== '' && compareValues(actual, c.value) <= 0;
    case '>':
      return actual !== '' && compareValues(actual, c.value) > 0;
    case '>=':
      return actual !== '' && compareValues(actual, c.value) >= 0;
    case 'IN':
      return c.values.includes(actual);
    case 'NOT IN':
      return !c.values.includes(actual);
    case 'LIKE':
      return low.includes(want);
    case 'NOT LIKE':
      return !low.includes(want);
    case 'STARTSWITH':
      return low.startsWith(want);
    case 'ENDSWITH':
      return low.endsWith(want);
    case 'ISEMPTY':
      return actual === '';
    case 'ISNOTEMPTY':
      return actual !== '';
    case 'BETWEEN':
      return (
        actual !== '' && compareValues(actual, c.values[0]!) >= 0 && compareValues(actual, c.values[1]!) <= 0
      );
    case 'ANYTHING':
      return true;
  }
}

/** Does a row (read through `get`) satisfy the query's conditions? Ordering is separate. */
export function matches(q: EncodedQuery, get: (field: string) => string): boolean {
  return q.blocks.some((block) =>
    block.every((clause) => clause.some((c) => evaluateCondition(c, get(c.field)))),
  );
}

/** A comparator for `orderBy`; empty values sort first ascending, as ServiceNow does with NULLs. */
export function orderComparator<R>(
  orderBy: readonly Order[],
  get: (row: R, field: string) => string,
): (a: R, b: R) => number {
  return (a, b) => {
    for (const o of orderBy) {
      const d = compareValues(get(a, o.field), get(b, o.field));
      if (d !== 0) return o.desc ? -d : d;
    }
    return 0;
  };
}
