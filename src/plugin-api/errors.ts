/**
 * Errors a connector throws. `code` is stable and drives what the cockpit does
 * (retry later, stop polling until the config is fixed, show "already done").
 */
export type PluginErrorCode =
  /** Credentials missing, wrong or expired (HTTP 401). Polling stops until fixed. */
  | 'AUTH'
  /** Authenticated but not allowed, e.g. a read-only key on a write (HTTP 403/402). */
  | 'FORBIDDEN'
  /** The record does not exist (any more). */
  | 'NOT_FOUND'
  /** Vendor rate limit; `retryAfterMs` says when to try again. */
  | 'RATE_LIMITED'
  /** The vendor refused the request as invalid (HTTP 400/422). */
  | 'INVALID'
  /** The vendor answered with something that is not the documented shape. */
  | 'BAD_RESPONSE'
  /** Network failure, timeout or 5xx. */
  | 'UNAVAILABLE'
  /** The action makes no sense in the record's state (e.g. escalate past the last level). */
  | 'CONFLICT'
  | 'INTERNAL';

export class PluginError extends Error {
  override readonly name = 'PluginError';
  readonly code: PluginErrorCode;
  /** HTTP status when the error came from a response. */
  readonly status?: number;
  /** Milliseconds to wait before retrying, from Retry-After / rate-limit headers. */
  readonly retryAfterMs?: number;

  constructor(
    code: PluginErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
