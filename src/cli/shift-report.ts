/**
 * The shift handoff: what `snapshot --text` and `--markdown` print, and the `shift` section
 * of `snapshot --json`. Built from the same panels the cockpit shows plus the audit trail.
 *
 * Two clocks meet here. Record times (opened, acknowledged, SLA targets, shift ends) are on
 * the vendor's clock (`vendorNow`); freshness and the audit trail are on this machine's clock
 * (`realNow`). Outside the accelerated demo they are the same instant.
 */
import { toMs } from '../domain/format.js';
import type { Incident, OnCallShift } from '../domain/model.js';
import type { PriorityBucket } from '../domain/panels/queue-health.js';
import { sanitizeText } from '../domain/sanitize.js';
import { actionSpec } from '../plugin-api/index.js';
import type { PanelsView } from '../store/selectors.js';
import { selectRecords } from '../store/selectors.js';
import type { AppState } from '../store/types.js';

/** One record as the report names it; every text field is sanitized vendor text. */
export interface ReportItem {
  key: string;
  title: string;
  source: string;
  priority?: string;
  url?: string;
}

/** Something that happened within the window. */
export interface ReportChange extends ReportItem {
  /** When (ISO); on the vendor clock for record times, on this machine's for audit lines. */
  at: string;
  /** Which clock `at` is on. */
  clock: 'vendor' | 'real';
  /** Who did it, when the audit trail says (OS user of the cockpit that wrote it). */
  by?: string;
  /** For a breach: which SLA or target. */
  what?: string;
}

export interface ReportSla extends ReportItem {
  /** What is measured: an SLA name or "ack target" / "resolve target". */
  name: string;
  /** Vendor-clock ISO time of the breach (past when breached). */
  targetAt: string;
  remainingMs: number;
  breached: boolean;
}

export interface ReportOnCall {
  policy: string;
  source: string;
  /** Nobody is on call: pages go nowhere. */
  nobody: boolean;
  now: { level: number; name: string; until: string | null }[];
  /** Shifts that start later, soonest first, when the source reports any; null when it reports none. */
  next: { level: number; name: string; from: string }[] | null;
}

export interface ReportSource {
  instance: string;
  plugin?: string;
  stream?: string;
  /** stale: old data kept; down: no data and failing; loading: never answered; refused: not started. */
  problem: 'stale' | 'down' | 'loading' | 'refused';
  /** Real-clock ms since its last good data; null when it never had any. */
  ageMs: number | null;
  error?: string;
}

export type ChangeKind = 'new' | 'acknowledged' | 'escalated' | 'resolved' | 'breached';
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'new',
  'acknowledged',
  'escalated',
  'resolved',
  'breached',
];

export interface ShiftReport {
  /** The window looked back over, ms. */
  sinceMs: number;
  /** Vendor-clock ISO instant ages and countdowns are computed at. */
  vendorNow: string;
  /** This machine's ISO instant. */
  realNow: string;
  open: { total: number; triggered: number; acknowledged: number; byPriority: PriorityBucket[] };
  /** Open incidents, triggered first then by priority (at most `limit`). */
  top: (ReportItem & { status: string; ageMs: number })[];
  /** Breached SLA clocks, worst first (at most `limit`), and how many there are. */
  breached: { count: number; items: ReportSla[] };
  /** Running clocks soonest to breach (at most `limit`). */
  breachesNext: ReportSla[];
  oncall: ReportOnCall[];
  changes: Record<ChangeKind, ReportChange[]>;
  /** Where the audit trail was read from, or why it was not (changes it alone knows are then missing). */
  audit: { read: boolean; note: string };
  /** Sources that were stale, down, never answered or not started. */
  sources: ReportSource[];
  /** Every source answered recently. */
  allFresh: boolean;
}

/** A line of the audit trail as far as the report needs it (docs/audit.md). */
export interface AuditLine {
  phase: string;
  at: string;
  actor?: string;
  instance: string;
  action: string;
  target: string;
  targetId?: string;
}

