/**
 * Error-budget arithmetic for service level objectives, vendor-neutral and pure.
 *
 * A window's error budget is the share of it allowed to be bad: 100 − target (a 99.9 % target
 * over 30 days allows 0.1 % of the 30 days). The burn rate is how fast that budget goes now,
 * as a multiple of spending it evenly over the window: at 1× it lasts exactly one window, at
 * 10× a tenth of one. So at burn rate b, with r % of the budget left, the budget runs out after
 * (r / 100) × window / b.
 */
import type { Slo } from './model.js';

/** The burn rate of a recent span whose indicator was `sli` percent, against `target` percent. */
export function burnRateOf(sli: number, target: number): number | undefined {
  if (!Number.isFinite(sli) || !Number.isFinite(target) || target >= 100 || target <= 0) return undefined;
  const bad = Math.max(0, 100 - Math.min(100, sli));
  return bad / (100 - target);
}

/**
 * The budget left after the whole window at `sli` percent, in percent of the budget (negative
 * once overspent), for vendors that give the indicator but not the budget.
 */
export function budgetRemainingOf(sli: number, target: number): number | undefined {
  if (!Number.isFinite(sli) || target >= 100 || target <= 0) return undefined;
  const allowed = 100 - target;
  return ((allowed - (100 - sli)) / allowed) * 100;
}

/**
 * Ms until the budget is gone at the current burn rate, from when the SLO was read: 0 when it
 * is already spent, +Infinity when nothing burns, undefined when a figure is missing.
 */
export function msToExhaustion(
  slo: Pick<Slo, 'budgetRemaining' | 'burnRate' | 'windowMs'>,
): number | undefined {
  const { budgetRemaining: left, burnRate: burn, windowMs } = slo;
  if (left === undefined || !Number.isFinite(left) || !(windowMs > 0)) return undefined;
  if (left <= 0) return 0;
  if (burn === undefined || !Number.isFinite(burn) || burn < 0) return undefined;
  if (burn === 0) return Number.POSITIVE_INFINITY;
  // One division, so figures near the limits of a double neither underflow to 0 × ∞ nor give NaN.
  const t = (left * windowMs) / (100 * burn);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Window lengths by the vendor's timeframe words (`7d`, `30d`, `90d`, `12h`); undefined otherwise. */
export function timeframeMs(timeframe: string): number | undefined {
  const m = /^\s*(\d+)\s*([hdw])\s*$/i.exec(timeframe);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2]!.toLowerCase() as 'h' | 'd' | 'w'];
  return n > 0 ? n * unit : undefined;
}
