import { toMs } from '../format.js';
import { keyOfRecord } from '../kinds.js';
import type { Incident, Priority } from '../model.js';

export interface QueueRow {
  /** Stable row key: `source:id`. */
  key: string;
  incident: Incident;
  /** Time since the incident opened. */
  ageMs: number;
  /** Time spent waiting for an acknowledgement; undefined once acknowledged. */
  unackedMs?: number;
}

export interface PriorityBucket {
  priority: Priority | 'none';
  triggered: number;
  acknowledged: number;
}

export interface QueueHealthView {
  total: number;
  triggered: number;
  acknowledged: number;
  unassigned: number;
  highUrgency: number;
  oldestUnacked: QueueRow | null;
  /** Mean time to acknowledge over open, acknowledged incidents (ms); null when none. */
  mttaMs: number | null;
  byPriority: PriorityBucket[];
  /** Busiest services first, at most five. */
  byService: { name: string; count: number }[];
  /** Triggered first, then by priority (urgency where there is none), then oldest first. */
  rows: QueueRow[];
}

const PRIORITY_ORDER: (Priority | 'none')[] = ['P1', 'P2', 'P3', 'P4', 'P5', 'none'];
const rank = (i: Incident) => PRIORITY_ORDER.indexOf(i.priority ?? 'none');
/**
 * Where a row sorts: by priority, and for an incident without one by its urgency, since that
 * is all a PagerDuty account without priorities says. High urgency sorts between P2 and P3
 * (it pages someone now), low after P5; equal ranks put high urgency first.
 */
const sortRank = (i: Incident) =>
  i.priority ? PRIORITY_ORDER.indexOf(i.priority) : i.urgency === 'high' ? 1.5 : PRIORITY_ORDER.length;
const urgencyRank = (i: Incident) => (i.urgency === 'high' ? 0 : 1);

/** Open work across every incident source, ordered by what needs a human first. */
export function deriveQueueHealth(incidents: readonly Incident[], now: number): QueueHealthView {
  const open = incidents.filter((i) => i.status !== 'resolved');
  const rows: QueueRow[] = open.map((incident) => {
    const opened = toMs(incident.openedAt) ?? now;
    const row: QueueRow = {
      key: keyOfRecord(incident),
      incident,
      ageMs: Math.max(0, now - opened),
    };
    if (incident.status === 'triggered') row.unackedMs = row.ageMs;
    return row;
  });
  rows.sort(
    (a, b) =>
      Number(b.incident.status === 'triggered') - Number(a.incident.status === 'triggered') ||
      sortRank(a.incident) - sortRank(b.incident) ||
      urgencyRank(a.incident) - urgencyRank(b.incident) ||
      b.ageMs - a.ageMs ||
      a.key.localeCompare(b.key),
  );

  const byPriority = PRIORITY_ORDER.map((priority) => ({ priority, triggered: 0, acknowledged: 0 }));
  const services = new Map<string, number>();
  let oldestUnacked: QueueRow | null = null;
  let ackTotal = 0;
  let ackCount = 0;
  for (const row of rows) {
    const i = row.incident;
    const bucket = byPriority[rank(i)]!;
    if (i.status === 'triggered') bucket.triggered++;
    else bucket.acknowledged++;
    if (i.service) services.set(i.service, (services.get(i.service) ?? 0) + 1);
    if (row.unackedMs !== undefined && (!oldestUnacked || row.unackedMs > (oldestUnacked.unackedMs ?? 0))) {
      oldestUnacked = row;
    }
    const acked = toMs(i.acknowledgedAt);
    const opened = toMs(i.openedAt);
    if (acked !== undefined && opened !== undefined) {
      ackTotal += Math.max(0, acked - opened);
      ackCount++;
    }
  }

  return {
    total: rows.length,
    triggered: rows.filter((r) => r.incident.status === 'triggered').length,
    acknowledged: rows.filter((r) => r.incident.status === 'acknowledged').length,
    unassigned: rows.filter((r) => r.incident.assignees.length === 0).length,
    highUrgency: rows.filter((r) => r.incident.urgency === 'high').length,
    oldestUnacked,
    mttaMs: ackCount ? Math.round(ackTotal / ackCount) : null,
    byPriority: byPriority.filter((b) => b.triggered + b.acknowledged > 0),
    byService: [...services.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, 5),
    rows,
  };
}
