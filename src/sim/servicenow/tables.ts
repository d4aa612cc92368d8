/**
 * The tables the simulator serves, as column definitions over the ServiceNow
 * data: incident, task_sla, contract_sla, sys_user, sys_user_group,
 * sys_user_grmember, sys_journal_field and the CMDB tables incidents point at.
 */

import { snDisplayDate } from './format.js';
import { metaTables } from './meta-tables.js';
import {
  ESCALATION_LABELS,
  HOLD_LABELS,
  LEVEL_LABELS,
  PRIORITY_LABELS,
  type SnCi,
  type SnGroup,
  type SnIncident,
  type SnJournal,
  type SnMember,
  type SnSlaDef,
  type SnTaskSla,
  type SnUser,
  STAGE_LABELS,
  STATE_LABELS,
} from './model.js';
import type { SnSchedule } from './schedule.js';
import { type SlaSnapshot, slaAt } from './sla.js';
import {
  type Ctx,
  choice,
  date,
  duration,
  type Field,
  type Registry,
  ref,
  str,
  sysFields,
  type Table,
} from './table-kit.js';

const BOOL = { true: 'true', false: 'false' };
const bool = <R>(f: (r: R, c: Ctx) => boolean) => choice<R>(BOOL, (r, c) => String(f(r, c)));

function table<R extends { sys_id: string }>(
  name: string,
  rows: (c: Ctx) => readonly R[],
  byId: (id: string, c: Ctx) => R | undefined,
  label: (r: R, c: Ctx) => string,
  fields: Record<string, Field<R>>,
): Table {
  return { name, rows, byId, label, fields } as unknown as Table;
}

function journalField(element: SnJournal['element']): Field<SnIncident> {
  const heading = element === 'work_notes' ? 'Work notes' : 'Additional comments';
  return {
    type: 'journal',
    // Journal columns read back empty; the entries show only as display values (or via sys_journal_field).
    raw: () => '',
    display: (inc, c) =>
      c.data.journal
        .filter((j) => j.elementId === inc.sys_id && j.element === element)
        .reverse()
        .map((j) => {
          const who = c.data.userByName(j.createdBy)?.name ?? j.createdBy;
          return `${snDisplayDate(j.createdAt, c.user.time_zone)} - ${who} (${heading})\n${j.value}\n\n`;
        })
        .join(''),
  };
}

const snap = (s: SnTaskSla, c: Ctx): SlaSnapshot => {
  const def = c.data.slaDef(s.defId);
  return slaAt(s, def, c.now, c.data.scheduleOf(def));
};

/** The running resolution SLA's breach time, as incident.sla_due shows it. */
function slaDue(inc: SnIncident, c: Ctx): number | null {
  const running = c.data.slasOf(inc.sys_id).filter((s) => s.stoppedAt === null);
  return running.length === 0 ? null : Math.min(...running.map((s) => snap(s, c).plannedEnd));
}

