/**
 * Endpoint compliance rules: each host judged against explicit, configurable rules, every rule
 * reported with the value that decided it. Pure (the clock is passed in). A rule that cannot be
 * judged (a host without a zero-trust score, a sensor policy whose target is unknown) is
 * `unknown`: it is shown, and it never makes a host non-compliant on its own.
 */
import type { Host } from './model.js';

export type RuleId = 'seen' | 'sensor' | 'prevention' | 'rfm' | 'zta' | 'tags';
export const RULE_IDS: readonly RuleId[] = ['seen', 'sensor', 'prevention', 'rfm', 'zta', 'tags'];

/** How each rule is named in lists, filters and the detail. */
export const RULE_LABELS: Readonly<Record<RuleId, string>> = {
  seen: 'Seen recently',
  sensor: 'Sensor up to date',
  prevention: 'Prevention policy applied',
  rfm: 'Full functionality',
  zta: 'Zero-trust score',
  tags: 'Required tags',
};

export interface ComplianceSettings {
  /** A host not seen for longer than this many days fails `seen`; exactly this many passes. */
  maxLastSeenDays: number;
  /** Oldest acceptable sensor version; absent: the version the host's sensor-update policy targets. */
  minSensorVersion?: string;
  /** The host must run its prevention policy's current settings (not pending). */
  requirePreventionPolicy: boolean;
  /** Reduced-functionality mode is tolerated (the `rfm` rule is off). */
  allowReducedFunctionality: boolean;
  /** Lowest acceptable zero-trust score; hosts without a score are unknown. 0 turns the rule off. */
  minZtaScore: number;
  /** Tags every host must carry (compared case-insensitively); empty turns the rule off. */
  requiredTags: readonly string[];
}

export const DEFAULT_COMPLIANCE_SETTINGS: ComplianceSettings = {
  maxLastSeenDays: 7,
  requirePreventionPolicy: true,
  allowReducedFunctionality: false,
  minZtaScore: 50,
  requiredTags: [],
};

export type Verdict = 'pass' | 'fail' | 'unknown';

export interface RuleResult {
  rule: RuleId;
  verdict: Verdict;
  /** The value that decided it, in words: "last seen 9 days ago", "7.16.18605 < 7.18.18811". */
  value: string;
}

export interface HostVerdict {
  host: Host;
  /** Every rule that is switched on, in `RULE_IDS` order. */
  results: RuleResult[];
  /** The rules it fails (empty: compliant). */
  failed: RuleId[];
  /** The rules it could not be judged on (no score, no target version). */
  unknown: RuleId[];
  compliant: boolean;
  /** `lastSeen` in epoch ms (parsed once), or null when never seen or unreadable. */
  lastSeenMs: number | null;
}

const DAY_MS = 86_400_000;

/** Numeric parts of a version string ("7.18.18811.0" → 7,18,18811,0); empty when it has none. */
export function versionParts(version: string): string[] {
  return (version.match(/\d+/g) ?? []).map((p) => p.replace(/^0+(?=\d)/, ''));
}

function comparePart(a: string, b: string): number {
  // Digit strings without leading zeros: longer is larger, equal length compares as text.
  // Works for parts of any size (a build number never overflows).
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compare two versions by their numeric parts, left to right; a missing part counts as 0, so
 * `7.18.18811` equals `7.18.18811.0`. Returns -1, 0 or 1; null when either has no number at all.
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 | null {
  const pa = versionParts(a);
  const pb = versionParts(b);
  if (pa.length === 0 || pb.length === 0) return null;
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(pa[i] ?? '0', pb[i] ?? '0');
    if (c !== 0) return c as -1 | 1;
  }
  return 0;
}

function ago(ms: number): string {
  if (ms < 0) return 'just now';
  const days = Math.floor(ms / DAY_MS);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'} ago`;
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 1) return `${hours} h ago`;
  const minutes = Math.floor(ms / 60_000);
  return minutes < 1 ? 'within the last minute' : `${minutes} min ago`;
}

