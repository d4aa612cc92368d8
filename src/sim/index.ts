/**
 * Start every vendor simulator over one shared world, for `--demo` and the
 * integration tests. Today: PagerDuty, ServiceNow and CrowdStrike Falcon. Later simulators join here
 * and reuse `world` (services, hosts, people) and `clock`.
 */
import { type Clock, SimClock } from './clock.js';
import { CrowdStrikeSim, type CrowdStrikeSimOptions } from './crowdstrike/sim.js';
import { DatadogSim, type DatadogSimOptions } from './datadog/sim.js';
import type { RequestLogLimits } from './http/recorder.js';
import { PagerDutySim, type PagerDutySimOptions } from './pagerduty.js';
import { ServiceNowSim, type ServiceNowSimOptions } from './servicenow/sim.js';
import { createWorld, type World } from './world.js';

export { type Clock, DAY, HOUR, iso, ManualClock, MINUTE, SimClock } from './clock.js';
export { Fleet, type FleetOptions, MAX_FLEET, type SimDevice } from './crowdstrike/fleet.js';
export { CrowdStrikeSim, type CrowdStrikeSimOptions, startCrowdStrikeSim } from './crowdstrike/sim.js';
export { DatadogSim, type DatadogSimOptions, startDatadogSim } from './datadog/sim.js';
export type { Fault, FaultSpec } from './http/faults.js';
export type { RecordedRequest, RequestLogLimits } from './http/recorder.js';
export { DEMO_REQUEST_LOG_LIMITS } from './http/recorder.js';

export { PagerDutySim, type PagerDutySimOptions, startPagerDutySim } from './pagerduty.js';
export { EncodedQueryError, matches, parseEncodedQuery } from './servicenow/encoded-query.js';
export { ServiceNowSim, type ServiceNowSimOptions, startServiceNowSim } from './servicenow/sim.js';
export {
  createServiceNowData,
  ServiceNowData,
  type ServiceNowDataOptions,
  serviceNowOf,
} from './servicenow/world.js';
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
  /**
   * Bound each simulator's request log (the demo passes DEMO_REQUEST_LOG_LIMITS); unset, every
   * exchange is kept for the test that started them.
   */
  requestLog?: RequestLogLimits;
  /** Tokens, rate limit, port and link settings of the PagerDuty simulator. */
  pagerduty?: Omit<PagerDutySimOptions, 'world' | 'clock'>;
  /** Credentials, token lifetime, rate rule, data scale and port of the ServiceNow simulator. */
  servicenow?: Omit<ServiceNowSimOptions, 'world' | 'clock'>;
  /** Credentials, token lifetime, rate budget, fleet size and port of the CrowdStrike simulator. */
  crowdstrike?: Omit<CrowdStrikeSimOptions, 'world' | 'clock'>;
  /** Keys, rate limits, incident management and port of the Datadog simulator. */
  datadog?: Omit<DatadogSimOptions, 'world' | 'clock'>;
}

export interface Simulators {
  world: World;
  clock: Clock;
  pagerduty: { url: string; token: string; fromEmail: string; server: PagerDutySim };
  /** Basic auth as username/password; OAuth with clientId/clientSecret plus the same user. */
  servicenow: {
    url: string;
    username: string;
    password: string;
    clientId: string;
    clientSecret: string;
    server: ServiceNowSim;
  };
  crowdstrike: { url: string; clientId: string; clientSecret: string; server: CrowdStrikeSim };
  datadog: { url: string; apiKey: string; appKey: string; server: DatadogSim };
  close(): Promise<void>;
}

export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<Simulators> {
  const clock = options.clock ?? options.world?.clock ?? new SimClock({ speed: options.speed ?? 60 });
  const world = options.world ?? createWorld({ seed: options.seed ?? 42, clock });
  const pd = await new PagerDutySim({ world, clock, ...options.pagerduty }).listen();
  let sn: ServiceNowSim;
  let cs: CrowdStrikeSim;
  try {
    sn = await new ServiceNowSim({ world, clock, ...options.servicenow }).listen();
  } catch (err) {
    await pd.close();
    throw err;
  }
  try {
    cs = await new CrowdStrikeSim({ world, clock, ...options.crowdstrike }).listen();
  } catch (err) {
    await Promise.all([pd.close(), sn.close()]);
    throw err;
  }
  let dd: DatadogSim;
  try {
    dd = await new DatadogSim({ world, clock, ...options.datadog }).listen();
  } catch (err) {
    await Promise.all([pd.close(), sn.close(), cs.close()]);
    throw err;
  }
  // A bounded request log (the demo on a wall for weeks); tests keep every exchange by default.
  if (options.requestLog) for (const sim of [pd, sn, cs, dd]) sim.requests.limits = { ...options.requestLog };
  return {
    world,
    clock,
    pagerduty: { url: pd.url, token: pd.token, fromEmail: pd.fromEmail, server: pd },
    servicenow: {
      url: sn.url,
      username: sn.username,
      password: sn.password,
      clientId: sn.clientId,
      clientSecret: sn.clientSecret,
      server: sn,
    },
    crowdstrike: { url: cs.url, clientId: cs.clientId, clientSecret: cs.clientSecret, server: cs },
    datadog: { url: dd.url, apiKey: dd.apiKey, appKey: dd.appKey, server: dd },
    close: async () => {
      await Promise.all([pd.close(), sn.close(), cs.close(), dd.close()]);
    },
  };
}
