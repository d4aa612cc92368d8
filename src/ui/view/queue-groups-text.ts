import { formatDuration } from '../../domain/format.js';
import type { GroupLine, QueueGroupsView } from '../../domain/panels/queue-groups.js';
import { clean } from '../text/fit.js';
import type { Glyphs } from '../theme/theme.js';
import type { Segment } from './summaries.js';

/** "Service Desk: P1 2 · P2 5 · On Hold 3 · unassigned 4 (oldest 2h10m)". */
export function groupSegments(line: GroupLine): Segment[] {
  const parts: Segment[] = line.byPriority.map((b) => ({
    text: `${b.priority === 'none' ? 'no priority' : b.priority} ${b.count}`,
    ...(b.priority === 'P1' ? { tone: 'danger' as const, bold: true } : {}),
  }));
  if (line.onHold) parts.push({ text: `On Hold ${line.onHold}`, tone: 'muted' });
  if (line.unassigned) {
    const oldest =
      line.oldestUnassignedMs === null ? '' : ` (oldest ${formatDuration(line.oldestUnassignedMs)})`;
    parts.push({ text: `unassigned ${line.unassigned}${oldest}`, tone: 'warn' });
  }
  const name = `${clean(line.group)}:`;
  // The name leads the first figure in one segment, so the dot separators fall between figures only.
  const [first, ...rest] = parts;
  return first
    ? [{ ...first, text: `${name} ${first.text}` }, ...rest]
    : [{ text: `${name} ${line.open} open` }];
}

/**
 * "MTTR 4h10m (12 resolved) · reopened 3 · On hold: Awaiting Caller 2, Awaiting Vendor 1".
 * The short figures lead: the hold-reason list can be long, and a cut line must not lose MTTR.
 */
export function groupTotals(v: QueueGroupsView, g: Glyphs): Segment[] {
  const out: Segment[] = [];
  const mttr = v.mttrMs === null ? g.dash : `${formatDuration(v.mttrMs)} (${v.resolvedCount} resolved)`;
  out.push({ text: `MTTR ${mttr}` });
  out.push({ text: `reopened ${v.reopened}`, ...(v.reopened ? { tone: 'warn' as const } : {}) });
  if (v.holdReasons.length > 0) {
    out.push({ text: `On hold: ${v.holdReasons.map((r) => `${clean(r.reason)} ${r.count}`).join(', ')}` });
  }
  return out;
}

/**
 * The ServiceNow lines above the queue table, most important first: the worst
 * group, then the totals, then the other groups. `rows` is what the panel body
 * has; the table keeps at least two thirds of it, so small screens show only the
 * worst group.
 */
export function groupLines(v: QueueGroupsView | null, rows: number, g: Glyphs): Segment[][] {
  if (!v) return [];
  const [worst, ...others] = v.groups.map(groupSegments);
  const all = [...(worst ? [worst] : []), groupTotals(v, g), ...others];
  const budget = rows >= 12 ? Math.floor(rows / 3) : rows >= 6 ? 1 : 0;
  return all.slice(0, budget);
}
