import { byCodeUnits, incidentTimes, memoOn } from '../memo.js';
import type { Incident, Priority } from '../model.js';

/** Open work of one assignment group, for the per-group line of the queue panel. */
export interface GroupLine {
  /** Assignment group name; "(no group)" when the ticket has none. */
  group: string;
  /** Open tickets in the group, on hold included. */
  open: number;
  /** Open tickets that are being worked or wait for work, by priority (on-hold tickets are counted apart). */
  byPriority: { priority: Priority | 'none'; count: number }[];
  /** Tickets parked on hold. */
  onHold: number;
  /** Open tickets nobody is assigned to. */
  unassigned: number;
  /** Age of the oldest unassigned ticket; null when every ticket has an owner. */
  oldestUnassignedMs: number | null;
}

export interface QueueGroupsView {
  /** Worst group first: most P1, then P2, then unassigned, then open. */
  groups: GroupLine[];
  /** On-hold tickets by hold reason, most common first. */
  holdReasons: { reason: string; count: number }[];
  /** Open tickets that were reopened at least once. */
  reopened: number;
  /** Mean time to resolve over resolved tickets in the stream (ms); null when none. */
  mttrMs: number | null;
  /** How many resolved tickets the mean is over, so a mean of one is read as such. */
  resolvedCount: number;
}

export const NO_GROUP = '(no group)';

const PRIORITIES: (Priority | 'none')[] = ['P1', 'P2', 'P3', 'P4', 'P5', 'none'];

function countOf(line: Pick<GroupLine, 'byPriority'>, p: Priority): number {
  return line.byPriority.find((b) => b.priority === p)?.count ?? 0;
}

/** Descending by what pages people first; the name breaks ties so the order is stable between polls. */
function worse(a: Omit<GroupLine, 'oldestUnassignedMs'>, b: Omit<GroupLine, 'oldestUnassignedMs'>): number {
  return (
    countOf(b, 'P1') - countOf(a, 'P1') ||
    countOf(b, 'P2') - countOf(a, 'P2') ||
    b.unassigned - a.unassigned ||
    b.open - a.open ||
    byCodeUnits(a.group, b.group)
  );
}

/** A group line before the clock: the oldest unassigned ticket's open time instead of its age. */
interface GroupData extends Omit<GroupLine, 'oldestUnassignedMs'> {
  /** Earliest open time among unassigned tickets; +Infinity when none parses; null when none is unassigned. */
  oldestUnassignedOpened: number | null;
}

interface QueueGroupsData extends Omit<QueueGroupsView, 'groups'> {
  groups: GroupData[];
}

/** Everything but ages, once per change of the incidents array. */
const groupsData = memoOn((incidents: readonly Incident[]): QueueGroupsData => {
  const lines = new Map<string, GroupData & { counts: Map<Priority | 'none', number> }>();
  const reasons = new Map<string, number>();
  let reopened = 0;
  let resolvedTotal = 0;
  let resolvedCount = 0;
  for (const i of incidents) {
    const times = incidentTimes(i);
    if (i.status === 'resolved') {
      // A cancelled ticket was never repaired: it would flatter MTTR.
      if (/cancel/i.test(i.vendorStatus)) continue;
      const opened = times.opened;
      const resolved = times.resolved;
      if (opened !== undefined && resolved !== undefined && resolved >= opened) {
        resolvedTotal += resolved - opened;
        resolvedCount++;
      }
      continue;
    }
    const name = i.group || NO_GROUP;
    let line = lines.get(name);
    if (!line) {
      line = {
        group: name,
        open: 0,
        byPriority: [],
        onHold: 0,
        unassigned: 0,
        oldestUnassignedOpened: null,
        counts: new Map(),
      };
      lines.set(name, line);
    }
    line.open++;
    if (i.onHold) {
      line.onHold++;
      const reason = i.holdReason || 'no reason given';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    } else {
      const p = i.priority ?? 'none';
      line.counts.set(p, (line.counts.get(p) ?? 0) + 1);
    }
    if (i.assignees.length === 0) {
      line.unassigned++;
      const opened = times.opened ?? Number.POSITIVE_INFINITY;
      line.oldestUnassignedOpened = Math.min(line.oldestUnassignedOpened ?? Number.POSITIVE_INFINITY, opened);
    }
    if ((i.reopenCount ?? 0) > 0) reopened++;
  }
  const groups = [...lines.values()].map(({ counts, ...line }) => ({
    ...line,
    byPriority: PRIORITIES.filter((p) => counts.has(p)).map((priority) => ({
      priority,
      count: counts.get(priority) ?? 0,
    })),
  }));
  return {
    groups: groups.sort(worse),
    holdReasons: [...reasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || byCodeUnits(a.reason, b.reason)),
    reopened,
    mttrMs: resolvedCount ? Math.round(resolvedTotal / resolvedCount) : null,
    resolvedCount,
  };
});

/**
 * Per-group queue figures for ticketing vendors (ServiceNow): open by priority
 * and on hold per assignment group, hold reasons, reopen count and mean time to
 * resolve. Pure: `now` is passed in; only the oldest unassigned ages are computed per call
 * (one per group), the rest once per change of the incidents array.
 */
export function deriveQueueGroups(incidents: readonly Incident[], now: number): QueueGroupsView {
  const data = groupsData(incidents);
  return {
    ...data,
    groups: data.groups.map(({ oldestUnassignedOpened, ...line }) => ({
      ...line,
      // A ticket "opened in the future" (clock skew) or without a parsable time is 0 old.
      oldestUnassignedMs:
        oldestUnassignedOpened === null
          ? null
          : Math.max(0, now - (Number.isFinite(oldestUnassignedOpened) ? oldestUnassignedOpened : now)),
    })),
  };
}
