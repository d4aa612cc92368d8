/**
 * The host's `ctx.http` stops reading a response body past a size limit (a
 * misbehaving server or proxy streaming without end must not eat the machine's
 * memory). The request then fails with an error whose `code` is this value, so a
 * connector can report it as the vendor's bad answer rather than a network fault.
 *
 * @experimental
 */
export const RESPONSE_TOO_LARGE = 'ERR_RESPONSE_TOO_LARGE' as const;

/** True for the error `ctx.http` throws when a response body exceeds the host's limit. */
export function isResponseTooLarge(err: unknown): err is Error & { code: typeof RESPONSE_TOO_LARGE } {
  return err instanceof Error && (err as { code?: unknown }).code === RESPONSE_TOO_LARGE;
}
