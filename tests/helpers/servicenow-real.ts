/**
 * The ServiceNow connector against a fresh simulator, set up with the public test kit as a
 * third-party plugin's tests would, for the issue-8 "real instance" tests.
 */
import { createTestContext } from 'itops-tui/testing';
import servicenow from '../../plugins/servicenow/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';
import type { ServiceNowDataOptions } from '../../src/sim/servicenow/world.js';

let sims: Simulators | undefined;

/** Close the simulator of the last `startSn` (call from afterEach). */
export async function stopSn(): Promise<void> {
  await sims?.close();
  sims = undefined;
}

/** 120 open incidents (seed 5) on a ManualClock, a connector with pageSize 10 plus `extra` config. */
export async function startSn(extra: Record<string, unknown> = {}, dataOptions: ServiceNowDataOptions = {}) {
  const clock = new ManualClock();
  const world = createWorld({ seed: 5, clock });
  sims = await startSimulators({
    world,
    clock,
    servicenow: { dataOptions: { incidents: 120, ...dataOptions }, tokenClock: () => clock.now() },
  });
  const sim = sims.servicenow.server;
  const { username, password } = sims.servicenow;
  const config = servicenow.configSchema.parse({
    plugin: 'servicenow',
    instanceUrl: sim.url,
    auth: { kind: 'basic', username, password },
    pageSize: 10,
    ...extra,
  });
  const ctx = createTestContext(config, { now: () => clock.now(), instance: 'snow' });
  const connector = await servicenow.setup(ctx);
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return { connector, ctx, clock, sim, data: sim.data, basic };
}

export type SnSim = Awaited<ReturnType<typeof startSn>>['sim'];
export const signal = () => AbortSignal.timeout(20_000);
export const sysIdOf = (row: unknown) => (row as { sys_id: string }).sys_id;
/** Open incidents on the simulator (optionally only those `visible`), sys_ids sorted. */
export const openIds = (sim: SnSim, visible: (id: string) => boolean = () => true) =>
  sim.data.incidents
    .filter((i) => i.state < 6 && visible(i.sys_id))
    .map((i) => i.sys_id)
    .sort();
/** The open ones of a connector's incidents, ids sorted. */
export const openOf = (incidents: { id: string; status: string }[]) =>
  incidents
    .filter((i) => i.status !== 'resolved')
    .map((i) => i.id)
    .sort();