/** Vendor text on one line, runs of spaces (where escape sequences were) made one. */
const one = (text: unknown) => sanitizeText(text).replace(/\s{2,}/g, ' ');

const itemOf = (x: ReportItem): ReportItem => ({
  key: x.key,
  title: x.title,
  source: x.source,
  ...(x.priority ? { priority: x.priority } : {}),
  ...(x.url ? { url: x.url } : {}),
});

const item = (i: Incident): ReportItem => ({
  key: one(i.key),
  title: one(i.title),
  source: i.source,
  ...(i.priority ? { priority: i.priority } : {}),
  ...(i.url ? { url: sanitizeText(i.url) } : {}),
});

function recentOf(iso: string | undefined, from: number, to: number): boolean {
  const t = toMs(iso);
  return t !== undefined && t > from && t <= to;
}

const byTimeDesc = (a: ReportChange, b: ReportChange) => Date.parse(b.at) - Date.parse(a.at);

/** Audit lines that completed a write in the window, by kind of change. */
function auditChanges(lines: readonly AuditLine[], from: number, to: number, incidents: Incident[]) {
  const out: Partial<Record<ChangeKind, ReportChange[]>> = {};
  // By what the standard action does (its connector method), not by repeating its id here.
  const kinds: Record<string, ChangeKind> = {
    acknowledge: 'acknowledged',
    escalate: 'escalated',
    resolve: 'resolved',
  };
  for (const l of lines) {
    const spec = actionSpec(l.action);
    const kind = spec && spec.kind === 'incident' ? kinds[spec.method] : undefined;
    if (!kind || l.phase !== 'succeeded' || !recentOf(l.at, from, to)) continue;
    const known = incidents.find(
      (i) => i.source === l.instance && (i.id === l.targetId || i.key === l.target),
    );
    const base: ReportItem = known
      ? item(known)
      : { key: sanitizeText(l.target), title: '', source: l.instance };
    const list = out[kind] ?? [];
    out[kind] = list;
    list.push({
      ...base,
      at: new Date(Date.parse(l.at)).toISOString(),
      clock: 'real',
      ...(l.actor ? { by: sanitizeText(l.actor) } : {}),
    });
  }
  return out;
}

function slaItem(s: PanelsView['sla']['items'][number]): ReportSla {
  return {
    key: one(s.taskKey),
    title: one(s.title),
    source: s.source,
    ...(s.incident?.priority ? { priority: s.incident.priority } : {}),
    ...(s.incident?.url ? { url: sanitizeText(s.incident.url) } : {}),
    name: sanitizeText(s.name),
    targetAt: new Date(s.targetAt).toISOString(),
    remainingMs: s.remainingMs,
    breached: s.breached,
  };
}

function oncallOf(panels: PanelsView, shifts: readonly OnCallShift[], now: number): ReportOnCall[] {
  return panels.oncall.policies.map((p) => {
    const future = shifts
      .filter((s) => s.source === p.source && s.policyId === p.policyId && (toMs(s.start) ?? 0) > now)
      .sort((a, b) => (toMs(a.start) ?? 0) - (toMs(b.start) ?? 0) || a.level - b.level);
    return {
      policy: sanitizeText(p.policyName),
      source: p.source,
      nobody: p.nobody,
      now: p.levels.flatMap((l) =>
        l.people.map((x) => ({ level: l.level, name: sanitizeText(x.name), until: x.endsAt })),
      ),
      next:
        future.length === 0
          ? null
          : future
              .slice(0, 3)
              .map((s) => ({ level: s.level, name: sanitizeText(s.userName), from: s.start! })),
    };
  });
}

