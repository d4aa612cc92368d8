/**
 * Who is on call, computed from rotation layers: the user whose turn covers t
 * is users[floor((t − virtualStart) / turn) mod n]. No stored shift table, so
 * a demo left running for weeks keeps rotating without growing.
 */
import type { EscalationPolicy, Schedule, ScheduleLayer } from './types.js';

export interface Shift {
  userId: string;
  /** null for a direct user target: on call permanently. */
  start: number | null;
  end: number | null;
  scheduleId: string | null;
}

function turnAt(layer: ScheduleLayer, t: number): number {
  return Math.floor((t - layer.virtualStart) / (layer.turnSeconds * 1000));
}

function shiftOfTurn(layer: ScheduleLayer, turn: number, scheduleId: string): Shift {
  const n = layer.userIds.length;
  const turnMs = layer.turnSeconds * 1000;
  const start = layer.virtualStart + turn * turnMs;
  return { userId: layer.userIds[((turn % n) + n) % n]!, start, end: start + turnMs, scheduleId };
}

/** The shift covering `t` (the last layer wins, as higher layers do in PagerDuty). */
export function scheduleShiftAt(schedule: Schedule, t: number): Shift {
  const layer = schedule.layers[schedule.layers.length - 1]!;
  return shiftOfTurn(layer, turnAt(layer, t), schedule.id);
}

/** Every shift overlapping [since, until]; consecutive turns of one user are merged, as PagerDuty renders them. */
export function scheduleShifts(schedule: Schedule, since: number, until: number): Shift[] {
  const layer = schedule.layers[schedule.layers.length - 1]!;
  const out: Shift[] = [];
  const last = turnAt(layer, Math.max(since, until - 1));
  for (let turn = turnAt(layer, since); turn <= last; turn++) {
    const shift = shiftOfTurn(layer, turn, schedule.id);
    const prev = out[out.length - 1];
    if (prev && prev.userId === shift.userId) prev.end = shift.end;
    else out.push(shift);
  }
  return out;
}

export type ScheduleLookup = (id: string) => Schedule | undefined;

/** The on-call of one level (1-based) at `t`. */
export function levelShiftAt(
  policy: EscalationPolicy,
  level: number,
  t: number,
  schedules: ScheduleLookup,
): Shift | undefined {
  const rule = policy.rules[level - 1];
  if (!rule) return undefined;
  if (rule.target.kind === 'user')
    return { userId: rule.target.id, start: null, end: null, scheduleId: null };
  const schedule = schedules(rule.target.id);
  return schedule ? scheduleShiftAt(schedule, t) : undefined;
}

/** All on-call shifts of one level overlapping [since, until]. */
export function levelShifts(
  policy: EscalationPolicy,
  level: number,
  since: number,
  until: number,
  schedules: ScheduleLookup,
): Shift[] {
  const rule = policy.rules[level - 1];
  if (!rule) return [];
  if (rule.target.kind === 'user')
    return [{ userId: rule.target.id, start: null, end: null, scheduleId: null }];
  const schedule = schedules(rule.target.id);
  return schedule ? scheduleShifts(schedule, since, until) : [];
}
