/**
 * Pure mapping from parsed ServiceNow rows (display_value=all) to the cockpit's
 * domain records, plus the label ↔ code tables the actions need. No IO, no clock.
 *
 * Logic reads stored values (codes, sys_ids, UTC dates). The UI gets names from
 * dot-walked fields (`assigned_to.name`), choice labels from the instance's
 * sys_choice (`ChoiceLabels`, default labels when it could not be read), or the
 * display value when a row carries one (`{value, display_value}`). Codes are the
 * ServiceNow defaults; an instance may add its own, which then map to the
 * safest bucket instead of failing the whole list.
 */
import {
  type About,
  compact,
  type Incident,
  type IncidentStatus,
  type Priority,
  type SlaClock,
  type SlaStage,
} from 'itops-tui/plugin';
import { parseSnDate } from './query.js';
import type { SnField, SnIncident, SnTaskSla } from './schema.js';

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v : typeof v === 'object' ? undefined : String(v);
  return s !== undefined && s.trim() !== '' ? s : undefined;
}

/** Raw value of a field (code, sys_id, UTC date). */
export function val(field: SnField): string | undefined {
  if (field !== null && typeof field === 'object') return str(field.value);
  return str(field);
}

/** Display value of a field (label, name); falls back to the raw value. */
export function disp(field: SnField): string | undefined {
  if (field !== null && typeof field === 'object') return str(field.display_value) ?? str(field.value);
  return str(field);
}

/** The display value only (no fallback to the raw code). */
function labelOnly(field: SnField): string | undefined {
  return field !== null && typeof field === 'object' ? str(field.display_value) : undefined;
}

type Row = Record<string, unknown>;

/** A reference's name: its display value, else the dot-walked `<field>.name`; never the sys_id. */
export function refName(row: Row, field: string): string | undefined {
  return labelOnly(row[field] as SnField) ?? val(row[`${field}.name`] as SnField);
}

/** Choice labels of the instance (sys_choice), per column: code → label. */
export type ChoiceLabels = Partial<
  Record<'state' | 'priority' | 'hold_reason' | 'close_code', Record<string, string>>
>;

/** A choice column's label: the row's display value, the instance's label, the default label, the code. */
function choiceLabel(
  row: Row,
  field: keyof ChoiceLabels,
  labels: ChoiceLabels | undefined,
  defaults: Readonly<Record<string, string>>,
): string | undefined {
  const code = val(row[field] as SnField);
  return (
    labelOnly(row[field] as SnField) ??
    (code === undefined ? undefined : (labels?.[field]?.[code] ?? defaults[code] ?? code))
  );
}

/** ServiceNow UTC date (no zone) → ISO string. */
export function isoOf(field: SnField): string | undefined {
  const ms = parseSnDate(val(field));
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** ServiceNow durations are dates after the epoch: `1970-01-01 02:15:00` is 2 h 15 min. */
export function durationMsOf(field: SnField): number | undefined {
  const ms = parseSnDate(val(field));
  return ms === undefined || ms < 0 ? undefined : ms;
}

/** Default incident.hold_reason choices: label → code. */
export const HOLD_REASONS: Readonly<Record<string, string>> = {
  'Awaiting Caller': '1',
  'Awaiting Problem': '3',
  'Awaiting Vendor': '4',
  'Awaiting Change': '5',
};

/** Default incident.close_code choices (value = label on current releases). */
export const CLOSE_CODES: readonly string[] = [
  'Solution provided',
  'Workaround provided',
  'Duplicate',
  'Known error',
  'Resolved by caller',
  'User error',
];

/** Hold reasons, label → code: the instance's own list when it could be read, else the defaults. */
export function holdReasons(labels?: ChoiceLabels): Readonly<Record<string, string>> {
  const own = labels?.hold_reason;
  if (!own || Object.keys(own).length === 0) return HOLD_REASONS;
  return Object.fromEntries(Object.entries(own).map(([code, label]) => [label, code]));
}

/** Hold-reason code for a label (case- and space-insensitive); undefined when unknown. */
export function holdReasonCode(label: string, labels?: ChoiceLabels): string | undefined {
  const want = label.trim().replace(/\s+/g, ' ').toLowerCase();
  return Object.entries(holdReasons(labels)).find(([l]) => l.toLowerCase() === want)?.[1];
}

/** incident.state code → normalized status. Unknown (custom) states count as open work. */
export function statusOf(state: string | undefined): { status: IncidentStatus; onHold: boolean } {
  switch (state) {
    case '1':
      return { status: 'triggered', onHold: false };
    case '3':
      return { status: 'acknowledged', onHold: true };
    case '6':
    case '7':
    case '8':
      return { status: 'resolved', onHold: false };
    case '2':
      return { status: 'acknowledged', onHold: false };
    default:
      return { status: 'triggered', onHold: false };
  }
}

const STATE_LABELS: Record<string, string> = {
  '1': 'New',
  '2': 'In Progress',
  '3': 'On Hold',
  '6': 'Resolved',
  '7': 'Closed',
  '8': 'Canceled',
};
const PRIORITY_LABELS: Record<string, string> = {
  '1': '1 - Critical',
  '2': '2 - High',
  '3': '3 - Moderate',
  '4': '4 - Low',
  '5': '5 - Planning',
};
const HOLD_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(HOLD_REASONS).map(([l, c]) => [c, l]),
);

