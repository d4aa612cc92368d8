import { toMs } from '../format.js';
import { recordKey } from '../kinds.js';
import { memoOn } from '../memo.js';
import type { EscalationPolicy, Incident, OnCallShift } from '../model.js';

export interface OnCallPerson {
  userId: string;
  name: string;
  email?: string;
  scheduleName?: string;
  /** Shift end; null for a permanent on-call. */
  endsAt: string | null;
  /** Time left in the shift; null for a permanent on-call. */
  endsInMs: number | null;
}

export interface OnCallLevelView {
  level: number;
  people: OnCallPerson[];
}

export interface OnCallPolicyView {
  /** Stable row key: `source:policyId`. */
  key: string;
  source: string;
  policyId: string;
  policyName: string;
  levels: OnCallLevelView[];
  /** True when nobody at all is on call for this policy: pages go nowhere. */
  nobody: boolean;
  /** Open incidents currently routed through this policy. */
  openIncidents: number;
}

export interface OnCallView {
  policies: OnCallPolicyView[];
  /** Names of policies with nobody on call. */
  uncovered: string[];
  /** Entries of the policy filter (`panels.oncall.policies`) that match no known policy: a typo hides a policy. */
  unmatched: string[];
}

/** Open incidents per policy record key, counted once per incidents array (not per clock tick). */
const openByPolicy = memoOn((incidents: readonly Incident[]) => {
  const counts = new Map<string, number>();
  for (const i of incidents) {
    if (i.status === 'resolved' || !i.escalationPolicyId) continue;
    const key = recordKey({ source: i.source, id: i.escalationPolicyId });
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
});

/**
 * Who is on call now, per escalation policy and level. Policies known from the
 * policies stream but without any shift are listed as uncovered: the most
 * important thing this panel can say at 3 a.m.
 */
export function deriveOnCall(
  shifts: readonly OnCallShift[],
  policies: readonly EscalationPolicy[],
  incidents: readonly Incident[],
  now: number,
  filter: readonly string[] = [],
): OnCallView {
  const byKey = new Map<string, OnCallPolicyView>();
  const ensure = (source: string, policyId: string, policyName: string) => {
    const key = recordKey({ source, id: policyId });
    let view = byKey.get(key);
    if (!view) {
      view = { key, source, policyId, policyName, levels: [], nobody: true, openIncidents: 0 };
      byKey.set(key, view);
    }
    return view;
  };
  for (const p of policies) ensure(p.source, p.id, p.name);
  for (const s of shifts) {
    const start = toMs(s.start);
    const end = toMs(s.end);
    if (start !== undefined && start > now) continue; // a future shift is not "now"
    if (end !== undefined && end <= now) continue;
    const view = ensure(s.source, s.policyId, s.policyName);
    let level = view.levels.find((l) => l.level === s.level);
    if (!level) {
      level = { level: s.level, people: [] };
      view.levels.push(level);
    }
    if (level.people.some((p) => p.userId === s.userId)) continue;
    const person: OnCallPerson = {
      userId: s.userId,
      name: s.userName,
      endsAt: s.end,
      endsInMs: end === undefined ? null : end - now,
    };
    if (s.userEmail) person.email = s.userEmail;
    if (s.scheduleName) person.scheduleName = s.scheduleName;
    level.people.push(person);
    view.nobody = false;
  }
  for (const [key, count] of openByPolicy(incidents)) {
    const view = byKey.get(key);
    if (view) view.openIncidents = count;
  }
  const wanted = (v: OnCallPolicyView) =>
    filter.length === 0 || filter.includes(v.policyId) || filter.includes(v.policyName);
  const list = [...byKey.values()].filter(wanted);
  for (const v of list) v.levels.sort((a, b) => a.level - b.level);
  list.sort(
    (a, b) =>
      Number(b.nobody) - Number(a.nobody) ||
      b.openIncidents - a.openIncidents ||
      a.policyName.localeCompare(b.policyName),
  );
  const all = [...byKey.values()];
  const unmatched = filter.filter((f) => !all.some((v) => v.policyId === f || v.policyName === f));
  return { policies: list, uncovered: list.filter((v) => v.nobody).map((v) => v.policyName), unmatched };
}
