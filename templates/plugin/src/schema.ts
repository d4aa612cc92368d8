/**
 * Your connector's config entry, checked by the cockpit before anything starts. Keep it strict:
 * a typo in a user's config is then an error with a did-you-mean, never silently ignored.
 * The vendor schemas below parse what the API returns: fields stay optional until map.ts needs
 * them, so a vendor that adds a field or a state does not break a poll.
 */
import { secretRefSchema } from 'itops-tui-plugin-kit';
import { z } from 'zod';

export const configSchema = z.strictObject({
  /** The `plugin:` value from the user's config (your id or your package name). */
  plugin: z.string(),
  /** Where the API lives; tests point it at the fixture server. */
  baseUrl: z.url(),
  /** API token: `{env: NAME}`, `{keychain: NAME}` or `{command: "…"}`; resolved by the host. */
  token: secretRefSchema,
});
export type Config = z.output<typeof configSchema>;

/** One ticket as the vendor sends it. */
export const ticketSchema = z.looseObject({
  id: z.string().min(1),
  number: z.string().optional(),
  summary: z.string().default(''),
  state: z.string().optional(),
  priority: z.number().int().optional(),
  assignee: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});
export type Ticket = z.output<typeof ticketSchema>;

export const ticketListSchema = z.looseObject({ tickets: z.array(z.unknown()) });
