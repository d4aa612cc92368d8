/**
 * What the queue says about alerting monitors: how many fire (alert, warn, no data), how many
 * of the alerting ones at each priority, and how many are silenced. Silenced monitors are
 * counted apart: a muted alert is known, not forgotten, and must not read as a fresh page.
 */
import { memoLast } from '../memo.js';
import type { Monitor, Priority } from '../model.js';

export interface MonitorCounts {
  /** Alerting and not muted as a whole. */
  alert: number;
  warn: number;
  noData: number;
  /** Firing (any of the three) but muted as a whole. */
  muted: number;
  /** Alerting, not muted, by priority ('none' for monitors without one), highest first; zero buckets left out. */
  byPriority: { priority: Priority | 'none'; count: number }[];
}

const ORDER: (Priority | 'none')[] = ['P1', 'P2', 'P3', 'P4', 'P5', 'none'];

function count(monitors: readonly Monitor[]): MonitorCounts {
  const out: MonitorCounts = { alert: 0, warn: 0, noData: 0, muted: 0, byPriority: [] };
  const by = new Map<Priority | 'none', number>();
  for (const m of monitors) {
    if (m.state !== 'alert' && m.state !== 'warn' && m.state !== 'no_data') continue;
    if (m.muted) {
      out.muted++;
      continue;
    }
    if (m.state === 'alert') {
      out.alert++;
      const p = m.priority ?? 'none';
      by.set(p, (by.get(p) ?? 0) + 1);
    } else if (m.state === 'warn') out.warn++;
    else out.noData++;
  }
  out.byPriority = ORDER.filter((p) => by.has(p)).map((p) => ({ priority: p, count: by.get(p)! }));
  return out;
}

/** The counts, recomputed only when the monitors array changes. */
export const monitorCounts = memoLast(count);
