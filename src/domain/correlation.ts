/**
 * Cross-source correlation: which records are about the same thing. Vendor-neutral: each record
 * kind says what its records are about (`KindSpec.aboutOf`: host/CI names, services, tokens it
 * cites and is cited by, a title to read), and this module only compares.
 *
 * Links, strongest first:
 * - **cites**: one record carries a token the other is known by (a ticket's correlation id holds
 *   the paging incident's token; an incident's integration link holds the monitor's);
 * - **names**: both name the same host or CI, by field or by a distinctive word of a title (the
 *   rules are in `correlation-names.ts`: case, FQDN vs short name, aliases, no stop words);
 * - **key in title**: a title quotes another record's distinctive key (`INC0010042`);
 * - **service**: both name the same service. Weak: listed, but a row is not marked for it (most
 *   of a queue shares a handful of services).
 * Records that cite a linked record by its `rec:` token (an SLA clock of a linked ticket) come
 * with it. Names and services link only across sources; citations link anything but itself.
 *
 * Cost: one pass over the records builds hash indexes keyed by normalized name and token
 * (O(total names + tokens + title words)); a record's links are looked up on demand and kept, so
 * a screen costs the rows on it. A name shared by more than `MAX_FANOUT` records names nothing
 * in particular in this data and links nothing. Built again only when a records array changes.
 */
import {
  type AliasMap,
  aliasMap,
  canonicalName,
  isDistinctiveWord,
  isUsableName,
  normName,
  normRef,
  shortOf,
  titleWords,
} from './correlation-names.js';
import { aboutOfRecord, keyOfRecord, RECORD_KINDS, recordToken, refOf } from './kinds.js';
import type { DomainRecord } from './model.js';

