/**
 * Errors a connector throws. `code` is stable and drives what the cockpit does
 * (retry later, stop polling until the config is fixed, show "already done", and
 * for a write: whether it is reported as failed or as "may have been applied").
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
  /**
   * Network failure, timeout or 5xx on a read. On a write: only when the request certainly
   * never reached the vendor (connection refused, DNS or TLS failure); else OUTCOME_UNKNOWN.
   */
  | 'UNAVAILABLE'
  /** The action makes no sense in the record's state (e.g. escalate past the last level). */
  | 'CONFLICT'
  /**
   * A write was sent (or may have been) and no answer said whether the vendor applied it:
   * a timeout after sending, a connection reset or hang-up, a 5xx. The cockpit reports it as
   * "may have been applied", re-reads the record and never retries it by itself.
   * @experimental added within plugin API v1.
   */
  | 'OUTCOME_UNKNOWN'
  | 'INTERNAL';

/**
 * Every code a plugin may throw, for tools that check a plugin (`checkPlugin`) or print the
 * table in docs/plugins.md. @experimental added within plugin API v1 (issue 11).
 */
export const PLUGIN_ERROR_CODES = [
  'AUTH',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'INVALID',
  'BAD_RESPONSE',
  'UNAVAILABLE',
  'CONFLICT',
  'OUTCOME_UNKNOWN',
  'INTERNAL',
] as const satisfies readonly PluginErrorCode[];

// A code added to the type but not to the list fails to compile here.
type Listed<T extends true> = T;
export type EveryErrorCodeListed = Listed<
  [Exclude<PluginErrorCode, (typeof PLUGIN_ERROR_CODES)[number]>] extends [never] ? true : false
>;

export class PluginError extends Error {
  override readonly name = 'PluginError';
  readonly code: PluginErrorCode;
  /** HTTP status when the error came from a response. */
  readonly status?: number;
  /** Milliseconds to wait before retrying, from Retry-After / rate-limit headers. */
  readonly retryAfterMs?: number;
  /**
   * The vendor's own error code from the response body (PagerDuty `error.code` such as 1002
   * "already acknowledged"), for connectors that act on it.
   * @experimental added within plugin API v1 (issue 8).
   */
  readonly vendorCode?: string | number;

  constructor(
    code: PluginErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; vendorCode?: string | number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.vendorCode !== undefined) this.vendorCode = options.vendorCode;
  }
}

/** How a write that threw ended: the vendor certainly did not apply it, or it may have. */
export type WriteFailure = 'failed' | 'unknown';

/**
 * Codes that prove the vendor did not apply a write: it answered with a refusal, or
 * (UNAVAILABLE) the request never left this machine. Everything else — OUTCOME_UNKNOWN,
 * the host's own TIMEOUT and CANCELLED, BAD_RESPONSE, INTERNAL, codes we do not know —
 * may hide a write that landed, and saying "failed" there invites a second page.
 */
const NOT_APPLIED: ReadonlySet<string> = new Set([
  'AUTH',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'INVALID',
  'CONFLICT',
  'UNAVAILABLE',
]);

/**
 * The one classification of a failed write, by error code. Unknown is the default:
 * only a code that proves nothing was applied makes a write `failed`.
 * @experimental added within plugin API v1.
 */
export function writeFailureOf(code: string | undefined): WriteFailure {
  return code !== undefined && NOT_APPLIED.has(code) ? 'failed' : 'unknown';
}

/** Node/got error codes raised before a single byte of the request could reach the server. */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  'ERR_PROXY_CONNECT_FAILED',
]);
/** TLS failures happen in the handshake, before the HTTP request is written. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;
/** got timeout phases that end before the request is written. */
const PRE_SEND_TIMEOUTS: ReadonlySet<string> = new Set(['lookup', 'connect', 'secureConnect']);

/**
 * For a request that failed without an HTTP response: could the server have received it?
 * False only when that is impossible (connection refused, DNS, TLS handshake, a timeout
 * while connecting, or got's timings showing no connection was ever made). Connectors call
 * this to choose OUTCOME_UNKNOWN over UNAVAILABLE for a write.
 * @experimental added within plugin API v1.
 */
export function mayHaveReachedServer(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return true;
  const e = err as { code?: unknown; event?: unknown; timings?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NEVER_SENT_CODES.has(code) || TLS_CODE.test(code)) return false;
  if (typeof e.event === 'string' && PRE_SEND_TIMEOUTS.has(e.event)) return false;
  // got records when the socket connected; no connection means no byte left this machine.
  const timings = e.timings as { start?: unknown; connect?: unknown } | undefined;
  if (timings && typeof timings === 'object' && typeof timings.start === 'number') {
    return timings.connect !== undefined;
  }
  return true;
}
