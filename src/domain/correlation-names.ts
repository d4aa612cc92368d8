/**
 * How names and references are compared when linking records across sources. Pure string work:
 * no vendor knowledge. A name is a host, CI or service name; a reference is an opaque token a
 * connector writes (`system:type:id`, see `About` in model.ts).
 *
 * Rules (the correlation tests pin each one):
 * - case never matters, nor surrounding space, nor a trailing dot of a FQDN;
 * - a FQDN matches its short name (`web-01.prod.acme.internal` ~ `WEB-01`), but two FQDNs
 *   match only when equal (`web-01.prod…` is not `web-01.dev…`);
 * - IP addresses are whole names (`10.0.0.1` has no short name `10`);
 * - nothing else is fuzzy: `db-1` is not `db-10`, `web` is not `web-01`, unless config aliases
 *   say so;
 * - in free text (titles) only distinctive names count: ones with a digit, or with a dot, or
 *   long and hyphenated, and never the stop words below.
 */

/** Words that name no particular thing, whatever a vendor puts in a host or CI field. */
const STOP_NAMES = new Set([
  '',
  '-',
  'n/a',
  'na',
  'none',
  'null',
  'undefined',
  'unknown',
  'localhost',
  'localhost.localdomain',
  'default',
  'host',
  'server',
  'service',
  'prod',
  'production',
  'staging',
  'test',
  'dev',
  'web',
  'api',
  'db',
  'database',
  'app',
  'all',
  'other',
  // Protocol and format words that carry digits but name no machine.
  'ipv4',
  'ipv6',
  'http2',
  'http3',
  'utf-8',
  'utf8',
  'x509',
  'sha256',
  'tls1.2',
  'tls1.3',
]);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** One spelling of a name: case-folded, compatibility-normalized, trimmed, no trailing dot. */
export function normName(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase().replace(/\.+$/, '');
}

/** A name that may take part in a join at all (not empty, not a stop word, not absurdly long). */
export function isUsableName(norm: string): boolean {
  return norm.length > 0 && norm.length <= 253 && !STOP_NAMES.has(norm);
}

/** The first label of a FQDN; undefined for a short name or an IP address. */
export function shortOf(norm: string): string | undefined {
  if (IPV4.test(norm) || norm.includes(':')) return undefined;
  const dot = norm.indexOf('.');
  return dot > 0 ? norm.slice(0, dot) : undefined;
}

/** Config aliases as a lookup: every alternative spelling (normalized) → the canonical name. */
export type AliasMap = ReadonlyMap<string, string>;

export function aliasMap(aliases: Readonly<Record<string, readonly string[]>>): AliasMap {
  const out = new Map<string, string>();
  for (const [canonical, others] of Object.entries(aliases)) {
    const to = normName(canonical);
    for (const o of others) out.set(normName(o), to);
  }
  return out;
}

/**
 * A name as the index keys it: normalized, then through the aliases (by the whole name first,
 * then, for a FQDN, by its short name, so an alias for `pay-db-01` covers its FQDN too).
 */
export function canonicalName(raw: string, aliases: AliasMap): string {
  const n = normName(raw);
  const whole = aliases.get(n);
  if (whole !== undefined) return whole;
  const short = shortOf(n);
  if (short !== undefined) {
    const viaShort = aliases.get(short);
    if (viaShort !== undefined) return viaShort;
  }
  return n;
}

/** A reference token compared as the index keys it: trimmed, case-folded. */
export function normRef(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

/**
 * Is a word from free text specific enough to be a name? `db-08`, `web-01.prod.acme.internal`,
 * `10.2.3.4` and `checkout-api` are; `db`, `api`, `disk`, `the` are not.
 */
export function isDistinctiveWord(norm: string): boolean {
  if (!isUsableName(norm) || norm.length < 4) return false;
  // A name starts with a letter and has a word in it: `500ms`, `1.5s` and `v2` are measures.
  if (/\d/.test(norm) && /^\p{L}/u.test(norm) && /\p{L}{2}/u.test(norm)) return true;
  if (IPV4.test(norm)) return true;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(norm) && /[a-z]/.test(norm)) return norm.split('.').length >= 3;
  return /^[a-z]+(-[a-z]+)+$/.test(norm) && norm.length >= 8;
}

/**
 * The words of a title that could name a host or CI or be a ticket key: split on anything but
 * letters, digits, `-`, `_` and `.`, trailing dots and leading `#` dropped, normalized.
 */
export function titleWords(title: string): string[] {
  const out = new Set<string>();
  for (const raw of title
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}._#-]+/u)) {
    const w = raw.replace(/^[#.\-_]+|[.\-_]+$/g, '');
    if (w.length >= 4 && w.length <= 253) out.add(w);
  }
  return [...out];
}
