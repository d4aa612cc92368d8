/**
 * The normalized model every connector maps vendor data into.
 *
 * Records are plain, structured-cloneable data (no Dates, no classes): times are
 * ISO-8601 strings so a snapshot is JSON as-is and a connector could run in a worker.
 * Vendor text fields are untrusted; `sanitize.ts` strips them before display.
 */

/** Normalized priority bucket; the vendor's own label is kept beside it. */
export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

/** Normalized incident lifecycle; `vendorStatus` keeps the vendor's own word. */
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** Which connector instance (config key) a record came from, and its id there. */
export interface RecordRef {
  /** Connector instance name, the key under `connectors:` in config. */
  source: string;
  /** The vendor's id of the record. */
  id: string;
}

export interface Incident extends RecordRef {
  kind: 'incident';
  /** Human key shown in lists: PagerDuty `#4211`, ServiceNow `INC0012345`. */
  key: string;
  title: string;
  status: IncidentStatus;
  /** The vendor's own state word (e.g. ServiceNow "On Hold"). */
  vendorStatus: string;
  /** Normalized priority, absent when the vendor has none set. */
  priority?: Priority;
  /** The vendor's label for the priority, e.g. "P1" or "1 - Critical". */
  priorityLabel?: string;
  urgency?: 'high' | 'low';
  /** Service / CI / host name the incident is about. */
  service?: string;
  serviceId?: string;
  /** Names of the people currently assigned. */
  assignees: string[];
  /** Assignment group / team. */
  group?: string;
  escalationPolicy?: string;
  escalationPolicyId?: string;
  /** Current escalation level (1 = first), when the vendor's data pins it to one level. */
  escalationLevel?: number;
  /**
   * The levels the incident may be at, when the vendor's data fits more than one (someone on
   * call at several levels of the policy). Sorted, at least two; absent when the level is known.
   * @experimental added within plugin API v1 (issue 8).
   */
  escalationLevelCandidates?: number[];
  /**
   * Why the vendor will refuse to escalate this record as read, in words that say what to do
   * instead (PagerDuty does not escalate low-urgency incidents). The cockpit refuses before
   * asking to confirm. @experimental added within plugin API v1 (issue 8).
   */
  escalationBlocked?: string;
  openedAt: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  updatedAt?: string;
  /** When the vendor will escalate next if nobody acts. */
  nextEscalationAt?: string;
  /** Why the ticket waits, when on hold (ServiceNow hold reason label). */
  holdReason?: string;
  /** How often the ticket was reopened. */
  reopenCount?: number;
  /** Vendor's own state-machine word for "on hold" style states; `status` stays triggered/acknowledged. */
  onHold?: boolean;
  /** Deep link into the vendor UI. */
  url?: string;
  /** Who reported it, for tickets raised by a person (ServiceNow caller). @experimental (issue 15) */
  caller?: string;
  /** The long description beside the title, when the vendor keeps one. @experimental (issue 15) */
  description?: string;
}

export interface OnCallShift {
  kind: 'oncall';
  source: string;
  policyId: string;
  policyName: string;
  /** Escalation level, 1 = primary. */
  level: number;
  scheduleId?: string;
  scheduleName?: string;
  userId: string;
  userName: string;
  userEmail?: string;
  /** Shift start; null for a permanent (direct user target) on-call. */
  start: string | null;
  /** Shift end; null for a permanent (direct user target) on-call. */
  end: string | null;
}

export interface EscalationLevel {
  level: number;
  delayMinutes: number;
  /** Display names of targets (schedules or users). */
  targets: string[];
}

export interface EscalationPolicy extends RecordRef {
  kind: 'escalation_policy';
  name: string;
  levels: EscalationLevel[];
  numLoops: number;
  url?: string;
}

export interface Service extends RecordRef {
  kind: 'service';
  name: string;
  status: string;
  escalationPolicyId?: string;
  url?: string;
}

/** What a write returns: a one-line outcome for the toast. */
export interface ActionResult {
  ok: true;
  /** Human sentence, e.g. "Acknowledged #4211". */
  message: string;
  /** True when the vendor said it was already in that state (idempotent UI). */
  alreadyDone?: boolean;
}

/** Where to escalate: the next level (default) or a specific level. */
export interface EscalationTarget {
  level?: number;
  /**
   * The level the user saw the incident at when choosing. A connector that re-reads the
   * record refuses (CONFLICT) when it has moved since, rather than page from a stale picture.
   * @experimental added within plugin API v1 (issue 8).
   */
  fromLevel?: number;
}

/** Stage of an SLA clock; `vendorStage` keeps the vendor's word (e.g. ServiceNow `completed`). */
export type SlaStage = 'in_progress' | 'paused' | 'breached' | 'achieved' | 'cancelled';

