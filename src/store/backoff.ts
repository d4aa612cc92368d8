/** Poll scheduling arithmetic, pure so it is unit-tested without timers. */
import { NEEDS_HUMAN } from './freshness.js';
import type { StreamState } from './types.js';

export interface PollFailure {
  code?: string;
  message?: string;
  retryAfterMs?: number;
}

/** Longest we ever wait between polls of a failing stream. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Next poll delay: the interval ±10% jitter when healthy (so many cockpits do not
 * hit a vendor in lockstep), doubling per consecutive failure up to MAX_BACKOFF_MS,
 * and never sooner than a server-requested wait.
 */
export function nextDelay(
  intervalMs: number,
  failures: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const base = failures === 0 ? intervalMs : Math.min(intervalMs * 2 ** (failures - 1), MAX_BACKOFF_MS);
  const jittered = Math.round(base * (0.9 + random() * 0.2));
  // Capped: a vendor asking for hours (or a bogus epoch read as seconds) must not overflow
  // setTimeout, which would fire after 1 ms and poll in a tight loop.
  return Math.min(Math.max(jittered, retryAfterMs ?? 0, 250), Math.max(MAX_BACKOFF_MS, intervalMs));
}

/** Longest error text kept for the status view; a vendor can send a whole HTML page. */
export const MAX_ERROR_DETAIL = 4000;

/**
 * State after a failed poll: last good records kept, error recorded, status chosen by failure
 * kind (codes that will not fix themselves pause polling until someone refreshes). What to do
 * about it is not baked into `error`: `adviceFor` (freshness.ts) says it where it is shown,
 * with the key that retries.
 */
export function streamAfterFailure(s: StreamState, failure: PollFailure): StreamState {
  const code = failure.code ?? 'INTERNAL';
  const failures = s.failures + 1;
  const status: StreamState['status'] = NEEDS_HUMAN.has(code)
    ? 'paused'
    : code === 'RATE_LIMITED' || failures >= 2
      ? 'backoff'
      : 'error';
  const full = (failure.message ?? 'unknown error').trim() || 'unknown error';
  const message = full.split('\n')[0]!.slice(0, 300);
  const { errorDetail: _old, ...rest } = s;
  return {
    ...rest,
    status,
    failures,
    error: message,
    // The one-line `error` fits a banner; the status view shows the rest, wrapped.
    ...(full !== message ? { errorDetail: full.slice(0, MAX_ERROR_DETAIL) } : {}),
    errorCode: code,
    nextPollAt: status === 'paused' ? null : s.nextPollAt,
  };
}
