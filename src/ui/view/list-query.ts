/**
 * The `/` filter and the sort of every list, in one place. A panel describes each row once
 * (`ListRow.fields`: lower-cased words per field, built when the row is) and the orders it
 * offers; the cockpit narrows and orders the rows on a data change or a keystroke, never per
 * clock tick, so a 50 000-row queue costs one pass per keystroke and the screen draws only
 * what fits.
 *
 * The filter language, as k9s and gh-dash users expect it:
 * - bare words match the title, key, service, assignee, group or host (every word must match);
 * - `field:value` narrows one field: `svc:` (service), `p:` (priority, `p:1` or `p:p1`),
 *   `status:` (`status:trig`, `status:ack`, `status:hold`), `key:`, `title:`, `group:`,
 *   `host:`, `assignee:` (or `@name`), and whatever a panel adds (`platform:`, `rule:`…);
 * - `@me` keeps the records assigned to you, when a connector says who you are;
 * - a leading `!` negates a word (`!svc:batch`).
 */
import type { ListRow } from '../panels/types.js';
import { clean } from '../text/fit.js';

/** One field of a row as the filter sees it: lower-case text (several values joined by "\n"). */
export type RowFields = Readonly<Record<string, string | undefined>>;

/** The fields a bare word is looked for in. */
export const FREE_TEXT_FIELDS = ['title', 'key', 'service', 'assignee', 'group', 'host'] as const;

/** What a user may type before `:`, and the field it means. */
const ALIASES: Readonly<Record<string, string>> = {
  svc: 'service',
  service: 'service',
  p: 'priority',
  pri: 'priority',
  priority: 'priority',
  status: 'status',
  is: 'status',
  state: 'status',
  key: 'key',
  id: 'key',
  title: 'title',
  group: 'group',
  team: 'group',
  host: 'host',
  assignee: 'assignee',
  who: 'assignee',
  urgency: 'urgency',
  u: 'urgency',
};

export interface QueryTerm {
  /** The field it narrows; null for a bare word (any free-text field). */
  field: string | null;
  /** Lower-case text to find. */
  value: string;
  negate: boolean;
  /** `@me`: the records assigned to whoever "me" is. */
  me?: true;
}

export interface ListQuery {
  /** The text as typed, made safe to show (no escapes, no controls). */
  text: string;
  terms: readonly QueryTerm[];
  /** Bare words a panel gives a meaning of its own (`all` on the hosts list). */
  flags: ReadonlySet<string>;
  /** What is wrong with the text (an unknown field), or undefined when it can be used. */
  problem?: string;
}

/** What a panel adds to the language: its own fields (`platform`) and words (`all`). */
export interface QueryDialect {
  /** Extra `field:` prefixes, alias → field. */
  fields?: Readonly<Record<string, string>>;
  /** Bare words that are switches rather than text (`all`). */
  flags?: readonly string[];
  /** A value a field refuses (`rule:bogus`): the refusal, or undefined. */
  check?(field: string, value: string): string | undefined;
}

export const EMPTY_QUERY: ListQuery = { text: '', terms: [], flags: new Set() };

const cache = new Map<string, ListQuery>();

/** Parse filter text. Never throws, whatever is typed or pasted; the same text parses once. */
export function parseQuery(raw: string, dialect: QueryDialect = {}): ListQuery {
  const id = `${Object.keys(dialect.fields ?? {}).join(',')}|${raw}`;
  const known = cache.get(id);
  if (known) return known;
  const query = parse(raw, dialect);
  if (cache.size > 200) cache.clear();
  cache.set(id, query);
  return query;
}