export function priorityOf(code: string | undefined): Priority | undefined {
  return code && /^[1-5]$/.test(code) ? (`P${code}` as Priority) : undefined;
}

export function urgencyOf(code: string | undefined): 'high' | 'low' | undefined {
  if (code === '1') return 'high';
  if (code === '2' || code === '3') return 'low';
  return undefined;
}

export interface MapOptions {
  source: string;
  instanceUrl: string;
  /** The instance's own choice labels; the defaults fill what is missing. */
  labels?: ChoiceLabels;
}

export function incidentUrl(instanceUrl: string, sysId: string): string {
  return `${instanceUrl}/nav_to.do?uri=incident.do?sys_id=${encodeURIComponent(sysId)}`;
}

/**
 * What the ticket is about, for correlation: its CI and business service by name, its own number,
 * and the record of another system it was opened from (`correlation_id`, named by
 * `correlation_display`: the PagerDuty integration writes its incident id and "PagerDuty").
 */
export function aboutIncident(row: SnIncident): About {
  const about: About = {};
  const ci = refName(row, 'cmdb_ci');
  const service = refName(row, 'business_service');
  if (ci) about.cis = [ci];
  if (service) about.services = [service];
  const number = disp(row.number);
  if (number) about.ids = [`servicenow:incident:${number.toLowerCase()}`];
  const corr = val(row.correlation_id)?.trim();
  if (corr) {
    const system = (disp(row.correlation_display) ?? 'external').toLowerCase().replace(/[^a-z0-9]+/g, '-');
    about.refs = [`${system}:incident:${corr.toLowerCase()}`];
  }
  return about;
}

/** One incident row → Incident; undefined when the row lacks a sys_id (cannot be tracked or acted on). */
export function mapIncident(row: SnIncident, opts: MapOptions): Incident | undefined {
  const id = val(row.sys_id);
  if (!id) return undefined;
  const state = val(row.state);
  const { status, onHold } = statusOf(state);
  const assignee = refName(row, 'assigned_to');
  const reopen = Number(val(row.reopen_count));
  const openedAt = isoOf(row.opened_at) ?? isoOf(row.sys_updated_on) ?? new Date(0).toISOString();
  return compact<Incident>({
    kind: 'incident',
    source: opts.source,
    id,
    key: disp(row.number) ?? id,
    title: disp(row.short_description) ?? '(no short description)',
    status,
    vendorStatus: choiceLabel(row, 'state', opts.labels, STATE_LABELS) ?? 'Unknown',
    priority: priorityOf(val(row.priority)),
    priorityLabel: choiceLabel(row, 'priority', opts.labels, PRIORITY_LABELS),
    urgency: urgencyOf(val(row.urgency)),
    service: refName(row, 'cmdb_ci') ?? refName(row, 'business_service'),
    serviceId: val(row.cmdb_ci) ?? val(row.business_service),
    assignees: assignee ? [assignee] : [],
    group: refName(row, 'assignment_group'),
    openedAt,
    resolvedAt: status === 'resolved' ? (isoOf(row.resolved_at) ?? isoOf(row.closed_at)) : undefined,
    updatedAt: isoOf(row.sys_updated_on),
    onHold: onHold || undefined,
    holdReason: onHold ? choiceLabel(row, 'hold_reason', opts.labels, HOLD_LABELS) : undefined,
    reopenCount: Number.isInteger(reopen) && reopen >= 0 ? reopen : undefined,
    url: incidentUrl(opts.instanceUrl, id),
    about: aboutIncident(row),
    caller: refName(row, 'caller_id'),
    description: disp(row.description),
  });
}

