import servicenow from '../../plugins/servicenow/index.js';
import type { Incident, SlaClock } from '../../src/domain/model.js';
import type {
  ActionOutcome,
  ActionRequest,
  AppState,
  Capability,
  ConnectorState,
} from '../../src/store/types.js';
import { actionsFor, connector, createTestStore, NOW, stream, type TestStore } from './fixture-store.js';

const MIN = 60_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const ahead = (ms: number) => new Date(NOW + ms).toISOString();

/** What the ServiceNow connector declares: no ack or escalate, but assign, state and vendor SLAs. */
/** The real plugin's list, so this fixture cannot drift from what the connector declares. */
export const SN_CAPS: Capability[] = [...servicenow.capabilities];

function ticket(over: Partial<Incident> & Pick<Incident, 'id' | 'key' | 'title'>): Incident {
  return {
    kind: 'incident',
    source: 'sn-prod',
    status: 'triggered',
    vendorStatus: 'New',
    assignees: [],
    group: 'Service Desk',
    openedAt: ago(30 * MIN),
    ...over,
  };
}

/**
 * Open tickets in two groups (Service Desk is the worse one: a P1 and unassigned
 * work), one on hold awaiting the caller, one reopened, and two resolved ones for MTTR.
 */
export const SN_INCIDENTS: Incident[] = [
  ticket({
    id: 's1',
    key: 'INC0010001',
    title: 'Email down for the finance floor',
    priority: 'P1',
    priorityLabel: '1 - Critical',
    urgency: 'high',
    openedAt: ago(130 * MIN),
  }),
  ticket({
    id: 's2',
    key: 'INC0010002',
    title: 'VPN drops every 10 minutes',
    status: 'acknowledged',
    vendorStatus: 'In Progress',
    priority: 'P2',
    assignees: ['Beth Agent'],
    reopenCount: 1,
  }),
  ticket({
    id: 's3',
    key: 'INC0010003',
    title: 'Printer jam on level 3',
    status: 'acknowledged',
    vendorStatus: 'On Hold',
    priority: 'P3',
    assignees: ['Beth Agent'],
    onHold: true,
    holdReason: 'Awaiting Caller',
  }),
  ticket({
    id: 's4',
    key: 'INC0010004',
    title: 'Switch port flapping in DC2',
    priority: 'P2',
    group: 'Network',
    assignees: ['Nick Netops'],
    openedAt: ago(50 * MIN),
  }),
  ticket({
    id: 's5',
    key: 'INC0009990',
    title: 'Password reset loop',
    status: 'resolved',
    vendorStatus: 'Resolved',
    openedAt: ago(300 * MIN),
    resolvedAt: ago(180 * MIN),
  }),
  ticket({
    id: 's6',
    key: 'INC0009991',
    title: 'Shared drive slow',
    status: 'resolved',
    vendorStatus: 'Resolved',
    openedAt: ago(200 * MIN),
    resolvedAt: ago(140 * MIN),
  }),
];

function sla(over: Partial<SlaClock> & Pick<SlaClock, 'id' | 'taskId' | 'taskKey' | 'name'>): SlaClock {
  return {
    kind: 'sla',
    source: 'sn-prod',
    stage: 'in_progress',
    vendorStage: 'in_progress',
    breached: false,
    percentElapsed: 50,
    ...over,
  };
}

/**
 * A breached P1 resolution clock, a running response clock, a paused one with
 * 1h20m left (its ticket is on hold), and one on a ticket outside the feed.
 */
export const SN_SLAS: SlaClock[] = [
  sla({
    id: 'c1',
    taskId: 's1',
    taskKey: 'INC0010001',
    name: 'P1 resolution (2 hour)',
    target: 'resolution',
    stage: 'breached',
    vendorStage: 'in_progress',
    breached: true,
    startedAt: ago(130 * MIN),
    plannedEndAt: ago(10 * MIN),
    group: 'Service Desk',
    url: 'https://sn.example.com/task_sla.do?sys_id=c1',
  }),
  sla({
    id: 'c2',
    taskId: 's2',
    taskKey: 'INC0010002',
    name: 'P2 response (1 hour)',
    target: 'response',
    startedAt: ago(30 * MIN),
    plannedEndAt: ahead(30 * MIN),
    assignee: 'Beth Agent',
    group: 'Service Desk',
  }),
  sla({
    id: 'c3',
    taskId: 's3',
    taskKey: 'INC0010003',
    name: 'P3 resolution (3 day)',
    stage: 'paused',
    vendorStage: 'paused',
    percentElapsed: 40,
    startedAt: ago(30 * MIN),
    plannedEndAt: ahead(80 * MIN),
    assignee: 'Beth Agent',
    group: 'Service Desk',
  }),
  sla({
    id: 'c4',
    taskId: 'gone',
    taskKey: 'INC0010099',
    taskTitle: 'Laptop replacement',
    name: 'P4 resolution (5 day)',
    startedAt: ago(60 * MIN),
    plannedEndAt: ahead(600 * MIN),
    group: 'Field Services',
  }),
];

/** A ServiceNow connector instance with fresh incident and SLA streams. */
export function snConnector(instance = 'sn-prod', over: Partial<ConnectorState> = {}): ConnectorState {
  const mine = <T extends { source: string }>(rs: readonly T[]) =>
    rs.map((r) => ({ ...r, source: instance }));
  return {
    instance,
    pluginId: 'servicenow',
    displayName: 'ServiceNow',
    capabilities: SN_CAPS,
    // What the ServiceNow plugin declares: work notes, its escalation words, its state choices.
    actions: actionsFor(over.capabilities ?? SN_CAPS, servicenow.actions),
    traits: ['ticket-queue'],
    health: 'ok',
    streams: {
      incidents: stream('incidents', mine(SN_INCIDENTS)),
      slas: stream('slas', mine(SN_SLAS)),
    },
    ...over,
  };
}

/** ServiceNow alone, or beside the PagerDuty fixture (`withPagerDuty`). */
export function snState(opts: { withPagerDuty?: boolean } = {}): Partial<AppState> {
  return {
    connectors: {
      ...(opts.withPagerDuty ? { 'pd-demo': connector() } : {}),
      'sn-prod': snConnector(),
    },
  };
}

export function createSnStore(
  opts: { withPagerDuty?: boolean; runAction?: (req: ActionRequest) => Promise<ActionOutcome> } = {},
): TestStore {
  return createTestStore(snState(opts), opts.runAction ? { runAction: opts.runAction } : {});
}
