/**
 * zod schemas for the PagerDuty connector: (a) its config entry under
 * `connectors:` (strict: an unknown key such as `regoin` is an error, never silently
 * dropped) and (b) the slices of PagerDuty's JSON that the connector reads.
 *
 * Vendor schemas are deliberately loose: objects keep unknown fields, enums are
 * plain strings (map.ts decides what an unknown value means), and every field is
 * optional unless map.ts cannot build a record without it. PagerDuty adds fields
 * and enum values without a new API version; none of that may break the cockpit.
 */
import { secretRefSchema } from 'itops-tui/plugin';
import { z } from 'zod';

/** Config of one PagerDuty connector instance (`connectors.<instance>`). */
export const pagerDutyConfigSchema = z.strictObject({
  plugin: z.literal('pagerduty'),
  /** REST API key (account or user key): a literal, {env}, {command} or {keychain}. */
  token: secretRefSchema,
  /** Which PagerDuty region the account lives in; an EU token gets 401 on the US host. */
  region: z.enum(['us', 'eu']).default('us'),
  /** Overrides `region`: the demo and tests point this at a loopback simulator. */
  baseUrl: z.url().optional(),
  /** Email of a PagerDuty user; PagerDuty requires it (`From` header) on every write. */
  fromEmail: z.email().optional(),
  /** Account subdomain (`acme` in acme.pagerduty.com), for deep links when html_url is missing. */
  subdomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/i, 'expected the bare subdomain, e.g. "acme" for acme.pagerduty.com')
    .optional(),
  /** Only these escalation policies (on-call, policies). */
  escalationPolicyIds: z.array(z.string().min(1)).optional(),
  /** Only incidents of these services, and only these services. */
  serviceIds: z.array(z.string().min(1)).optional(),
  /** Only incidents / policies / services of these teams (needs the `teams` ability). */
  teamIds: z.array(z.string().min(1)).optional(),
  /** Only incidents of these urgencies (needs the `urgencies` ability). */
  urgencies: z.array(z.enum(['high', 'low'])).optional(),
  /** Records per list request; PagerDuty caps it at 100. */
  pageSize: z.number().int().min(1).max(100).default(100),
});

export type PagerDutyConfig = z.output<typeof pagerDutyConfigSchema>;

// ---------------------------------------------------------------- vendor JSON

const str = z.string().nullish();
const time = z.string().nullish();

/** `{id, type, summary}` reference; `type` stays a string so new kinds (schedule_v3_reference) parse. */
export const pdReferenceSchema = z.looseObject({
  id: z.string(),
  type: str,
  summary: str,
  name: str,
  html_url: str,
});
export type PdReference = z.output<typeof pdReferenceSchema>;

export const pdIncidentSchema = z.looseObject({
  id: z.string().min(1),
  incident_number: z.number().int().nullish(),
  title: str,
  summary: str,
  /** The de-duplication key an integration set (a monitoring tool puts its alert's id here). */
  incident_key: str,
  /** triggered | acknowledged | resolved today; kept open for new states. */
  status: str,
  /** high | low today; unknown values map to "no urgency". */
  urgency: str,
  priority: z.looseObject({ id: str, summary: str, name: str }).nullish(),
  created_at: z.string(),
  updated_at: time,
  resolved_at: time,
  html_url: str,
  service: pdReferenceSchema.nullish(),
  escalation_policy: pdReferenceSchema.nullish(),
  teams: z.array(pdReferenceSchema).nullish(),
  assignments: z.array(z.looseObject({ at: time, assignee: pdReferenceSchema.nullish() })).nullish(),
  acknowledgements: z.array(z.looseObject({ at: time, acknowledger: pdReferenceSchema.nullish() })).nullish(),
  pending_actions: z.array(z.looseObject({ type: str, at: time })).nullish(),
  /** escalation_policy | direct_assignment: a direct assignment sits on no level of its policy. */
  assigned_via: str,
  /**
   * Not in PagerDuty's REST v2 incident today (checked against the spec); honoured if it ever
   * appears, because PagerDuty's own word beats anything derived.
   */
  escalation_level: z.number().int().nullish(),
});
export type PdIncident = z.output<typeof pdIncidentSchema>;

/** The slice of an incident log entry the level derivation reads. */
export const pdLogEntrySchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  created_at: z.string(),
});
export type PdLogEntry = z.output<typeof pdLogEntrySchema>;

export const pdOnCallSchema = z.looseObject({
  escalation_policy: pdReferenceSchema,
  escalation_level: z.number().int(),
  /** A user reference, or the full user (with email) under `include[]=users`. */
  user: pdReferenceSchema.extend({ email: str }),
  /** Null for direct user targets; `schedule_v3_reference` for v3 schedules. */
  schedule: pdReferenceSchema.nullish(),
  /** Null start/end = permanent on-call (direct user target). */
  start: time,
  end: time,
});
export type PdOnCall = z.output<typeof pdOnCallSchema>;

export const pdEscalationPolicySchema = z.looseObject({
  id: z.string().min(1),
  name: str,
  summary: str,
  num_loops: z.number().int().nullish(),
  html_url: str,
  escalation_rules: z
    .array(
      z.looseObject({
        id: str,
        escalation_delay_in_minutes: z.number().nullish(),
        targets: z.array(pdReferenceSchema).nullish(),
      }),
    )
    .nullish(),
});
export type PdEscalationPolicy = z.output<typeof pdEscalationPolicySchema>;

export const pdServiceSchema = z.looseObject({
  id: z.string().min(1),
  name: str,
  summary: str,
  /** active | warning | critical | maintenance | disabled; kept as the vendor's word. */
  status: str,
  html_url: str,
  escalation_policy: pdReferenceSchema.nullish(),
});
export type PdService = z.output<typeof pdServiceSchema>;

/** Classic offset pagination fields; the resource array itself is checked item by item. */
export const pdPageMetaSchema = z.looseObject({
  limit: z.number().int().nullish(),
  offset: z.number().int().nullish(),
  more: z.boolean().nullish(),
  total: z.number().int().nullish(),
});

export const pdIncidentEnvelope = z.looseObject({ incident: pdIncidentSchema });
export const pdPolicyEnvelope = z.looseObject({ escalation_policy: pdEscalationPolicySchema });
export const pdNoteEnvelope = z.looseObject({ note: z.looseObject({ id: str, content: str }) });
export const pdAbilitiesSchema = z.looseObject({ abilities: z.array(z.string()) });
export const pdUserEnvelope = z.looseObject({
  user: z.looseObject({ id: str, name: str, email: str }),
});

/** PagerDuty's error body: `{error: {code, message, errors[]}}`, all parts optional. */
export const pdErrorSchema = z.looseObject({
  error: z
    .looseObject({
      code: z.number().nullish(),
      message: str,
      errors: z.array(z.unknown()).nullish(),
    })
    .nullish(),
});
