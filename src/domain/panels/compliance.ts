/**
 * The endpoint compliance panel's model: the fleet's compliant share, failing rules ranked by
 * how many hosts fail them, a breakdown by platform, the worst and stalest hosts, and the
 * non-compliant hosts for the drill-down list.
 *
 * Judging 100,000 hosts is not free, so the model is built when the host data changes (or the
 * settings do), not on every clock tick: `createComplianceDeriver` remembers its last inputs.
 * The clock only matters to "seen within N days", a rule counted in days, so the clock is read
 * at minute resolution: the model is rebuilt at most once a minute while the data stands still.
 */
import {
  type ComplianceSettings,
  enabledRules,
  evaluateHost,
  type HostVerdict,
  RULE_IDS,
  RULE_LABELS,
  type RuleId,
} from '../compliance-rules.js';
import { keyOfRecord } from '../kinds.js';
import type { Host } from '../model.js';

export interface RuleCount {
  rule: RuleId;
  label: string;
  /** Hosts failing it. */
  failing: number;
  /** Hosts it could not judge (no score, no target). */
  unknown: number;
}

export interface PlatformCount {
  platform: string;
  hosts: number;
  compliant: number;
}

export interface ComplianceView {
  hosts: number;
  compliant: number;
  nonCompliant: number;
  /** Compliant share 0–1; null without hosts. */
  share: number | null;
  /** Rules that are switched on, most failed first. */
  rules: RuleCount[];
  /** Most hosts first. */
  platforms: PlatformCount[];
  /** Hosts failing the most rules (then the stalest), a few. */
  worst: HostVerdict[];
  /** Hosts seen longest ago (never seen first), a few. */
  stalest: HostVerdict[];
  /**
   * Every host: the `nonCompliant` first, most failed rules first (then the stalest, then by
   * name) — the drill-down list — then the compliant ones in the order the sources listed them.
   */
  items: HostVerdict[];
  /** Hosts contained, and hosts whose containment change is still pending. */
  contained: number;
  pending: number;
}

export const EMPTY_COMPLIANCE: ComplianceView = {
  hosts: 0,
  compliant: 0,
  nonCompliant: 0,
  share: null,
  rules: [],
  platforms: [],
  worst: [],
  stalest: [],
  items: [],
  contained: 0,
  pending: 0,
};

const TOP = 5;
const MINUTE_MS = 60_000;

const byName = (a: HostVerdict, b: HostVerdict) =>
  a.host.hostname < b.host.hostname ? -1 : a.host.hostname > b.host.hostname ? 1 : 0;
const seenAsc = (a: HostVerdict, b: HostVerdict) => (a.lastSeenMs ?? -1) - (b.lastSeenMs ?? -1);

/** The few first of `list` by `cmp`, without sorting all of it (a fleet can be 100,000 hosts). */
function topBy<T>(list: readonly T[], n: number, cmp: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  for (const x of list) {
    if (out.length === n && cmp(x, out[n - 1]!) >= 0) continue;
    let i = out.length;
    while (i > 0 && cmp(x, out[i - 1]!) < 0) i--;
    out.splice(i, 0, x);
    if (out.length > n) out.pop();
  }
  return out;
}

/**
 * A host's verdict stays right until its "seen" rule could flip: while the same record (by
 * identity) is judged with the same settings before that instant, the last verdict is reused.
 * Connectors hand back unchanged records as the same objects, so a poll that changed 10 of
 * 100,000 hosts re-judges 10.
 */
const judged = new WeakMap<
  Host,
  { settings: ComplianceSettings; until: number; from: number; verdict: HostVerdict }
>();
const DAY_MS = 86_400_000;

