import { keyOfRecord } from '../kinds.js';
import { byCodeUnits, incidentTimes, memoOn, resort } from '../memo.js';
import type { Incident, Priority } from '../model.js';

/** A row of the queue as data: what does not change with the clock. */
export interface QueueEntry {
  /** Stable row key: `source:id`. */
  key: string;
  incident: Incident;
  /** When it opened (epoch ms); undefined when the vendor's time does not parse. */
  openedMs: number | undefined;
}

/** A row at one instant, with its ages (what `snapshot --json` reports). */
export interface QueueRow extends QueueEntry {
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

/** The queue's figures that change only when the data does. */
export interface QueueData {
  total: number;
  triggered: number;
  acknowledged: number;
  unassigned: number;
  highUrgency: number;
  /** Mean time to acknowledge over open, acknowledged incidents (ms); null when none. */
  mttaMs: number | null;
  byPriority: PriorityBucket[];
  /** Busiest services first, at most five. */
  byService: { name: string; count: number }[];
  /** Triggered first, then by priority (urgency where there is none), then oldest first. */
  rows: readonly QueueEntry[];
  /** The triggered incident waiting longest for an acknowledgement. */
  oldestUnackedEntry: QueueEntry | null;
}

/** The queue at one instant, as the cockpit draws it: rows stay data, ages are computed for visible rows. */
export interface QueueLiveView extends Omit<QueueData, 'oldestUnackedEntry'> {
  oldestUnacked: QueueRow | null;
}

/** The queue at one instant with every row's age, as `snapshot --json` reports it. */
export interface QueueHealthView extends QueueLiveView {
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

/** A row's ages at `now`; never negative (clock skew), zero when the open time does not parse. */
export function queueRowAt(entry: QueueEntry, now: number): QueueRow {
  const row: QueueRow = { ...entry, ageMs: Math.max(0, now - (entry.openedMs ?? now)) };
  if (entry.incident.status === 'triggered') row.unackedMs = row.ageMs;
  return row;
}

/** Where an entry sorts, fixed per record object: a hidden slot, unseen by JSON and spreads. */
const SORT = Symbol('queue order');
interface SortKey {
  /** Triggered first, then rank, then high urgency first: one number, compared once. */
  group: number;
  /** Open time; none parsable reads as age 0, the newest. */
  opened: number;
}
const sortKey = (e: QueueEntry) => (e as unknown as { [SORT]: SortKey })[SORT];
const byQueueOrder = (a: QueueEntry, b: QueueEntry) => {
  const x = sortKey(a);
  const y = sortKey(b);
  return x.group - y.group || x.opened - y.opened || byCodeUnits(a.key, b.key);
};

const entryOf = memoOn((incident: Incident): QueueEntry => {
  const e: QueueEntry = { key: keyOfRecord(incident), incident, openedMs: incidentTimes(incident).opened };
  const key: SortKey = {
    group: (incident.status === 'triggered' ? 0 : 100) + sortRank(incident) * 10 + urgencyRank(incident),
    opened: e.openedMs ?? Number.POSITIVE_INFINITY,
  };
  Object.defineProperty(e, SORT, { value: key });
  return e;
});

/** The last order handed out: the next sort starts from it. */
let lastRows: readonly QueueEntry[] | undefined;

/**
 * Open work across every incident source, ordered by what needs a human first. Nothing here
 * depends on the clock (oldest first is earliest opened first), so it is computed once per
 * change of the incidents array, and an unchanged record keeps its row object.
 */
export const queueData = memoOn((incidents: readonly Incident[]): QueueData => {
  const open: QueueEntry[] = [];
  for (const incident of incidents) if (incident.status !== 'resolved') open.push(entryOf(incident));
  const rows = resort(open, lastRows, byQueueOrder);
  lastRows = rows;

  const byPriority = PRIORITY_ORDER.map((priority) => ({ priority, triggered: 0, acknowledged: 0 }));
  const services = new Map<string, number>();
  let oldestUnackedEntry: QueueEntry | null = null;
  let ackTotal = 0;
  let ackCount = 0;
  let triggered = 0;
  let acknowledged = 0;
  let unassigned = 0;
  let highUrgency = 0;
  for (const row of rows) {
    const i = row.incident;
    const bucket = byPriority[rank(i)]!;
    if (i.status === 'triggered') {
      bucket.triggered++;
      triggered++;
      const t = row.openedMs ?? Number.POSITIVE_INFINITY;
      if (!oldestUnackedEntry || t < (oldestUnackedEntry.openedMs ?? Number.POSITIVE_INFINITY)) {
        oldestUnackedEntry = row;
      }
    } else bucket.acknowledged++;
    if (i.status === 'acknowledged') acknowledged++;
    if (i.assignees.length === 0) unassigned++;
    if (i.urgency === 'high') highUrgency++;
    if (i.service) services.set(i.service, (services.get(i.service) ?? 0) + 1);
    const times = incidentTimes(i);
    if (times.acknowledged !== undefined && times.opened !== undefined) {
      ackTotal += Math.max(0, times.acknowledged - times.opened);
      ackCount++;
    }
  }

  return {
    total: rows.length,
    triggered,
    acknowledged,
    unassigned,
    highUrgency,
    mttaMs: ackCount ? Math.round(ackTotal / ackCount) : null,
    byPriority: byPriority.filter((b) => b.triggered + b.acknowledged > 0),
    byService: [...services.entries()]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || byCodeUnits(a.name, b.name))
      .slice(0, 5),
    rows,
    oldestUnackedEntry,
  };
});

/** The queue at `now` for the cockpit: O(1) on top of `queueData`. */
export function queueAt(data: QueueData, now: number): QueueLiveView {
  const { oldestUnackedEntry, ...rest } = data;
  return { ...rest, oldestUnacked: oldestUnackedEntry ? queueRowAt(oldestUnackedEntry, now) : null };
}

/** Open work across every incident source at `now`, every row with its ages (snapshot, tests). */
export function deriveQueueHealth(incidents: readonly Incident[], now: number): QueueHealthView {
  const data = queueData(incidents);
  return { ...queueAt(data, now), rows: data.rows.map((e) => queueRowAt(e, now)) };
}
