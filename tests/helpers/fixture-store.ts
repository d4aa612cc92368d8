import { recordKey } from '../../src/domain/kinds.js';
import type { EscalationPolicy, Incident, OnCallShift } from '../../src/domain/model.js';
import { type PluginActions, resolveActions, streamOfKind } from '../../src/plugin-api/index.js';
import { createStateContainer, initialState, type StateContainer } from '../../src/store/state.js';
import type {
  ActionOutcome,
  ActionRequest,
  AppState,
  Capability,
  ConnectorState,
  Store,
  StreamState,
} from '../../src/store/types.js';

/** 03:12:45 on a Monday night, UTC: tests pin TZ=UTC so times render the same everywhere. */
export const NOW = Date.parse('2026-11-23T03:12:45Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const ahead = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60_000;

export const ALL_CAPS: Capability[] = [
  'incidents.read',
  'incidents.ack',
  'incidents.escalate',
  'incidents.resolve',
  'incidents.note',
  'oncall.read',
  'policies.read',
];

function incident(over: Partial<Incident> & Pick<Incident, 'id' | 'key' | 'title'>): Incident {
  return {
    kind: 'incident',
    source: 'pd-demo',
    status: 'triggered',
    vendorStatus: 'triggered',
    assignees: [],
    openedAt: ago(10 * MIN),
    ...over,
  };
}

/** Five open incidents; #4212's title carries a screen-clear and an OSC 52 clipboard write. */
export const INCIDENTS: Incident[] = [
  incident({
    id: 'Q1',
    key: '#4211',
    title: 'API p99 latency above 2s on checkout',
    priority: 'P1',
    priorityLabel: 'P1',
    urgency: 'high',
    service: 'checkout-api',
    assignees: ['Ana Example'],
    group: 'Payments',
    escalationPolicy: 'Checkout EP',
    escalationPolicyId: 'EP1',
    escalationLevel: 1,
    openedAt: ago(14 * MIN),
    nextEscalationAt: ahead(3 * MIN),
    url: 'https://example.pagerduty.com/incidents/Q1',
  }),
  incident({
    id: 'Q2',
    key: '#4212',
    title: 'Disk full \u001B[2J on db-7 \u001B]52;c;ZXZpbA==\u0007now',
    priority: 'P2',
    urgency: 'low',
    service: 'db',
    openedAt: ago(40 * MIN),
  }),
  incident({
    id: 'Q5',
    key: '#4215',
    title: 'Queue backlog growing',
    priority: 'P3',
    urgency: 'low',
    service: 'jobs',
    assignees: ['Cy Ops'],
    openedAt: ago(2 * MIN),
  }),
  incident({
    id: 'Q3',
    key: '#4208',
    title: 'Login errors spiking',
    status: 'acknowledged',
    vendorStatus: 'acknowledged',
    priority: 'P2',
    urgency: 'high',
    service: 'auth',
    assignees: ['Bob Builder'],
    openedAt: ago(120 * MIN),
    acknowledgedAt: ago(110 * MIN),
  }),
  incident({
    id: 'Q4',
    key: '#4190',
    title: 'Certificate for api.example.com expires in 7 days',
    status: 'acknowledged',
    vendorStatus: 'acknowledged',
    priority: 'P4',
    urgency: 'low',
    service: 'edge',
    assignees: ['Dee Manager'],
    openedAt: ago(24 * 60 * MIN),
    acknowledgedAt: ago(23 * 60 * MIN),
  }),
];

export const POLICIES: EscalationPolicy[] = [
  {
    kind: 'escalation_policy',
    source: 'pd-demo',
    id: 'EP1',
    name: 'Checkout EP',
    numLoops: 1,
    levels: [
      { level: 1, delayMinutes: 15, targets: ['Checkout primary'] },
      { level: 2, delayMinutes: 15, targets: ['Checkout secondary'] },
      { level: 3, delayMinutes: 30, targets: ['Dee Manager'] },
    ],
  },
  { kind: 'escalation_policy', source: 'pd-demo', id: 'EP2', name: 'Payments EP', numLoops: 0, levels: [] },
  { kind: 'escalation_policy', source: 'pd-demo', id: 'EP3', name: 'Data EP', numLoops: 0, levels: [] },
];

function shift(
  policyId: string,
  policyName: string,
  level: number,
  user: string,
  endMs: number | null,
): OnCallShift {
  return {
    kind: 'oncall',
    source: 'pd-demo',
    policyId,
    policyName,
    level,
    userId: user.toLowerCase().replace(/ /g, '-'),
    userName: user,
    start: endMs === null ? null : ago(60 * MIN),
    end: endMs === null ? null : ahead(endMs),
  };
}

/** Checkout EP has three levels covered; Payments EP one; Data EP nobody. */
export const SHIFTS: OnCallShift[] = [
  shift('EP1', 'Checkout EP', 1, 'Ana Example', 3 * 60 * MIN + 5 * MIN),
  shift('EP1', 'Checkout EP', 2, 'Bob Builder', 5 * 60 * MIN),
  shift('EP1', 'Checkout EP', 3, 'Dee Manager', null),
  shift('EP2', 'Payments EP', 1, 'Cy Ops', 90 * MIN),
];

export function stream(
  name: StreamState['name'],
  records: StreamState['records'],
  over: Partial<StreamState> = {},
) {
  return {
    name,
    records,
    fetchedAt: NOW - 3000,
    status: 'ok',
    intervalMs: 30_000,
    nextPollAt: NOW + 27_000,
    failures: 0,
    ...over,
  } satisfies StreamState;
}

/** The fixture records as if they came from connector `instance`. */
export function from<T extends { source: string }>(instance: string, records: readonly T[]): T[] {
  return records.map((r) => ({ ...r, source: instance }));
}

/** A connector's actions as the host describes them: its capabilities' standard actions, adjusted by `declared`. */
export function actionsFor(capabilities: readonly Capability[], declared?: PluginActions) {
  return resolveActions(capabilities, declared, undefined, streamOfKind);
}

/** A PagerDuty-like connector with every capability and fresh data, unless told otherwise. */
export function connector(instance = 'pd-demo', over: Partial<ConnectorState> = {}): ConnectorState {
  const capabilities = over.capabilities ?? ALL_CAPS;
  return {
    instance,
    pluginId: 'pagerduty',
    displayName: 'PagerDuty',
    capabilities,
    actions: actionsFor(capabilities),
    traits: [],
    health: 'ok',
    streams: {
      incidents: stream('incidents', from(instance, INCIDENTS)),
      oncall: stream('oncall', from(instance, SHIFTS)),
      policies: stream('policies', from(instance, POLICIES)),
    },
    ...over,
  };
}

export function fixtureState(partial: Partial<AppState> = {}): AppState {
  return initialState({ connectors: { 'pd-demo': connector() }, ...partial });
}

export interface TestStore {
  store: Store;
  container: StateContainer;
  /** Every runAction request, in order. */
  calls: ActionRequest[];
  refreshes: (string | undefined)[];
}

const PAST: Record<string, string> = {
  'incidents.ack': 'Acknowledged',
  'incidents.escalate': 'Escalated',
  'incidents.resolve': 'Resolved',
  'incidents.note': 'Added a note to',
  'incidents.assign': 'Assigned',
  'incidents.state': 'Updated',
};

/**
 * A `Store` over the real state container and a fixture world. `runAction` is
 * recorded; by default it marks the record pending, succeeds, and toasts like
 * the real scheduler does.
 */
export function createTestStore(
  partial: Partial<AppState> = {},
  opts: { runAction?: (req: ActionRequest) => Promise<ActionOutcome>; now?: () => number } = {},
): TestStore {
  const container = createStateContainer(fixtureState(partial));
  const now = opts.now ?? (() => NOW);
  const calls: ActionRequest[] = [];
  const refreshes: (string | undefined)[] = [];
  const store: Store = {
    getState: container.get,
    subscribe: container.subscribe,
    refresh: (instance) => refreshes.push(instance),
    dismissToast: container.dismissToast,
    notify: (level, text) => container.toast(level, text, now()),
    async runAction(req) {
      calls.push(req);
      const key = recordKey(req.subject.ref);
      const action = container
        .get()
        .connectors[req.subject.ref.source]?.actions.find((a) => a.id === req.action);
      const label = `${action?.wording.progress ?? req.action} ${req.subject.label}`;
      container.set((s) => ({
        ...s,
        pending: { ...s.pending, [key]: { action: req.action, label, seq: container.nextId() } },
      }));
      const outcome = opts.runAction
        ? await opts.runAction(req)
        : { ok: true as const, message: `${PAST[req.action] ?? 'Done:'} ${req.subject.label}` };
      container.set((s) => {
        const { [key]: _done, ...pending } = s.pending;
        return { ...s, pending };
      });
      container.toast(outcome.ok ? 'success' : 'error', outcome.message, now());
      return outcome;
    },
  };
  return { store, container, calls, refreshes };
}
