/**
 * Retry policy, kept pure so it is unit-tested without a server.
 *
 * - 429 is retried for every method: the vendor did not process the request.
 * - 408/5xx and network errors are retried only for reads; a write that timed out
 *   may have landed, and repeating an escalation pages a second human.
 * - Server-requested waits (Retry-After, PagerDuty `ratelimit-reset` seconds) win
 *   over our backoff; a wait longer than `maxRetryAfterMs` is not sat through —
 *   the error surfaces and the scheduler backs off instead of freezing a call.
 */
export interface RetryInput {
  attempt: number;
  limit: number;
  method: string;
  status: number | undefined;
  code: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** got's parse of Retry-After, in ms, when present. */
  retryAfterMs: number | undefined;
  maxRetryAfterMs: number;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRY_STATUS = new Set([408, 500, 502, 503, 504, 521, 522, 524]);
const RETRY_CODES = new Set(['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH']);

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Milliseconds until the window resets. */
  resetMs?: number;
}

function header(headers: RetryInput['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Read the common rate-limit header families (IETF draft, X-RateLimit-*). */
export function readRateLimit(headers: RetryInput['headers']): RateLimitInfo | undefined {
  const limit = num(header(headers, 'ratelimit-limit') ?? header(headers, 'x-ratelimit-limit'));
  const remaining = num(header(headers, 'ratelimit-remaining') ?? header(headers, 'x-ratelimit-remaining'));
  const reset = num(header(headers, 'ratelimit-reset') ?? header(headers, 'x-ratelimit-reset'));
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  const info: RateLimitInfo = {};
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  // Some vendors send an epoch; PagerDuty and the IETF draft send seconds-until-reset.
  if (reset !== undefined) info.resetMs = reset > 1e9 ? Math.max(0, reset * 1000 - Date.now()) : reset * 1000;
  return info;
}

/** Server-requested wait in ms from Retry-After (seconds or HTTP date) or rate-limit reset headers. */
export function serverWaitMs(headers: RetryInput['headers'], retryAfterMs?: number): number | undefined {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) return retryAfterMs;
  const ra = header(headers, 'retry-after');
  if (ra !== undefined) {
    const secs = num(ra);
    if (secs !== undefined) return secs * 1000;
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  return readRateLimit(headers)?.resetMs;
}

/** Delay before the next attempt in ms; 0 means "do not retry". */
export function computeRetryDelay(input: RetryInput): number {
  if (input.attempt > input.limit) return 0;
  const backoff = Math.min(2 ** (input.attempt - 1) * 500, 8_000);
  if (input.status === 429) {
    const wait = serverWaitMs(input.headers, input.retryAfterMs);
    if (wait === undefined) return backoff;
    if (wait > input.maxRetryAfterMs) return 0;
    return Math.max(wait, 50);
  }
  if (!READ_METHODS.has(input.method.toUpperCase())) return 0;
  if (input.status !== undefined) {
    if (!RETRY_STATUS.has(input.status)) return 0;
    const wait = serverWaitMs(input.headers, input.retryAfterMs);
    if (wait !== undefined && wait > input.maxRetryAfterMs) return 0;
    return wait ?? backoff;
  }
  return input.code && RETRY_CODES.has(input.code) ? backoff : 0;
}