function sourcesOf(state: AppState, panels: PanelsView): ReportSource[] {
  const out: ReportSource[] = state.refused.map((r) => ({
    instance: r.instance,
    plugin: r.plugin,
    problem: 'refused',
    ageMs: null,
    error: sanitizeText(r.reason.split(/\r?\n/, 1)[0]),
  }));
  const seen = new Set<string>();
  for (const panel of [panels.queue, panels.oncall, panels.sla, panels.compliance]) {
    for (const s of panel.sources) {
      const id = `${s.instance}\u0000${s.stream}`;
      if (seen.has(id) || s.coverage === 'fresh') continue;
      seen.add(id);
      const problem = s.coverage === 'stale' ? 'stale' : s.coverage === 'missing' ? 'down' : 'loading';
      out.push({
        instance: s.instance,
        plugin: state.connectors[s.instance]?.pluginId,
        stream: s.stream,
        problem,
        ageMs: s.ageMs,
        ...(s.error ? { error: sanitizeText(s.error) } : {}),
      } as ReportSource);
    }
  }
  return out;
}

export interface ReportInput {
  state: AppState;
  panels: PanelsView;
  /** Vendor clock (epoch ms). */
  now: number;
  /** This machine's clock (epoch ms). */
  real: number;
  sinceMs: number;
  audit: { lines: readonly AuditLine[]; note: string; read: boolean };
  /** Most rows per list. */
  limit?: number;
}

/** The handoff at one instant. Pure: clocks and the audit trail are passed in. */
export function buildShiftReport(input: ReportInput): ShiftReport {
  const { state, panels, now, real, sinceMs } = input;
  const limit = input.limit ?? 10;
  const incidents = selectRecords<Incident>(state, 'incidents');
  const from = now - sinceMs;
  const fromAudit = auditChanges(input.audit.lines, real - sinceMs, real, incidents);
  const changes = Object.fromEntries(CHANGE_KINDS.map((k) => [k, [] as ReportChange[]])) as Record<
    ChangeKind,
    ReportChange[]
  >;
  for (const i of incidents) {
    if (recentOf(i.openedAt, from, now)) changes.new.push({ ...item(i), at: i.openedAt, clock: 'vendor' });
    if (recentOf(i.acknowledgedAt, from, now))
      changes.acknowledged.push({ ...item(i), at: i.acknowledgedAt!, clock: 'vendor' });
    if (recentOf(i.resolvedAt, from, now))
      changes.resolved.push({ ...item(i), at: i.resolvedAt!, clock: 'vendor' });
  }
  // The audit trail adds what records no longer show (resolved ones leave the open list) and
  // escalations, which records carry no time for; a record already counted is not repeated.
  for (const kind of CHANGE_KINDS) {
    for (const c of fromAudit[kind] ?? []) {
      if (!changes[kind].some((x) => x.source === c.source && x.key === c.key)) changes[kind].push(c);
    }
  }
  for (const s of panels.sla.items) {
    if (s.breached && s.targetAt > from && s.targetAt <= now)
      changes.breached.push({
        ...itemOf(slaItem(s)),
        what: sanitizeText(s.name),
        at: new Date(s.targetAt).toISOString(),
        clock: 'vendor',
      });
  }
  for (const kind of CHANGE_KINDS) changes[kind].sort(byTimeDesc);
  const breached = panels.sla.items.filter((s) => s.breached);
  const sources = sourcesOf(state, panels);
  const q = panels.queue;
  return {
    sinceMs,
    vendorNow: new Date(now).toISOString(),
    realNow: new Date(real).toISOString(),
    open: { total: q.total, triggered: q.triggered, acknowledged: q.acknowledged, byPriority: q.byPriority },
    top: q.rows
      .slice(0, limit)
      .map((r) => ({ ...item(r.incident), status: r.incident.status, ageMs: r.ageMs })),
    breached: { count: breached.length, items: breached.slice(0, limit).map(slaItem) },
    breachesNext: panels.sla.items
      .filter((s) => !s.breached && !s.paused)
      .sort((a, b) => a.remainingMs - b.remainingMs)
      .slice(0, limit)
      .map(slaItem),
    oncall: oncallOf(panels, selectRecords<OnCallShift>(state, 'oncall'), now),
    changes,
    audit: { read: input.audit.read, note: input.audit.note },
    sources,
    allFresh: sources.length === 0,
  };
}
