import { toMs } from '../format.js';
import { keyOfRecord, recordKey } from '../kinds.js';
import type { Incident, SlaClock } from '../model.js';
import type { PanelSettings, SlaTarget } from '../settings.js';

export interface SlaRiskItem {
  /** Stable row key: `source:id:clock` for derived targets, `source:sla:id` for vendor SLAs. */
  key: string;
  source: string;
  /** The ticket's human key (#4211, INC0010042) and title, for display. */
  taskKey: string;
  title: string;
  /** The ticket, when it is in the incidents stream (actions and detail need it). */
  incident?: Incident;
  /** What is measured: the vendor SLA's name, or "ack target" / "resolve target" from config. */
  name: string;
  /** `ack`/`resolve`: a target from config; `sla`: a vendor SLA clock (ServiceNow task_sla). */
  clock: 'ack' | 'resolve' | 'sla';
  /** A paused clock (ticket on hold) does not count down. */
  paused: boolean;
  targetAt: number;
  /** Time left before breach; negative once breached. */
  remainingMs: number;
  /** Share of the target window used, 0–100+ (over 100 when breached). */
  percentElapsed: number;
  /**
   * The schedule a vendor clock runs in (e.g. "8-5 weekdays"): then `percentElapsed` is the
   * vendor's business-hours share, not wall time. Undefined: wall time.
   */
  schedule?: string;
  /** Business time left before breach, for a clock with a schedule. */
  businessTimeLeftMs?: number;
  breached: boolean;
  atRisk: boolean;
  assignee?: string;
  group?: string;
}

export interface SlaRiskView {
  items: SlaRiskItem[];
  breached: number;
  atRisk: number;
}

function targetFor(i: Incident, settings: PanelSettings['sla']): SlaTarget {
  return (i.priority && settings.byPriority[i.priority]) || settings.byUrgency[i.urgency ?? 'high'];
}

/** A config target for a vendor without SLA objects (PagerDuty): ack while triggered, then resolve. */
function targetItem(incident: Incident, now: number, settings: PanelSettings['sla']): SlaRiskItem | null {
  const opened = toMs(incident.openedAt);
  if (opened === undefined) return null;
  const target = targetFor(incident, settings);
  const clock = incident.status === 'triggered' ? 'ack' : 'resolve';
  const windowMs = (clock === 'ack' ? target.ackMinutes : target.resolveMinutes) * 60_000;
  const targetAt = opened + windowMs;
  const remainingMs = targetAt - now;
  const item: SlaRiskItem = {
    key: `${keyOfRecord(incident)}:${clock}`,
    source: incident.source,
    taskKey: incident.key,
    title: incident.title,
    incident,
    name: `${clock} target`,
    clock,
    paused: false,
    targetAt,
    remainingMs,
    percentElapsed: windowMs > 0 ? Math.round(((now - opened) / windowMs) * 100) : 100,
    breached: remainingMs <= 0,
    atRisk: remainingMs > 0 && remainingMs < windowMs * settings.atRiskShare,
  };
  if (incident.assignees[0]) item.assignee = incident.assignees.join(', ');
  if (incident.group) item.group = incident.group;
  return item;
}

/**
 * A vendor SLA clock. The vendor's `percentage` is only as fresh as its SLA job,
 * so a running clock's share is recomputed from start and planned end; a paused
 * one keeps the vendor's figure. So does a clock with a schedule: it runs only in
 * business hours, which start and end in wall time cannot tell (an 8×5 clock
 * started Friday evening has used nothing by Monday morning).
 */
function slaItem(sla: SlaClock, incident: Incident | undefined, now: number, settings: PanelSettings['sla']) {
  const end = toMs(sla.plannedEndAt);
  const start = toMs(sla.startedAt);
  const paused = sla.stage === 'paused';
  // A paused clock does not run: its time left is frozen where the pause began (the vendor
  // moves the planned end out when it resumes). Without a pause start, fall back to now.
  const frozenAt = paused ? (toMs(sla.pausedAt) ?? now) : now;
  const remainingMs = end === undefined ? Number.POSITIVE_INFINITY : end - frozenAt;
  // Time on hold counts neither towards the window nor towards what has elapsed of it.
  const pausedMs = sla.pausedMs ?? 0;
  const window = end !== undefined && start !== undefined ? end - start - pausedMs : 0;
  const live =
    !paused && !sla.schedule && window > 0
      ? Math.round(((now - start! - pausedMs) / window) * 100)
      : Math.round(sla.percentElapsed);
  const breached = sla.breached || sla.stage === 'breached' || (!paused && remainingMs <= 0);
  const item: SlaRiskItem = {
    key: `${sla.source}:sla:${sla.id}`,
    source: sla.source,
    taskKey: sla.taskKey,
    title: incident?.title ?? sla.taskTitle ?? '',
    name: sla.name,
    clock: 'sla',
    paused,
    targetAt: end ?? Number.POSITIVE_INFINITY,
    remainingMs,
    percentElapsed: breached ? Math.max(live, 100) : live,
    breached,
    atRisk: !breached && !paused && live >= (1 - settings.atRiskShare) * 100,
  };
  if (incident) item.incident = incident;
  if (sla.schedule) item.schedule = sla.schedule;
  if (sla.businessTimeLeftMs !== undefined) item.businessTimeLeftMs = sla.businessTimeLeftMs;
  const assignee = sla.assignee ?? incident?.assignees.join(', ');
  if (assignee) item.assignee = assignee;
  const group = sla.group ?? incident?.group;
  if (group) item.group = group;
  return item;
}

/**
 * Everything that can breach, most urgent first: breached, then running clocks by
 * time left, paused clocks last. Vendors with real SLA objects (`slaSources`) are
 * measured by those; the others against response targets from config.
 */
export function deriveSlaRisk(
  incidents: readonly Incident[],
  now: number,
  settings: PanelSettings['sla'],
  slas: readonly SlaClock[] = [],
  slaSources: ReadonlySet<string> = new Set(),
): SlaRiskView {
  const items: SlaRiskItem[] = [];
  const byTask = new Map(incidents.map((i) => [keyOfRecord(i), i]));
  for (const incident of incidents) {
    if (incident.status === 'resolved' || slaSources.has(incident.source)) continue;
    const item = targetItem(incident, now, settings);
    if (item) items.push(item);
  }
  for (const sla of slas) {
    if (sla.stage === 'achieved' || sla.stage === 'cancelled') continue;
    const incident = byTask.get(recordKey({ source: sla.source, id: sla.taskId }));
    if (incident?.status === 'resolved') continue;
    items.push(slaItem(sla, incident, now, settings));
  }
  items.sort(
    (a, b) =>
      Number(b.breached) - Number(a.breached) ||
      Number(a.paused) - Number(b.paused) ||
      a.remainingMs - b.remainingMs ||
      a.key.localeCompare(b.key),
  );
  return {
    items,
    breached: items.filter((i) => i.breached).length,
    atRisk: items.filter((i) => i.atRisk).length,
  };
}
