/**
 * The plugin's config entry (strict: a typo is an error, never silently ignored) and the slice
 * of the vendor's JSON it reads. Vendor fields stay optional and enums stay strings until
 * map.ts decides what they mean: a vendor that adds a field or a value must not break a poll.
 */
import { secretRefSchema } from 'itops-tui-plugin-kit';
import { z } from 'zod';

export const configSchema = z.strictObject({
  /** The `plugin:` value (the package name or the id `alerts`). */
  plugin: z.string(),
  /** The API's base URL: https://api.opsgenie.com, https://api.eu.opsgenie.com, or a simulator. */
  baseUrl: z.url().default('https://api.opsgenie.com'),
  /** API key of an API integration: `{env: ALERTS_API_KEY}`, `{keychain: …}` or `{command: …}`. */
  apiKey: secretRefSchema,
  /** The vendor's search query for the alerts to show. */
  query: z.string().min(1).default('status:open'),
  /** Who acknowledges and writes notes, as the vendor shows it (a user name or email). */
  user: z.string().min(1).default('itops-tui'),
  /** Link for each alert in the vendor's web UI, with `{id}` for the alert id. */
  webUrl: z.string().includes('{id}').optional(),
});
export type AlertsConfig = z.output<typeof configSchema>;

export const alertSchema = z.looseObject({
  id: z.string().min(1),
  tinyId: z.string().optional(),
  message: z.string().default(''),
  status: z.string().optional(),
  acknowledged: z.boolean().optional(),
  priority: z.string().optional(),
  owner: z.string().optional(),
  entity: z.string().optional(),
  tags: z.array(z.string()).optional(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});
export type Alert = z.output<typeof alertSchema>;

export const alertPageSchema = z.looseObject({
  data: z.array(z.unknown()),
  paging: z.looseObject({ next: z.string().optional() }).optional(),
});

/** 202 answer to a write: the vendor queued it under this id. */
export const acceptedSchema = z.looseObject({ requestId: z.string().min(1) });

/** What became of a queued write. */
export const requestStatusSchema = z.looseObject({
  data: z.looseObject({ isSuccess: z.boolean(), status: z.string().default('') }),
});
