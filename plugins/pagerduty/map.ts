/**
 * Pure mapping from parsed PagerDuty JSON to the cockpit's domain records.
 * No IO and no clock: everything a record needs arrives as an argument.
 */
import type {
  EscalationPolicy,
  Incident,
  IncidentStatus,
  OnCallShift,
  Priority,
  Service,
} from 'itops-tui/plugin';
import type { PdEscalationPolicy, PdIncident, PdOnCall, PdService } from './schema.js';

export interface MapOptions {
  /** Connector instance name (the host re-stamps it, but records are complete on their own). */
  source: string;
  region: 'us' | 'eu';
  /** Account subdomain, used for a deep link when PagerDuty sends no html_url. */
  subdomain?: string;
}

/**
 * policy id → user id → lowest escalation level that user is on call for.
 * PagerDuty incidents carry no level; the assignees of an incident are the
 * on-call users of the level it has reached, so matching them gives the level.
 */
export type LevelIndex = Map<string, Map<string, number>>;

const KNOWN_STATUSES = new Set<string>(['triggered', 'acknowledged', 'resolved']);

function text(v: string | null | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** Drop keys whose value is undefined so records stay tidy JSON (snapshots, equality). */
function compact<T extends object>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}

function earliest(times: (string | null | undefined)[]): string | undefined {
  let best: string | undefined;
  let bestMs = Number.POSITIVE_INFINITY;
  for (const t of times) {
    const ms = t ? Date.parse(t) : Number.NaN;
    if (!Number.isNaN(ms) && ms < bestMs) {
      best = t!;
      bestMs = ms;
    }
  }
  return best;
}

/** "P1", "p2", "P3 - Minor" → P1..P5; anything else (custom schemes) has no bucket. */
export function normalizePriority(label: string | undefined): Priority | undefined {
  const m = label?.trim().match(/^P([1-5])(?![0-9])/i);
  return m ? (`P${m[1]}` as Priority) : undefined;
}

/** An unknown status keeps the incident visible in the most conservative open state that fits. */
export function normalizeStatus(raw: PdIncident): IncidentStatus {
  const s = raw.status ?? '';
  if (KNOWN_STATUSES.has(s)) return s as IncidentStatus;
  if (text(raw.resolved_at)) return 'resolved';
  if ((raw.acknowledgements ?? []).length > 0) return 'acknowledged';
  return 'triggered';
}

export function webBase(opts: Pick<MapOptions, 'region' | 'subdomain'>): string | undefined {
  if (!opts.subdomain) return undefined;
  return `https://${opts.subdomain}${opts.region === 'eu' ? '.eu' : ''}.pagerduty.com`;
}

/** Build the level index from `GET /oncalls` rows. */
export function indexLevels(oncalls: readonly PdOnCall[]): LevelIndex {
  const index: LevelIndex = new Map();
  for (const oc of oncalls) {
    const byUser = index.get(oc.escalation_policy.id) ?? new Map<string, number>();
    const prev = byUser.get(oc.user.id);
    if (prev === undefined || oc.escalation_level < prev) byUser.set(oc.user.id, oc.escalation_level);
    index.set(oc.escalation_policy.id, byUser);
  }
  return index;
}

/**
 * The level an incident is at: the lowest level of its policy at which one of its
 * assignees is on call. Undefined when nobody matches (direct assignment, a
 * reassigned incident, or on-calls that changed since).
 */
export function levelOf(raw: PdIncident, index: LevelIndex): number | undefined {
  const policyId = raw.escalation_policy?.id;
  const byUser = policyId ? index.get(policyId) : undefined;
  if (!byUser) return undefined;
  let level: number | undefined;
  for (const a of raw.assignments ?? []) {
    const l = a.assignee ? byUser.get(a.assignee.id) : undefined;
    if (l !== undefined && l > 0 && (level === undefined || l < level)) level = l;
  }
  return level;
}

