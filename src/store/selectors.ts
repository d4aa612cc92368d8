import { buildCorrelation, type Correlation } from '../domain/correlation.js';
import { memoLast } from '../domain/memo.js';
import type {
  DomainRecord,
  EscalationPolicy,
  Host,
  Incident,
  Monitor,
  OnCallShift,
  SlaClock,
  Slo,
} from '../domain/model.js';
import { type ComplianceView, createComplianceDeriver } from '../domain/panels/compliance.js';
import { type MonitorCounts, monitorCounts } from '../domain/panels/monitor-counts.js';
import { deriveOnCall, type OnCallView } from '../domain/panels/oncall.js';
import { deriveQueueGroups, type QueueGroupsView } from '../domain/panels/queue-groups.js';
import {
  type QueueHealthView,
  type QueueLiveView,
  queueAt,
  queueData,
  queueRowAt,
} from '../domain/panels/queue-health.js';
import { type SlaLiveView, type SlaRiskView, slaAt, slaLiveView } from '../domain/panels/sla-risk.js';
import {
  ageOf,
  type ConnectorFreshness,
  type Coverage,
  connectorFreshness,
  coverageOf,
  notAnsweringMs,
  type PanelState,
  panelStateOf,
} from './freshness.js';
import type { AppState, StreamName, StreamStatus } from './types.js';

