import { isStale } from '../domain/format.js';
import type { EscalationPolicy, Incident, OnCallShift, SlaClock } from '../domain/model.js';
import { deriveOnCall, type OnCallView } from '../domain/panels/oncall.js';
import { deriveQueueGroups, type QueueGroupsView } from '../domain/panels/queue-groups.js';
import { deriveQueueHealth, type QueueHealthView } from '../domain/panels/queue-health.js';
import { deriveSlaRisk, type SlaRiskView } from '../domain/panels/sla-risk.js';
import type { AppState, Capability, StreamName, StreamStatus } from './types.js';

export type PanelId = 'queue' | 'oncall' | 'compliance' | 'sla';

/** Health of one connector·stream feeding a panel, for badges and the detail line. */
export interface SourceStatus {
  instance: string;
  stream: StreamName;
  status: StreamStatus;
  fetchedAt: number | null;
  stale: boolean;
  error?: string;
}

export interface PanelSources {
  /** False when no configured connector can feed this panel. */
  configured: boolean;
  /** What to configure, for the empty state. */
  hint: string;
  sources: SourceStatus[];
  /** True while no source has answered yet. */
  loading: boolean;
}

export interface PanelsView {
  /** `groups`: per-group figures over ticketing (ServiceNow) sources; null when none is configured. */
  queue: QueueHealthView & PanelSources & { groups: QueueGroupsView | null };
  oncall: OnCallView & PanelSources;
  sla: SlaRiskView & PanelSources;
  compliance: PanelSources & { hosts: number };
}

const NEEDS: Record<PanelId, { streams: StreamName[]; capability: Capability | null; hint: string }> = {
  queue: {
    streams: ['incidents'],
    capability: 'incidents.read',
    hint: 'Add a PagerDuty or ServiceNow connector under `connectors:` in your config (see config.example.yml).',
  },
  oncall: {
    streams: ['oncall', 'policies'],
    capability: 'oncall.read',
    hint: 'Add a PagerDuty connector under `connectors:` to see who is on call.',
  },
  sla: {
    streams: ['incidents', 'slas'],
    capability: 'incidents.read',
    hint: 'Add a ServiceNow connector for task SLAs, or PagerDuty with `panels.sla.targets`.',
  },
  compliance: {
    streams: [],
    capability: null,
    hint: 'Add a CrowdStrike Falcon connector (plugin: crowdstrike) to check endpoint compliance.',
  },
};

function sourcesFor(state: AppState, panel: PanelId, now: number): PanelSources {
  const need = NEEDS[panel];
  const sources: SourceStatus[] = [];
  for (const c of Object.values(state.connectors)) {
    if (!need.capability || !c.capabilities.includes(need.capability)) continue;
    for (const stream of need.streams) {
      const s = c.streams[stream];
      if (!s) continue;
      const entry: SourceStatus = {
        instance: c.instance,
        stream,
        status: s.status,
        fetchedAt: s.fetchedAt,
        stale: isStale(s.fetchedAt, s.intervalMs, now),
      };
      if (s.error) entry.error = s.error;
      sources.push(entry);
    }
  }
  // A connector that was refused (bad config, unknown plugin) is why a panel is empty more often
  // than a missing one: say so here, not only in the header badge.
  const refused = state.refused.map((r) => `${r.instance} (${r.plugin}) was not started: ${r.reason}`);
  return {
    configured: sources.length > 0,
    hint: sources.length === 0 && refused.length > 0 ? refused.join(' · ') : need.hint,
    sources,
    loading: sources.length > 0 && sources.every((s) => s.fetchedAt === null && s.status === 'loading'),
  };
}

/** Every record of one stream across connectors. */
export function selectRecords<T>(state: AppState, stream: StreamName): T[] {
  const out: T[] = [];
  for (const c of Object.values(state.connectors)) {
    const s = c.streams[stream];
    if (s) out.push(...(s.records as unknown as T[]));
  }
  return out;
}

/**
 * Derive every panel's view model. Pure; memoize on (state, now, wall) in the UI.
 * `now` is vendor time (ages, countdowns); `wall` is real time (freshness of polls).
 */
export function selectPanels(state: AppState, now: number, wall: number = now): PanelsView {
  const incidents = selectRecords<Incident>(state, 'incidents');
  const shifts = selectRecords<OnCallShift>(state, 'oncall');
  const policies = selectRecords<EscalationPolicy>(state, 'policies');
  const slas = selectRecords<SlaClock>(state, 'slas');
  // Connectors with real SLA objects are measured by them, not by config targets.
  const slaSources = new Set(
    Object.values(state.connectors)
      .filter((c) => c.capabilities.includes('slas.read'))
      .map((c) => c.instance),
  );
  // Assignment groups, hold reasons and reopen counts are ticketing ideas: only ServiceNow has them.
  const ticketing = new Set(
    Object.values(state.connectors)
      .filter((c) => c.pluginId === 'servicenow')
      .map((c) => c.instance),
  );
  const groups =
    ticketing.size > 0
      ? deriveQueueGroups(
          incidents.filter((i) => ticketing.has(i.source)),
          now,
        )
      : null;
  return {
    queue: { ...deriveQueueHealth(incidents, now), ...sourcesFor(state, 'queue', wall), groups },
    oncall: {
      ...deriveOnCall(shifts, policies, incidents, now, state.settings.oncall.policies),
      ...sourcesFor(state, 'oncall', wall),
    },
    sla: {
      ...deriveSlaRisk(incidents, now, state.settings.sla, slas, slaSources),
      ...sourcesFor(state, 'sla', wall),
    },
    compliance: { ...sourcesFor(state, 'compliance', wall), hosts: 0 },
  };
}

/** Capabilities of the connector a record came from (drives which action keys show). */
export function capabilitiesOf(state: AppState, source: string): readonly Capability[] {
  return state.connectors[source]?.capabilities ?? [];
}