/** Config: `correlation:` (see docs/configuration.md). */
export interface CorrelationSettings {
  /** Canonical name → other spellings that mean the same host, CI or service. */
  aliases: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_CORRELATION_SETTINGS: CorrelationSettings = { aliases: {} };

/** How sure a link is: strong links mark rows; weak (same service) ones are only listed. */
export type LinkStrength = 'strong' | 'weak';

export interface Related {
  record: DomainRecord;
  /** Its record key (`source:id`). */
  key: string;
  strength: LinkStrength;
  /** Why, in a few words: "cites #4211", "same host db-08", "same service Checkout API". */
  why: string;
}

export interface Correlation {
  /** Records linked to `record`, strong first, then by source and key; [] when none or unknown. */
  related(record: DomainRecord): readonly Related[];
  /** `record` has at least one strong link: its row gets the marker. */
  hasRelated(record: DomainRecord): boolean;
  /** Records taking part. */
  readonly size: number;
}

/** A name on more records than this is a common word in this data: it links nothing. */
export const MAX_FANOUT = 400;
/** At most this many links are listed for one record. */
export const MAX_RELATED = 60;

interface Facts {
  record: DomainRecord;
  key: string;
  label: string;
  /** Canonical host/CI names, title words included. */
  names: string[];
  /** How each name was found, for the reason text. */
  titled: Set<string>;
  services: string[];
  refs: string[];
  ids: string[];
  /** Distinctive words of its title (for key lookups). */
  words: string[];
  /** Its human key, normalized, when distinctive enough to be quoted in a title. */
  distinctiveKey: string | undefined;
}

type Index = Map<string, number[]>;

function push(index: Index, key: string, i: number): void {
  const list = index.get(key);
  if (!list) index.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

function factsOf(record: DomainRecord, aliases: AliasMap, named: ReadonlySet<string>): Facts | undefined {
  const about = aboutOfRecord(record);
  if (!about) return undefined;
  const names = new Set<string>();
  const titled = new Set<string>();
  for (const raw of about.names) {
    const n = canonicalName(raw, aliases);
    if (isUsableName(n) || named.has(n)) names.add(n);
  }
  const words: string[] = [];
  if (about.text) {
    for (const w of titleWords(about.text)) {
      if (!isDistinctiveWord(w)) continue;
      words.push(w);
      const n = canonicalName(w, aliases);
      if (!names.has(n)) {
        names.add(n);
        titled.add(n);
      }
    }
  }
  const services = new Set<string>();
  for (const raw of about.services) {
    const n = canonicalName(raw, aliases);
    if (isUsableName(n) || named.has(n)) services.add(n);
  }
  const spec = RECORD_KINDS[record.kind] as unknown as { keyOf(r: DomainRecord): string };
  const label = spec.keyOf(record);
  const normKey = normName(label);
  return {
    record,
    key: keyOfRecord(record),
    label,
    distinctiveKey: isDistinctiveWord(normKey) ? normKey : undefined,
    names: [...names],
    titled,
    services: [...services],
    refs: [...new Set(about.refs.map(normRef).filter((t) => t.length > 0))],
    ids: [...new Set(about.ids.map(normRef).filter((t) => t.length > 0))],
    words,
  };
}

/**
 * What each record object is about, per settings object: records keep their identity across
 * polls, so a rebuild after a poll that changed a few records reads only those few.
 */
const factsBySettings = new WeakMap<
  CorrelationSettings,
  { aliases: AliasMap; named: ReadonlySet<string>; facts: WeakMap<DomainRecord, Facts | null> }
>();

function factsCacheFor(settings: CorrelationSettings) {
  let cache = factsBySettings.get(settings);
  if (!cache) {
    const aliases = aliasMap(settings.aliases);
    // A name the user gave aliases to is meant, even if it is a common word (`web`).
    cache = { aliases, named: new Set(aliases.values()), facts: new WeakMap() };
    factsBySettings.set(settings, cache);
  }
  return cache;
}

/** Build the indexes over every record of `lists` (one array per connector·stream). */
export function buildCorrelation(
  lists: readonly (readonly DomainRecord[])[],
  settings: CorrelationSettings = DEFAULT_CORRELATION_SETTINGS,
): Correlation {
  const { aliases, named, facts: known } = factsCacheFor(settings);
  const factsOfRecord = (record: DomainRecord): Facts | undefined => {
    const hit = known.get(record);
    if (hit !== undefined) return hit ?? undefined;
    let f: Facts | undefined;
    try {
      f = factsOf(record, aliases, named);
    } catch {
      // A record whose fields cannot be read (not what its schema promised) links nothing; the
      // panel that draws it reports it, correlation must not take the other rows down with it.
      f = undefined;
    }
    known.set(record, f ?? null);
    return f;
  };
  const facts: Facts[] = [];
  const at = new Map<string, number>();
  const byName: Index = new Map();
  const byShort: Index = new Map();
  const byService: Index = new Map();
  const byId: Index = new Map();
  const citedBy: Index = new Map();
  const byKey: Index = new Map();
  for (const list of lists) {
    for (const record of list) {
      const f = factsOfRecord(record);
      if (!f || at.has(f.key)) continue;
      const i = facts.length;
      facts.push(f);
      at.set(f.key, i);
      for (const n of f.names) {
        push(byName, n, i);
        const s = shortOf(n);
        if (s !== undefined) push(byShort, s, i);
      }
      for (const s of f.services) push(byService, s, i);
      for (const t of f.ids) push(byId, t, i);
      for (const t of f.refs) push(citedBy, t, i);
      // A human key quoted in a title links only when it is distinctive (INC0010042, not #42).
      if (f.distinctiveKey !== undefined) push(byKey, f.distinctiveKey, i);
    }
  }
  const cache = new Map<number, Related[]>();

  const linksOf = (i: number): Related[] => {
    const known = cache.get(i);
    if (known) return known;
    const me = facts[i]!;
    const found = new Map<number, Related>();
    const add = (j: number, strength: LinkStrength, why: string) => {
      if (j === i || found.has(j)) return;
      const other = facts[j]!;
      // Names and services link across sources only: a queue's own tickets on one host are a
      // list, not a correlation.
      if (!CITATIONS.has(why) && other.record.source === me.record.source) return;
      found.set(j, { record: other.record, key: other.key, strength, why: reason(why, me, other) });
    };
    const each = (index: Index, key: string, strength: LinkStrength, why: string) => {
      const list = index.get(key);
      if (!list || list.length > MAX_FANOUT) return;
      for (const j of list) add(j, strength, why);
    };
    // A `rec:` token ties a record to its owner (an SLA clock to its ticket).
    for (const t of me.refs) each(byId, t, 'strong', t.startsWith('rec:') ? 'owner' : 'cites');
    for (const t of me.ids) each(citedBy, t, 'strong', t.startsWith('rec:') ? 'owned' : 'cited');
    // Names before keys, so a host named in a title reads "same host", not "names it".
    for (const n of me.names) {
      each(byName, n, 'strong', `name:${n}`);
      const s = shortOf(n);
      // A FQDN matches records naming its short form; a short name matches every FQDN of it.
      if (s !== undefined) each(byName, s, 'strong', `name:${s}`);
      else each(byShort, n, 'strong', `name:${n}`);
    }
    for (const w of me.words) each(byKey, w, 'strong', 'key');
    for (const n of me.names) each(byKey, n, 'strong', 'key');
    // Titles that quote my key: they listed it among their names.
    if (me.distinctiveKey !== undefined) each(byName, me.distinctiveKey, 'strong', 'quoted');
    for (const s of me.services) each(byService, s, 'weak', `service:${s}`);
    // What hangs off a strongly linked record (its SLA clocks) comes with it.
    for (const r of [...found.values()]) {
      if (r.strength !== 'strong') continue;
      const j = at.get(r.key)!;
      const token = normRef(recordToken(refOf(facts[j]!.record)));
      const list = citedBy.get(token);
      if (!list || list.length > MAX_FANOUT) continue;
      for (const k of list) {
        if (k === i || found.has(k)) continue;
        const o = facts[k]!;
        found.set(k, { record: o.record, key: o.key, strength: 'strong', why: `of ${facts[j]!.label}` });
      }
    }
    const out = [...found.values()]
      .sort(
        (a, b) =>
          (a.strength === b.strength ? 0 : a.strength === 'strong' ? -1 : 1) ||
          cmp(a.record.source, b.record.source) ||
          cmp(a.record.kind, b.record.kind) ||
          cmp(a.key, b.key),
      )
      .slice(0, MAX_RELATED);
    cache.set(i, out);
    return out;
  };

  return {
    size: facts.length,
    related(record) {
      const i = at.get(keyOfRecord(record));
      return i === undefined ? [] : linksOf(i);
    },
    hasRelated(record) {
      const i = at.get(keyOfRecord(record));
      return i !== undefined && linksOf(i).some((r) => r.strength === 'strong');
    },
  };
}

/** Link reasons that hold within one source too. */
const CITATIONS = new Set(['cites', 'cited', 'owner', 'owned']);

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function reason(why: string, me: Facts, other: Facts): string {
  if (why === 'owner') return `what ${me.label} belongs to`;
  if (why === 'owned') return `of ${me.label}`;
  if (why === 'cites') return `${me.label} cites ${other.label}`;
  if (why === 'cited') return `${other.label} cites ${me.label}`;
  if (why === 'key') return `${me.label} names ${other.label}`;
  if (why === 'quoted') return `${other.label} names ${me.label}`;
  const [what, ...rest] = why.split(':');
  const name = rest.join(':');
  if (what === 'service') return `same service ${name}`;
  const inTitle = me.titled.has(name) || other.titled.has(name);
  return inTitle ? `${name} (named in a title)` : `same host/CI ${name}`;
}
