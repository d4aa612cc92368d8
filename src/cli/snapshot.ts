/**
 * `itops-tui snapshot --json`: one poll of every connector, the derived panels as
 * JSON. The shape is a public contract, documented in docs/snapshot.md; bump
 * SNAPSHOT_SCHEMA_VERSION on any breaking change.
 */
import { selectPanels } from '../store/selectors.js';
import type { AppState } from '../store/types.js';

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
    streams: Record<string, { status: string; fetchedAt: string | null; records: number; error?: string }>;
  }[];
  refused: { instance: string; plugin: string; reason: string }[];
  panels: ReturnType<typeof selectPanels>;
}

export function buildSnapshot(state: AppState, now: number, version: string): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: new Date(now).toISOString(),
    version,
    demo: state.demo,
    connectors: Object.values(state.connectors).map((c) => ({
      instance: c.instance,
      plugin: c.pluginId,
      health: c.health,
      streams: Object.fromEntries(
        Object.values(c.streams).map((s) => [
          s.name,
          {
            status: s.status,
            fetchedAt: s.fetchedAt === null ? null : new Date(s.fetchedAt).toISOString(),
            records: s.records.length,
            ...(s.error ? { error: s.error } : {}),
          },
        ]),
      ),
    })),
    refused: [...state.refused],
    panels: selectPanels(state, now),
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
      const message = s.error ?? s.status;
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