/** Health of one connector·stream feeding a panel, for badges and the detail line. */
export interface SourceStatus {
  instance: string;
  stream: StreamName;
  status: StreamStatus;
  fetchedAt: number | null;
  stale: boolean;
  /** What this source can vouch for: loading, missing (no data, failed), fresh or stale. */
  coverage: Coverage;
  /** Real-time ms since its last good data; null before any. */
  ageMs: number | null;
  /** The connector's one staleness reading (its oldest stale data), set when this source is stale. */
  staleMs: number | null;
  /** Polling stopped until a human acts (bad credentials, no permission). */
  paused: boolean;
  intervalMs: number;
  /** When the next automatic poll is due (real epoch ms); null when paused or not scheduled. */
  nextPollAt: number | null;
  error?: string;
  /** The whole failure message when `error` is a cut of it. */
  errorDetail?: string;
  errorCode?: string;
  /** Waiting this long (real ms) for a first answer that is overdue; null when not (see NOT_ANSWERING_MS). */
  notAnsweringMs: number | null;
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

/**
 * Every panel's model at one instant, as the cockpit draws it. Rows are data that change only
 * with the records (queue entries, SLA entries); ages and countdowns are computed for the rows
 * on screen (`queueRowAt`, `slaAt`), so a clock tick costs no work per record.
 */
export interface PanelViews {
  /** `groups`: per-group figures over ticketing (ServiceNow) sources; null when none is configured. */
  queue: QueueLiveView & PanelSources & { groups: QueueGroupsView | null; monitors: MonitorCounts | null };
  oncall: OnCallView & PanelSources;
  sla: SlaLiveView & PanelSources;
  compliance: ComplianceView & PanelSources;
}

/** The same with every row's figures at that instant, as `snapshot --json` reports them. */
export interface PanelsView {
  /** `groups`: per-group figures over ticketing (ServiceNow) sources; null when none is configured. */
  queue: QueueHealthView & PanelSources & { groups: QueueGroupsView | null; monitors: MonitorCounts | null };
  oncall: OnCallView & PanelSources;
  sla: SlaRiskView & PanelSources;
  compliance: ComplianceView & PanelSources;
}

/** What a panel reads: its streams (the first decides which connectors feed it) and what to configure. */
export interface PanelNeeds {
  /** Streams it reads; a connector with the first one feeds the panel, with every one of these it has. */
  streams: readonly StreamName[];
  /** What to configure when no connector feeds it. */
  hint: string;
}

/** The four panels of the cockpit and of `snapshot --json`. */
export const PANEL_NEEDS = {
  queue: {
    streams: ['incidents'],
    hint: 'Add an incidents connector under `connectors:` in your config (see config.example.yml).',
  },
  oncall: {
    streams: ['oncall', 'policies'],
    hint: 'Add an on-call connector under `connectors:` to see who is on call.',
  },
  sla: {
    streams: ['incidents', 'slas', 'slos'],
    hint: 'Add a connector with task SLAs or SLOs, or set `panels.sla.targets` for incidents without them.',
  },
  compliance: {
    streams: ['hosts'],
    hint: 'Endpoint compliance needs an endpoint connector under `connectors:` (see config.example.yml).',
  },
} as const satisfies Record<string, PanelNeeds>;

/** The freshness and health of every source a panel reads. */
export function panelSources(
  state: AppState,
  need: PanelNeeds,
  real: number,
  readings: ReadonlyMap<string, ConnectorFreshness> = selectFreshness(state, real),
): PanelSources {
  const sources: SourceStatus[] = [];
  const [primary] = need.streams;
  for (const c of Object.values(state.connectors)) {
    if (!primary || !c.streams[primary]) continue;
    for (const stream of need.streams) {
      const s = c.streams[stream];
      if (!s) continue;
      const coverage = coverageOf(s, real);
      const entry: SourceStatus = {
        instance: c.instance,
        stream,
        status: s.status,
        fetchedAt: s.fetchedAt,
        stale: coverage === 'stale',
        coverage,
        ageMs: ageOf(s, real),
        staleMs: coverage === 'stale' ? (readings.get(c.instance)?.staleMs ?? ageOf(s, real)) : null,
        paused: s.status === 'paused',
        intervalMs: s.intervalMs,
        nextPollAt: s.nextPollAt,
        notAnsweringMs: notAnsweringMs(s, real),
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

/** Each connector's freshness reading at `real` time: the one number every view reports for it. */
export function selectFreshness(state: AppState, real: number): Map<string, ConnectorFreshness> {
  return new Map(Object.values(state.connectors).map((c) => [c.instance, connectorFreshness(c, real)]));
}

/** The source entry behind a record: is the row from `instance`'s `stream` stale, and by how much. */
export function sourceOf(p: PanelSources, instance: string, stream: StreamName): SourceStatus | undefined {
  return p.sources.find((s) => s.instance === instance && s.stream === stream);
}

/** The last concatenation per stream, reused while every connector's array is the same object. */
const concatenated = new Map<StreamName, { parts: readonly (readonly unknown[])[]; out: unknown[] }>();

/**
 * Every record of one stream across connectors. The same array (by identity) as long as no
 * connector's records changed, so derivations memoised on it survive clock ticks and quiet polls.
 */
export function selectRecords<T>(state: AppState, stream: StreamName): T[] {
  const parts: (readonly unknown[])[] = [];
  for (const c of Object.values(state.connectors)) {
    const s = c.streams[stream];
    if (s) parts.push(s.records);
  }
  const last = concatenated.get(stream);
  if (last && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i])) {
    return last.out as T[];
  }
  const out = parts.length === 1 ? [...parts[0]!] : parts.flat();
  concatenated.set(stream, { parts, out });
  return out as T[];
}

/** One Set object per distinct membership, so memoised derivations taking it stay hit. */
const setOf = memoLast((key: string) => new Set(key === '' ? [] : key.split('\u0000')));
const instancesWhere = (state: AppState, pick: (c: AppState['connectors'][string]) => boolean) =>
  setOf(
    Object.values(state.connectors)
      .filter(pick)
      .map((c) => c.instance)
      .join('\u0000'),
  );
const fromSources = memoLast((incidents: readonly Incident[], sources: ReadonlySet<string>) =>
  incidents.filter((i) => sources.has(i.source)),
);

/** Clock readings a derivation needs: vendor time (ages, countdowns) and real time (freshness). */
export interface Clocks {
  now: number;
  real: number;
}

export function deriveQueuePanel(state: AppState, { now, real }: Clocks): PanelViews['queue'] {
  const incidents = selectRecords<Incident>(state, 'incidents');
  // Assignment groups, hold reasons and reopen counts are ideas of ticket queues: only connectors
  // whose plugin says its incidents are tickets get group figures. Only connectors that have
  // answered count: figures over no data would read as "0 reopened".
  const ticketing = instancesWhere(
    state,
    (c) => c.traits.includes('ticket-queue') && c.streams.incidents?.fetchedAt != null,
  );
  const groups = ticketing.size > 0 ? deriveQueueGroups(fromSources(incidents, ticketing), now) : null;
  const queue = queueAt(queueData(incidents), now);
  // Alerting monitors are counted beside the incidents when some connector reads monitors.
  const watching = Object.values(state.connectors).some((c) => c.streams.monitors?.fetchedAt != null);
  const monitors = watching ? monitorCounts(selectRecords<Monitor>(state, 'monitors')) : null;
  const quiet =
    queue.total === 0 && (monitors === null || monitors.alert + monitors.warn + monitors.noData === 0);
  return { ...queue, ...allClearIf(panelSources(state, PANEL_NEEDS.queue, real), quiet), groups, monitors };
}

/**
 * "All clear" means what it says: every source fresh AND nothing in the panel that needs a
 * human. A script reading `allClear: true` beside 42 open incidents would suppress an alert.
 */
function allClearIf<T extends PanelSources>(p: T, quiet: boolean): T {
  return { ...p, allClear: p.allClear && quiet };
}

export function deriveOnCallPanel(state: AppState, { now, real }: Clocks): PanelViews['oncall'] {
  const view = deriveOnCall(
    selectRecords<OnCallShift>(state, 'oncall'),
    selectRecords<EscalationPolicy>(state, 'policies'),
    selectRecords<Incident>(state, 'incidents'),
    now,
    state.settings.oncall.policies,
  );
  const quiet = view.policies.length > 0 && view.uncovered.length === 0 && view.unmatched.length === 0;
  return { ...view, ...allClearIf(panelSources(state, PANEL_NEEDS.oncall, real), quiet) };
}

export function deriveSlaPanel(state: AppState, { now, real }: Clocks): PanelViews['sla'] {
  // Connectors with real SLA objects are measured by them, not by config targets.
  const slaSources = instancesWhere(state, (c) => c.streams.slas !== undefined);
  const view = slaLiveView(
    selectRecords<Incident>(state, 'incidents'),
    now,
    state.settings.sla,
    selectRecords<SlaClock>(state, 'slas'),
    slaSources,
    selectRecords<Slo>(state, 'slos'),
  );
  return {
    ...view,
    ...allClearIf(panelSources(state, PANEL_NEEDS.sla, real), view.breached + view.atRisk === 0),
  };
}

/** Judging a fleet is rebuilt when host data or settings change (or once a minute), not per tick. */
const complianceOf = createComplianceDeriver();

export function deriveCompliancePanel(state: AppState, { now, real }: Clocks): PanelViews['compliance'] {
  const lists: (readonly Host[])[] = [];
  for (const c of Object.values(state.connectors)) {
    const s = c.streams.hosts;
    if (s) lists.push(s.records as unknown as Host[]);
  }
  const view = complianceOf(lists, now, state.settings.compliance);
  return {
    ...view,
    ...allClearIf(panelSources(state, PANEL_NEEDS.compliance, real), view.nonCompliant === 0),
  };
}

/**
 * Every panel's view model with every row's figures, as `snapshot --json` reports them. Pure.
 * `now` is vendor time (ages, countdowns); `real` is real time (freshness of polls).
 */
export function selectPanels(state: AppState, now: number, real: number = now): PanelsView {
  const clocks = { now, real };
  const queue = deriveQueuePanel(state, clocks);
  const { entries: _all, ...sla } = deriveSlaPanel(state, clocks);
  return {
    queue: { ...queue, rows: queue.rows.map((e) => queueRowAt(e, now)) },
    oncall: deriveOnCallPanel(state, clocks),
    sla: { ...sla, items: sla.items.map((e) => slaAt(e, now)) },
    compliance: deriveCompliancePanel(state, clocks),
  };
}

/** The stream that carries records of a kind (the kind registry's stream), if any. */
export { streamOfKind as streamOf } from '../plugin-api/index.js';

/** The arrays fed to correlation last time, and what was built from them. */
let correlated: {
  parts: readonly (readonly unknown[])[];
  settings: unknown;
  out: Correlation;
} | null = null;

/**
 * Links between records of every source (see `domain/correlation.ts`), over every stream whose
 * records say what they are about. Rebuilt only when a stream's records array or the settings
 * change: clock ticks and quiet polls reuse it.
 */
export function selectCorrelation(state: AppState): Correlation {
  const parts: (readonly DomainRecord[])[] = [];
  for (const c of Object.values(state.connectors)) {
    for (const s of Object.values(c.streams)) if (s && s.records.length > 0) parts.push(s.records);
  }
  const settings = state.settings.correlation;
  if (
    correlated &&
    correlated.settings === settings &&
    correlated.parts.length === parts.length &&
    correlated.parts.every((p, i) => p === parts[i])
  )
    return correlated.out;
  const out = buildCorrelation(parts, settings);
  correlated = { parts, settings, out };
  return out;
}