function verdictOf(host: Host, now: number, settings: ComplianceSettings): HostVerdict {
  const hit = judged.get(host);
  if (hit && hit.settings === settings && now >= hit.from && now < hit.until) return hit.verdict;
  const verdict = evaluateHost(host, now, settings);
  const seen = verdict.lastSeenMs;
  // Passing "seen" flips when the host grows too old; failing stays failing as time goes on.
  const until =
    seen === null || verdict.failed.includes('seen')
      ? Number.POSITIVE_INFINITY
      : seen + settings.maxLastSeenDays * DAY_MS + 1;
  judged.set(host, { settings, until, from: now, verdict });
  return verdict;
}

/** The panel's model from every host (all sources), judged at `now`. */
export function deriveCompliance(
  hosts: readonly Host[],
  now: number,
  settings: ComplianceSettings,
): ComplianceView {
  if (hosts.length === 0) return EMPTY_COMPLIANCE;
  const verdicts = hosts.map((h) => verdictOf(h, now, settings));
  const failing = new Map<RuleId, number>();
  const unknown = new Map<RuleId, number>();
  const platforms = new Map<string, PlatformCount>();
  let compliant = 0;
  let contained = 0;
  let pending = 0;
  const enabled = new Set<RuleId>(enabledRules(settings));
  for (const v of verdicts) {
    for (const r of v.failed) failing.set(r, (failing.get(r) ?? 0) + 1);
    for (const r of v.unknown) unknown.set(r, (unknown.get(r) ?? 0) + 1);
    const name = v.host.platform || 'Unknown';
    const p = platforms.get(name) ?? { platform: name, hosts: 0, compliant: 0 };
    p.hosts++;
    if (v.compliant) {
      p.compliant++;
      compliant++;
    }
    platforms.set(name, p);
    if (v.host.containment === 'contained') contained++;
    else if (v.host.containment !== 'normal') pending++;
  }
  const worstCmp = (a: HostVerdict, b: HostVerdict) =>
    b.failed.length - a.failed.length || seenAsc(a, b) || byName(a, b);
  // Only the failing hosts need an order (the drill-down list); compliant ones follow as listed.
  const failingHosts: HostVerdict[] = [];
  const passing: HostVerdict[] = [];
  for (const v of verdicts) (v.compliant ? passing : failingHosts).push(v);
  const items = failingHosts.sort(worstCmp).concat(passing);
  const rules = RULE_IDS.filter((r) => enabled.has(r))
    .map((rule) => ({
      rule,
      label: RULE_LABELS[rule],
      failing: failing.get(rule) ?? 0,
      unknown: unknown.get(rule) ?? 0,
    }))
    .sort((a, b) => b.failing - a.failing || RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule));
  return {
    hosts: verdicts.length,
    compliant,
    nonCompliant: verdicts.length - compliant,
    share: compliant / verdicts.length,
    rules,
    platforms: [...platforms.values()].sort(
      (a, b) => b.hosts - a.hosts || (a.platform < b.platform ? -1 : 1),
    ),
    worst: items.slice(0, Math.min(TOP, verdicts.length - compliant)),
    stalest: topBy(verdicts, TOP, (a, b) => seenAsc(a, b) || byName(a, b)),
    items,
    contained,
    pending,
  };
}

/**
 * The earliest instant a verdict in `hosts` (judged at or before now) can change by time alone:
 * until then the model derived from the same records is the same model.
 */
function nextFlip(hosts: readonly Host[]): number {
  let next = Number.POSITIVE_INFINITY;
  for (const h of hosts) {
    const until = judged.get(h)?.until ?? Number.NEGATIVE_INFINITY;
    if (until < next) next = until;
  }
  return next;
}

/**
 * `deriveCompliance` remembering its last result: the same host lists (by identity, one per
 * source) and the same settings object give the same model without work until the clock
 * reaches a host's next flip (a passing "seen" rule going stale). Re-deriving 100,000 hosts
 * every minute for nothing was a stall of its own at each minute's turn.
 */