function parse(raw: string, dialect: QueryDialect): ListQuery {
  const text = clean(String(raw ?? ''));
  const terms: QueryTerm[] = [];
  const flags = new Set<string>();
  let problem: string | undefined;
  const fields = { ...ALIASES, ...(dialect.fields ?? {}) };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const negate = word.startsWith('!') && word.length > 1;
    const body = negate ? word.slice(1) : word;
    const lower = body.toLowerCase();
    if (lower === '@me') {
      terms.push({ field: 'assignee', value: '', negate, me: true });
      continue;
    }
    if (lower.startsWith('@') && lower.length > 1) {
      terms.push({ field: 'assignee', value: lower.slice(1), negate });
      continue;
    }
    if (!negate && dialect.flags?.includes(lower)) {
      flags.add(lower);
      continue;
    }
    const at = lower.indexOf(':');
    if (at > 0) {
      const name = lower.slice(0, at);
      const value = lower.slice(at + 1);
      const field = fields[name];
      if (!field) {
        problem ??= `No field "${clean(body.slice(0, at))}:" here: use ${[...new Set(Object.keys(fields))].map((f) => `${f}:`).join(' ')} or plain words.`;
        continue;
      }
      const refusal = dialect.check?.(field, value);
      if (refusal) {
        problem ??= refusal;
        continue;
      }
      if (value) terms.push({ field, value: field === 'priority' ? priorityWord(value) : value, negate });
      continue;
    }
    terms.push({ field: null, value: lower, negate });
  }
  return { text, terms, flags, ...(problem ? { problem } : {}) };
}

/** `1`, `p1`, `P1` all mean P1. */
const priorityWord = (v: string) => (/^\d$/.test(v) ? `p${v}` : v);

/** Does a row pass every term? `me` lists the lower-case names and emails "me" goes by. */
export function matchesQuery(
  fields: RowFields | undefined,
  query: ListQuery,
  me: readonly string[] = [],
): boolean {
  for (const term of query.terms) {
    if (termMatches(fields ?? {}, term, me) === term.negate) return false;
  }
  return true;
}

function termMatches(fields: RowFields, term: QueryTerm, me: readonly string[]): boolean {
  if (term.me) {
    const who = fields.assignee;
    return who?.split('\n').some((a) => me.includes(a)) === true;
  }
  if (term.field === null) return FREE_TEXT_FIELDS.some((f) => fields[f]?.includes(term.value));
  const text = fields[term.field];
  if (text === undefined) return false;
  // Priorities and statuses are short words: `p:1` must not match P10, `status:ack` matches "acknowledged".
  if (term.field === 'priority') {
    const v = term.value;
    return text.split('\n').some((w) => w === v || (v.length > 2 && w.startsWith(v)));
  }
  if (term.field === 'status') return text.split(/[\n ]/).some((w) => w.startsWith(term.value));
  return text.includes(term.value);
}

/**
 * The searchable text of a value: cleaned, lower-cased; absent stays absent. A value that
 * cannot be turned into text (a vendor field that throws when read) is simply not searchable:
 * the panel that draws it shows the error, the filter must not take the cockpit down with it.
 */
export function fieldText(value: unknown): string | undefined {
  try {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value.map((v) => clean(v).toLowerCase()).join('\n');
    return clean(value).toLowerCase();
  } catch {
    return undefined;
  }
}

/** One order a list offers: its label, the column whose header shows it, and how rows compare. */
export interface ListSort {
  id: string;
  /** "SLA remaining", for the breadcrumb and the `:` line. */
  label: string;
  /** The table column whose header carries the arrow; absent when no column shows it. */
  column?: string;
  /** Rows in this order; absent for the list's own order (the first sort of a panel). */
  compare?(a: ListRow, b: ListRow): number;
}

const narrowed = new WeakMap<readonly ListRow[], Map<string, readonly ListRow[]>>();

/**
 * `rows` narrowed by `query` and put in `sort`'s order. Kept per rows array, query text and
 * sort, so a render with unchanged data and text returns the same array (and selection and
 * column widths keyed on it stay cached).
 */
