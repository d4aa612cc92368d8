/**
 * zod schemas for the CrowdStrike Falcon connector: its config entry (strict: a typo such as
 * `clientSecet` is an error) and the slices of Falcon's JSON it reads. Vendor schemas are loose:
 * unknown fields are kept, enums are strings (map.ts decides what an unknown value means), and
 * almost everything is optional — Falcon adds fields and values without a new API version.
 */
import { secretRefSchema } from 'itops-tui/plugin';
import { z } from 'zod';

/** Falcon clouds by name (falconpy's base-URL table). */
export const CLOUDS = {
  'us-1': 'https://api.crowdstrike.com',
  'us-2': 'https://api.us-2.crowdstrike.com',
  'eu-1': 'https://api.eu-1.crowdstrike.com',
  'us-gov-1': 'https://api.laggar.gcw.crowdstrike.com',
  'us-gov-2': 'https://api.us-gov-2.crowdstrike.mil',
} as const;
export type Cloud = keyof typeof CLOUDS;

/** The Falcon console of each cloud, for deep links. */
export const CONSOLES: Record<Cloud, string> = {
  'us-1': 'https://falcon.crowdstrike.com',
  'us-2': 'https://falcon.us-2.crowdstrike.com',
  'eu-1': 'https://falcon.eu-1.crowdstrike.com',
  'us-gov-1': 'https://falcon.laggar.gcw.crowdstrike.com',
  'us-gov-2': 'https://falcon.us-gov-2.crowdstrike.mil',
};

export const falconConfigSchema = z.strictObject({
  plugin: z.literal('crowdstrike'),
  /** Which Falcon cloud the API client lives in. */
  cloud: z
    .enum(Object.keys(CLOUDS) as [Cloud, ...Cloud[]], {
      error: 'use one of us-1, us-2, eu-1, us-gov-1, us-gov-2 (or set baseUrl).',
    })
    .default('us-1'),
  /** Overrides `cloud` (a proxy, or the built-in simulator). */
  baseUrl: z.url().optional(),
  /** OAuth2 API client id and secret (Falcon console → Support → API clients and keys). */
  clientId: secretRefSchema,
  clientSecret: secretRefSchema,
  /** MSSP (Flight Control) only: the child CID to act in. */
  memberCid: z
    .string()
    .regex(/^[0-9a-fA-F]{32}(-[0-9a-fA-F]{2})?$/, {
      error: 'a CID is 32 hex digits (optionally followed by a dash and 2 hex digits).',
    })
    .optional(),
  /** Hours between full reloads of the fleet; polls in between fetch only changed hosts. */
  fullReloadHours: z.number().min(0.25).max(168).default(6),
  /** Detail requests (5000 hosts each) in flight at once during a full load. */
  parallel: z.number().int().min(1).max(16).default(4),
});

export type FalconConfig = z.output<typeof falconConfigSchema>;

// ---------------------------------------------------------------- vendor JSON

const str = z.string().nullish();

export const apiErrorSchema = z.looseObject({ code: z.number().nullish(), message: str, id: str });

export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: str,
  expires_in: z.number().nullish(),
});

const paging = z
  .looseObject({
    offset: z.union([z.string(), z.number()]).nullish(),
    limit: z.number().nullish(),
    total: z.number().nullish(),
    expires_at: z.number().nullish(),
  })
  .nullish();

export const envelope = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    meta: z.looseObject({ pagination: paging }).nullish(),
    resources: z.array(item).nullish(),
    errors: z.array(apiErrorSchema).nullish(),
  });

export const devicePolicySchema = z.looseObject({
  policy_id: str,
  policy_type: str,
  applied: z.boolean().nullish(),
  applied_date: str,
  assigned_date: str,
  settings_hash: str,
});

export const deviceSchema = z.looseObject({
  device_id: z.string().min(1),
  cid: str,
  hostname: str,
  machine_domain: str,
  platform_name: str,
  os_version: str,
  os_product_name: str,
  product_type_desc: str,
  agent_version: str,
  first_seen: str,
  last_seen: str,
  modified_timestamp: str,
  status: str,
  reduced_functionality_mode: str,
  tags: z.array(z.string()).nullish(),
  // Keys mix `_` and `-` (sensor_update, cloud-ml): a record, read by key.
  device_policies: z.record(z.string(), devicePolicySchema.nullish()).nullish(),
});
export type FalconDevice = z.output<typeof deviceSchema>;

export const policySchema = z.looseObject({
  id: z.string().min(1),
  name: str,
  platform_name: str,
  settings: z.looseObject({ build: str, sensor_version: str }).nullish(),
});
export type FalconPolicy = z.output<typeof policySchema>;

export const buildSchema = z.looseObject({ build: str, platform: str, sensor_version: str });
export type FalconBuild = z.output<typeof buildSchema>;

export const assessmentSchema = z.looseObject({
  aid: z.string().min(1),
  assessment: z.looseObject({ overall: z.number().nullish() }).nullish(),
});