export function createComplianceDeriver() {
  let last:
    | {
        lists: readonly (readonly Host[])[];
        settings: ComplianceSettings;
        minute: number;
        /** No verdict in the lists can change before this instant. */
        until: number;
        view: ComplianceView;
      }
    | undefined;
  return (lists: readonly (readonly Host[])[], now: number, settings: ComplianceSettings): ComplianceView => {
    const minute = Math.floor(now / MINUTE_MS);
    if (
      last &&
      last.settings === settings &&
      minute >= last.minute &&
      (minute === last.minute || minute * MINUTE_MS < last.until) &&
      last.lists.length === lists.length &&
      last.lists.every((l, i) => l === lists[i])
    ) {
      return last.view;
    }
    const hosts = lists.length === 1 ? lists[0]! : lists.flat();
    const view = deriveCompliance(hosts, minute * MINUTE_MS, settings);
    last = { lists: [...lists], settings, minute, until: nextFlip(hosts), view };
    return view;
  };
}

/** Filter words for the drill-down list: `platform:win rule:sensor tag:prod all name`. */
export interface HostFilter {
  platform?: string;
  rule?: RuleId;
  tag?: string;
  /** Part of the host name. */
  name?: string;
  /** Include compliant hosts too (the list shows non-compliant ones by default). */
  all: boolean;
}

const RULE_WORDS: Readonly<Record<string, RuleId>> = {
  seen: 'seen',
  stale: 'seen',
  sensor: 'sensor',
  version: 'sensor',
  prevention: 'prevention',
  policy: 'prevention',
  rfm: 'rfm',
  zta: 'zta',
  score: 'zta',
  tags: 'tags',
  tag: 'tags',
};

/** Parse filter text; an unknown `rule:` word is reported rather than silently matching nothing. */
export function parseHostFilter(text: string): { filter: HostFilter; problem?: string } {
  const filter: HostFilter = { all: false };
  const names: string[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const at = word.indexOf(':');
    const k = at > 0 ? word.slice(0, at).toLowerCase() : '';
    const v = at > 0 ? word.slice(at + 1) : word;
    if (k === 'platform' || k === 'os') filter.platform = v.toLowerCase();
    else if (k === 'tag') filter.tag = v.toLowerCase();
    else if (k === 'rule') {
      const rule = RULE_WORDS[v.toLowerCase()];
      if (!rule) {
        return {
          filter,
          problem: `No rule "${v}": use one of ${Object.keys(RULE_WORDS).join(', ')}.`,
        };
      }
      filter.rule = rule;
    } else if (k === 'name' || k === 'host') names.push(v.toLowerCase());
    else if (!k && (word.toLowerCase() === 'all' || word.toLowerCase() === 'is:all')) filter.all = true;
    else names.push(word.toLowerCase());
  }
  if (names.length > 0) filter.name = names.join(' ');
  return { filter };
}

/** Does this host verdict pass the filter? Case-insensitive; the platform matches by prefix. */
export function matchesHostFilter(v: HostVerdict, f: HostFilter): boolean {
  if (!f.all && v.compliant) return false;
  if (f.platform && !v.host.platform.toLowerCase().startsWith(f.platform)) return false;
  if (f.rule && !v.failed.includes(f.rule)) return false;
  if (f.tag) {
    const tag = f.tag;
    if (!v.host.tags.some((t) => t.toLowerCase().includes(tag))) return false;
  }
  if (f.name) {
    const name = f.name;
    const h = v.host.hostname.toLowerCase();
    const fq = v.host.fqdn?.toLowerCase() ?? '';
    if (!h.includes(name) && !fq.includes(name)) return false;
  }
  return true;
}

/** The drill-down list's rows for a filter: the non-compliant hosts (or all, with `all`). */
export function filterHosts(view: ComplianceView, f: HostFilter): HostVerdict[] {
  const pool = f.all ? view.items : view.items.slice(0, view.nonCompliant);
  const plain = !f.platform && !f.rule && !f.tag && !f.name;
  return plain ? pool : pool.filter((v) => matchesHostFilter(v, f));
}

/** The record key of a verdict's host (the detail and selection key). */
export const verdictKey = (v: HostVerdict): string => keyOfRecord(v.host);