const incident = table<SnIncident>(
  'incident',
  (c) => c.data.incidents,
  (id, c) => c.data.incident(id),
  (r) => r.number,
  {
    ...sysFields<SnIncident>(
      (r) => r.openedAt,
      (r) => r.updatedAt,
      { by: (r) => r.createdBy, updatedBy: (r) => r.updatedBy, mods: (r) => r.modCount },
    ),
    sys_class_name: choice({ incident: 'Incident' }, () => 'incident'),
    number: str((r) => r.number),
    short_description: str((r) => r.short_description),
    description: str((r) => r.description),
    category: str((r) => r.category),
    state: choice(STATE_LABELS, (r) => r.state),
    incident_state: choice(STATE_LABELS, (r) => r.state),
    active: bool((r) => r.state < 6),
    priority: choice(PRIORITY_LABELS, (r) => r.impact + r.urgency - 1),
    impact: choice(LEVEL_LABELS, (r) => r.impact),
    urgency: choice(LEVEL_LABELS, (r) => r.urgency),
    hold_reason: choice(HOLD_LABELS, (r) => r.hold_reason),
    escalation: choice(ESCALATION_LABELS, () => '0'),
    assignment_group: ref('sys_user_group', (r) => r.assignmentGroupId),
    assigned_to: ref('sys_user', (r) => r.assignedToId),
    caller_id: ref('sys_user', (r) => r.callerId),
    opened_by: ref('sys_user', (r) => r.openedById),
    resolved_by: ref('sys_user', (r) => r.resolvedById),
    cmdb_ci: ref('cmdb_ci', (r) => r.cmdbCiId),
    business_service: ref('cmdb_ci_service', (r) => r.businessServiceId),
    opened_at: date((r) => r.openedAt),
    resolved_at: date((r) => r.resolvedAt),
    closed_at: date((r) => r.closedAt),
    sla_due: date(slaDue),
    made_sla: bool((r, c) => !c.data.slasOf(r.sys_id).some((s) => snap(s, c).hasBreached)),
    close_code: str((r) => r.close_code),
    close_notes: str((r) => r.close_notes),
    reopen_count: str((r) => r.reopenCount),
    reassignment_count: str((r) => r.reassignmentCount),
    correlation_id: str((r) => r.correlation_id ?? ''),
    correlation_display: str((r) => r.correlation_display ?? ''),
    work_notes: journalField('work_notes'),
    comments: journalField('comments'),
  },
);

const taskSla = table<SnTaskSla>(
  'task_sla',
  (c) => c.data.slas,
  (id, c) => c.data.sla(id),
  (r, c) => c.data.slaDef(r.defId).name,
  {
    ...sysFields<SnTaskSla>(
      (r) => r.createdAt,
      (r, c) => snap(r, c).updatedAt,
      { by: () => 'system', mods: (r) => r.modCount },
    ),
    task: ref('incident', (r) => r.taskId),
    sla: ref('contract_sla', (r) => r.defId),
    stage: choice(STAGE_LABELS, (r, c) => snap(r, c).stage),
    has_breached: bool((r, c) => snap(r, c).hasBreached),
    active: bool((r, c) => snap(r, c).active),
    percentage: str((r, c) => snap(r, c).percentage.toFixed(2)),
    business_percentage: str((r, c) => snap(r, c).businessPercentage.toFixed(2)),
    start_time: date((r) => r.start),
    end_time: date((r) => r.stoppedAt),
    planned_end_time: date((r, c) => snap(r, c).plannedEnd),
    original_breach_time: date((r, c) => r.start + c.data.slaDef(r.defId).durationMs),
    pause_time: date((r) => r.pausedSince),
    pause_duration: duration((r, c) => snap(r, c).pauseMs),
    business_pause_duration: duration((r, c) => snap(r, c).businessPauseMs),
    duration: duration((r, c) => snap(r, c).elapsedMs),
    business_duration: duration((r, c) => snap(r, c).businessElapsedMs),
    time_left: duration((r, c) => snap(r, c).timeLeftMs),
    business_time_left: duration((r, c) => snap(r, c).businessTimeLeftMs),
    schedule: ref('cmn_schedule', (r, c) => c.data.slaDef(r.defId).scheduleId ?? ''),
    timezone: str(() => 'UTC'),
  },
);

const contractSla = table<SnSlaDef>(
  'contract_sla',
  (c) => c.data.dir.slaDefs,
  (id, c) => c.data.dir.slaDefs.find((d) => d.sys_id === id),
  (r) => r.name,
  {
    ...sysFields<SnSlaDef>(
      (r) => r.createdAt,
      (r) => r.createdAt,
    ),
    name: str((r) => r.name),
    type: str(() => 'SLA'),
    target: str((r) => r.target),
    collection: str(() => 'incident'),
    duration: duration((r) => r.durationMs),
    duration_type: str(() => ''),
    schedule: ref('cmn_schedule', (r) => r.scheduleId ?? ''),
    active: bool(() => true),
    start_condition: str((r) => `active=true^priority=${r.priority}`),
    pause_condition: str((r) => (r.target === 'resolution' ? 'state=3' : '')),
    stop_condition: str((r) => (r.target === 'response' ? 'state!=1^ORassigned_toISNOTEMPTY' : 'stateIN6,7')),
  },
);

