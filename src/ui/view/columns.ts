import { formatDuration } from '../../domain/format.js';
import type { Incident } from '../../domain/model.js';
import type { QueueEntry, QueueRow } from '../../domain/panels/queue-health.js';
import type { SlaEntry, SlaRiskItem } from '../../domain/panels/sla-risk.js';
import type { Column, TableRow } from '../components/DataTable.js';
import { clean, displayWidth } from '../text/fit.js';
import type { Glyphs, Tone } from '../theme/theme.js';
import { staleMark } from './freshness-text.js';
import { countdown } from './summaries.js';

const gapTotal = (cols: readonly Column[]) => cols.reduce((n, c) => n + c.width + 1, 0);

/** Widest key shown, between 3 and 10 cells; measured once per list (lists are kept per data change). */
function keyWidth<T>(items: readonly T[], keyOf: (item: T) => string): number {
  const known = widths.get(items);
  if (known !== undefined) return known;
  let widest = 3;
  for (const item of items) {
    if (widest >= 10) break;
    widest = Math.max(widest, displayWidth(clean(keyOf(item))));
  }
  const width = Math.min(10, widest);
  widths.set(items, width);
  return width;
}
const widths = new WeakMap<readonly unknown[], number>();
const owned = new WeakMap<readonly unknown[], boolean>();

/** Status as glyph AND word, never colour alone. */
export function statusCell(i: Incident, g: Glyphs): { text: string; tone: Tone | undefined } {
  if (i.status === 'triggered') return { text: `${g.triggered} TRIG`, tone: 'danger' };
  // A ticket on hold waits on someone else (caller, vendor, change): not the same as being worked.
  if (i.onHold) return { text: `${g.acknowledged} HOLD`, tone: undefined };
  if (i.status === 'acknowledged') return { text: `${g.acknowledged} ACK`, tone: 'warn' };
  return { text: `${g.resolved} RES`, tone: 'ok' };
}

/**
 * Queue columns for a given inner width: fixed narrow columns first, then the
 * title keeps at least 24 columns and service/assignee share what is left (or go).
 */
export function queueColumns(width: number, rows: readonly QueueEntry[]): Column[] {
  const fixed: Column[] = [
    { key: 'mark', title: '', width: 1 },
    { key: 'status', title: 'Status', width: 6 },
    { key: 'key', title: 'Key', width: keyWidth(rows, (r) => r.incident.key) },
    { key: 'priority', title: 'Pri', width: 3 },
    { key: 'urgency', title: 'Urg', width: 4 },
    // "15h40m" is six wide: five cut it to "15h4…".
    { key: 'age', title: 'Age', width: 6, align: 'right' },
  ];
  const flexible = width - gapTotal(fixed) - 3;
  const minTitle = 24;
  const extra: Column[] = [];
  if (flexible >= minTitle + 16) {
    const service = Math.min(16, Math.floor((flexible - minTitle) / 2));
    const assignee = Math.min(14, flexible - minTitle - service);
    extra.push({ key: 'service', title: 'Service', width: service });
    extra.push({ key: 'assignee', title: 'Assignee', width: assignee });
  } else if (flexible >= minTitle + 8) {
    extra.push({ key: 'service', title: 'Service', width: Math.min(12, flexible - minTitle) });
  }
  const title = width - gapTotal([...fixed, ...extra]) - 1;
  return [...fixed, ...extra, { key: 'title', title: 'Title', width: Math.max(5, title) }];
}

/** A stale row's title starts with the marker, so staleness survives NO_COLOR and a dim-less terminal. */
const titled = (title: string, stale: boolean, g: Glyphs, linked = false) =>
  `${stale ? `${staleMark(g)} ` : ''}${linked ? `${g.related} ` : ''}${title}`;

/** `linked`: the record has related records elsewhere (`g.related` starts its title). */
export function queueRow(
  row: QueueRow,
  selected: boolean,
  g: Glyphs,
  stale = false,
  linked = false,
): TableRow {
  const i = row.incident;
  const status = statusCell(i, g);
  return {
    id: row.key,
    selected,
    ...(stale ? { dim: true } : {}),
    cells: {
      mark: selected ? g.pointer : ' ',
      status: status.text,
      key: clean(i.key),
      priority: clean(i.priority ?? i.priorityLabel ?? g.dash),
      urgency: i.urgency ?? g.dash,
      age: formatDuration(row.ageMs),
      service: clean(i.service ?? g.dash),
      assignee: i.assignees.length > 0 ? i.assignees.map(clean).join(', ') : 'unassigned',
      title: titled(clean(i.title), stale, g, linked),
    },
    tones: {
      status: status.tone,
      urgency: i.urgency === 'high' ? 'danger' : undefined,
      assignee: i.assignees.length === 0 ? 'warn' : undefined,
    },
  };
}

