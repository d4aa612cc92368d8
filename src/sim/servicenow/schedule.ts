/**
 * Business schedules (cmn_schedule): the hours an SLA clock runs in. An 8-5
 * weekdays SLA started Friday at 16:00 with 4 hours to go breaches on Monday
 * at 11:00, not Friday at 20:00; its `business_percentage` counts only those
 * hours while its `percentage` counts the weekend too. Windows are in UTC
 * (a schedule's own time zone is left out: the arithmetic is what matters).
 */
const DAY = 86_400_000;

export interface SnSchedule {
  sys_id: string;
  name: string;
  /** Days the schedule runs, 0 = Sunday … 6 = Saturday. */
  days: readonly number[];
  /** Daily window, minutes after midnight UTC: [startMin, endMin). */
  startMin: number;
  endMin: number;
  createdAt: number;
}

/** Schedule milliseconds between `from` and `to` (0 when to ≤ from). */
export function businessMs(s: SnSchedule, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
    if (!s.days.includes(new Date(day).getUTCDay())) continue;
    const open = Math.max(from, day + s.startMin * 60_000);
    const close = Math.min(to, day + s.endMin * 60_000);
    if (close > open) total += close - open;
  }
  return total;
}

/** The wall time at which `ms` of schedule time has passed after `from`. */
export function addBusinessMs(s: SnSchedule, from: number, ms: number): number {
  if (s.days.length === 0 || s.endMin <= s.startMin) return Number.POSITIVE_INFINITY;
  let left = Math.max(0, ms);
  for (let day = Math.floor(from / DAY) * DAY; ; day += DAY) {
    if (!s.days.includes(new Date(day).getUTCDay())) continue;
    const open = Math.max(from, day + s.startMin * 60_000);
    const close = day + s.endMin * 60_000;
    if (close <= open) continue;
    if (close - open >= left) return open + left;
    left -= close - open;
  }
}