const sysUser = table<SnUser>(
  'sys_user',
  (c) => c.data.users,
  (id, c) => c.data.user(id),
  (r) => r.name,
  {
    ...sysFields<SnUser>(
      (r) => r.createdAt,
      (r) => r.createdAt,
    ),
    user_name: str((r) => r.user_name),
    name: str((r) => r.name),
    first_name: str((r) => r.name.split(' ')[0]!),
    last_name: str((r) => r.name.split(' ').slice(1).join(' ')),
    email: str((r) => r.email),
    title: str((r) => r.title),
    active: bool(() => true),
    time_zone: str((r) => r.time_zone),
  },
);

const groupRows = (c: Ctx) => c.data.dir.groups;
const sysUserGroup = table<SnGroup>(
  'sys_user_group',
  groupRows,
  (id, c) => groupRows(c).find((g) => g.sys_id === id),
  (r) => r.name,
  {
    ...sysFields<SnGroup>(
      (r) => r.createdAt,
      (r) => r.createdAt,
    ),
    name: str((r) => r.name),
    description: str((r) => r.description),
    manager: ref('sys_user', (r) => r.managerId),
    email: str((r) => r.email),
    active: bool((r) => r.active),
    type: str(() => ''),
    parent: ref('sys_user_group', () => ''),
  },
);

const memberRows = (c: Ctx) => c.data.dir.members;
const sysUserGrmember = table<SnMember>(
  'sys_user_grmember',
  memberRows,
  (id, c) => memberRows(c).find((m) => m.sys_id === id),
  (r) => r.sys_id,
  {
    ...sysFields<SnMember>(
      (r) => r.createdAt,
      (r) => r.createdAt,
    ),
    user: ref('sys_user', (r) => r.userId),
    group: ref('sys_user_group', (r) => r.groupId),
  },
);

const journalRows = (c: Ctx) => c.data.journal;
const sysJournalField = table<SnJournal>(
  'sys_journal_field',
  journalRows,
  (id, c) => journalRows(c).find((j) => j.sys_id === id),
  (r) => r.value,
  {
    ...sysFields<SnJournal>(
      (r) => r.createdAt,
      (r) => r.createdAt,
      { by: (r) => r.createdBy },
    ),
    element_id: str((r) => r.elementId),
    element: str((r) => r.element),
    name: str(() => 'incident'),
    value: str((r) => r.value),
  },
);

const scheduleRows = (c: Ctx) => c.data.dir.schedules;
const cmnSchedule = table<SnSchedule>(
  'cmn_schedule',
  scheduleRows,
  (id, c) => scheduleRows(c).find((r) => r.sys_id === id),
  (r) => r.name,
  {
    ...sysFields<SnSchedule>(
      (r) => r.createdAt,
      (r) => r.createdAt,
    ),
    name: str((r) => r.name),
    time_zone: str(() => 'UTC'),
    type: str(() => ''),
  },
);

function ciTable(name: string, only?: SnCi['className']): Table {
  const rows = (c: Ctx) => (only ? c.data.dir.cis.filter((ci) => ci.className === only) : c.data.dir.cis);
  return table<SnCi>(
    name,
    rows,
    (id, c) => rows(c).find((ci) => ci.sys_id === id),
    (r) => r.name,
    {
      ...sysFields<SnCi>(
        (r) => r.createdAt,
        (r) => r.createdAt,
      ),
      name: str((r) => r.name),
      sys_class_name: str((r) => r.className),
      operational_status: choice({ '1': 'Operational' }, () => '1'),
    },
  );
}

export function createRegistry(): Registry {
  const all = [
    incident,
    taskSla,
    contractSla,
    sysUser,
    sysUserGroup,
    sysUserGrmember,
    sysJournalField,
    cmnSchedule,
    ciTable('cmdb_ci'),
    ciTable('cmdb_ci_service', 'cmdb_ci_service'),
    ciTable('cmdb_ci_server', 'cmdb_ci_server'),
  ];
  const registry: Registry = new Map(all.map((t) => [t.name, t]));
  for (const meta of metaTables(registry)) registry.set(meta.name, meta);
  return registry;
}
