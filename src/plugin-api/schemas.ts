/**
 * zod schemas every connector's config needs, so each plugin does not write its own.
 * @experimental added within plugin API v1 (issue 11).
 */
import { z } from 'zod';

/**
 * A credential in a plugin's config: the value itself (discouraged: the cockpit warns), or where
 * the host finds it — `{env: NAME}`, `{command: "…"}` (its stdout), `{keychain: NAME}` (set with
 * `itops-tui auth set NAME`). Pass the parsed value to `ctx.secrets.resolve()`; never read it
 * yourself.
 */
export const secretRefSchema = z.union([
  z.string().min(1),
  z.strictObject({ env: z.string().min(1) }),
  z.strictObject({ command: z.string().min(1) }),
  z.strictObject({ keychain: z.string().min(1) }),
]);