/** A vendor SLA clock on a ticket (ServiceNow task_sla). */
export interface SlaClock extends RecordRef {
  kind: 'sla';
  /** Vendor id of the ticket the clock measures. */
  taskId: string;
  /** Human key of that ticket, e.g. INC0010042. */
  taskKey: string;
  taskTitle?: string;
  /** SLA definition name, e.g. "P1 resolution (4 hour)". */
  name: string;
  target?: 'response' | 'resolution';
  stage: SlaStage;
  vendorStage: string;
  breached: boolean;
  /**
   * Elapsed share at fetch time, 0–100+. Wall time (vendor `percentage`) unless `schedule` is
   * set; then it counts only the schedule's hours (ServiceNow `business_percentage`).
   */
  percentElapsed: number;
  /**
   * The business schedule the clock runs in (e.g. "8-5 weekdays"), when it has one. Such a clock
   * stands still outside those hours, so its share must not be recomputed from wall time.
   * @experimental added within plugin API v1.
   */
  schedule?: string;
  /** Schedule time still to run before breach (ServiceNow `business_time_left`), with `schedule`. */
  businessTimeLeftMs?: number;
  startedAt?: string;
  /** When it breaches (or breached). */
  plannedEndAt?: string;
  /** When the current pause began, for a paused clock: time left is frozen there. */
  pausedAt?: string;
  /** Total time spent paused so far; the vendor moved `plannedEndAt` out by this much. */
  pausedMs?: number;
  assignee?: string;
  group?: string;
  priority?: Priority;
  url?: string;
}

/** A ticket state change; labels are the vendor's display words, the connector maps them to codes. */
export type StateChange =
  | { state: 'in_progress' }
  | { state: 'on_hold'; holdReason: string }
  | { state: 'resolved'; closeCode: string; closeNotes: string };

/**
 * A reference to a secret, resolved by the host (config, keychain, env, a command), never by a plugin.
 * `{command}` runs with a minimal environment; `passEnv` names the extra variables it may see.
 */
export type SecretRef =
  | string
  | { env: string }
  | { command: string; passEnv?: readonly string[] }
  | { keychain: string };

/**
 * Where a host stands with network containment. The two `_pending` states last until the
 * endpoint's sensor has acted on the request; the cockpit shows them until the vendor reports
 * the final state. @experimental added within plugin API v1 (issue 12).
 */
export type ContainmentState = 'normal' | 'containment_pending' | 'contained' | 'lift_containment_pending';

/** A policy assigned to a host, as the host reports it. */
export interface HostPolicy {
  id: string;
  /** The policy's name, when the connector could resolve it. */
  name?: string;
  /** The host runs the policy's current settings; false while a change waits to be applied. */
  applied: boolean;
  appliedAt?: string;
  assignedAt?: string;
}

/** A sensor-update policy: what sensor build the hosts under it should run. */
export interface SensorUpdatePolicy extends HostPolicy {
  /** The sensor version its target build stands for (`7.18.18811`), when known. */
  targetVersion?: string;
  /** The vendor's build word for it (`18811`, `18811|n-1|tagged|11`). */
  targetBuild?: string;
}

/**
 * A managed endpoint (an EDR sensor's host): identity, health of its sensor and its policies,
 * and containment. Policy names and the target sensor version are resolved by the connector, so
 * a host record alone is enough to judge it. @experimental added within plugin API v1 (issue 12).
 */
export interface Host extends RecordRef {
  kind: 'host';
  /** The name the host reports (short name or FQDN, as the vendor has it). */
  hostname: string;
  /** Fully qualified name, when known. */
  fqdn?: string;
  /** Windows, Mac, Linux… */
  platform: string;
  /** OS name and version in words ("Windows 11", "RHEL 9.4"). */
  os?: string;
  /** Workstation, Server, Domain Controller… */
  productType?: string;
  /** Installed sensor version. */
  sensorVersion?: string;
  lastSeen?: string;
  firstSeen?: string;
  /** When the vendor last changed the record. */
  modifiedAt?: string;
  containment: ContainmentState;
  /** The vendor's own status word. */
  vendorStatus: string;
  /** The sensor runs in reduced-functionality mode (it cannot protect fully). */
  reducedFunctionality: boolean;
  prevention?: HostPolicy;
  sensorUpdate?: SensorUpdatePolicy;
  /** Zero-trust assessment overall score (1–100); absent when the host has no score. */
  ztaScore?: number;
  tags: string[];
  url?: string;
}

/** The record kinds a stream can carry. */
export type DomainRecord = Incident | OnCallShift | EscalationPolicy | Service | SlaClock | Host;
