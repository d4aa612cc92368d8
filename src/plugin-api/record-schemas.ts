/**
 * Runtime check of what plugins return before it enters the store. Plugins can be
 * plain JS written by anyone; the types promise nothing at run time.
 */
import { z } from 'zod';
import type { RecordKindId } from '../domain/kinds.js';
import type { StreamName } from './index.js';

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 time');
const base = { source: z.string(), id: z.string().min(1) };

/** At most this many names or tokens per list are kept: a vendor's runaway list costs nothing. */
const ABOUT_MAX = 50;
const aboutList = z
  .array(z.string())
  .transform((list) => list.filter((x) => x.length > 0 && x.length <= 300).slice(0, ABOUT_MAX))
  .optional();
/** What a record is about, for correlation (`About` in domain/model.ts). @experimental (issue 13). */
export const aboutSchema = z
  .object({ hosts: aboutList, cis: aboutList, services: aboutList, refs: aboutList, ids: aboutList })
  .optional();

export const incidentSchema = z.object({
  ...base,
  kind: z.literal('incident'),
  key: z.string(),
  title: z.string(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  vendorStatus: z.string(),
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional(),
  priorityLabel: z.string().optional(),
  urgency: z.enum(['high', 'low']).optional(),
  service: z.string().optional(),
  serviceId: z.string().optional(),
  assignees: z.array(z.string()),
  group: z.string().optional(),
  escalationPolicy: z.string().optional(),
  escalationPolicyId: z.string().optional(),
  escalationLevel: z.number().int().positive().optional(),
  escalationLevelCandidates: z.array(z.number().int().positive()).min(2).optional(),
  escalationBlocked: z.string().optional(),
  about: aboutSchema,
  openedAt: iso,
  acknowledgedAt: iso.optional(),
  resolvedAt: iso.optional(),
  updatedAt: iso.optional(),
  nextEscalationAt: iso.optional(),
  holdReason: z.string().optional(),
  reopenCount: z.number().int().nonnegative().optional(),
  onHold: z.boolean().optional(),
  url: z.string().optional(),
  caller: z.string().optional(),
  description: z.string().optional(),
});

export const onCallSchema = z.object({
  kind: z.literal('oncall'),
  source: z.string(),
  policyId: z.string(),
  policyName: z.string(),
  level: z.number().int().positive(),
  scheduleId: z.string().optional(),
  scheduleName: z.string().optional(),
  userId: z.string(),
  userName: z.string(),
  userEmail: z.string().optional(),
  start: iso.nullable(),
  end: iso.nullable(),
});

export const policySchema = z.object({
  ...base,
  kind: z.literal('escalation_policy'),
  name: z.string(),
  levels: z.array(
    z.object({ level: z.number().int(), delayMinutes: z.number(), targets: z.array(z.string()) }),
  ),
  numLoops: z.number().int().nonnegative(),
  url: z.string().optional(),
});

export const serviceSchema = z.object({
  ...base,
  kind: z.literal('service'),
  name: z.string(),
  status: z.string(),
  escalationPolicyId: z.string().optional(),
  url: z.string().optional(),
});

export const slaSchema = z.object({
  ...base,
  kind: z.literal('sla'),
  taskId: z.string(),
  taskKey: z.string(),
  taskTitle: z.string().optional(),
  name: z.string(),
  target: z.enum(['response', 'resolution']).optional(),
  stage: z.enum(['in_progress', 'paused', 'breached', 'achieved', 'cancelled']),
  vendorStage: z.string(),
  breached: z.boolean(),
  percentElapsed: z.number().finite(),
  schedule: z.string().optional(),
  businessTimeLeftMs: z.number().nonnegative().optional(),
  startedAt: iso.optional(),
  plannedEndAt: iso.optional(),
  pausedAt: iso.optional(),
  pausedMs: z.number().nonnegative().optional(),
  assignee: z.string().optional(),
  group: z.string().optional(),
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional(),
  url: z.string().optional(),
  about: aboutSchema,
});

const hostPolicy = {
  id: z.string(),
  name: z.string().optional(),
  applied: z.boolean(),
  appliedAt: iso.optional(),
  assignedAt: iso.optional(),
};

export const hostSchema = z.object({
  ...base,
  kind: z.literal('host'),
  hostname: z.string().min(1),
  fqdn: z.string().optional(),
  platform: z.string(),
  os: z.string().optional(),
  productType: z.string().optional(),
  sensorVersion: z.string().optional(),
  lastSeen: iso.optional(),
  firstSeen: iso.optional(),
  modifiedAt: iso.optional(),
  containment: z.enum(['normal', 'containment_pending', 'contained', 'lift_containment_pending']),
  vendorStatus: z.string(),
  reducedFunctionality: z.boolean(),
  prevention: z.object(hostPolicy).optional(),
  sensorUpdate: z
    .object({ ...hostPolicy, targetVersion: z.string().optional(), targetBuild: z.string().optional() })
    .optional(),
  ztaScore: z.number().min(0).max(100).optional(),
  tags: z.array(z.string()),
  url: z.string().optional(),
  about: aboutSchema,
});

const monitorState = z.enum(['alert', 'warn', 'no_data', 'ok', 'unknown']);

export const monitorSchema = z.object({
  ...base,
  kind: z.literal('monitor'),
  monitorId: z.string().min(1),
  name: z.string(),
  state: monitorState,
  vendorState: z.string(),
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional(),
  type: z.string(),
  service: z.string().optional(),
  hosts: z.array(z.string()),
  tags: z.array(z.string()),
  groups: z.array(
    z.object({
      name: z.string(),
      state: monitorState,
      vendorState: z.string(),
      host: z.string().optional(),
      triggeredAt: iso.optional(),
      muted: z.boolean(),
    }),
  ),
  muted: z.boolean(),
  mutes: z.array(
    z.object({
      id: z.string().min(1),
      group: z.string().optional(),
      until: iso.optional(),
      message: z.string().optional(),
    }),
  ),
  triggeredAt: iso.optional(),
  query: z.string().optional(),
  url: z.string().optional(),
  about: aboutSchema,
});

export const sloSchema = z.object({
  ...base,
  kind: z.literal('slo'),
  name: z.string(),
  type: z.string(),
  timeframe: z.string(),
  windowMs: z.number().positive().finite(),
  target: z.number().gt(0).lt(100),
  warning: z.number().finite().optional(),
  sli: z.number().finite().optional(),
  budgetRemaining: z.number().finite().optional(),
  burnRate: z.number().nonnegative().finite().optional(),
  burnWindowMs: z.number().positive().finite().optional(),
  readAt: iso,
  service: z.string().optional(),
  tags: z.array(z.string()),
  monitorIds: z.array(z.string()),
  url: z.string().optional(),
});

/** What a plugin must return for each record kind (see `domain/kinds.ts` for the registry). */
export const RECORD_SCHEMAS: { readonly [K in RecordKindId]: z.ZodType } = {
  incident: incidentSchema,
  oncall: onCallSchema,
  escalation_policy: policySchema,
  service: serviceSchema,
  sla: slaSchema,
  host: hostSchema,
  monitor: monitorSchema,
  slo: sloSchema,
};

export const STREAM_SCHEMAS: Record<StreamName, z.ZodType> = {
  incidents: RECORD_SCHEMAS.incident,
  oncall: RECORD_SCHEMAS.oncall,
  policies: RECORD_SCHEMAS.escalation_policy,
  services: RECORD_SCHEMAS.service,
  slas: RECORD_SCHEMAS.sla,
  hosts: RECORD_SCHEMAS.host,
  monitors: RECORD_SCHEMAS.monitor,
  slos: RECORD_SCHEMAS.slo,
};

/** Most timeline entries one read may bring; older ones beyond it are dropped. */
export const MAX_TIMELINE_ENTRIES = 500;

/** One entry of `timeline()` (see `TimelineEntry`). Text is capped so one entry cannot flood the detail. */
export const timelineEntrySchema = z.object({
  at: iso,
  kind: z.enum(['note', 'status', 'assign', 'escalate', 'notify', 'other']),
  who: z.string().max(200).optional(),
  text: z.string().transform((t) => (t.length > 4000 ? `${t.slice(0, 3999)}…` : t)),
});

export const actionResultSchema = z.object({
  ok: z.literal(true),
  message: z.string(),
  alreadyDone: z.boolean().optional(),
});
