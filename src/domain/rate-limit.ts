/**
 * The one reading of a vendor's "wait before trying again" headers, shared by the host's
 * retry policy (`http/retry.ts`) and every connector (exported from `itops-tui/plugin`).
 * It lives in `domain/` because both of those may import it and nothing else of each other.
 *
 * Precedence, first present and valid wins:
 * 1. `Retry-After` — seconds or an HTTP date. The server's explicit instruction for this
 *    response (RFC 9110 §10.2.3), so it beats any counter.
 * 2. `RateLimit-Reset` — the IETF draft header PagerDuty sends: seconds until the window resets.
 * 3. `X-RateLimit-Reset` — the older family (ServiceNow, GitHub): epoch seconds.
 *
 * A reset value is read by size, because vendors and proxies disagree on its unit: up to
 * 10^9 it is seconds from now (no window lasts 31 years), up to 10^12 epoch seconds, above
 * that epoch milliseconds. Negative, empty and non-numeric values are ignored (the next
 * header in the list is tried); a time already past means "now" (0 ms).
 */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Milliseconds until the window resets. */
  resetMs?: number;
}

/** A header's first value, whatever case the bag uses for its name. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== want || value === undefined) continue;
    const first = typeof value === 'string' ? value : value[0];
    if (first !== undefined && first.trim() !== '') return first.trim();
  }
  return undefined;
}

function number(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** A reset value (seconds-until, epoch seconds or epoch ms, told apart by size) as ms from `now`. */
export function resetToMs(value: number, now: number): number {
  if (value <= 1e9) return value * 1000;
  if (value <= 1e12) return Math.max(0, value * 1000 - now);
  return Math.max(0, value - now);
}

/** `Retry-After` as ms from `now`: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterHeaderMs(headers: HeaderBag, now: number): number | undefined {
  const raw = headerValue(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const secs = number(raw);
  if (secs !== undefined) return secs * 1000;
  // An HTTP date; a bare number with a sign or junk is not one.
  if (/^[+-]?\d/.test(raw)) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The rate-limit counters a response carries (IETF draft names first, then X-RateLimit-*). */
export function readRateLimit(headers: HeaderBag, now: number): RateLimitInfo | undefined {
  const pick = (suffix: string) =>
    number(headerValue(headers, `ratelimit-${suffix}`)) ??
    number(headerValue(headers, `x-ratelimit-${suffix}`));
  const limit = pick('limit');
  const remaining = pick('remaining');
  const reset = pick('reset');
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  const info: RateLimitInfo = {};
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.resetMs = resetToMs(reset, now);
  return info;
}

/**
 * How long the server asked us to wait, in ms from `now`, by the precedence above;
 * undefined when no header says.
 */
export function retryAfterMs(headers: HeaderBag, now: number): number | undefined {
  return retryAfterHeaderMs(headers, now) ?? resetWaitMs(headers, now);
}

/** Steps 2 and 3 of the precedence: the rate-limit window's reset, when no Retry-After is given. */
export function resetWaitMs(headers: HeaderBag, now: number): number | undefined {
  const draft = number(headerValue(headers, 'ratelimit-reset'));
  if (draft !== undefined) return resetToMs(draft, now);
  const legacy = number(headerValue(headers, 'x-ratelimit-reset'));
  return legacy === undefined ? undefined : resetToMs(legacy, now);
}
