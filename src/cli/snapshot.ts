/**
 * `itops-tui snapshot --json`: one poll of every connector, the derived panels and the shift
 * report as JSON (`--text` and `--markdown` print the report alone). The shape is a public
 * contract, documented in docs/snapshot.md; bump SNAPSHOT_SCHEMA_VERSION on any breaking
 * change and SNAPSHOT_SCHEMA_MINOR when fields are added.
 */
import { sanitizeText } from '../domain/sanitize.js';
import { adviceFor, ageOf, connectorFreshness, coverageOf } from '../store/freshness.js';
import { type PanelsView, selectPanels } from '../store/selectors.js';
import type { AppState, StreamState } from '../store/types.js';
import type { FailOn } from './args.js';
import { type AuditLine, buildShiftReport, type ShiftReport } from './shift-report.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;
/** Additions within schema 1 (docs/snapshot.md lists what each brought). */
export const SNAPSHOT_SCHEMA_MINOR = 1;

export interface Snapshot {
  schemaVersion: number;
  /** 1: `clock`, `shift` and `failOn` were added. */
  schemaMinor: number;
  /** When the snapshot was taken, on this machine's clock (like every `fetchedAt`). */
  generatedAt: string;
  /** Which clock the times in the document are on (they differ only in the accelerated demo). */
  clock: SnapshotClock;
  /** The shift report `--text` and `--markdown` print. */
  shift: ShiftReport;
  /** The `--fail-on` conditions asked for and those that held. */
  failOn: { asked: FailOn[]; held: FailOnHit[] };
  version: string;
  demo: boolean;
  connectors: {
    instance: string;
    plugin: string;
    health: string;
    /** The connector's one staleness reading (age of its oldest stale data, ms); null when none is stale. */
    staleMs: number | null;
    streams: Record<string, SnapshotStream>;
  }[];
  refused: { instance: string; plugin: string; reason: string }[];
  panels: ReturnType<typeof selectPanels>;
}

export interface SnapshotStream {
  status: string;
  fetchedAt: string | null;
  records: number;
  /** loading | missing | fresh | stale (see docs/snapshot.md). */
  coverage: string;
  stale: boolean;
  /** Real-time ms since the last good data; null before any. */
  ageMs: number | null;
  error?: string;
  errorDetail?: string;
  errorCode?: string;
  /** What to do about the error. */
  advice?: string;
}

function streamOf(s: StreamState, real: number): SnapshotStream {
  const coverage = coverageOf(s, real);
  return {
    status: s.status,
    fetchedAt: s.fetchedAt === null ? null : new Date(s.fetchedAt).toISOString(),
    records: s.records.length,
    coverage,
    stale: coverage === 'stale',
    ageMs: ageOf(s, real),
    ...(s.error ? { error: s.error } : {}),
    ...(s.errorDetail ? { errorDetail: s.errorDetail } : {}),
    ...(s.errorCode ? { errorCode: s.errorCode } : {}),
    ...(s.error ? { advice: adviceFor(s.errorCode, { retry: 'run again', oneShot: true }).long } : {}),
  };
}

export interface SnapshotClock {
  /** `real` outside the demo; `simulated` when record times run on the demo world's accelerated clock. */
  vendor: 'real' | 'simulated';
  /** The vendor clock's reading when the snapshot was taken: record times, ages and SLA countdowns are on it. */
  vendorNow: string;
  /** Simulated seconds per real second; 1 outside the demo. */
  speed: number;
}

export interface FailOnHit {
  condition: FailOn;
  /** Why, in one line: "2 SLAs breached (#4211 ack target, …)". */
  reason: string;
}

export interface SnapshotOptions {
  /** Window of "what changed", ms (default 8 h). */
  sinceMs?: number;
  failOn?: readonly FailOn[];
  audit?: { lines: readonly AuditLine[]; note: string; read: boolean };
  /** The demo clock's speed, when record times run on a simulated clock; absent: one clock. */
  speed?: number;
}

const names = (xs: readonly string[]) => `${xs.slice(0, 3).join(', ')}${xs.length > 3 ? ', …' : ''}`;

