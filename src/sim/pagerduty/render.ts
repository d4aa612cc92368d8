/**
 * World objects → PagerDuty REST v2 JSON, shaped to validate against the
 * official spec. Where the spec does not mark a field nullable (resolved_at,
 * priority, acknowledgement_timeout, on-call start/end/schedule, schedule
 * layer end) a missing value is left out instead of sent as null; clients must
 * treat absent and null alike, as the connector does.
 */
import { iso } from '../clock.js';
import { scheduleShifts } from '../world/oncall.js';
import type {
  Agent,
  Incident,
  LogEntry,
  Note,
  Priority,
  Schedule,
  Service,
  Shift,
  User,
  World,
} from '../world.js';

export interface RenderContext {
  world: World;
  /** Base of the API URLs in `self` links. */
  api: string;
  /** Web UI base (https://<subdomain>.pagerduty.com), for `html_url` links. */
  web: string;
}

type Json = Record<string, unknown>;

const KINDS = {
  user: { api: 'users', web: 'users' },
  service: { api: 'services', web: 'service-directory' },
  escalation_policy: { api: 'escalation_policies', web: 'escalation_policies' },
  schedule: { api: 'schedules', web: 'schedules' },
  team: { api: 'teams', web: 'teams' },
  incident: { api: 'incidents', web: 'incidents' },
} as const;
type Kind = keyof typeof KINDS;

export function ref(c: RenderContext, kind: Kind, id: string, summary: string): Json {
  return {
    id,
    type: `${kind}_reference`,
    summary,
    self: `${c.api}/${KINDS[kind].api}/${id}`,
    html_url: `${c.web}/${KINDS[kind].web}/${id}`,
  };
}

export const userRef = (c: RenderContext, id: string) => ref(c, 'user', id, c.world.user(id).name);
export const serviceRef = (c: RenderContext, id: string) => ref(c, 'service', id, c.world.service(id).name);
export const policyRef = (c: RenderContext, id: string) =>
  ref(c, 'escalation_policy', id, c.world.policy(id).name);
export const scheduleRef = (c: RenderContext, id: string) =>
  ref(c, 'schedule', id, c.world.schedule(id).name);
export const teamRef = (c: RenderContext, id: string) => ref(c, 'team', id, c.world.team(id).name);
const agentRef = (c: RenderContext, a: Agent) => (a.kind === 'user' ? userRef(c, a.id) : serviceRef(c, a.id));

/** Full object: reference fields with the object's own type and no `_reference` suffix. */
function full(c: RenderContext, kind: Kind, id: string, summary: string): Json {
  return { ...ref(c, kind, id, summary), type: kind };
}

export function priority(c: RenderContext, p: Priority): Json {
  return {
    id: p.id,
    type: 'priority',
    summary: p.name,
    self: `${c.api}/priorities/${p.id}`,
    name: p.name,
    description: p.description,
    color: p.color,
  };
}

/** What PagerDuty will do next by itself: escalate a triggered incident, or lapse an acknowledgement. */
function pendingActions(inc: Incident): Json[] {
  const out: Json[] = [];
  if (inc.status === 'triggered' && inc.escalateAt !== null)
    out.push({ type: 'escalate', at: iso(inc.escalateAt) });
  if (inc.status === 'acknowledged' && inc.unackAt !== null) {
    out.push({ type: 'unacknowledge', at: iso(inc.unackAt) });
  }
  if (inc.status !== 'resolved' && inc.autoResolveAt !== null) {
    out.push({ type: 'resolve', at: iso(inc.autoResolveAt) });
  }
  return out;
}

export function incident(c: RenderContext, inc: Incident): Json {
  const service = c.world.service(inc.serviceId);
  const trigger = inc.log.find((e) => e.type === 'trigger_log_entry');
  const open = inc.status !== 'resolved';
  return {
    ...full(c, 'incident', inc.id, `[#${inc.number}] ${inc.title}`),
    incident_number: inc.number,
    title: inc.title,
    description: inc.title,
    created_at: iso(inc.createdAt),
    updated_at: iso(inc.updatedAt),
    status: inc.status,
    incident_key: inc.incidentKey,
    service: serviceRef(c, service.id),
    assignments: inc.assignments.map((a) => ({ at: iso(a.at), assignee: userRef(c, a.userId) })),
    assigned_via: inc.assignedVia,
    last_status_change_at: iso(inc.lastStatusChangeAt),
    last_status_change_by: agentRef(c, inc.lastStatusChangeBy),
    ...(inc.resolvedAt !== null ? { resolved_at: iso(inc.resolvedAt) } : {}),
    ...(trigger
      ? {
          first_trigger_log_entry: {
            id: trigger.id,
            type: 'trigger_log_entry_reference',
            summary: trigger.summary,
            self: `${c.api}/log_entries/${trigger.id}`,
            html_url: `${c.web}/incidents/${inc.id}/log_entries/${trigger.id}`,
          },
        }
      : {}),
    alert_counts: {
      all: inc.alertCount,
      triggered: open ? inc.alertCount : 0,
      resolved: open ? 0 : inc.alertCount,
    },
    is_mergeable: true,
    escalation_policy: policyRef(c, inc.policyId),
    teams: [teamRef(c, service.teamId)],
    pending_actions: pendingActions(inc),
    acknowledgements: inc.acknowledgements.map((a) => ({
      at: iso(a.at),
      acknowledger: userRef(c, a.userId),
    })),
    ...(inc.priorityId !== null ? { priority: priority(c, c.world.priority(inc.priorityId)) } : {}),
    urgency: inc.urgency,
    incidents_responders: [],
    responder_requests: [],
  };
}

