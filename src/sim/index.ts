/**
 * Start every vendor simulator over one shared world, for `--demo` and the
 * integration tests. Today: PagerDuty. Later simulators join here and reuse
 * `world` (services, hosts, people) and `clock`.
 */
import { type Clock, SimClock } from './clock.js';
import { PagerDutySim, type PagerDutySimOptions } from './pagerduty.js';
import { createWorld, type World } from './world.js';

export { type Clock, DAY, HOUR, iso, ManualClock, MINUTE, SimClock } from './clock.js';
export type { Fault, FaultSpec } from './http/faults.js';
export type { RecordedRequest } from './http/recorder.js';
export { PagerDutySim, type PagerDutySimOptions, startPagerDutySim } from './pagerduty.js';
export { createWorld, World, WorldError, type WorldOptions } from './world.js';

export interface StartSimulatorsOptions {
  /** World seed (default 42). Ignored when `world` is given. */
  seed?: number;
  /** Simulated ms per real ms for the default SimClock (default 60: a real second is a simulated minute). */
  speed?: number;
  /** Use this clock instead (tests pass a ManualClock). */
  clock?: Clock;
  /** Use this world instead of creating one. */
  world?: World;
  /** Tokens, rate limit, port and link settings of the PagerDuty simulator. */
  pagerduty?: Omit<PagerDutySimOptions, 'world' | 'clock'>;
}

export interface Simulators {
  world: World;
  clock: Clock;
  pagerduty: { url: string; token: string; fromEmail: string; server: PagerDutySim };
  close(): Promise<void>;
}

export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<Simulators> {
  const clock = options.clock ?? options.world?.clock ?? new SimClock({ speed: options.speed ?? 60 });
  const world = options.world ?? createWorld({ seed: options.seed ?? 42, clock });
  const pd = await new PagerDutySim({ world, clock, ...options.pagerduty }).listen();
  return {
    world,
    clock,
    pagerduty: { url: pd.url, token: pd.token, fromEmail: pd.fromEmail, server: pd },
    close: () => pd.close(),
  };
}