/** Which `--fail-on` conditions hold, each with its reason. */
export function failOnHits(asked: readonly FailOn[], panels: PanelsView, report: ShiftReport): FailOnHit[] {
  const hits: FailOnHit[] = [];
  if (asked.includes('breach') && report.breached.count > 0) {
    const keys = report.breached.items.map((s) => `${s.key} ${s.name}`);
    hits.push({ condition: 'breach', reason: `${report.breached.count} SLA breached (${names(keys)})` });
  }
  if (asked.includes('critical')) {
    const p1 = panels.queue.rows
      .filter((r) => r.incident.priority === 'P1')
      .map((r) => sanitizeText(r.incident.key));
    const uncovered = report.oncall.filter((p) => p.nobody).map((p) => p.policy);
    const parts = [
      ...(p1.length > 0 ? [`${p1.length} P1 open (${names(p1)})`] : []),
      ...(uncovered.length > 0 ? [`nobody on call for ${names(uncovered)}`] : []),
    ];
    if (parts.length > 0) hits.push({ condition: 'critical', reason: parts.join('; ') });
  }
  if (asked.includes('stale') && report.sources.length > 0) {
    const which = report.sources.map((s) => `${s.instance}${s.stream ? ` ${s.stream}` : ''} ${s.problem}`);
    hits.push({
      condition: 'stale',
      reason: `${report.sources.length} source(s) not current (${names(which)})`,
    });
  }
  return hits;
}

/**
 * `now` is vendor time (incident ages, SLA countdowns); `real` is this machine's time, which
 * judges freshness (fetchedAt is real time). They differ only in the accelerated demo.
 */
export function buildSnapshot(
  state: AppState,
  now: number,
  version: string,
  real: number = now,
  options: SnapshotOptions = {},
): Snapshot {
  const panels = selectPanels(state, now, real);
  const shift = buildShiftReport({
    state,
    panels,
    now,
    real,
    sinceMs: options.sinceMs ?? 8 * 3_600_000,
    audit: options.audit ?? { lines: [], read: false, note: 'Audit trail not read.' },
  });
  const asked = [...(options.failOn ?? [])];
  const speed = options.speed ?? 1;
  const simulated = options.speed !== undefined;
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    schemaMinor: SNAPSHOT_SCHEMA_MINOR,
    generatedAt: new Date(real).toISOString(),
    clock: { vendor: simulated ? 'simulated' : 'real', vendorNow: new Date(now).toISOString(), speed },
    shift,
    failOn: { asked, held: failOnHits(asked, panels, shift) },
    version,
    demo: state.demo,
    connectors: Object.values(state.connectors).map((c) => ({
      instance: c.instance,
      plugin: c.pluginId,
      health: c.health,
      staleMs: connectorFreshness(c, real).staleMs,
      streams: Object.fromEntries(Object.values(c.streams).map((s) => [s.name, streamOf(s, real)])),
    })),
    refused: [...state.refused],
    panels,
  };
}

/**
 * Human lines for stderr naming every connector·stream that failed; empty when all answered.
 * Streams of one connector failing the same way (a bad token) share one line.
 */
export function snapshotFailures(state: AppState): string[] {
  const lines = state.refused.map((r) => `${r.instance} (${r.plugin}) not started: ${r.reason}`);
  for (const c of Object.values(state.connectors)) {
    const byMessage = new Map<string, string[]>();
    for (const s of Object.values(c.streams)) {
      if (s.failures === 0) continue;
      const advice = adviceFor(s.errorCode, { retry: 'run again', oneShot: true }).long;
      const message = `${s.error ?? s.status} ${advice}`;
      byMessage.set(message, [...(byMessage.get(message) ?? []), s.name]);
    }
    for (const [message, streams] of byMessage) lines.push(`${c.instance} ${streams.join(', ')}: ${message}`);
  }
  return lines;
}

/** A refusal caused by the user's config (not the vendor): scripts get exit 2, like other config errors. */
export function hasConfigRefusal(state: AppState): boolean {
  return state.refused.some((r) => r.code === 'PLUGIN_CONFIG');
}
