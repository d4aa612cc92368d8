/**
 * task_sla arithmetic. A row stores only its events (start, pauses, stop); its
 * stage, percentage and breach time are derived for any "now", so SLAs move
 * with the world clock without a timer job rewriting 40,000 rows.
 */
import type { SnSlaDef, SnTaskSla } from './model.js';

export type SlaStage = 'in_progress' | 'paused' | 'breached' | 'achieved' | 'cancelled';

export interface SlaSnapshot {
  stage: SlaStage;
  active: boolean;
  hasBreached: boolean;
  /** Elapsed share of the target, e.g. 87.42 (can exceed 100). */
  percentage: number;
  elapsedMs: number;
  timeLeftMs: number;
  pauseMs: number;
  /** Breach time: start + target + every pause so far (a running pause keeps pushing it). */
  plannedEnd: number;
  /** Last time something happened to the row, breaching included. */
  updatedAt: number;
}

const cache = new WeakMap<SnTaskSla, { at: number; mod: number; snap: SlaSnapshot }>();

export function slaAt(s: SnTaskSla, def: SnSlaDef, now: number): SlaSnapshot {
  const hit = cache.get(s);
  if (hit && hit.at === now && hit.mod === s.modCount) return hit.snap;
  const end = s.stoppedAt ?? now;
  const pauseMs = s.pauseMs + (s.pausedSince !== null ? Math.max(0, end - s.pausedSince) : 0);
  const elapsedMs = Math.max(0, end - s.start - pauseMs);
  const plannedEnd = s.start + def.durationMs + pauseMs;
  const hasBreached = elapsedMs > def.durationMs;
  const running = s.stoppedAt === null;
  let stage: SlaStage;
  if (s.cancelled) stage = 'cancelled';
  else if (running) stage = s.pausedSince !== null ? 'paused' : hasBreached ? 'breached' : 'in_progress';
  else stage = hasBreached ? 'breached' : 'achieved';
  // A running, unpaused SLA that passed its breach time changed then, even though nobody wrote it.
  const breachedAt = running && s.pausedSince === null && hasBreached ? plannedEnd : 0;
  const snap: SlaSnapshot = {
    stage,
    active: running,
    hasBreached,
    percentage: Math.round((elapsedMs / def.durationMs) * 10_000) / 100,
    elapsedMs,
    timeLeftMs: Math.max(0, def.durationMs - elapsedMs),
    pauseMs,
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
