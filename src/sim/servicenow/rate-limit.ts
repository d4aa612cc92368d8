/**
 * ServiceNow's inbound REST rate limiting: admin-defined per-hour rules. One
 * rule here, counted per user in fixed hourly windows of real time (limits are
 * about how fast a client calls, not how fast the demo's clock runs).
 */
export interface RateRule {
  /** Requests per hour per user. */
  perHour: number;
  /** Only these user_names (default: everyone). */
  users?: string[];
  /** The rule's sys_id, sent as X-RateLimit-Rule. */
  sysId?: string;
}

export class HourlyLimiter {
  private readonly counts = new Map<string, { window: number; n: number }>();

  constructor(
    readonly rule: RateRule | undefined,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Count one request by `userName`; headers only when a rule applies, 429 data when over. */
  take(userName: string): { allowed: boolean; headers: Record<string, string> } {
    const rule = this.rule;
    if (!rule || (rule.users && !rule.users.includes(userName))) return { allowed: true, headers: {} };
    const t = this.now();
    const window = Math.floor(t / 3_600_000);
    const c = this.counts.get(userName);
    const entry = c && c.window === window ? c : { window, n: 0 };
    entry.n++;
    this.counts.set(userName, entry);
    const reset = (window + 1) * 3600;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(rule.perHour),
      'X-RateLimit-Reset': String(reset),
      'X-RateLimit-Rule': rule.sysId ?? '7c3e8a90db1d1010aa5e5a6b5e961901',
    };
    if (entry.n <= rule.perHour) return { allowed: true, headers };
    return {
      allowed: false,
      headers: { ...headers, 'Retry-After': String(Math.max(1, reset - Math.floor(t / 1000))) },
    };
  }
}
