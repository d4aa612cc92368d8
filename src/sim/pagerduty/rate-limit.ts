/**
 * PagerDuty's REST rate limit, one token bucket per API key: `perMinute`
 * requests refill evenly over a minute. Real time, not simulated time — the
 * limit is about how fast a client calls, whatever the demo's clock says.
 */

export interface RateState {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Spend one request for `key`; the headers describe the bucket afterwards. */
  take(key: string): RateState {
    const t = this.now();
    const perMs = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * perMs);
    b.at = t;
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    this.buckets.set(key, b);
    // Seconds until the next request would be allowed when empty, else until the bucket is full again.
    const missing = allowed ? this.perMinute - b.tokens : 1 - b.tokens;
    return {
      allowed,
      headers: {
        'ratelimit-limit': String(this.perMinute),
        'ratelimit-remaining': String(Math.floor(b.tokens)),
        'ratelimit-reset': String(Math.ceil(missing / perMs / 1000)),
      },
    };
  }

  /** Headers for a request that spent nothing (e.g. rejected before its key was known). */
  peek(): Record<string, string> {
    return {
      'ratelimit-limit': String(this.perMinute),
      'ratelimit-remaining': String(this.perMinute),
      'ratelimit-reset': '0',
    };
  }
}
