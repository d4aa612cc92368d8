/** Error-budget arithmetic the connector needs (kept here: a plugin imports only the plugin API). */
export function burnRateOf(sli: number, target: number): number | undefined {
  if (!Number.isFinite(sli) || !Number.isFinite(target) || target >= 100 || target <= 0) return undefined;
  return Math.max(0, 100 - Math.min(100, sli)) / (100 - target);
}

/** Window lengths by Datadog's timeframe words (`7d`, `30d`, `90d`); undefined for `custom` and others. */
export function timeframeMsOf(timeframe: string): number | undefined {
  const m = /^\s*(\d+)\s*([hdw])\s*$/i.exec(timeframe);
  if (!m) return undefined;
  const unit = { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2]!.toLowerCase() as 'h' | 'd' | 'w'];
  const n = Number(m[1]);
  return n > 0 ? n * unit : undefined;
}

export function msToExhaustionOf(left: number, burn: number, windowMs: number): number {
  if (left <= 0) return 0;
  if (burn <= 0) return Number.POSITIVE_INFINITY;
  return (left / 100) * (windowMs / burn);
}
