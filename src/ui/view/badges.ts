import { formatDuration, isStale } from '../../domain/format.js';
import type { AppState, ConnectorState } from '../../store/types.js';

export interface Badge {
  instance: string;
  kind: 'ok' | 'warn' | 'error';
  /** Text after the glyph: `pd-demo`, `pd-eu stale 2m`, `pd-us auth`. */
  text: string;
}

const AUTH_CODES = new Set(['AUTH', 'FORBIDDEN']);

/** One header badge per connector: the worst thing the on-call engineer should know about it. */
export function connectorBadge(c: ConnectorState, now: number): Badge {
  const streams = Object.values(c.streams).filter((s) => s !== undefined);
  const base = { instance: c.instance };
  if (streams.some((s) => s.status === 'paused' || (s.errorCode && AUTH_CODES.has(s.errorCode)))) {
    return { ...base, kind: 'error', text: `${c.instance} auth` };
  }
  if (c.health === 'down') return { ...base, kind: 'error', text: `${c.instance} down` };
  const stale = streams.filter((s) => isStale(s.fetchedAt, s.intervalMs, now));
  if (stale.length > 0) {
    const oldest = Math.min(...stale.map((s) => s.fetchedAt ?? now));
    return { ...base, kind: 'warn', text: `${c.instance} stale ${formatDuration(now - oldest)}` };
  }
  if (c.health === 'degraded') return { ...base, kind: 'warn', text: `${c.instance} degraded` };
  if (c.health === 'starting') return { ...base, kind: 'warn', text: `${c.instance} loading` };
  return { ...base, kind: 'ok', text: c.instance };
}

export function headerBadges(state: AppState, now: number): Badge[] {
  const live = Object.values(state.connectors).map((c) => connectorBadge(c, now));
  const refused = state.refused.map<Badge>((r) => ({
    instance: r.instance,
    kind: 'error',
    text: `${r.instance} refused`,
  }));
  return [...live, ...refused];
}
