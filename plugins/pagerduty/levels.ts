/**
 * Which escalation level a PagerDuty incident is at. PagerDuty does not say (its REST v2
 * incident has no level field, and log entries carry none), so it is read from what PagerDuty
 * does say, most trustworthy first:
 *
 * 1. `escalation_level` on the incident, if PagerDuty ever sends one;
 * 2. who the incident is assigned to and *when*: the levels at which that user was on call at
 *    the moment of the assignment (`assignments[].at` against `GET /oncalls?since&until`).
 *    Matching against who is on call *now* is wrong: PagerDuty leaves an incident with the
 *    previous on-call after a handoff, and last rotation's primary is often this one's secondary;
 * 3. when that still fits several levels (one person or schedule on several rules), the log:
 *    if the current assignment came from a trigger, a policy change or a repeat of the path
 *    rather than from an escalation, the incident entered its policy at level 1.
 *
 * Anything still ambiguous is reported as ambiguous, never guessed. Pure: no IO, no clock.
 */
import type { PdIncident, PdLogEntry, PdOnCall } from './schema.js';

/** One on-call span of one user at one level of one policy; null start/end = permanent. */
export interface OnCallSpan {
  policyId: string;
  level: number;
  userId: string;
  start: number | null;
  end: number | null;
}

export type LevelReading =
  | { kind: 'known'; level: number }
  /** `who`: the assignees on call at several of `levels` when they were assigned. */
  | { kind: 'ambiguous'; levels: number[]; who: string[] }
  /** `why`: a short clause for messages, e.g. "it was assigned directly, not by its policy". */
  | { kind: 'unknown'; why: string };

const ms = (t: string | null | undefined): number | null => {
  const v = t ? Date.parse(t) : Number.NaN;
  return Number.isNaN(v) ? null : v;
};

export function spansOf(oncalls: readonly PdOnCall[]): OnCallSpan[] {
  return oncalls.map((o) => ({
    policyId: o.escalation_policy.id,
    level: o.escalation_level,
    userId: o.user.id,
    start: ms(o.start),
    end: ms(o.end),
  }));
}

const covers = (s: OnCallSpan, t: number) =>
  (s.start === null || s.start <= t) && (s.end === null || t < s.end);

/** The assignments that can be matched: a user and a parseable time. */
export function assignmentTimes(raw: PdIncident): { userId: string; name: string; at: number }[] {
  return (raw.assignments ?? []).flatMap((a) => {
    const at = ms(a.at);
    if (!a.assignee || at === null) return [];
    return [{ userId: a.assignee.id, name: a.assignee.summary ?? a.assignee.name ?? a.assignee.id, at }];
  });
}

/**
 * The on-call window that covers every assignment of these incidents, so one `GET /oncalls`
 * can serve a whole poll. `lookbackMs` bounds how far back it reaches (older assignments are
 * then simply not matched, and their incidents read as unknown).
 */
export function assignmentWindow(
  incidents: readonly PdIncident[],
  now: number,
  lookbackMs: number,
): { since: number; until: number } | undefined {
  let since = Number.POSITIVE_INFINITY;
  let until = Number.NEGATIVE_INFINITY;
  for (const inc of incidents) {
    for (const a of assignmentTimes(inc)) {
      since = Math.min(since, a.at);
      until = Math.max(until, a.at);
    }
  }
  if (!Number.isFinite(since)) return undefined;
  const floor = now - lookbackMs;
  if (until < floor) return undefined;
  // PagerDuty returns spans overlapping [since, until]; one second past the last assignment
  // keeps the window non-empty when every assignment happened in the same instant. Not capped
  // at `now`: this machine's clock may run behind PagerDuty's.
  return { since: Math.max(since, floor), until: until + 1000 };
}

export function readLevel(raw: PdIncident, spans: readonly OnCallSpan[]): LevelReading {
  if (typeof raw.escalation_level === 'number' && raw.escalation_level >= 1) {
    return { kind: 'known', level: raw.escalation_level };
  }
  const policyId = raw.escalation_policy?.id;
  if (!policyId) return { kind: 'unknown', why: 'it has no escalation policy' };
  if (raw.status === 'resolved') return { kind: 'unknown', why: 'it is resolved' };
  if (raw.assigned_via === 'direct_assignment') {
    return { kind: 'unknown', why: 'it was assigned directly, not by its escalation policy' };
  }
  const assigned = assignmentTimes(raw);
  if (assigned.length === 0) return { kind: 'unknown', why: 'it is assigned to nobody' };
  const sets = assigned.map((a) => ({
    name: a.name,
    levels: new Set(
      spans
        .filter((s) => s.policyId === policyId && s.userId === a.userId && covers(s, a.at))
        .map((s) => s.level),
    ),
  }));
  const matched = sets.filter((s) => s.levels.size > 0);
  if (matched.length === 0) {
    return {
      kind: 'unknown',
      why: 'its assignees were not on call at any level of its policy when it was assigned to them',
    };
  }
  // Everyone assigned in one step belongs to the same level: intersect, unless that leaves nothing.
  let levels = [...matched[0]!.levels].filter((l) => matched.every((m) => m.levels.has(l)));
  if (levels.length === 0) levels = [...new Set(matched.flatMap((m) => [...m.levels]))];
  levels.sort((a, b) => a - b);
  if (levels.length === 1) return { kind: 'known', level: levels[0]! };
  return { kind: 'ambiguous', levels, who: matched.filter((m) => m.levels.size > 1).map((m) => m.name) };
}

const ROUTING = new Set([
  'trigger_log_entry',
  'assign_log_entry',
  'escalate_log_entry',
  'repeat_escalation_path_log_entry',
]);
/** How close (ms) the log entry that made the assignment must be to the assignment's time. */
const SAME_STEP_MS = 60_000;

/**
 * True when the log shows the current assignment came from entering the policy at its first
 * level — a trigger, a reopen, a policy change or a repeat of the path — and not from an
 * escalation. The newest routing entries (those in the same second) decide; an escalation
 * among them means "escalated", which the log cannot place on a level.
 */
export function enteredAtLevelOne(raw: PdIncident, entries: readonly PdLogEntry[]): boolean {
  const routing = entries
    .map((e) => ({ type: e.type, at: ms(e.created_at) }))
    .filter((e): e is { type: string; at: number } => e.at !== null && ROUTING.has(e.type));
  if (routing.length === 0) return false;
  const newest = Math.max(...routing.map((e) => Math.floor(e.at / 1000)));
  const step = routing.filter((e) => Math.floor(e.at / 1000) === newest);
  const assignedAt = Math.max(...assignmentTimes(raw).map((a) => a.at));
  if (!Number.isFinite(assignedAt) || Math.abs(newest * 1000 - assignedAt) > SAME_STEP_MS) return false;
  if (step.some((e) => e.type === 'repeat_escalation_path_log_entry')) return true;
  return !step.some((e) => e.type === 'escalate_log_entry');
}

/** "1 or 2", "1, 2 or 3". */
export function levelList(levels: readonly number[]): string {
  return levels.length <= 1
    ? levels.join('')
    : `${levels.slice(0, -1).join(', ')} or ${levels[levels.length - 1]}`;
}
