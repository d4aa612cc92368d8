/**
 * task_sla arithmetic. A row stores only its events (start, pauses, stop); its
 * stage, percentage and breach time are derived for any "now", so SLAs move
 * with the world clock without a timer job rewriting 40,000 rows.
 */
import type { SnSlaDef, SnTaskSla } from './model.js';
import { addBusinessMs, businessMs, type SnSchedule } from './schedule.js';

export type SlaStage = 'in_progress' | 'paused' | 'breached' | 'achieved' | 'cancelled';

export interface SlaSnapshot {
  stage: SlaStage;
  active: boolean;
  hasBreached: boolean;
  /** Elapsed share of the target in wall time (`percentage`), e.g. 87.42; can exceed 100. */
  percentage: number;
  /** Elapsed share counted in the schedule (`business_percentage`); equals `percentage` without one. */
  businessPercentage: number;
  /** Wall time elapsed, pauses excluded (`duration`). */
  elapsedMs: number;
  /** Schedule time elapsed, pauses excluded (`business_duration`). */
  businessElapsedMs: number;
  /** Wall time until the planned end (`time_left`). */
  timeLeftMs: number;
  /** Schedule time still to run before breach (`business_time_left`). */
  businessTimeLeftMs: number;
  pauseMs: number;
  businessPauseMs: number;
  /** Breach time: where the schedule reaches the target, every pause so far added. */
  plannedEnd: number;
  /** Last time something happened to the row, breaching included. */
  updatedAt: number;
}

const cache = new WeakMap<SnTaskSla, { at: number; mod: number; snap: SlaSnapshot }>();

/**
 * The row at `now`. Without a schedule business time is wall time. With one, only schedule
 * hours count: elapsed, pauses and the breach point are all measured in them, and the planned
 * end is the wall time where the schedule has given the target plus the paused hours.
 */
export function slaAt(s: SnTaskSla, def: SnSlaDef, now: number, schedule?: SnSchedule): SlaSnapshot {
  const hit = cache.get(s);
  if (hit && hit.at === now && hit.mod === s.modCount) return hit.snap;
  const end = s.stoppedAt ?? now;
  const running = s.stoppedAt === null;
  const openPause = s.pausedSince !== null ? Math.max(0, end - s.pausedSince) : 0;
  const pauseMs = s.pauseMs + openPause;
  const elapsedMs = Math.max(0, end - s.start - pauseMs);
  let businessElapsedMs = elapsedMs;
  let businessPauseMs = pauseMs;
  let plannedEnd = s.start + def.durationMs + pauseMs;
  if (schedule) {
    const spans: [number, number][] = [...s.pauseSpans];
    if (s.pausedSince !== null) spans.push([s.pausedSince, end]);
    businessPauseMs = spans.reduce((n, [a, b]) => n + businessMs(schedule, a, b), 0);
    businessElapsedMs = Math.max(0, businessMs(schedule, s.start, end) - businessPauseMs);
    plannedEnd = addBusinessMs(schedule, s.start, def.durationMs + businessPauseMs);
  }
  const hasBreached = businessElapsedMs > def.durationMs;
  let stage: SlaStage;
  if (s.cancelled) stage = 'cancelled';
  else if (running) stage = s.pausedSince !== null ? 'paused' : hasBreached ? 'breached' : 'in_progress';
  else stage = hasBreached ? 'breached' : 'achieved';
  // A running, unpaused SLA that passed its breach time changed then, even though nobody wrote it.
  const breachedAt = running && s.pausedSince === null && hasBreached ? plannedEnd : 0;
  const pct = (ms: number) => Math.round((ms / def.durationMs) * 10_000) / 100;
  const snap: SlaSnapshot = {
    stage,
    active: running,
    hasBreached,
    percentage: pct(elapsedMs),
    businessPercentage: pct(businessElapsedMs),
    elapsedMs,
    businessElapsedMs,
    timeLeftMs: Math.max(0, plannedEnd - end),
    businessTimeLeftMs: Math.max(0, def.durationMs - businessElapsedMs),
    pauseMs,
    businessPauseMs,
    plannedEnd,
    updatedAt: Math.max(s.updatedAt, breachedAt),
  };
  cache.set(s, { at: now, mod: s.modCount, snap });
  return snap;
}

function touch(s: SnTaskSla, t: number): void {
  s.updatedAt = Math.max(s.updatedAt, t);
  s.modCount++;
}

export function pauseSla(s: SnTaskSla, t: number): void {
  if (s.stoppedAt !== null || s.pausedSince !== null) return;
  s.pausedSince = t;
  touch(s, t);
}

export function resumeSla(s: SnTaskSla, t: number): void {
  if (s.stoppedAt !== null || s.pausedSince === null) return;
  s.pauseMs += Math.max(0, t - s.pausedSince);
  s.pauseSpans.push([s.pausedSince, t]);
  s.pausedSince = null;
  touch(s, t);
}

/** Stop the clock: achieved or breached by the numbers, or cancelled. */
export function stopSla(s: SnTaskSla, t: number, cancel = false): void {
  if (s.stoppedAt !== null) return;
  if (s.pausedSince !== null) resumeSla(s, t);
  s.stoppedAt = t;
  s.cancelled = cancel;
  touch(s, t);
}
