/**
 * The schema of a secret reference in a connector's config, for plugins' own config schemas:
 * plain text, `{env: VAR}`, `{command: "…"}` or `{keychain: name}`, exactly what
 * `ctx.secrets.resolve()` takes. Both built-in connectors use it for their credentials.
 *
 * @experimental added within plugin API v1 (issue 8).
 */
import { z } from 'zod';

export const secretRefSchema = z.union([
  z.string().min(1),
  z.strictObject({ env: z.string().min(1) }),
  z.strictObject({ command: z.string().min(1) }),
  z.strictObject({ keychain: z.string().min(1) }),
]);
