import { formatDuration } from '../../domain/format.js';
import type { MonitorCounts } from '../../domain/panels/monitor-counts.js';
import type { OnCallView } from '../../domain/panels/oncall.js';
import type { QueueLiveView } from '../../domain/panels/queue-health.js';
import type { SlaLiveView } from '../../domain/panels/sla-risk.js';
import type { PanelViews } from '../../store/selectors.js';
import { clean } from '../text/fit.js';
import { shortTime } from '../text/time.js';
import type { Glyphs, Tone } from '../theme/theme.js';
import { complianceSegments } from './compliance-text.js';

/** A run of text with an optional tone; panels and summaries are lists of these. */
export interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
  /** Drawn dim (stale data); a glyph and word must say so too. */
  dim?: boolean;
}

export function queueHeadline(v: QueueLiveView, g: Glyphs): Segment[] {
  const out: Segment[] = [
    {
      text: `${g.triggered} ${v.triggered} triggered`,
      ...(v.triggered ? { tone: 'danger', bold: true } : {}),
    },
    { text: `${v.acknowledged} acked` },
    { text: `${v.unassigned} unassigned`, ...(v.unassigned ? { tone: 'warn' } : {}) },
    { text: `${v.highUrgency} high` },
  ];
  if (v.oldestUnacked) out.push({ text: `oldest unacked ${formatDuration(v.oldestUnacked.unackedMs ?? 0)}` });
  // Alerting monitors come right after the triggered count: a narrow headline keeps them.
  const m = (v as { monitors?: MonitorCounts | null }).monitors;
  if (m) {
    const [first, ...rest] = monitorSegments(m, g);
    out.splice(1, 0, first!);
    out.push(...rest);
  }
  return out;
}

/** "3 monitors alerting (P1 1, P2 2)", then "1 warn", "1 no data", "2 muted": alerting monitors for the queue's headline. */
export function monitorSegments(m: MonitorCounts, _g: Glyphs): Segment[] {
  const by = m.byPriority
    .map((b) => `${b.priority === 'none' ? 'no priority' : b.priority} ${b.count}`)
    .join(', ');
  const out: Segment[] = [
    {
      text: `${m.alert} monitor${m.alert === 1 ? '' : 's'} alerting${by ? ` (${by})` : ''}`,
      ...(m.alert ? { tone: 'danger' as const, bold: true } : {}),
    },
  ];
  if (m.warn) out.push({ text: `${m.warn} warn`, tone: 'warn' });
  if (m.noData) out.push({ text: `${m.noData} no data`, tone: 'warn' });
  if (m.muted) out.push({ text: `${m.muted} muted`, tone: 'muted' });
  return out;
}

/** Mean time to acknowledge, shown beside the queue's title. */
export function mttaText(v: QueueLiveView, g: Glyphs): string {
  return `MTTA ${v.mttaMs === null ? g.dash : formatDuration(v.mttaMs)}`;
}

export function oncallHeadline(v: OnCallView, g: Glyphs): Segment[] {
  if (v.policies.length === 0) return [{ text: 'no escalation policies' }];
  const out: Segment[] = [];
  if (v.uncovered.length > 0) {
    out.push({
      text: `${g.caution} NOBODY ON CALL: ${v.uncovered.map(clean).join(', ')}`,
      tone: 'danger',
      bold: true,
    });
  }
  const covered = v.policies.length - v.uncovered.length;
  out.push({ text: `${covered}/${v.policies.length} policies covered` });
  const ends = v.policies
    .flatMap((p) => p.levels.flatMap((l) => l.people))
    .filter((p) => p.endsAt !== null && p.endsInMs !== null)
    .sort((a, b) => (a.endsInMs ?? 0) - (b.endsInMs ?? 0));
  const next = ends[0];
  if (next?.endsAt) {
    out.push({
      text: `next handoff ${shortTime(Date.parse(next.endsAt))} (${formatDuration(next.endsInMs ?? 0)})`,
    });
  }
  return out;
}

/** "breached 4m ago" / "12m left". */
export function countdown(remainingMs: number): string {
  return remainingMs <= 0
    ? `breached ${formatDuration(-remainingMs)} ago`
    : `${formatDuration(remainingMs)} left`;
}

export function slaHeadline(v: SlaLiveView, g: Glyphs): Segment[] {
  const out: Segment[] = [
    { text: `${g.error} ${v.breached} breached`, ...(v.breached ? { tone: 'danger', bold: true } : {}) },
    { text: `${g.warn} ${v.atRisk} at risk`, ...(v.atRisk ? { tone: 'warn' } : {}) },
    { text: `${v.items.length} tracked` },
  ];
  // Paused clocks are safe only until the ticket leaves hold, so they are counted, not hidden.
  if (v.paused) out.splice(2, 0, { text: `${v.paused} paused`, tone: 'muted' });
  const next = v.next;
  if (next) out.push({ text: `next: ${clean(next.taskKey)} ${countdown(next.remainingMs)}` });
  return out;
}

export function complianceHeadline(v: PanelViews['compliance'], g: Glyphs): Segment[] {
  return v.configured ? complianceSegments(v, g) : [{ text: 'not configured', tone: 'muted' }];
}

/** The one-line headline of a panel, for summaries and the focused frame alike. */
export function headlineFor(id: keyof PanelViews, view: PanelViews, g: Glyphs): Segment[] {
  switch (id) {
    case 'queue':
      return queueHeadline(view.queue, g);
    case 'oncall':
      return oncallHeadline(view.oncall, g);
    case 'sla':
      return slaHeadline(view.sla, g);
    case 'compliance':
      return complianceHeadline(view.compliance, g);
  }
}
