import { formatDuration } from '../../domain/format.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, the on-call engineer's own: HH:MM:SS. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Local HH:MM, for shift ends. */
export function shortTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** "3s ago" style age from an epoch-ms instant; "never" for null. */
export function ago(at: number | null, now: number): string {
  if (at === null) return 'never';
  return `${formatDuration(Math.max(0, now - at))} ago`;
}

/** ISO time → "14:02 (12m ago)", or a dash when absent. */
export function whenAgo(iso: string | undefined, now: number, dash = '—'): string {
  if (!iso) return dash;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return dash;
  return `${shortTime(t)} (${ago(t, now)})`;
}
