/**
 * `itops-tui snapshot --json`: one poll of every connector, the derived panels as
 * JSON. The shape is a public contract, documented in docs/snapshot.md; bump
 * SNAPSHOT_SCHEMA_VERSION on any breaking change (added fields are not breaking).
 */
import { adviceFor, ageOf, connectorFreshness, coverageOf } from '../store/freshness.js';
import { selectPanels } from '../store/selectors.js';
import type { AppState, StreamState } from '../store/types.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

export interface Snapshot {
  schemaVersion: number;
  generatedAt: string;
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

/**
 * `now` is vendor time (incident ages, SLA countdowns); `real` is this machine's time, which
 * judges freshness (fetchedAt is real time). They differ only in the accelerated demo.
 */
export function buildSnapshot(state: AppState, now: number, version: string, real: number = now): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: new Date(now).toISOString(),
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
    panels: selectPanels(state, now, real),
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
