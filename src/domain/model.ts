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

/**
 * What a record is about beyond what its kind already says, so the cockpit can link it to records
 * of other sources (see `domain/correlation.ts`). Names are compared without case, a FQDN matches
 * its short name, config aliases apply. References are opaque tokens both sides agree on, by
 * convention `system:type:id` in lower case (`acme-pager:incident:q1abc`, `acme-mon:monitor:4810021`;
 * docs/plugins.md lists the built-in connectors' tokens): a record lists in `ids` what others may
 * cite it by and in `refs` what it cites. Bare numbers never join. @experimental added within plugin API v1 (issue 13).
 */
export interface About {
  /** Host names it concerns (short or FQDN, any case). */
  hosts?: string[];
  /** Configuration items (CMDB names) it concerns. */
  cis?: string[];
  /** Services it concerns: a weaker link, listed but not marked on rows. */
  services?: string[];
  /** Tokens of records elsewhere that it cites (an integration link, a ticket's correlation id). */
  refs?: string[];
  /** Its own tokens, which records elsewhere may cite. */
  ids?: string[];
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
  /** What it is about, for linking across sources. @experimental (issue 13). */
  about?: About;
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
  /** What it is about, for linking across sources. @experimental (issue 13). */
  about?: About;
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
  /** What it is about, for linking across sources. @experimental (issue 13). */
  about?: About;
}

/**
 * A monitor's state in the cockpit's words; `vendorState` keeps the vendor's (`No Data`).
 * @experimental added within plugin API v1 (issue 13).
 */
export type MonitorState = 'alert' | 'warn' | 'no_data' | 'ok' | 'unknown';

/** One group of a multi-alert monitor (one host, one region…), as last read. */
export interface MonitorGroup {
  /** The group as the vendor names it: `host:web-1`, `region:eu-west-1,host:db-07`. */
  name: string;
  state: MonitorState;
  vendorState: string;
  /** The host this group is about, when the group names one (`host:` tag). */
  host?: string;
  /** When it last went into alert. */
  triggeredAt?: string;
  /** A silence (downtime) covers this group now. */
  muted: boolean;
}

/** A silence in force on a monitor (a downtime): kept so it can be lifted. */
export interface MonitorMute {
  /** The vendor's id of the silence: what unmute cancels. */
  id: string;
  /** The group it silences; absent: the whole monitor. */
  group?: string;
  /** When it ends by itself; absent: until lifted. */
  until?: string;
  /** Who or what set it, in the vendor's words. */
  message?: string;
}

/**
 * An alerting rule over metrics, logs or checks (a Datadog monitor), with its groups. Names
 * that other vendors' records share (host names, service, the monitor's own id) are plain
 * fields, so records of one outage can be joined. @experimental added within plugin API v1 (issue 13).
 */
export interface Monitor extends RecordRef {
  kind: 'monitor';
  /** The vendor's monitor id as a string (the same as `id`): what integrations quote. */
  monitorId: string;
  name: string;
  /** The worst state of the monitor overall. */
  state: MonitorState;
  vendorState: string;
  /** The monitor's priority (1 → P1), when set. */
  priority?: Priority;
  /** The vendor's monitor type (`metric alert`, `service check`…). */
  type: string;
  /** Service named by its `service:` tag, when it has one. */
  service?: string;
  /** Hosts its groups name, in group order, without repeats. */
  hosts: string[];
  tags: string[];
  groups: MonitorGroup[];
  /** A silence covers the whole monitor. */
  muted: boolean;
  mutes: MonitorMute[];
  /** When its worst group last went into alert. */
  triggeredAt?: string;
  /** The monitor's query in the vendor's syntax. */
  query?: string;
  url?: string;
  /** What it is about beyond its hosts and service (its own tokens), for linking. @experimental (issue 13). */
  about?: About;
}

/**
 * A service level objective with its error budget, read at `readAt`. `burnRate` is how fast the
 * budget goes now relative to spending it evenly over the window (1 = exactly used up at the end
 * of the window); see `domain/slo.ts` for time to exhaustion. @experimental added within plugin API v1 (issue 13).
 */
export interface Slo extends RecordRef {
  kind: 'slo';
  name: string;
  /** The vendor's SLO type (`metric`, `monitor`, `time_slice`). */
  type: string;
  /** The window in the vendor's words (`30d`) and in ms. */
  timeframe: string;
  windowMs: number;
  /** Target, percent (99.9). */
  target: number;
  /** Warning threshold, percent, when set. */
  warning?: number;
  /** The indicator over the window, percent; absent when the vendor has no data. */
  sli?: number;
  /** Error budget left, percent of the window's budget; negative once overspent. */
  budgetRemaining?: number;
  /** Current burn rate (multiple of even spending); absent when unknown. */
  burnRate?: number;
  /** Over which recent span the burn rate was measured (ms). */
  burnWindowMs?: number;
  /** When these figures were read (the vendor's clock). */
  readAt: string;
  service?: string;
  tags: string[];
  /** Monitors it is computed from (monitor SLOs). */
  monitorIds: string[];
  url?: string;
}

/** What a mute asks for: how long (minutes; absent = until lifted) and which group (absent = all). */
export interface MuteRequest {
  minutes?: number;
  group?: string;
}

/** The record kinds a stream can carry. */
export type DomainRecord =
  | Incident
  | OnCallShift
  | EscalationPolicy
  | Service
  | SlaClock
  | Host
  | Monitor
  | Slo;