export function mapIncident(raw: PdIncident, opts: MapOptions, levels?: LevelIndex): Incident {
  const priorityLabel = text(raw.priority?.name) ?? text(raw.priority?.summary);
  const urgency = raw.urgency === 'high' || raw.urgency === 'low' ? raw.urgency : undefined;
  const base = webBase(opts);
  const assignees = (raw.assignments ?? [])
    .map((a) => text(a.assignee?.summary) ?? text(a.assignee?.name))
    .filter((n): n is string => n !== undefined);
  const escalations = (raw.pending_actions ?? []).filter((p) => p.type === 'escalate').map((p) => p.at);

  return compact<Incident>({
    kind: 'incident',
    source: opts.source,
    id: raw.id,
    key: raw.incident_number != null ? `#${raw.incident_number}` : raw.id,
    title: text(raw.title) ?? text(raw.summary) ?? '(no title)',
    status: normalizeStatus(raw),
    vendorStatus: text(raw.status) ?? 'unknown',
    priority: normalizePriority(priorityLabel),
    priorityLabel,
    urgency,
    service: text(raw.service?.summary) ?? text(raw.service?.name),
    serviceId: raw.service?.id,
    assignees,
    group: text(raw.teams?.[0]?.summary) ?? text(raw.teams?.[0]?.name),
    escalationPolicy: text(raw.escalation_policy?.summary) ?? text(raw.escalation_policy?.name),
    escalationPolicyId: raw.escalation_policy?.id,
    escalationLevel: levels ? levelOf(raw, levels) : undefined,
    openedAt: raw.created_at,
    acknowledgedAt: earliest((raw.acknowledgements ?? []).map((a) => a.at)),
    resolvedAt: text(raw.resolved_at),
    updatedAt: text(raw.updated_at),
    nextEscalationAt: earliest(escalations),
    url: text(raw.html_url) ?? (base ? `${base}/incidents/${encodeURIComponent(raw.id)}` : undefined),
  });
}

export function mapOnCall(raw: PdOnCall, opts: Pick<MapOptions, 'source'>): OnCallShift {
  return compact<OnCallShift>({
    kind: 'oncall',
    source: opts.source,
    policyId: raw.escalation_policy.id,
    policyName:
      text(raw.escalation_policy.summary) ?? text(raw.escalation_policy.name) ?? raw.escalation_policy.id,
    level: raw.escalation_level,
    scheduleId: raw.schedule?.id,
    scheduleName: text(raw.schedule?.summary) ?? text(raw.schedule?.name),
    userId: raw.user.id,
    // With include[]=users the user is a full object: `name` beats the reference's `summary`.
    userName: text(raw.user.name) ?? text(raw.user.summary) ?? raw.user.id,
    userEmail: text(raw.user.email),
    start: text(raw.start) ?? null,
    end: text(raw.end) ?? null,
  });
}

export function mapEscalationPolicy(raw: PdEscalationPolicy, opts: MapOptions): EscalationPolicy {
  const base = webBase(opts);
  return compact<EscalationPolicy>({
    kind: 'escalation_policy',
    source: opts.source,
    id: raw.id,
    name: text(raw.name) ?? text(raw.summary) ?? raw.id,
    levels: (raw.escalation_rules ?? []).map((rule, i) => ({
      level: i + 1,
      delayMinutes: rule.escalation_delay_in_minutes ?? 0,
      targets: (rule.targets ?? []).map((t) => text(t.summary) ?? text(t.name) ?? t.id),
    })),
    numLoops: Math.max(0, raw.num_loops ?? 0),
    url:
      text(raw.html_url) ?? (base ? `${base}/escalation_policies/${encodeURIComponent(raw.id)}` : undefined),
  });
}

export function mapService(raw: PdService, opts: MapOptions): Service {
  const base = webBase(opts);
  return compact<Service>({
    kind: 'service',
    source: opts.source,
    id: raw.id,
    name: text(raw.name) ?? text(raw.summary) ?? raw.id,
    status: text(raw.status) ?? 'unknown',
    escalationPolicyId: raw.escalation_policy?.id,
    url: text(raw.html_url) ?? (base ? `${base}/service-directory/${encodeURIComponent(raw.id)}` : undefined),
  });
}
