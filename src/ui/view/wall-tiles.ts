/**
 * What each panel says on the wall (issue 14): one figure in large type, the words for it, and
 * lines that explain it, most important first. Pure: the wall layout decides how much of it
 * fits. A wall is read from across a room by someone who cannot press Enter, so each tile
 * leads with what needs a human and summarises what does not (a hundred breached SLA rows are
 * one figure, and the space goes to what breaches next).
 */
import { formatDuration } from '../../domain/format.js';
import type { ComplianceView } from '../../domain/panels/compliance.js';
import type { OnCallView } from '../../domain/panels/oncall.js';
import { type QueueLiveView, queueRowAt } from '../../domain/panels/queue-health.js';
import { type SlaLiveView, slaAt } from '../../domain/panels/sla-risk.js';
import { clean } from '../text/fit.js';
import { shortTime } from '../text/time.js';
import type { Glyphs, Tone } from '../theme/theme.js';
import { bigCount } from './big-text.js';
import { complianceSegments, RULE_SHORT, ruleLine } from './compliance-text.js';
import { oncallHeadline, queueHeadline, type Segment } from './summaries.js';

/** One panel's tile on the wall. */
export interface WallTile {
  /** The headline figure in large type ("7", "93%"); null when there is nothing to count yet. */
  figure: string | null;
  /** What the figure counts, beside it ("open incidents"). */
  label: string;
  /** Colour of the figure; the label's words carry the meaning without it. */
  tone?: Tone;
  /** Lines under the figure, most important first; the wall shows as many as fit. */
  lines: Segment[][];
  /** How much the panel has to say now: 0 is all clear; more earns more room. */
  weight: number;
}

/** Rows worth listing at most: more never fit a wall tile, and deriving them costs. */
const MAX_LINES = 40;

export function queueTile(v: QueueLiveView, g: Glyphs, now: number): WallTile {
  const lines: Segment[][] = [queueHeadline(v, g)];
  const buckets = v.byPriority.filter((b) => b.triggered + b.acknowledged > 0);
  if (buckets.length > 0) {
    lines.push(
      buckets.map((b) => ({
        text: `${b.priority === 'none' ? 'no priority' : b.priority} ${b.triggered + b.acknowledged}`,
        ...(b.priority === 'P1' ? { tone: 'danger' as const, bold: true } : {}),
      })),
    );
  }
  for (const entry of v.rows.slice(0, MAX_LINES)) {
    const row = queueRowAt(entry, now);
    const i = row.incident;
    const triggered = i.status === 'triggered';
    lines.push([
      {
        text: `${triggered ? `${g.triggered} TRIG` : `${g.acknowledged} ACK `} ${clean(i.priority ?? '  ')} ${clean(i.key)} ${formatDuration(row.ageMs)}`,
        ...(triggered ? { tone: 'danger' as const } : {}),
      },
      { text: clean(i.title) },
    ]);
  }
  return {
    figure: bigCount(v.total),
    label: v.total === 1 ? 'open incident' : 'open incidents',
    ...(v.triggered > 0
      ? { tone: 'danger' as const }
      : v.total > 0
        ? { tone: 'warn' as const }
        : { tone: 'ok' as const }),
    lines,
    weight: Math.min(12, v.triggered * 2 + v.unassigned + (v.total > 0 ? 1 : 0)),
  };
}

