/** Poll scheduling arithmetic, pure so it is unit-tested without timers. */
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

/** Codes that will not fix themselves: stop polling until someone refreshes or fixes config. */
const NEEDS_HUMAN = new Set(['AUTH', 'FORBIDDEN', 'UNSUPPORTED']);

const HINTS: Record<string, string> = {
  AUTH: ' — fix the credentials, then refresh (or restart after editing config)',
  FORBIDDEN: ' — the credentials lack permission for this',
  TIMEOUT: ' — vendor slow or unreachable, retrying',
  RATE_LIMITED: ' — rate limited, backing off',
};

/** State after a failed poll: last good records kept, error recorded, status chosen by failure kind. */
export function streamAfterFailure(s: StreamState, failure: PollFailure): StreamState {
  const code = failure.code ?? 'INTERNAL';
  const failures = s.failures + 1;
  const status: StreamState['status'] = NEEDS_HUMAN.has(code)
    ? 'paused'
    : code === 'RATE_LIMITED' || failures >= 2
      ? 'backoff'
      : 'error';
  const message = (failure.message ?? 'unknown error').split('\n')[0]!.slice(0, 300);
  return {
    ...s,
    status,
    failures,
    error: `${message}${HINTS[code] ?? ''}`,
    errorCode: code,
    nextPollAt: status === 'paused' ? null : s.nextPollAt,
  };
}
