/**
 * Clocks for the simulated world. The demo runs on an accelerated clock so a
 * few real minutes show shifts rotating and incidents escalating; tests use a
 * manual clock and move time explicitly instead of sleeping.
 */

export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number;
}

export interface SimClockOptions {
  /** Simulated time at the moment the clock is created (epoch ms). Default: the real time. */
  start?: number;
  /** Simulated milliseconds per real millisecond (60 → one real second is one simulated minute). */
  speed: number;
  /** Real time source; injectable so the clock itself can be tested without waiting. */
  realNow?: () => number;
}

export class SimClock implements Clock {
  readonly start: number;
  readonly speed: number;
  private readonly realNow: () => number;
  private readonly realStart: number;

  constructor(options: SimClockOptions) {
    if (!(options.speed > 0)) throw new Error(`SimClock speed must be > 0, got ${options.speed}`);
    this.realNow = options.realNow ?? (() => performance.timeOrigin + performance.now());
    this.realStart = this.realNow();
    this.start = options.start ?? Math.floor(this.realStart);
    this.speed = options.speed;
  }

  now(): number {
    return Math.floor(this.start + (this.realNow() - this.realStart) * this.speed);
  }
}

export class ManualClock implements Clock {
  private t: number;

  constructor(start = Date.UTC(2030, 2, 4, 9, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }

  set(ms: number): number {
    this.t = ms;
    return this.t;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** ISO 8601 in UTC without milliseconds, the way PagerDuty writes timestamps. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
