/**
 * zod schemas for the ServiceNow connector: (a) its config entry under
 * `connectors:` (strict: an unknown key such as `regoin` is an error, never silently
 * dropped) and (b) the slices of Table API JSON it reads.
 *
 * Reads ask for stored values (`sysparm_display_value=false`) plus dot-walked
 * names (`assigned_to.name`); writes read the record back with
 * `sysparm_display_value=all`, where a field is `{value, display_value}`. Vendor
 * schemas accept both shapes per field and keep every field optional: map.ts
 * decides what a missing or odd value means.
 */
import { secretRefSchema } from 'itops-tui/plugin';
import { z } from 'zod';
import { checkRawQuery } from './query.js';

const basicAuthSchema = z.strictObject({
  kind: z.literal('basic'),
  /** Login (`sys_user.user_name`) of the integration user. */
  username: z.string().min(1),
  password: secretRefSchema,
});

const oauthSchema = z
  .strictObject({
    kind: z.literal('oauth'),
    /** `client_credentials` must be enabled on the instance (newer releases); `password` works everywhere. */
    grant: z.enum(['password', 'client_credentials']),
    clientId: z.string().min(1),
    clientSecret: secretRefSchema,
    /** Needed for grant: password, and for "assign to me" with client_credentials. */
    username: z.string().min(1).optional(),
    password: secretRefSchema.optional(),
  })
  .superRefine((auth, ctx) => {
    if (auth.grant !== 'password') return;
    for (const key of ['username', 'password'] as const) {
      if (auth[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `grant: password needs auth.${key}` });
      }
    }
  });

/** Config of one ServiceNow connector instance (`connectors.<instance>`). */
export const serviceNowConfigSchema = z.strictObject({
  plugin: z.literal('servicenow'),
  /** `https://<instance>.service-now.com` (no path). */
  instanceUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
  auth: z.discriminatedUnion('kind', [basicAuthSchema, oauthSchema]),
  /** Assignment groups to watch, by name or sys_id; absent or empty = every group the user can read. */
  assignmentGroups: z.array(z.string().min(1)).optional(),
  /**
   * The person at the keyboard, as this instance knows them: a user name (`sys_user.user_name`)
   * or a sys_id. "Assign to me" assigns to them; without it, to the integration user.
   */
  me: z
    .string()
    .trim()
    .min(1, { error: 'set me to your ServiceNow user name (e.g. ana.example) or your sys_id.' })
    .optional(),
  /** Extra encoded query ANDed onto the incident scope (no ORDERBY, no ^NQ). */
  query: z
    .string()
    .optional()
    .superRefine((q, ctx) => {
      const problem = q === undefined ? undefined : checkRawQuery(q);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Group (name or sys_id) an escalation reassigns to. */
  escalationGroup: z.string().min(1).optional(),
  /** What "escalate" does: raise impact+urgency to 1, reassign to escalationGroup, or both. */
  escalate: z.enum(['priority', 'group', 'both']).default('priority'),
  /** sysparm_limit of every list request; the instance default (10 000) is never relied on. */
  pageSize: z.number().int().min(1).max(1000).default(500),
  /**
   * Most rows one table read pages through. A guard, not a filter: a server that keeps
   * saying "more" is stopped here with an error instead of being followed for ever.
   */
  maxRecords: z.number().int().min(1).max(1_000_000).default(100_000),
  /** Resolved incidents younger than this stay in the list (for MTTR). */
  resolvedWindowHours: z
    .number()
    .positive()
    .max(24 * 31)
    .default(24),
});

export type ServiceNowConfig = z.output<typeof serviceNowConfigSchema>;

// ---------------------------------------------------------------- vendor JSON

/** One field: `{value, display_value}` with display_value=all, a bare string otherwise. */
export const snFieldSchema = z
  .union([
    z.string(),
    z.number(),
    z.boolean(),
    z.looseObject({ value: z.unknown().optional(), display_value: z.unknown().optional() }),
  ])
  .nullish();
export type SnField = z.output<typeof snFieldSchema>;

const f = snFieldSchema;

export const snIncidentSchema = z.looseObject({
  sys_id: f,
  number: f,
  short_description: f,
  state: f,
  active: f,
  priority: f,
  impact: f,
  urgency: f,
  assignment_group: f,
  'assignment_group.name': f,
  assigned_to: f,
  'assigned_to.name': f,
  cmdb_ci: f,
  'cmdb_ci.name': f,
  business_service: f,
  'business_service.name': f,
  hold_reason: f,
  caller_id: f,
  'caller_id.name': f,
  description: f,
  opened_at: f,
  resolved_at: f,
  closed_at: f,
  sys_updated_on: f,
  reopen_count: f,
  correlation_id: f,
  correlation_display: f,
});
export type SnIncident = z.output<typeof snIncidentSchema>;

export const snTaskSlaSchema = z.looseObject({
  sys_id: f,
  task: f,
  'task.number': f,
  sla: f,
  'sla.name': f,
  stage: f,
  has_breached: f,
  percentage: f,
  business_percentage: f,
  business_time_left: f,
  schedule: f,
  'schedule.name': f,
  start_time: f,
  planned_end_time: f,
  pause_time: f,
  pause_duration: f,
  active: f,
  sys_updated_on: f,
});
export type SnTaskSla = z.output<typeof snTaskSlaSchema>;

export const snUserSchema = z.looseObject({ sys_id: f, user_name: f, name: f });
export const snGroupSchema = z.looseObject({ sys_id: f, name: f, active: f, description: f });
/** sys_choice: a choice list entry (labels of state, priority, hold_reason codes). */
export const snChoiceSchema = z.looseObject({ name: f, element: f, value: f, label: f });
/** sys_dictionary: one column of a table. */
export const snDictionarySchema = z.looseObject({ name: f, element: f });

/** `{"result": [...]}`; items are parsed one by one so one odd row cannot hide the rest. */
export const snListSchema = z.looseObject({ result: z.array(z.unknown()) });
/** `{"result": {...}}` of a single-record read or write. */
export const snSingleSchema = z.looseObject({ result: z.looseObject({}) });

/** Table API error envelope. */
export const snErrorSchema = z.looseObject({
  error: z.looseObject({ message: z.string().nullish(), detail: z.string().nullish() }).nullish(),
  status: z.string().nullish(),
});

/** POST /oauth_token.do answer. */
export const snTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().nullish(),
  expires_in: z.union([z.number(), z.string()]).nullish(),
  token_type: z.string().nullish(),
});
