/**
 * Regressions from the ServiceNow review, over HTTP against the simulator: the shared
 * incremental sync, finished SLA clocks, and a rotated Basic-auth password.
 */
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, expect, it } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

/** A ServiceNow simulator on a manual clock, and the connector logged in with basic auth. */
async function connect(incidents: number, password?: unknown, pageSize?: number) {
  const clock = new ManualClock();
  sims = await startSimulators({
    world: createWorld({ seed: 5, clock }),
    clock,
    servicenow: { dataOptions: { incidents }, tokenClock: () => clock.now() },
  });
  const sn = sims.servicenow;
  const { connector, ctx } = await setupPlugin(
    servicenow,
    {
      plugin: 'servicenow',
      instanceUrl: sn.url,
      auth: { kind: 'basic', username: sn.username, password: password ?? sn.password },
      ...(pageSize ? { pageSize } : {}),
    },
    { now: () => clock.now(), instance: 'snow', host: true },
  );
  return { connector, ctx, sn };
}

it('a cancelled listIncidents does not fail a concurrent listSlas sharing its sync', async () => {
  const { connector } = await connect(120, undefined, 50);
  const cancelled = new AbortController();
  const incidents = connector.listIncidents(cancelled.signal);
  const slas = connector.listSlas(AbortSignal.timeout(20_000));
  setTimeout(() => cancelled.abort(new Error('incidents poll cancelled')), 1);
  await expect(incidents).rejects.toThrow(/cancel/);
  expect((await slas).length).toBeGreaterThan(0);
});

it('a clock that finishes (response met by assigning) leaves SLA risk while the ticket stays', async () => {
  const { connector } = await connect(60);
  const signal = () => AbortSignal.timeout(20_000);
  const incidents = await connector.listIncidents(signal());
  const slas = await connector.listSlas(signal());
  const fresh = incidents.find(
    (i) => i.status === 'triggered' && slas.some((s) => s.taskId === i.id && s.target === 'response'),
  );
  expect(fresh, 'a New ticket with a running response SLA').toBeDefined();
  await connector.assignToMe(fresh!, signal());
  const after = await connector.listSlas(signal());
  expect(after.filter((s) => s.taskId === fresh!.id && s.target === 'response')).toEqual([]);
  expect(after.some((s) => s.taskId === fresh!.id && s.target === 'resolution')).toBe(true);
});

it('re-reads a rotated Basic-auth password after a 401', async () => {
  const { connector, ctx, sn } = await connect(20, { keychain: 'snow-pass' });
  let current = 'stale-password';
  let reads = 0;
  ctx.secrets.resolve = async () => {
    reads++;
    return current;
  };
  const signal = () => AbortSignal.timeout(20_000);
  await expect(connector.listIncidents(signal())).rejects.toMatchObject({ code: 'AUTH' });
  const readsWhileFailing = reads;
  current = sn.password; // rotated in the keychain; the user presses r
  expect((await connector.listIncidents(signal())).length).toBeGreaterThan(0);
  expect(reads).toBeGreaterThan(readsWhileFailing);
});
