/**
 * zod schemas for the Datadog connector: its config entry (strict: a typo is an error) and the
 * slices of Datadog's JSON it reads. Vendor schemas are loose: unknown fields are kept, enums
 * are open strings (Datadog adds monitor types and states without a new API version), and
 * almost everything is optional.
 */
import { secretRefSchema } from 'itops-tui/plugin';
import { z } from 'zod';

/** Datadog sites by the names people use (the site picker's labels) and by their `site` value. */
export const SITES = {
  US1: 'datadoghq.com',
  US3: 'us3.datadoghq.com',
  US5: 'us5.datadoghq.com',
  EU: 'datadoghq.eu',
  EU1: 'datadoghq.eu',
  AP1: 'ap1.datadoghq.com',
  AP2: 'ap2.datadoghq.com',
  'US1-FED': 'ddog-gov.com',
} as const;

const SITE_VALUES = new Set<string>(Object.values(SITES));

/** A site's label (`EU`) or value (`datadoghq.eu`) → its value; undefined when unknown. */
export function siteValue(site: string): string | undefined {
  const t = site.trim();
  const byLabel = (SITES as Record<string, string>)[t.toUpperCase()];
  if (byLabel) return byLabel;
  const lower = t.toLowerCase();
  return SITE_VALUES.has(lower) ? lower : undefined;
}

export const datadogConfigSchema = z.strictObject({
  plugin: z.literal('datadog'),
  /** The account's site: a label (US1, US3, US5, EU, AP1, AP2, US1-FED) or its domain. */
  site: z
    .string()
    .refine((s) => siteValue(s) !== undefined, {
      error:
        'use one of US1, US3, US5, EU, AP1, AP2, US1-FED (or datadoghq.com, us3.datadoghq.com, …), or set baseUrl.',
    })
    .default('US1'),
  /** Overrides `site` (a newer site, a proxy, the simulator). */
  baseUrl: z.url().optional(),
  /** API key (organisation) and application key (a user's or service account's). */
  apiKey: secretRefSchema,
  appKey: secretRefSchema,
  /** Only monitors carrying every one of these tags (`service:checkout`, `team:payments`). */
  monitorTags: z.array(z.string().min(1)).default([]),
  /** Monitors read per page (Datadog allows up to 1000). */
  pageSize: z.number().int().min(1).max(1000).default(500),
  /** Read v2 incidents (Incident Management); off for accounts without it. */
  incidents: z.boolean().default(true),
  /** The recent span the SLO burn rate is measured over, in minutes. */
  burnWindowMinutes: z.number().int().min(5).max(1440).default(60),
});

export type DatadogConfig = z.output<typeof datadogConfigSchema>;

// ---------------------------------------------------------------- vendor JSON

const str = z.string().nullish();
const num = z.number().nullish();

export const groupSchema = z.looseObject({
  name: str,
  status: str,
  last_triggered_ts: num,
  last_nodata_ts: num,
});

export const monitorSchema = z.looseObject({
  id: z.number().int(),
  name: str,
  type: str,
  query: str,
  message: str,
  tags: z.array(z.string()).nullish(),
  priority: num,
  overall_state: str,
  state: z.looseObject({ groups: z.record(z.string(), groupSchema.nullish()).nullish() }).nullish(),
  matching_downtimes: z
    .array(
      z.looseObject({
        id: z.union([z.string(), z.number()]),
        end: num,
        scope: z.union([z.array(z.string()), z.string()]).nullish(),
      }),
    )
    .nullish(),
});
export type DdMonitor = z.output<typeof monitorSchema>;

export const sloSchema = z.looseObject({
  id: z.string().min(1),
  name: str,
  type: str,
  tags: z.array(z.string()).nullish(),
  thresholds: z.array(z.looseObject({ timeframe: str, target: num, warning: num })).nullish(),
  target_threshold: num,
  warning_threshold: num,
  timeframe: str,
  monitor_ids: z.array(z.number()).nullish(),
});
export type DdSlo = z.output<typeof sloSchema>;

export const sloListSchema = z.looseObject({
  data: z.array(z.unknown()).nullish(),
  metadata: z
    .looseObject({ page: z.looseObject({ total_count: num, total_filtered_count: num }).nullish() })
    .nullish(),
});

export const historySchema = z.looseObject({
  data: z
    .looseObject({
      overall: z
        .looseObject({
          sli_value: num,
          error_budget_remaining: z.record(z.string(), z.number().nullish()).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

export const incidentSchema = z.looseObject({
  id: z.string().min(1),
  type: str,
  attributes: z
    .looseObject({
      public_id: num,
      title: str,
      severity: str,
      state: str,
      fields: z.record(z.string(), z.looseObject({ type: str, value: z.unknown() }).nullish()).nullish(),
      created: str,
      modified: str,
      detected: str,
      resolved: str,
      is_test: z.boolean().nullish(),
    })
    .nullish(),
});
export type DdIncident = z.output<typeof incidentSchema>;

export const incidentListSchema = z.looseObject({
  data: z.array(z.unknown()).nullish(),
  meta: z
    .looseObject({
      pagination: z.looseObject({ offset: num, next_offset: num, size: num }).nullish(),
    })
    .nullish(),
});

export const downtimeSchema = z.looseObject({
  id: z.string().min(1),
  attributes: z
    .looseObject({
      scope: str,
      status: str,
      monitor_identifier: z
        .looseObject({ monitor_id: num, monitor_tags: z.array(z.string()).nullish() })
        .nullish(),
      schedule: z.looseObject({ start: str, end: str }).nullish(),
      message: str,
    })
    .nullish(),
});
export type DdDowntime = z.output<typeof downtimeSchema>;

export const downtimeListSchema = z.looseObject({
  data: z.array(z.unknown()).nullish(),
  meta: z.looseObject({ page: z.looseObject({ total_filtered_count: num }).nullish() }).nullish(),
});
