/**
 * Incident state changes and the log entries they leave, as PagerDuty makes them:
 * an incident routed by its policy is assigned to the on-call user of its level
 * *when it reached that level*, and stays with that user after a shift handoff;
 * low-urgency incidents never escalate; pending timers say what happens next.
 */
import { MINUTE } from '../clock.js';
import { serviceAgent, userAgent, WorldError } from './errors.js';
import type { IdSource } from './ids.js';
import type { Agent, EscalationPolicy, Incident, LogEntry, LogEntryType, Service } from './types.js';

export { serviceAgent, userAgent, WorldError, type WorldErrorKind } from './errors.js';

export interface Core {
  ids: IdSource;
  service(id: string): Service;
  policy(id: string): EscalationPolicy;
  /** The user on call for `policyId` at `level` (1-based) at time `t`. */
  onCall(policyId: string, level: number, t: number): string | undefined;
  userName(id: string): string;
}

export function log(core: Core, inc: Incident, entry: Omit<LogEntry, 'id'>): void {
  inc.log.push({ id: core.ids.next('R'), ...entry });
  inc.updatedAt = entry.at;
}

function setStatus(inc: Incident, status: Incident['status'], agent: Agent, t: number): void {
  if (inc.status === status) return;
  inc.status = status;
  inc.lastStatusChangeAt = t;
  inc.lastStatusChangeBy = agent;
}

/** When a triggered incident sitting at its level moves on; null once the path (and its loops) is spent. */
export function nextEscalation(inc: Incident, policy: EscalationPolicy, t: number): number | null {
  // PagerDuty: "Low-urgency incidents will not escalate" (service settings, urgencies).
  if (inc.urgency === 'low') return null;
  const rule = policy.rules[inc.level - 1];
  if (!rule) return null;
  const atLast = inc.level >= policy.rules.length;
  if (atLast && inc.loops >= policy.numLoops) return null;
  return t + rule.delayMinutes * MINUTE;
}

/** Put the incident at `level` and assign that level's on-call; status becomes triggered. */
function assignLevel(
  core: Core,
  inc: Incident,
  level: number,
  t: number,
  agent: Agent,
  type: LogEntryType,
  channel: string,
): void {
  const policy = core.policy(inc.policyId);
  const userId = core.onCall(inc.policyId, level, t);
  if (!userId)
    throw new WorldError('nobody_on_call', `Nobody is on call at level ${level} of ${policy.name}`);
  inc.level = level;
  inc.assignedVia = 'escalation_policy';
  inc.assignments = [{ userId, at: t }];
  inc.acknowledgements = [];
  inc.unackAt = null;
  setStatus(inc, 'triggered', agent, t);
  inc.escalateAt = nextEscalation(inc, policy, t);
  const who = core.userName(userId);
  const summary =
    type === 'escalate_log_entry' ? `Escalated to level ${level}: ${who}` : `Assigned to ${who}`;
  log(core, inc, { type, at: t, agent, channel, summary, assigneeIds: [userId] });
}

export interface NewIncident {
  id: string;
  number: number;
  title: string;
  serviceId: string;
  urgency: 'high' | 'low';
  priorityId: string | null;
  incidentKey: string;
  host: string;
  alertCount: number;
  script: Incident['script'];
}

export function triggerIncident(core: Core, spec: NewIncident, t: number): Incident {
  const service = core.service(spec.serviceId);
  const inc: Incident = {
    ...spec,
    policyId: service.policyId,
    status: 'triggered',
    createdAt: t,
    updatedAt: t,
    lastStatusChangeAt: t,
    lastStatusChangeBy: serviceAgent(service.id),
    resolvedAt: null,
    level: 1,
    loops: 0,
    assignedVia: 'escalation_policy',
    assignments: [],
    acknowledgements: [],
    escalateAt: null,
    unackAt: null,
    autoResolveAt: service.autoResolveSeconds ? t + service.autoResolveSeconds * 1000 : null,
    log: [],
    notes: [],
  };
  const agent = serviceAgent(service.id);
  log(core, inc, {
    type: 'trigger_log_entry',
    at: t,
    agent,
    channel: 'api',
    summary: `Triggered: ${spec.title}`,
  });
  assignLevel(core, inc, 1, t, agent, 'assign_log_entry', 'auto');
  return inc;
}

export function requireOpen(inc: Incident): void {
  if (inc.status === 'resolved')
    throw new WorldError('already_resolved', `Incident ${inc.id} is already resolved`);
}

/** Reopen a resolved incident at level 1 (PagerDuty allows it by setting status on a resolved incident). */
export function reopen(core: Core, inc: Incident, agent: Agent, t: number): void {
  inc.resolvedAt = null;
  inc.loops = 0;
  const service = core.service(inc.serviceId);
  inc.autoResolveAt = service.autoResolveSeconds ? t + service.autoResolveSeconds * 1000 : null;
  assignLevel(core, inc, 1, t, agent, 'assign_log_entry', 'api');
}