export function oncallTile(v: OnCallView, g: Glyphs, now: number): WallTile {
  const covered = v.policies.length - v.uncovered.length;
  const lines: Segment[][] = [oncallHeadline(v, g)];
  // Nobody on call first: a page to that policy reaches no one.
  const policies = [...v.policies].sort((a, b) => Number(b.nobody) - Number(a.nobody));
  for (const p of policies.slice(0, MAX_LINES)) {
    if (p.nobody) {
      lines.push([
        { text: `${g.caution} ${clean(p.policyName)}: NOBODY ON CALL`, tone: 'danger', bold: true },
      ]);
      continue;
    }
    const levels = p.levels.map((l) => {
      const who = l.people
        .map((person) => {
          const until = person.endsAt ? ` until ${shortTime(Date.parse(person.endsAt))}` : '';
          return `${clean(person.name)}${until}`;
        })
        .join(', ');
      return { text: `L${l.level} ${who}` };
    });
    lines.push([{ text: `${clean(p.policyName)}:`, bold: true }, ...levels]);
  }
  void now;
  return {
    figure: v.policies.length === 0 ? null : `${covered}/${v.policies.length}`,
    label: 'policies covered',
    tone: v.uncovered.length > 0 ? 'danger' : 'ok',
    lines,
    weight: Math.min(12, v.uncovered.length * 4 + (v.policies.length > 0 ? 1 : 0)),
  };
}

export function slaTile(v: SlaLiveView, g: Glyphs, now: number): WallTile {
  const lines: Segment[][] = [];
  const head: Segment[] = [
    {
      text: `${g.error} ${v.breached} breached`,
      ...(v.breached ? { tone: 'danger' as const, bold: true } : {}),
    },
    { text: `${g.warn} ${v.atRisk} at risk`, ...(v.atRisk ? { tone: 'warn' as const } : {}) },
  ];
  if (v.paused > 0) head.push({ text: `${v.paused} paused` });
  lines.push(head);
  // What breaches next is what someone can still save: those rows first, the breached after.
  const items = v.items.slice(0, 400).map((e) => slaAt(e, now));
  const running = items.filter((i) => !i.breached && !i.paused).sort((a, b) => a.remainingMs - b.remainingMs);
  const breached = items.filter((i) => i.breached).sort((a, b) => b.remainingMs - a.remainingMs);
  for (const i of running.slice(0, MAX_LINES)) {
    lines.push([
      {
        text: `${i.atRisk ? g.warn : g.dot} ${clean(i.taskKey)} breaches in ${formatDuration(i.remainingMs)}`,
        ...(i.atRisk ? { tone: 'warn' as const } : {}),
      },
      { text: clean(i.name) },
      { text: clean(i.title) },
    ]);
  }
  for (const i of breached.slice(0, MAX_LINES)) {
    lines.push([
      {
        text: `${g.error} ${clean(i.taskKey)} breached ${formatDuration(-i.remainingMs)} ago`,
        tone: 'danger',
      },
      { text: clean(i.name) },
      { text: clean(i.title) },
    ]);
  }
  return {
    figure: bigCount(v.breached),
    label: `breached ${g.dot} ${v.atRisk} at risk`,
    tone: v.breached > 0 ? 'danger' : v.atRisk > 0 ? 'warn' : 'ok',
    lines,
    weight: Math.min(12, v.breached + v.atRisk * 2),
  };
}

export function complianceTile(v: ComplianceView, g: Glyphs, _now: number): WallTile {
  const lines: Segment[][] = [complianceSegments(v, g)];
  if (v.hosts > 0) lines.push(ruleLine(v));
  for (const h of v.worst.slice(0, MAX_LINES)) {
    lines.push([
      { text: `${g.warn} ${clean(h.host.hostname)}`, tone: 'warn' },
      { text: h.failed.map((r) => RULE_SHORT[r]).join(', ') },
    ]);
  }
  const share = v.share === null ? null : Math.floor(v.share * 100);
  return {
    figure: share === null ? null : `${share}%`,
    label: `compliant ${g.dot} ${v.nonCompliant} of ${v.hosts} hosts failing`,
    tone: share === null ? 'muted' : share >= 95 ? 'ok' : share >= 80 ? 'warn' : 'danger',
    lines,
    weight: v.hosts === 0 ? 0 : Math.min(12, Math.ceil((v.nonCompliant / v.hosts) * 10) + v.contained),
  };
}
