/**
 * A connector's stats (requests, rate-limit budget, call timings, dropped records, last error)
 * as short paragraphs, for the status view and `doctor` alike. Pure: real time is passed in.
 */
import type { ConnectorStats } from '../../store/types.js';

/** `87ms`, `1.2s`, `2m 5s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${s % 60}s`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "rate limit: 890 of 900 left, resets in 45s" or null when the vendor never said. */
export function rateLimitText(stats: ConnectorStats, real: number): string | null {
  const r = stats.rateLimit;
  if (!r) return null;
  const parts: string[] = [];
  if (r.remaining !== undefined && r.limit !== undefined) parts.push(`${r.remaining} of ${r.limit} left`);
  else if (r.remaining !== undefined) parts.push(`${r.remaining} left`);
  else if (r.limit !== undefined) parts.push(`limit ${r.limit}`);
  if (r.resetAt !== undefined)
    parts.push(r.resetAt > real ? `resets in ${formatMs(r.resetAt - real)}` : 'window reset since');
  parts.push(`as of ${formatMs(Math.max(0, real - r.seenAt))} ago`);
  return `rate limit: ${parts.join(', ')}`;
}

export interface StatsParagraph {
  /** Stable id suffix for list keys. */
  id: string;
  text: string;
  tone?: 'warn' | 'danger';
}

/** Everything worth saying about a connector's stats, one paragraph per fact, most useful first. */
export function statsParagraphs(
  stats: ConnectorStats,
  real: number,
  clock: (at: number) => string,
): StatsParagraph[] {
  const out: StatsParagraph[] = [];
  const failed = stats.httpFailures > 0 ? ` (${stats.httpFailures} failed)` : '';
  const budget = rateLimitText(stats, real);
  out.push({
    id: 'requests',
    text: `requests: ${stats.requests}${failed}${budget ? ` · ${budget}` : ''}`,
    ...(stats.rateLimit?.remaining === 0 ? { tone: 'warn' as const } : {}),
  });
  for (const [op, t] of Object.entries(stats.operations).sort(([a], [b]) => a.localeCompare(b))) {
    const fails = t.failures > 0 ? `, ${t.failures} failed` : '';
    out.push({
      id: `op:${op}`,
      text: `${op}: ${plural(t.calls, 'call')}${fails} · last ${formatMs(t.lastMs)} · p50 ${formatMs(t.p50Ms)} · max ${formatMs(t.maxMs)}`,
    });
  }
  for (const [stream, d] of Object.entries(stats.dropped).sort(([a], [b]) => a.localeCompare(b))) {
    out.push({
      id: `drop:${stream}`,
      text: `dropped ${plural(d.count, `${stream} record`)} that did not fit the model; first: ${d.firstReason}`,
      tone: 'warn',
    });
  }
  if (stats.lastError) {
    const e = stats.lastError;
    out.push({
      id: 'last-error',
      text: `last error (${e.operation}, ${e.code}, ${clock(e.at)}): ${e.message}`,
      tone: 'danger',
    });
  }
  return out;
}