export function queryRows(
  rows: readonly ListRow[],
  query: ListQuery,
  sort: ListSort | undefined,
  me: readonly string[] = [],
): readonly ListRow[] {
  if (query.terms.length === 0 && !sort?.compare) return rows;
  let byQuery = narrowed.get(rows);
  if (!byQuery) {
    byQuery = new Map();
    narrowed.set(rows, byQuery);
  }
  const id = `${sort?.id ?? ''}\u0000${me.join('\n')}\u0000${query.text}`;
  const known = byQuery.get(id);
  if (known) return known;
  const kept = query.terms.length === 0 ? [...rows] : rows.filter((r) => matchesQuery(r.fields, query, me));
  // Array sort is stable: rows that compare equal keep the list's own order.
  if (sort?.compare) kept.sort(sort.compare);
  // A handful of recent texts per list: typing "payments" leaves eight entries, not a leak.
  if (byQuery.size > 16) byQuery.clear();
  byQuery.set(id, kept);
  return kept;
}

/** The sort named `id` among a panel's, else its first (its own order). */
export function sortOf(sorts: readonly ListSort[] | undefined, id: string | undefined): ListSort | undefined {
  return sorts?.find((s) => s.id === id) ?? sorts?.[0];
}

/** The next sort in the panel's cycle. */
export function nextSort(sorts: readonly ListSort[], id: string | undefined): ListSort | undefined {
  if (sorts.length === 0) return undefined;
  const at = sorts.findIndex((s) => s.id === id);
  return sorts[(Math.max(0, at) + 1) % sorts.length];
}

/** Compare two optional numbers, absent last. */
export function byNumber(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined || Number.isNaN(a)) return 1;
  if (b === undefined || Number.isNaN(b)) return -1;
  return a - b;
}

/** Compare two optional texts, absent last. */
export function byText(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  return a < b ? -1 : 1;
}

/** What `panelList` needs of a panel module. */
interface ListPanel<V> {
  rows(view: V, flags?: ReadonlySet<string>): readonly ListRow[];
  filter?: { dialect?: QueryDialect; sorts?: readonly ListSort[] };
}

/** A list as the cockpit shows it: the parsed filter, the rows before it, and after filter and sort. */
export interface ShownList {
  query: ListQuery;
  /** Before the filter (marks may be on rows it hides). */
  all: readonly ListRow[];
  rows: readonly ListRow[];
  sort: ListSort | undefined;
}

/**
 * One panel's list for a filter text and a sort id. A text with a problem (an unknown field)
 * narrows nothing until it is fixed; the field says what is wrong.
 */
export function panelList<V>(
  panel: ListPanel<V>,
  view: V,
  filter: string,
  sortId: string | undefined,
  me: readonly string[] = [],
): ShownList {
  const query = parseQuery(filter, panel.filter?.dialect);
  const all = panel.rows(view, query.flags);
  const sort = sortOf(panel.filter?.sorts, sortId);
  if (!panel.filter) return { query, all, rows: all, sort };
  const usable = query.problem ? { ...query, terms: [] } : query;
  return { query, all, rows: queryRows(all, usable, sort, me), sort };
}

/**
 * The breadcrumb over a filtered, sorted or marked list: `Filter: svc:pay · 3 incidents ·
 * 2 marked · sorted by SLA remaining · Esc clears`. Null when the list is as it comes.
 */
export function crumbText(
  list: Pick<ShownList, 'query' | 'sort'> & { count: string },
  opts: { defaultSort?: string; marked: number; dot: string; me?: readonly string[] },
): string | null {
  const parts: string[] = [];
  const { query, sort } = list;
  const filtered = query.text !== '';
  if (filtered) parts.push(`Filter: ${query.text}`, list.count);
  if (query.problem) parts.push(query.problem);
  else if (query.terms.some((t) => t.me) && (opts.me ?? []).length === 0)
    parts.push('@me: no connector says who you are yet');
  // Marks before the sort: at 80 columns the tail is what gets cut, and the header shows the sort.
  if (opts.marked > 0) parts.push(`${opts.marked} marked`);
  if (sort && sort.id !== opts.defaultSort) parts.push(`sorted by ${sort.label}`);
  if (parts.length === 0) return null;
  parts.push(filtered ? '/ to change, Esc clears' : 'Esc clears');
  return parts.join(` ${opts.dot} `);
}