/** task_sla.stage → normalized stage; `completed` (compatibility mode) splits on has_breached. */
export function stageOf(stage: string | undefined, breached: boolean): SlaStage {
  switch (stage) {
    case 'in_progress':
    case 'paused':
    case 'breached':
    case 'achieved':
    case 'cancelled':
      return stage;
    case 'completed':
      return breached ? 'breached' : 'achieved';
    default:
      // Unknown stages are shown as running clocks: hiding a clock is worse than a wrong label.
      return 'in_progress';
  }
}

/** "P1 resolution (4 hour)" → resolution; names without a hint stay unset. */
export function targetOf(name: string): SlaClock['target'] {
  if (/resol/i.test(name)) return 'resolution';
  if (/respon|\back(nowledg)?/i.test(name)) return 'response';
  return undefined;
}

export interface SlaContext {
  /** The incident this clock measures, when known (title, group, priority). */
  incident?: Incident;
}

export function mapSla(row: SnTaskSla, opts: MapOptions, c: SlaContext = {}): SlaClock | undefined {
  const id = val(row.sys_id);
  const taskId = val(row.task);
  if (!id || !taskId) return undefined;
  const vendorStage = val(row.stage) ?? 'unknown';
  const breached = val(row.has_breached) === 'true' || vendorStage === 'breached';
  // A clock bound to a schedule (8-5 weekdays) counts only its hours: its wall-time `percentage`
  // runs on through nights and weekends (past 100 % of a clock that is nowhere near breach).
  const scheduled = val(row.schedule) !== undefined;
  const business = Number.parseFloat(val(row.business_percentage) ?? '');
  const wall = Number.parseFloat(val(row.percentage) ?? '');
  const pct = scheduled && Number.isFinite(business) ? business : wall;
  const name = labelOnly(row.sla) ?? val(row['sla.name']) ?? 'SLA';
  const inc = c.incident;
  return compact<SlaClock>({
    kind: 'sla',
    source: opts.source,
    id,
    taskId,
    taskKey: labelOnly(row.task) ?? val(row['task.number']) ?? inc?.key ?? taskId,
    taskTitle: inc?.title,
    name,
    target: targetOf(name),
    stage: stageOf(vendorStage, breached),
    vendorStage,
    breached,
    percentElapsed: Number.isFinite(pct) ? pct : 0,
    schedule: scheduled ? (refName(row, 'schedule') ?? 'business hours') : undefined,
    businessTimeLeftMs: scheduled ? durationMsOf(row.business_time_left) : undefined,
    startedAt: isoOf(row.start_time),
    plannedEndAt: isoOf(row.planned_end_time),
    // Only meaningful while paused; ServiceNow keeps the last pause start after a resume.
    pausedAt: vendorStage === 'paused' ? isoOf(row.pause_time) : undefined,
    pausedMs: durationMsOf(row.pause_duration),
    assignee: inc?.assignees[0],
    group: inc?.group,
    priority: inc?.priority,
    url: incidentUrl(opts.instanceUrl, taskId),
  });
}