/**
 * Log entries leave out `channel`: the spec's Channel is a oneOf whose branches
 * all accept a plain `{type}` object, so no real channel validates. Entries are
 * newest first.
 */
export function logEntry(c: RenderContext, inc: Incident, e: LogEntry): Json {
  const service = c.world.service(inc.serviceId);
  return {
    id: e.id,
    type: e.type,
    summary: e.summary,
    self: `${c.api}/log_entries/${e.id}`,
    html_url: `${c.web}/incidents/${inc.id}/log_entries/${e.id}`,
    created_at: iso(e.at),
    agent: agentRef(c, e.agent),
    incident: ref(c, 'incident', inc.id, `[#${inc.number}] ${inc.title}`),
    service: serviceRef(c, service.id),
    teams: [teamRef(c, service.teamId)],
    ...(e.assigneeIds ? { assignees: e.assigneeIds.map((id) => userRef(c, id)) } : {}),
    ...(e.note ? { note: e.note } : {}),
    ...(e.type === 'trigger_log_entry' ? { event_details: { description: inc.title } } : {}),
  };
}

export function note(c: RenderContext, n: Note): Json {
  return {
    id: n.id,
    user: userRef(c, n.userId),
    channel: { summary: 'The PagerDuty website or APIs' },
    content: n.content,
    created_at: iso(n.at),
  };
}

export function user(c: RenderContext, u: User): Json {
  return {
    ...full(c, 'user', u.id, u.name),
    name: u.name,
    email: u.email,
    time_zone: u.timeZone,
    color: u.color,
    role: u.role,
    job_title: u.jobTitle,
    description: null,
    invitation_sent: false,
    avatar_url: `https://secure.gravatar.example.com/avatar/${u.id.toLowerCase()}.png`,
    teams: [teamRef(c, u.teamId)],
  };
}

export function service(c: RenderContext, s: Service): Json {
  const open = c.world.openIncidents().filter((i) => i.serviceId === s.id);
  const last = c.world
    .incidents()
    .filter((i) => i.serviceId === s.id)
    .at(-1);
  // PagerDuty's service status: critical with a triggered high-urgency incident, warning with any open one.
  const status = open.some((i) => i.status === 'triggered' && i.urgency === 'high')
    ? 'critical'
    : open.length > 0
      ? 'warning'
      : 'active';
  return {
    ...full(c, 'service', s.id, s.name),
    name: s.name,
    description: s.description,
    ...(s.autoResolveSeconds !== null ? { auto_resolve_timeout: s.autoResolveSeconds } : {}),
    ...(s.ackTimeoutSeconds !== null ? { acknowledgement_timeout: s.ackTimeoutSeconds } : {}),
    created_at: iso(s.createdAt),
    status,
    ...(last ? { last_incident_timestamp: iso(last.createdAt) } : {}),
    escalation_policy: policyRef(c, s.policyId),
    teams: [teamRef(c, s.teamId)],
    incident_urgency_rule: { type: 'constant', urgency: 'high' },
    alert_creation: 'create_alerts_and_incidents',
  };
}

export function escalationPolicy(c: RenderContext, policyId: string): Json {
  const p = c.world.policy(policyId);
  return {
    ...full(c, 'escalation_policy', p.id, p.name),
    name: p.name,
    description: p.description,
    num_loops: p.numLoops,
    on_call_handoff_notifications: 'if_has_services',
    escalation_rules: p.rules.map((r) => ({
      id: r.id,
      escalation_delay_in_minutes: r.delayMinutes,
      targets: [r.target.kind === 'user' ? userRef(c, r.target.id) : scheduleRef(c, r.target.id)],
      escalation_rule_assignment_strategy: 'assign_to_everyone',
    })),
    services: c.world.services.filter((s) => s.policyId === p.id).map((s) => serviceRef(c, s.id)),
    teams: [teamRef(c, p.teamId)],
  };
}

const entries = (c: RenderContext, shifts: Shift[], since: number, until: number) =>
  shifts.map((s) => ({
    user: userRef(c, s.userId),
    start: iso(Math.max(s.start ?? since, since)),
    end: iso(Math.min(s.end ?? until, until)),
  }));

/** A schedule; with a window, its layer and final schedule are rendered as entries (clipped to it). */
export function schedule(c: RenderContext, s: Schedule, window?: { since: number; until: number }): Json {
  const policies = c.world.policies.filter((p) => p.rules.some((r) => r.target.id === s.id));
  const userIds = [...new Set(s.layers.flatMap((l) => l.userIds))];
  const rendered =
    window && entries(c, scheduleShifts(s, window.since, window.until), window.since, window.until);
  const coverage = rendered ? { rendered_coverage_percentage: 100 } : {};
  return {
    ...full(c, 'schedule', s.id, s.name),
    name: s.name,
    description: s.description,
    time_zone: s.timeZone,
    schedule_layers: s.layers.map((l, i) => ({
      id: l.id,
      name: `Layer ${i + 1}`,
      start: iso(l.start),
      rotation_virtual_start: iso(l.virtualStart),
      rotation_turn_length_seconds: l.turnSeconds,
      users: l.userIds.map((id) => ({ user: userRef(c, id) })),
      restrictions: [],
      ...(rendered ? { rendered_schedule_entries: rendered, ...coverage } : {}),
    })),
    ...(rendered
      ? {
          final_schedule: { name: 'Final Schedule', rendered_schedule_entries: rendered, ...coverage },
          overrides_subschedule: {
            name: 'Overrides',
            rendered_schedule_entries: [],
            rendered_coverage_percentage: 0,
          },
        }
      : {}),
    escalation_policies: policies.map((p) => policyRef(c, p.id)),
    users: userIds.map((id) => userRef(c, id)),
    teams: [teamRef(c, s.teamId)],
  };
}