export function acknowledge(core: Core, inc: Incident, userId: string, t: number, channel = 'api'): void {
  requireOpen(inc);
  const agent = userAgent(userId);
  // One entry per acknowledger; acknowledging again refreshes it (and the ack timeout).
  inc.acknowledgements = [...inc.acknowledgements.filter((a) => a.userId !== userId), { userId, at: t }];
  setStatus(inc, 'acknowledged', agent, t);
  inc.escalateAt = null;
  const timeout = core.service(inc.serviceId).ackTimeoutSeconds;
  inc.unackAt = timeout ? t + timeout * 1000 : null;
  log(core, inc, {
    type: 'acknowledge_log_entry',
    at: t,
    agent,
    channel,
    summary: `Acknowledged by ${core.userName(userId)}`,
  });
}

/**
 * The acknowledgement lapsed (ack timeout or end of a snooze): back to triggered at the same
 * level, still assigned to the same people (PagerDuty notifies them again; it does not look
 * up who is on call now), and the level's escalation timer starts over.
 */
export function unacknowledge(
  core: Core,
  inc: Incident,
  t: number,
  agent: Agent = serviceAgent(inc.serviceId),
  channel = 'timeout',
): void {
  inc.acknowledgements = [];
  inc.unackAt = null;
  setStatus(inc, 'triggered', agent, t);
  inc.escalateAt = nextEscalation(inc, core.policy(inc.policyId), t);
  log(core, inc, {
    type: 'unacknowledge_log_entry',
    at: t,
    agent,
    channel,
    summary: 'Unacknowledged',
  });
}

export function resolve(
  core: Core,
  inc: Incident,
  agent: Agent,
  t: number,
  resolution?: string,
  channel = 'api',
) {
  requireOpen(inc);
  setStatus(inc, 'resolved', agent, t);
  inc.resolvedAt = t;
  inc.assignments = [];
  inc.escalateAt = null;
  inc.unackAt = null;
  inc.autoResolveAt = null;
  const by = agent.kind === 'user' ? core.userName(agent.id) : core.service(agent.id).name;
  log(core, inc, {
    type: 'resolve_log_entry',
    at: t,
    agent,
    channel,
    summary: `Resolved by ${by}`,
    ...(resolution ? { note: resolution } : {}),
  });
}

export function escalate(core: Core, inc: Incident, level: number, agent: Agent, t: number, channel = 'api') {
  requireOpen(inc);
  if (inc.urgency === 'low') {
    throw new WorldError(
      'cannot_escalate',
      'Low urgency incidents cannot be escalated; change the urgency to high first',
    );
  }
  const policy = core.policy(inc.policyId);
  if (!Number.isInteger(level) || level < 1 || level > policy.rules.length) {
    throw new WorldError(
      'cannot_escalate',
      `Escalation level ${level} is out of range; ${policy.name} has levels 1-${policy.rules.length}`,
    );
  }
  assignLevel(core, inc, level, t, agent, 'escalate_log_entry', channel);
}

/** The timer moved a triggered incident on: next level, or back to level 1 for another loop. */
export function autoEscalate(core: Core, inc: Incident, t: number): void {
  const policy = core.policy(inc.policyId);
  const agent = serviceAgent(inc.serviceId);
  if (inc.level < policy.rules.length) {
    assignLevel(core, inc, inc.level + 1, t, agent, 'escalate_log_entry', 'timeout');
    return;
  }
  inc.loops += 1;
  log(core, inc, {
    type: 'repeat_escalation_path_log_entry',
    at: t,
    agent,
    channel: 'timeout',
    summary: 'Repeated escalation path',
  });
  assignLevel(core, inc, 1, t, agent, 'escalate_log_entry', 'timeout');
}

/**
 * A shift handoff does not touch open incidents: PagerDuty leaves them with the user who was
 * assigned (the previous on-call), and only the next escalation pages the new on-call. There
 * is deliberately no handoff function here; see src/sim/README.md "How the PagerDuty side behaves".
 */

/** Assign to named users directly; the incident keeps its policy and is triggered again. */
export function reassign(core: Core, inc: Incident, userIds: string[], agent: Agent, t: number): void {
  requireOpen(inc);
  const policy = core.policy(inc.policyId);
  inc.assignments = userIds.map((userId) => ({ userId, at: t }));
  inc.assignedVia = 'direct_assignment';
  inc.acknowledgements = [];
  inc.unackAt = null;
  // If the new assignee is on call at some level, that is now the incident's level.
  const level = policy.rules.findIndex((_, i) => core.onCall(policy.id, i + 1, t) === userIds[0]);
  if (level >= 0) inc.level = level + 1;
  setStatus(inc, 'triggered', agent, t);
  inc.escalateAt = nextEscalation(inc, policy, t);
  const names = userIds.map((id) => core.userName(id)).join(', ');
  log(core, inc, {
    type: 'assign_log_entry',
    at: t,
    agent,
    channel: 'api',
    summary: `Reassigned to ${names}`,
    assigneeIds: userIds,
  });
}

/** Move to another escalation policy, starting over at its level 1. */
export function changePolicy(core: Core, inc: Incident, policyId: string, agent: Agent, t: number): void {
  requireOpen(inc);
  core.policy(policyId);
  inc.policyId = policyId;
  inc.loops = 0;
  assignLevel(core, inc, 1, t, agent, 'assign_log_entry', 'api');
}