export function parseTime(iso: string | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

function seenRule(lastSeenMs: number | null, now: number, s: ComplianceSettings): RuleResult {
  if (lastSeenMs === null) return { rule: 'seen', verdict: 'fail', value: 'never seen' };
  const age = now - lastSeenMs;
  const ok = age <= s.maxLastSeenDays * DAY_MS;
  return {
    rule: 'seen',
    verdict: ok ? 'pass' : 'fail',
    value: `last seen ${ago(age)}${ok ? '' : ` (limit ${s.maxLastSeenDays} d)`}`,
  };
}

function sensorRule(host: Host, s: ComplianceSettings): RuleResult {
  const policyTarget = host.sensorUpdate?.targetVersion;
  const required = s.minSensorVersion ?? policyTarget;
  const from = s.minSensorVersion ? 'configured minimum' : 'policy target';
  if (!host.sensorVersion) return { rule: 'sensor', verdict: 'fail', value: 'no sensor version reported' };
  if (!required) {
    return { rule: 'sensor', verdict: 'unknown', value: `${host.sensorVersion} (no target known)` };
  }
  const c = compareVersions(host.sensorVersion, required);
  if (c === null) {
    return {
      rule: 'sensor',
      verdict: 'unknown',
      value: `${host.sensorVersion} vs ${required}: not comparable`,
    };
  }
  return c >= 0
    ? { rule: 'sensor', verdict: 'pass', value: `${host.sensorVersion} ≥ ${required} (${from})` }
    : { rule: 'sensor', verdict: 'fail', value: `${host.sensorVersion} < ${required} (${from})` };
}

function preventionRule(host: Host): RuleResult {
  const p = host.prevention;
  if (!p) return { rule: 'prevention', verdict: 'fail', value: 'no prevention policy assigned' };
  const name = p.name ?? p.id;
  return p.applied
    ? { rule: 'prevention', verdict: 'pass', value: `${name} applied` }
    : { rule: 'prevention', verdict: 'fail', value: `${name} pending` };
}

function ztaRule(host: Host, s: ComplianceSettings): RuleResult {
  if (host.ztaScore === undefined) return { rule: 'zta', verdict: 'unknown', value: 'no score' };
  const ok = host.ztaScore >= s.minZtaScore;
  return {
    rule: 'zta',
    verdict: ok ? 'pass' : 'fail',
    value: `${host.ztaScore} ${ok ? '≥' : '<'} ${s.minZtaScore}`,
  };
}

function tagsRule(host: Host, s: ComplianceSettings): RuleResult {
  const have = new Set(host.tags.map((t) => t.toLowerCase()));
  const missing = s.requiredTags.filter((t) => !have.has(t.toLowerCase()));
  return missing.length === 0
    ? { rule: 'tags', verdict: 'pass', value: `has ${s.requiredTags.join(', ')}` }
    : { rule: 'tags', verdict: 'fail', value: `missing ${missing.join(', ')}` };
}

/** Every rule that is on, each with its verdict and the value that decided it (the detail's rows). */
export function explainHost(host: Host, now: number, s: ComplianceSettings): RuleResult[] {
  const results: RuleResult[] = [seenRule(parseTime(host.lastSeen), now, s), sensorRule(host, s)];
  if (s.requirePreventionPolicy) results.push(preventionRule(host));
  if (!s.allowReducedFunctionality) {
    results.push(
      host.reducedFunctionality
        ? { rule: 'rfm', verdict: 'fail', value: 'in reduced-functionality mode' }
        : { rule: 'rfm', verdict: 'pass', value: 'full functionality' },
    );
  }
  if (s.minZtaScore > 0) results.push(ztaRule(host, s));
  if (s.requiredTags.length > 0) results.push(tagsRule(host, s));
  return results;
}

/** The rules that are switched on, in order. */
export function enabledRules(s: ComplianceSettings): RuleId[] {
  return RULE_IDS.filter(
    (r) =>
      (r !== 'prevention' || s.requirePreventionPolicy) &&
      (r !== 'rfm' || !s.allowReducedFunctionality) &&
      (r !== 'zta' || s.minZtaScore > 0) &&
      (r !== 'tags' || s.requiredTags.length > 0),
  );
}

/** The rules a host fails and cannot be judged on, without building words (whole fleets at once). */
function judge(host: Host, lastSeenMs: number | null, now: number, s: ComplianceSettings) {
  const failed: RuleId[] = [];
  const unknown: RuleId[] = [];
  if (lastSeenMs === null || now - lastSeenMs > s.maxLastSeenDays * DAY_MS) failed.push('seen');
  const required = s.minSensorVersion ?? host.sensorUpdate?.targetVersion;
  if (!host.sensorVersion) failed.push('sensor');
  else if (!required) unknown.push('sensor');
  else {
    const c = compareVersions(host.sensorVersion, required);
    if (c === -1) failed.push('sensor');
    else if (c === null) unknown.push('sensor');
  }
  if (s.requirePreventionPolicy && !host.prevention?.applied) failed.push('prevention');
  if (!s.allowReducedFunctionality && host.reducedFunctionality) failed.push('rfm');
  if (s.minZtaScore > 0 && host.ztaScore === undefined) unknown.push('zta');
  else if (s.minZtaScore > 0 && host.ztaScore! < s.minZtaScore) failed.push('zta');
  if (s.requiredTags.length > 0) {
    const have = new Set(host.tags.map((t) => t.toLowerCase()));
    if (s.requiredTags.some((t) => !have.has(t.toLowerCase()))) failed.push('tags');
  }
  return { failed, unknown };
}

/**
 * Judge one host against every rule that is switched on. The rules' words (`results`) are built
 * when first read — the detail of one host — not for the whole fleet.
 */
export function evaluateHost(host: Host, now: number, s: ComplianceSettings): HostVerdict {
  const lastSeenMs = parseTime(host.lastSeen);
  const { failed, unknown } = judge(host, lastSeenMs, now, s);
  let results: RuleResult[] | undefined;
  return {
    host,
    get results() {
      results ??= explainHost(host, now, s);
      return results;
    },
    failed,
    unknown,
    compliant: failed.length === 0,
    lastSeenMs,
  };
}