const BAR = 6;

export function elapsedBar(percent: number, g: Glyphs): string {
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * BAR);
  return `${g.barFull.repeat(filled)}${g.barEmpty.repeat(BAR - filled)} ${Math.min(999, percent)}%`;
}

/** "✖ breached 4m ago", "▲ 12m left", or "paused · 1h20m left" for a clock that is not counting. */
export function slaCountdown(item: SlaRiskItem, g: Glyphs): string {
  if (item.paused && !item.breached) return `paused ${g.dot} ${countdown(item.remainingMs)}`;
  // An objective's budget ran out some time before it was read: "breached 2m ago" would lie.
  if (item.clock === 'slo' && item.breached) return `${g.error} budget spent`;
  const glyph = item.breached ? g.error : item.atRisk ? g.warn : g.ok;
  return `${glyph} ${countdown(item.remainingMs)}`;
}

/** "Ana Example / Service Desk", whichever of the two is known. */
export function ownerText(item: SlaEntry): string {
  return [item.assignee, item.group]
    .filter(Boolean)
    .map((t) => clean(t ?? ''))
    .join(' / ');
}

/**
 * SLA columns: key, clock and countdown always; the owner column only when the
 * title can still keep 32 columns beside it.
 */
export function slaColumns(width: number, items: readonly SlaEntry[], g: Glyphs): Column[] {
  const fixed: Column[] = [
    { key: 'mark', title: '', width: 1 },
    { key: 'key', title: 'Key', width: keyWidth(items, (i) => i.taskKey) },
    { key: 'clock', title: 'Clock', width: 7 },
    // "✖ breached 18h04m ago" and "paused · 1h20m left" must fit whole.
    { key: 'due', title: 'Countdown', width: 21 },
    { key: 'elapsed', title: 'Elapsed', width: BAR + 5 },
  ];
  const flexible = width - gapTotal(fixed) - 1;
  let owners = owned.get(items);
  if (owners === undefined) {
    owners = items.some((i) => i.assignee || i.group);
    owned.set(items, owners);
  }
  const extra: Column[] = [];
  if (owners && flexible >= 32 + 16 + 1) {
    extra.push({ key: 'owner', title: 'Owner', width: Math.min(28, flexible - 32 - 1) });
  }
  const title = width - gapTotal([...fixed, ...extra]) - 1;
  return [...fixed, { key: 'title', title: `SLA ${g.dot} Title`, width: Math.max(5, title) }, ...extra];
}

/** What a row measures and, for an objective, why it sits where it does (budget left, burn). */
export function slaTitle(item: SlaEntry, g: Glyphs): string {
  if (item.clock === 'sla') return `${item.name} ${g.dot} ${item.title}`;
  // The burn rate is why an objective's budget runs out when it does (the elapsed bar is the
  // budget used): it comes first, so a narrow title still shows it.
  if (item.clock === 'slo' && item.budget) {
    const burn = item.budget.burnRate !== undefined ? `${item.budget.burnRate.toFixed(1)}× burn` : 'burn ?';
    return `${burn} ${g.dot} ${item.title}`;
  }
  return item.title;
}

export function slaRow(
  item: SlaRiskItem,
  selected: boolean,
  g: Glyphs,
  stale = false,
  linked = false,
): TableRow {
  const tone: Tone | undefined = item.breached
    ? 'danger'
    : item.atRisk
      ? 'warn'
      : item.paused
        ? 'muted'
        : undefined;
  return {
    id: item.key,
    selected,
    ...(stale ? { dim: true } : {}),
    cells: {
      mark: selected ? g.pointer : ' ',
      key: clean(item.taskKey),
      clock: item.paused ? 'paused' : item.clock === 'slo' ? 'budget' : item.clock,
      due: slaCountdown(item, g),
      elapsed: elapsedBar(item.percentElapsed, g),
      title: titled(clean(slaTitle(item, g)), stale, g, linked),
      owner: ownerText(item) || g.dash,
    },
    tones: { due: tone, elapsed: tone, owner: item.assignee ? undefined : 'warn' },
  };
}
