/** Compact durations for narrow columns: 45s, 12m, 3h05m, 2d04h. Negative values get a leading minus. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${sign}${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${sign}${h}h${String(m % 60).padStart(2, '0')}m`;
  const d = Math.floor(h / 24);
  return `${sign}${d}d${String(h % 24).padStart(2, '0')}h`;
}

/** Parse an ISO time to epoch ms; undefined for absent or unparseable input. */
export function toMs(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** A stream is stale when its last good data is older than twice its poll interval. */
export function isStale(fetchedAt: number | null, intervalMs: number, now: number): boolean {
  return fetchedAt !== null && now - fetchedAt > 2 * intervalMs;
}
