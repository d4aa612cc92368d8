/**
 * The schema of a secret reference in a connector's config, for plugins' own config schemas:
 * plain text (a number counts as text), `{env: VAR}`, `{command: "…", passEnv?: [VAR]}` or `{keychain: name}`, exactly what
 * `ctx.secrets.resolve()` takes. Both built-in connectors use it for their credentials.
 *
 * @experimental added within plugin API v1 (issue 8).
 */
import { z } from 'zod';

export const secretRefSchema = z.union([
  z.string().min(1),
  // YAML reads `token: 12345` as a number: still a (plain-text) secret, used as its text.
  z
    .number()
    .refine(Number.isFinite)
    .transform((n) => String(n)),
  z.strictObject({ env: z.string().min(1) }),
  z.strictObject({
    command: z.string().min(1),
    /** Extra environment variables the command may see (it gets PATH, HOME, USER, LANG, TERM… otherwise). */
    passEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).optional(),
  }),
  z.strictObject({ keychain: z.string().min(1) }),
]);
