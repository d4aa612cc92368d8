/**
 * Pure mapping from parsed PagerDuty JSON to the cockpit's domain records.
 * No IO and no clock: everything a record needs arrives as an argument.
 */
import {
  type About,
  compact,
  type EscalationPolicy,
  type Incident,
  type IncidentStatus,
  type OnCallShift,
  type Priority,
  type Service,
} from 'itops-tui/plugin';
import type { LevelReading } from './levels.js';
import type { PdEscalationPolicy, PdIncident, PdOnCall, PdService } from './schema.js';

export interface MapOptions {
  /** Connector instance name (the host re-stamps it, but records are complete on their own). */
  source: string;
  region: 'us' | 'eu';
  /** Account subdomain, used for a deep link when PagerDuty sends no html_url. */
  subdomain?: string;
}

const KNOWN_STATUSES = new Set<string>(['triggered', 'acknowledged', 'resolved']);

function text(v: string | null | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
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

/** Why PagerDuty will not escalate this incident, with what to do instead; undefined when it will. */
export function escalationRefusal(raw: PdIncident, key: string): string | undefined {
  if (raw.urgency !== 'low' || normalizeStatus(raw) === 'resolved') return undefined;
  return (
    `${key} is low-urgency, and PagerDuty does not escalate low-urgency incidents. ` +
    'Raise its urgency to high in PagerDuty and escalate again, or reassign it.'
  );
}

/** A monitor quoted by a monitoring integration: `/monitors/4810021`, `monitor 4810021`, `monitor #4810021`. */
const MONITOR_REF = /\bmonitors?(?:\/|\s*#|\s+|:)(\d{3,19})\b/gi;

/**
 * What the incident is about, for correlation: its own tokens (id, number) and the monitors its
 * integration quotes in the de-duplication key or the title. Hosts in the title are read by the
 * cockpit itself.
 */
export function aboutIncident(raw: PdIncident): About {
  const ids = [`pagerduty:incident:${raw.id.toLowerCase()}`];
  if (raw.incident_number != null) ids.push(`pagerduty:incident-number:${raw.incident_number}`);
  const refs = new Set<string>();
  for (const source of [raw.incident_key, raw.title]) {
    if (typeof source !== 'string') continue;
    for (const m of source.slice(0, 2000).matchAll(MONITOR_REF)) refs.add(`datadog:monitor:${m[1]}`);
  }
  return refs.size > 0 ? { ids, refs: [...refs] } : { ids };
}

export function mapIncident(raw: PdIncident, opts: MapOptions, level?: LevelReading): Incident {
  const priorityLabel = text(raw.priority?.name) ?? text(raw.priority?.summary);
  const urgency = raw.urgency === 'high' || raw.urgency === 'low' ? raw.urgency : undefined;
  const base = webBase(opts);
  const assignees = (raw.assignments ?? [])
    .map((a) => text(a.assignee?.summary) ?? text(a.assignee?.name))
    .filter((n): n is string => n !== undefined);
  const escalations = (raw.pending_actions ?? []).filter((p) => p.type === 'escalate').map((p) => p.at);

  const key = raw.incident_number != null ? `#${raw.incident_number}` : raw.id;
  return compact<Incident>({
    kind: 'incident',
    source: opts.source,
    id: raw.id,
    key,
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
    escalationLevel: level?.kind === 'known' ? level.level : undefined,
    escalationLevelCandidates: level?.kind === 'ambiguous' ? [...level.levels] : undefined,
    escalationBlocked: escalationRefusal(raw, key),
    openedAt: raw.created_at,
    acknowledgedAt: earliest((raw.acknowledgements ?? []).map((a) => a.at)),
    resolvedAt: text(raw.resolved_at),
    updatedAt: text(raw.updated_at),
    nextEscalationAt: earliest(escalations),
    url: text(raw.html_url) ?? (base ? `${base}/incidents/${encodeURIComponent(raw.id)}` : undefined),
    about: aboutIncident(raw),
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
