import { readRateLimit as readCounters, resetWaitMs, retryAfterHeaderMs } from '../domain/rate-limit.js';

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

export type { RateLimitInfo } from '../domain/rate-limit.js';

/** The rate-limit counters of a response (see domain/rate-limit.ts for units and names). */
export function readRateLimit(headers: RetryInput['headers'], now: number = Date.now()) {
  return readCounters(headers, now);
}

/**
 * Server-requested wait in ms, by the one precedence every part of itops-tui uses
 * (domain/rate-limit.ts): Retry-After, then RateLimit-Reset, then X-RateLimit-Reset.
 * got's own parse of Retry-After stands in for the header when the bag lacks it.
 */
export function serverWaitMs(
  headers: RetryInput['headers'],
  retryAfterMs?: number,
  now: number = Date.now(),
): number | undefined {
  const gotParse =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? Math.max(0, retryAfterMs) : undefined;
  return retryAfterHeaderMs(headers, now) ?? gotParse ?? resetWaitMs(headers, now);
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
