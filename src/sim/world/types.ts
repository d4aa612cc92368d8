/**
 * The shape of the simulated world. Vendor-neutral where it can be (services
 * own hostnames that later ServiceNow/CrowdStrike/Datadog simulators reuse),
 * PagerDuty-shaped where PagerDuty is the system of record (policies, schedules).
 * Times are epoch milliseconds of the simulated clock.
 */

export interface Team {
  id: string;
  name: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
  teamId: string;
  role: 'admin' | 'user' | 'limited_user';
  jobTitle: string;
  timeZone: string;
  color: string;
}

/** One rotation layer: users take turns of `turnSeconds`, counted from `virtualStart`. */
export interface ScheduleLayer {
  id: string;
  start: number;
  virtualStart: number;
  turnSeconds: number;
  userIds: string[];
}

export interface Schedule {
  id: string;
  name: string;
  description: string;
  timeZone: string;
  teamId: string;
  layers: ScheduleLayer[];
}

export type EscalationTarget = { kind: 'schedule'; id: string } | { kind: 'user'; id: string };

export interface EscalationRule {
  id: string;
  /** Minutes an incident waits at this level before moving on. */
  delayMinutes: number;
  target: EscalationTarget;
}

export interface EscalationPolicy {
  id: string;
  name: string;
  description: string;
  teamId: string;
  /** How many extra times the whole path repeats after the last level (PagerDuty `num_loops`). */
  numLoops: number;
  /** Level N is rules[N - 1]. */
  rules: EscalationRule[];
}

export type ServiceKind = 'web' | 'db' | 'k8s' | 'net' | 'mail';

export interface Service {
  id: string;
  name: string;
  description: string;
  kind: ServiceKind;
  teamId: string;
  policyId: string;
  /** Hosts behind the service, shared with the endpoint/monitor simulators. */
  hosts: string[];
  /** Seconds until an acknowledgement lapses back to triggered; null = never. */
  ackTimeoutSeconds: number | null;
  /** Seconds after triggering that PagerDuty resolves the incident itself; null = never. */
  autoResolveSeconds: number | null;
  createdAt: number;
}

export interface Priority {
  id: string;
  name: string;
  description: string;
  color: string;
  /** 1 for P1 … 5 for P5. */
  rank: number;
}

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** Who did something: a user, or the service itself (timeouts, auto-resolve, integrations). */
export type Agent = { kind: 'user'; id: string } | { kind: 'service'; id: string };

export type LogEntryType =
  | 'trigger_log_entry'
  | 'assign_log_entry'
  | 'escalate_log_entry'
  | 'acknowledge_log_entry'
  | 'unacknowledge_log_entry'
  | 'snooze_log_entry'
  | 'resolve_log_entry'
  | 'annotate_log_entry'
  | 'repeat_escalation_path_log_entry'
  | 'exhaust_escalation_path_log_entry'
  | 'urgency_change_log_entry';

export interface LogEntry {
  id: string;
  type: LogEntryType;
  at: number;
  agent: Agent;
  /** `api`, `web_trigger`, `auto`, `timeout`… (PagerDuty channel.type). */
  channel: string;
  summary: string;
  assigneeIds?: string[];
  note?: string;
}

export interface Note {
  id: string;
  userId: string;
  content: string;
  at: number;
}

/** What the simulated responders will do on their own, decided when the incident is born. */
export interface IncidentScript {
  /** A responder acknowledges it this long after it triggers (null: nobody reacts, it escalates). */
  ackAfterMs: number | null;
  /** Once acknowledged, the fix lands this long after the acknowledgement. */
  fixAfterAckMs: number;
  /** The alert clears by itself at this time, whatever happened (keeps the demo bounded). */
  clearAt: number;
}

export interface Incident {
  id: string;
  number: number;
  title: string;
  serviceId: string;
  policyId: string;
  urgency: 'high' | 'low';
  priorityId: string | null;
  status: IncidentStatus;
  incidentKey: string;
  host: string;
  createdAt: number;
  updatedAt: number;
  lastStatusChangeAt: number;
  lastStatusChangeBy: Agent;
  resolvedAt: number | null;
  /** Current escalation level (1-based); assignees are this level's on-call users. */
  level: number;
  /** Completed passes over the whole policy (compared with num_loops). */
  loops: number;
  assignedVia: 'escalation_policy' | 'direct_assignment';
  assignments: { userId: string; at: number }[];
  acknowledgements: { userId: string; at: number }[];
  /** When a triggered incident moves to the next level; null when the path is exhausted. */
  escalateAt: number | null;
  /** When an acknowledgement lapses (ack timeout or end of snooze); null when none. */
  unackAt: number | null;
  /** When PagerDuty auto-resolves it (service auto_resolve_timeout); null when never. */
  autoResolveAt: number | null;
  alertCount: number;
  log: LogEntry[];
  notes: Note[];
  script: IncidentScript;
}
