import { toMs } from '../format.js';
import type { Incident } from '../model.js';
import type { PanelSettings, SlaTarget } from '../settings.js';

export interface SlaRiskItem {
  /** Stable row key: `source:id:clock`. */
  key: string;
  source: string;
  incident: Incident;
  /** Which promise is at stake: the acknowledgement or the resolution. */
  clock: 'ack' | 'resolve';
  targetAt: number;
  /** Time left before breach; negative once breached. */
  remainingMs: number;
  /** Share of the target window used, 0–100+ (over 100 when breached). */
  percentElapsed: number;
  breached: boolean;
  atRisk: boolean;
}

export interface SlaRiskView {
  items: SlaRiskItem[];
  breached: number;
  atRisk: number;
}

function targetFor(i: Incident, settings: PanelSettings['sla']): SlaTarget {
  return (i.priority && settings.byPriority[i.priority]) || settings.byUrgency[i.urgency ?? 'high'];
}

/**
 * Incidents measured against response targets from config: a triggered incident
 * runs against its acknowledgement target, an acknowledged one against resolution.
 * Breached items first, then the next to breach.
 */
export function deriveSlaRisk(
  incidents: readonly Incident[],
  now: number,
  settings: PanelSettings['sla'],
): SlaRiskView {
  const items: SlaRiskItem[] = [];
  for (const incident of incidents) {
    if (incident.status === 'resolved') continue;
    const opened = toMs(incident.openedAt);
    if (opened === undefined) continue;
    const target = targetFor(incident, settings);
    const clock = incident.status === 'triggered' ? 'ack' : 'resolve';
    const windowMs = (clock === 'ack' ? target.ackMinutes : target.resolveMinutes) * 60_000;
    const targetAt = opened + windowMs;
    const remainingMs = targetAt - now;
    const percentElapsed = windowMs > 0 ? Math.round(((now - opened) / windowMs) * 100) : 100;
    items.push({
      key: `${incident.source}:${incident.id}:${clock}`,
      source: incident.source,
      incident,
      clock,
      targetAt,
      remainingMs,
      percentElapsed,
      breached: remainingMs <= 0,
      atRisk: remainingMs > 0 && remainingMs < windowMs * settings.atRiskShare,
    });
  }
  items.sort((a, b) => Number(b.breached) - Number(a.breached) || a.remainingMs - b.remainingMs);
  return {
    items,
    breached: items.filter((i) => i.breached).length,
    atRisk: items.filter((i) => i.atRisk).length,
  };
}
