/**
 * The ServiceNow side of the shared world: rows of sys_user, sys_user_group,
 * cmdb_ci, incident, task_sla… joined to the world's people, services and
 * hosts. Times are epoch ms of the simulated clock; sys_ids are 32 hex digits.
 */

export interface SnUser {
  sys_id: string;
  user_name: string;
  name: string;
  email: string;
  time_zone: string;
  title: string;
  /** The world user this row stands for; null for service accounts. */
  worldUserId: string | null;
  /** Basic-auth / OAuth password; only service accounts have one in the simulator. */
  password: string | null;
  readOnly: boolean;
  createdAt: number;
}

export interface SnGroup {
  sys_id: string;
  name: string;
  email: string;
  description: string;
  managerId: string;
  /** World team it mirrors (null for the Service Desk and look-alikes). */
  teamId: string | null;
  /** Inactive groups keep their name (and their old tickets) but take no new work. */
  active: boolean;
  createdAt: number;
}

export interface SnMember {
  sys_id: string;
  userId: string;
  groupId: string;
  createdAt: number;
}

export interface SnCi {
  sys_id: string;
  name: string;
  /** cmdb_ci_server for hosts, cmdb_ci_service for business services. */
  className: 'cmdb_ci_server' | 'cmdb_ci_service';
  /** World service id (hosts: the service they run). */
  serviceId: string;
  createdAt: number;
}

export interface SnSlaDef {
  sys_id: string;
  name: string;
  priority: number;
  target: 'response' | 'resolution';
  durationMs: number;
  /** cmn_schedule the clock runs in (business hours); null = around the clock. */
  scheduleId: string | null;
  createdAt: number;
}

/** What the simulated service desk will do next with an incident nobody touched over the API. */
export type ScriptStep = 'respond' | 'hold' | 'resume' | 'resolve' | 'close';

export interface SnIncident {
  sys_id: string;
  number: string;
  short_description: string;
  description: string;
  category: string;
  /** 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled. */
  state: number;
  impact: number;
  urgency: number;
  hold_reason: string;
  assignmentGroupId: string;
  assignedToId: string;
  callerId: string;
  openedById: string;
  cmdbCiId: string;
  businessServiceId: string;
  openedAt: number;
  updatedAt: number;
  updatedBy: string;
  createdBy: string;
  modCount: number;
  resolvedAt: number | null;
  resolvedById: string;
  closedAt: number | null;
  close_code: string;
  close_notes: string;
  reopenCount: number;
  reassignmentCount: number;
  /** The record of another system this ticket was opened from (a paging incident's id). */
  correlation_id?: string;
  /** Which system `correlation_id` is in, in words ("PagerDuty"). */
  correlation_display?: string;
  /** Bumped by every API write: scheduled script steps for an older version are dropped. */
  version: number;
  /** False once an API client changed it: from then on only people (API calls) move it. */
  scripted: boolean;
}

export interface SnTaskSla {
  sys_id: string;
  taskId: string;
  defId: string;
  start: number;
  /** Completed pauses, summed. */
  pauseMs: number;
  /** Completed pauses as [from, to] spans: business pause time depends on when they were. */
  pauseSpans: [number, number][];
  pausedSince: number | null;
  stoppedAt: number | null;
  cancelled: boolean;
  createdAt: number;
  updatedAt: number;
  modCount: number;
}

export interface SnJournal {
  sys_id: string;
  elementId: string;
  element: 'work_notes' | 'comments';
  value: string;
  createdAt: number;
  createdBy: string;
}

export const STATE_LABELS: Record<string, string> = {
  '1': 'New',
  '2': 'In Progress',
  '3': 'On Hold',
  '6': 'Resolved',
  '7': 'Closed',
  '8': 'Canceled',
};
export const LEVEL_LABELS: Record<string, string> = { '1': '1 - High', '2': '2 - Medium', '3': '3 - Low' };
export const PRIORITY_LABELS: Record<string, string> = {
  '1': '1 - Critical',
  '2': '2 - High',
  '3': '3 - Moderate',
  '4': '4 - Low',
  '5': '5 - Planning',
};
export const HOLD_LABELS: Record<string, string> = {
  '1': 'Awaiting Caller',
  '3': 'Awaiting Problem',
  '4': 'Awaiting Vendor',
  '5': 'Awaiting Change',
};
export const ESCALATION_LABELS: Record<string, string> = {
  '0': 'Normal',
  '1': 'Moderate',
  '2': 'High',
  '3': 'Overdue',
};
export const STAGE_LABELS: Record<string, string> = {
  in_progress: 'In progress',
  paused: 'Paused',
  breached: 'Breached',
  achieved: 'Achieved',
  cancelled: 'Cancelled',
};

/** The default priority lookup: impact 1..3 × urgency 1..3 → 1 Critical … 5 Planning. */
export const priorityOf = (impact: number, urgency: number): number => impact + urgency - 1;

export const isClosedState = (state: number) => state === 6 || state === 7 || state === 8;

/** SLA targets per priority (response, resolution) in minutes, and their ServiceNow-style names. */
export const SLA_TARGETS: readonly { priority: number; responseMin: number; resolutionMin: number }[] = [
  { priority: 1, responseMin: 15, resolutionMin: 4 * 60 },
  { priority: 2, responseMin: 30, resolutionMin: 8 * 60 },
  { priority: 3, responseMin: 60, resolutionMin: 24 * 60 },
  { priority: 4, responseMin: 4 * 60, resolutionMin: 72 * 60 },
  { priority: 5, responseMin: 8 * 60, resolutionMin: 120 * 60 },
];

export function slaName(priority: number, target: 'response' | 'resolution', minutes: number): string {
  const span = minutes < 60 ? `${minutes} min` : `${minutes / 60} hour`;
  return `P${priority} ${target} (${span})`;
}
