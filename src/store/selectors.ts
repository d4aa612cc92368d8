import type { EscalationPolicy, Incident, OnCallShift, SlaClock } from '../domain/model.js';
import { deriveOnCall, type OnCallView } from '../domain/panels/oncall.js';
import { deriveQueueGroups, type QueueGroupsView } from '../domain/panels/queue-groups.js';
import { deriveQueueHealth, type QueueHealthView } from '../domain/panels/queue-health.js';
import { deriveSlaRisk, type SlaRiskView } from '../domain/panels/sla-risk.js';
import {
  ageOf,
  type ConnectorFreshness,
  type Coverage,
  connectorFreshness,
  coverageOf,
  type PanelState,
  panelStateOf,
} from './freshness.js';
import type { AppState, Capability, StreamName, StreamStatus } from './types.js';

export type PanelId = 'queue' | 'oncall' | 'compliance' | 'sla';

/** Health of one connector·stream feeding a panel, for badges and the detail line. */
export interface SourceStatus {
  instance: string;
  stream: StreamName;
  status: StreamStatus;
  fetchedAt: number | null;
  stale: boolean;
  /** What this source can vouch for: loading, missing (no data, failed), fresh or stale. */
  coverage: Coverage;
  /** Wall ms since its last good data; null before any. */
  ageMs: number | null;
  /** The connector's one staleness reading (its oldest stale data), set when this source is stale. */
  staleMs: number | null;
  /** Polling stopped until a human acts (bad credentials, no permission). */
  paused: boolean;
  intervalMs: number;
  /** When the next automatic poll is due (wall epoch ms); null when paused or not scheduled. */
  nextPollAt: number | null;
  error?: string;
  /** The whole failure message when `error` is a cut of it. */
  errorDetail?: string;
  errorCode?: string;
}

export interface PanelSources {
  /** False when no configured connector can feed this panel. */
  configured: boolean;
  /** What to configure, for the empty state. */
  hint: string;
  sources: SourceStatus[];
  /** True while no source has answered yet. */
  loading: boolean;
  /** How the sources cover this panel right now; see `panelStateOf`. */
  state: PanelState;
  /**
   * Every source has fresh data and the panel holds nothing that needs a human (no open
   * incidents, nothing breached or at risk, every policy covered). `state === 'fresh'` alone
   * says the data can be trusted.
   */
  allClear: boolean;
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
    hint: 'Endpoint compliance comes from a CrowdStrike Falcon connector (plugin: crowdstrike), which is not in this release yet; config.example.yml shows its settings.',
  },
};

function sourcesFor(
  state: AppState,
  panel: PanelId,
  wall: number,
  readings: ReadonlyMap<string, ConnectorFreshness>,
): PanelSources {
  const need = NEEDS[panel];
  const sources: SourceStatus[] = [];
  for (const c of Object.values(state.connectors)) {
    if (!need.capability || !c.capabilities.includes(need.capability)) continue;
    for (const stream of need.streams) {
      const s = c.streams[stream];
      if (!s) continue;
      const coverage = coverageOf(s, wall);
      const entry: SourceStatus = {
        instance: c.instance,
        stream,
        status: s.status,
        fetchedAt: s.fetchedAt,
        stale: coverage === 'stale',
        coverage,
        ageMs: ageOf(s, wall),
        staleMs: coverage === 'stale' ? (readings.get(c.instance)?.staleMs ?? ageOf(s, wall)) : null,
        paused: s.status === 'paused',
        intervalMs: s.intervalMs,
        nextPollAt: s.nextPollAt,
      };
      if (s.error) entry.error = s.error;
      if (s.errorDetail) entry.errorDetail = s.errorDetail;
      if (s.errorCode) entry.errorCode = s.errorCode;
      sources.push(entry);
    }
  }
  // A connector that was refused (bad config, unknown plugin) is why a panel is empty more often
  // than a missing one: say so here, not only in the header badge.
  const refused = state.refused.map((r) => `${r.instance} (${r.plugin}) was not started: ${r.reason}`);
  const panelState = panelStateOf(sources.map((s) => s.coverage));
  return {
    configured: sources.length > 0,
    // Only an unconfigured panel needs telling what to configure.
    hint: sources.length > 0 ? '' : refused.length > 0 ? refused.join(' · ') : need.hint,
    sources,
    loading: sources.length > 0 && sources.every((s) => s.fetchedAt === null && s.status === 'loading'),
    state: panelState,
    allClear: panelState === 'fresh',
  };
}

/** Each connector's freshness reading at `wall`: the one number every view reports for it. */
export function selectFreshness(state: AppState, wall: number): Map<string, ConnectorFreshness> {
  return new Map(Object.values(state.connectors).map((c) => [c.instance, connectorFreshness(c, wall)]));
}

/** The source entry behind a record: is the row from `instance`'s `stream` stale, and by how much. */
export function sourceOf(p: PanelSources, instance: string, stream: StreamName): SourceStatus | undefined {
  return p.sources.find((s) => s.instance === instance && s.stream === stream);
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
  // Only connectors that have answered count: figures over no data would read as "0 reopened".
  const ticketing = new Set(
    Object.values(state.connectors)
      .filter((c) => c.pluginId === 'servicenow' && c.streams.incidents?.fetchedAt != null)
      .map((c) => c.instance),
  );
  const groups =
    ticketing.size > 0
      ? deriveQueueGroups(
          incidents.filter((i) => ticketing.has(i.source)),
          now,
        )
      : null;
  const readings = selectFreshness(state, wall);
  // "All clear" means what it says: every source fresh AND nothing in the panel that needs a
  // human. A script reading `allClear: true` beside 42 open incidents would suppress an alert.
  const clear = <T extends PanelSources>(p: T, quiet: boolean): T => ({
    ...p,
    allClear: p.allClear && quiet,
  });
  const queue = deriveQueueHealth(incidents, now);
  const oncall = deriveOnCall(shifts, policies, incidents, now, state.settings.oncall.policies);
  const sla = deriveSlaRisk(incidents, now, state.settings.sla, slas, slaSources);
  return {
    queue: { ...queue, ...clear(sourcesFor(state, 'queue', wall, readings), queue.total === 0), groups },
    oncall: {
      ...oncall,
      ...clear(
        sourcesFor(state, 'oncall', wall, readings),
        oncall.policies.length > 0 && oncall.uncovered.length === 0 && oncall.unmatched.length === 0,
      ),
    },
    sla: { ...sla, ...clear(sourcesFor(state, 'sla', wall, readings), sla.breached + sla.atRisk === 0) },
    compliance: { ...clear(sourcesFor(state, 'compliance', wall, readings), false), hosts: 0 },
  };
}

/** Capabilities of the connector a record came from (drives which action keys show). */
export function capabilitiesOf(state: AppState, source: string): readonly Capability[] {
  return state.connectors[source]?.capabilities ?? [];
}
