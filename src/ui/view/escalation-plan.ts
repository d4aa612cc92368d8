/**
 * What an escalation will do, said before it is sent: from which level, to which level, who
 * gets paged. When the connector could not pin the incident to one level (someone on call at
 * several levels of its policy) the plan does not guess "one up": it offers every level of
 * the policy to choose from, marking where the incident may be now.
 */
import { recordKey } from '../../domain/kinds.js';
import type { EscalationPolicy, EscalationTarget, Incident } from '../../domain/model.js';
import type { OnCallView } from '../../domain/panels/oncall.js';
import { clean, truncate } from '../text/fit.js';

/** One line of the level chooser. */
export interface LevelChoice {
  level: number;
  label: string;
  /** Who is on call at that level now. */
  people: string[];
}

export interface EscalationPlan {
  policyName?: string;
  /** The level it is at, when the connector knows it. */
  fromLevel?: number;
  fromPeople: string[];
  /** The level it goes to: the next one, or the one the user chose. */
  toLevel?: number;
  /** Who is on call at `toLevel` now. */
  toPeople?: string[];
  /** Number of levels when the policy is known and the incident already sits on its last one. */
  lastLevel?: number;
  target: EscalationTarget;
  /** The levels it may be at, when the connector's data fits several. */
  candidates?: number[];
  /** Levels to choose from when its level is not known; the dialog asks before confirming. */
  choices?: LevelChoice[];
  /** Why it cannot be escalated from here, said instead of opening a dialog. */
  refusal?: string;
}

/** "1 or 2", "1, 2 or 3". */
export function levelWords(levels: readonly number[]): string {
  return levels.length <= 1 ? levels.join('') : `${levels.slice(0, -1).join(', ')} or ${levels.at(-1)}`;
}

/** Who pages what: from the on-call view (people now) and the policy (its rules). */
export function escalationPlan(
  incident: Incident,
  oncall: OnCallView,
  policies: readonly EscalationPolicy[],
): EscalationPlan {
  // Without an escalation policy there are no levels to read or choose (a ticketing system
  // escalates by priority and group): nothing to refuse, the confirm says what the connector does.
  if (!incident.escalationPolicyId) return { fromPeople: [], target: {} };
  const policy = policies.find((p) => p.source === incident.source && p.id === incident.escalationPolicyId);
  const view = oncall.policies.find(
    (p) => p.key === recordKey({ source: incident.source, id: incident.escalationPolicyId ?? '' }),
  );
  const people = (level: number) =>
    view?.levels.find((l) => l.level === level)?.people.map((p) => clean(p.name)) ?? [];
  const policyName = clean(incident.escalationPolicy ?? policy?.name ?? view?.policyName ?? '') || undefined;
  // A policy listed without rules tells us nothing about its depth.
  const levels = policy?.levels.length || undefined;
  const known = incident.escalationLevel;
  const base = policyName ? { policyName } : {};

  if (known !== undefined) {
    const plan: EscalationPlan = { ...base, fromLevel: known, fromPeople: people(known), target: {} };
    if (levels === undefined || known < levels) {
      plan.toLevel = known + 1;
      plan.toPeople = people(known + 1);
      // fromLevel lets the connector refuse when the incident has moved since this screen was read.
      plan.target = { level: known + 1, fromLevel: known };
    } else {
      plan.lastLevel = levels;
    }
    return plan;
  }

  const candidates = incident.escalationLevelCandidates;
  const plan: EscalationPlan = { ...base, fromPeople: [], target: {}, ...(candidates ? { candidates } : {}) };
  if (levels === undefined) {
    const where = candidates ? ` (it may be at level ${levelWords(candidates)})` : '';
    plan.refusal =
      `Cannot tell which level ${clean(incident.key)} is at${where}, and the levels of ` +
      `${policyName ?? 'its escalation policy'} are not loaded yet. Press r, or escalate it in the vendor's UI.`;
    return plan;
  }
  plan.choices = policy!.levels.map((l) => {
    const targets = l.targets.map((t) => clean(t));
    const onCall = people(l.level);
    const extra = onCall.filter((p) => !targets.includes(p));
    const who = [targets.join(', '), extra.length > 0 ? `(${extra.join(', ')})` : '']
      .filter(Boolean)
      .join(' ');
    const here = candidates?.includes(l.level) ? ' — may be here now' : '';
    return { level: l.level, label: `Level ${l.level}: ${truncate(who || '?', 40)}${here}`, people: onCall };
  });
  return plan;
}

/** The plan once the user picked `choice` from its choices. */
export function chooseLevel(plan: EscalationPlan, choice: LevelChoice): EscalationPlan {
  return { ...plan, toLevel: choice.level, toPeople: choice.people, target: { level: choice.level } };
}

/** The confirm dialog's lines for an escalation along a policy. */
export function escalationLines(plan: EscalationPlan): string[] {
  const of = plan.policyName ? ` of ${plan.policyName}` : '';
  const to = plan.toLevel ? `level ${plan.toLevel}` : 'the next level';
  const paged = plan.toPeople && plan.toPeople.length > 0 ? ` (${plan.toPeople.join(', ')})` : '';
  if (plan.fromLevel !== undefined) {
    const who = plan.fromPeople.length > 0 ? ` (${plan.fromPeople.join(', ')})` : '';
    return [`From level ${plan.fromLevel}${who} to ${to}${of} — pages the next responder${paged}.`];
  }
  const where = plan.candidates
    ? `It may be at level ${levelWords(plan.candidates)}${of} (its assignee held ${plan.candidates.length === 2 ? 'both' : 'each'} when assigned).`
    : `Its level${of} cannot be told (assigned directly, or the on-calls changed).`;
  const lines = [
    where,
    `You chose ${to} — pages ${paged ? paged.slice(2, -1) : 'whoever is on call there'}.`,
  ];
  if (plan.toLevel !== undefined && plan.candidates?.includes(plan.toLevel)) {
    lines.push(`It may already be at level ${plan.toLevel}: this pages that level again.`);
  }
  return lines;
}
