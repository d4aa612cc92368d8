/**
 * The part of Falcon Query Language the device endpoints need here: `field:'value'`,
 * comparisons (`>`, `>=`, `<`, `<=`), `!` (not), `*` wildcards, `[...]` lists, relative times
 * (`'now-7d'`), terms joined by `+` (AND). Anything else is refused as the API refuses it (400),
 * so a connector sending an unsupported filter finds out here, not in production.
 */
import type { SimDevice } from './fleet.js';

export class FqlError extends Error {}

type Getter = (d: SimDevice, now: number) => string | number | undefined;

/** Device fields a filter may name, and how to read them (times as epoch ms). */
export function deviceFields(lastSeenOf: (d: SimDevice, now: number) => number): Record<string, Getter> {
  return {
    device_id: (d) => d.id,
    hostname: (d) => d.hostname,
    platform_name: (d) => d.platform,
    status: (d) => d.status,
    reduced_functionality_mode: (d) => d.rfm,
    product_type_desc: (d) => d.productType,
    agent_version: (d) => d.agentVersion,
    modified_timestamp: (d) => d.modified,
    first_seen: (d) => d.firstSeen,
    last_seen: (d, now) => lastSeenOf(d, now),
  };
}

const TIME_FIELDS = new Set(['modified_timestamp', 'first_seen', 'last_seen']);
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function timeOf(value: string, now: number): number {
  const rel = /^now(?:([+-])(\d+)([smhdw]))?$/.exec(value);
  if (rel) return rel[1] ? now + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * UNITS[rel[3]!]! : now;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new FqlError(`invalid timestamp '${value}'`);
  return t;
}

function unquote(v: string): string {
  const m = /^'(.*)'$/s.exec(v) ?? /^"(.*)"$/s.exec(v);
  return m ? m[1]! : v;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Compile a filter to a predicate over devices; throws FqlError for what the API would refuse. */
export function compileFilter(
  filter: string,
  fields: Record<string, Getter>,
): (d: SimDevice, now: number) => boolean {
  const text = filter.trim();
  if (text === '') return () => true;
  // Split on + outside quotes.
  const terms: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === '+') {
      terms.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quote) throw new FqlError('unterminated quote in filter');
  terms.push(cur);
  const tests = terms.map((raw) => {
    const term = raw.trim();
    const m = /^([a-z_.]+):(!?)(>=|<=|>|<)?(.+)$/s.exec(term);
    if (!m) throw new FqlError(`invalid filter term '${term}'`);
    const [, field, not, op, rawValue] = m as unknown as [string, string, string, string | undefined, string];
    const get = fields[field];
    if (!get) throw new FqlError(`invalid filter field '${field}'`);
    const isTime = TIME_FIELDS.has(field);
    let test: (d: SimDevice, now: number) => boolean;
    if (rawValue.startsWith('[')) {
      if (!rawValue.endsWith(']')) throw new FqlError(`invalid list in '${term}'`);
      const values = rawValue
        .slice(1, -1)
        .split(',')
        .map((v) => unquote(v.trim()).toLowerCase());
      test = (d, now) => values.includes(String(get(d, now) ?? '').toLowerCase());
    } else if (op) {
      const v = unquote(rawValue);
      test = (d, now) => {
        const have = get(d, now);
        if (have === undefined) return false;
        const a = isTime ? Number(have) : have;
        const b = isTime ? timeOf(v, now) : v;
        return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
      };
      // Parse errors surface now, not at the first device.
      if (isTime) timeOf(v, Date.now());
    } else {
      const v = unquote(rawValue);
      const wild = v.startsWith('*') || v.endsWith('*') ? wildcard(v.replace(/^\*'|'$/g, '')) : undefined;
      test = (d, now) => {
        const have = String(get(d, now) ?? '');
        return wild ? wild.test(have) : have.toLowerCase() === v.toLowerCase();
      };
    }
    return not ? (d: SimDevice, now: number) => !test(d, now) : test;
  });
  return (d, now) => tests.every((t) => t(d, now));
}

/** `field.asc|desc` (hosts use a dot); a pipe or an unknown field is refused. */
export function compileSort(
  sort: string | null,
  fields: Record<string, Getter>,
): ((a: SimDevice, b: SimDevice, now: number) => number) | undefined {
  if (!sort) return undefined;
  const m = /^([a-z_]+)\.(asc|desc)$/.exec(sort.trim());
  if (!m) throw new FqlError(`invalid sort '${sort}': use field.asc or field.desc`);
  const get = fields[m[1]!];
  if (!get) throw new FqlError(`invalid sort field '${m[1]}'`);
  const dir = m[2] === 'desc' ? -1 : 1;
  return (a, b, now) => {
    const x = get(a, now) ?? '';
    const y = get(b, now) ?? '';
    return (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * dir;
  };
}
