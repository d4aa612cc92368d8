/**
 * "Me" is a person (issue 15): with `me` set, "assign to me" on a ServiceNow ticket assigns it to
 * that user (by user name or sys_id), over real HTTP against the simulator, not to the integration
 * account; a `me` the instance does not know is said, naming the config key.
 */
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function start(me?: string | ((users: { sys_id: string; user_name: string }[]) => string)) {
  const clock = new ManualClock();
  sims = await startSimulators({
    world: createWorld({ seed: 5, clock }),
    clock,
    servicenow: { dataOptions: { incidents: 20 } },
  });
  const sim = sims.servicenow.server;
  const auth = { kind: 'basic', username: sims.servicenow.username, password: sims.servicenow.password };
  const mine = typeof me === 'function' ? me(sim.data.dir.users.filter((u) => u.worldUserId)) : me;
  const { connector } = await setupPlugin(
    servicenow,
    { plugin: 'servicenow', instanceUrl: sim.url, auth, ...(mine ? { me: mine } : {}) },
    { now: () => clock.now(), instance: 'snow' },
  );
  return { connector, sim };
}

const signal = () => AbortSignal.timeout(20_000);

describe('assign to me', () => {
  it.each([
    ['a user name', (u: { user_name: string }) => u.user_name],
    ['a sys_id', (u: { sys_id: string }) => u.sys_id],
  ])('with me set to %s, assigns to that person', async (_what, pick) => {
    // The instance only lets a ticket go to a member of its group: pick a ticket and one of them.
    let person: { sys_id: string; user_name: string; name: string } | undefined;
    let ticket = '';
    const { connector, sim } = await start((users) => {
      const d = sims!.servicenow.server.data;
      for (const inc of d.incidents.filter((i) => i.state < 6)) {
        const member = d
          .membersOf(inc.assignmentGroupId)
          .find((u) => users.some((x) => x.sys_id === u.sys_id));
        if (member) {
          person = member;
          ticket = inc.sys_id;
          break;
        }
      }
      return pick(person!);
    });
    const open = (await connector.listIncidents(signal())).find((i) => i.id === ticket)!;
    const result = await connector.assignToMe(open, signal());
    expect(result.message).toContain(`to ${person!.name}`);
    expect(result.message).not.toContain('ITOps Integration');
    const stored = sim.data.incidents.find((i) => i.sys_id === open.id)!;
    expect(stored.assignedToId).toBe(person!.sys_id);
    const health = await connector.health(signal());
    expect(health).toMatchObject({ ok: true });
    expect(health.detail).toContain(`"assign to me" assigns to ${person!.name}`);
  });

  it('without me, the integration user is still who gets it (unchanged default)', async () => {
    const { connector } = await start();
    const open = (await connector.listIncidents(signal())).find((i) => i.status !== 'resolved')!;
    expect((await connector.assignToMe(open, signal())).message).toContain('ITOps Integration');
  });

  it('a me the instance does not know is refused, naming connectors.<name>.me, and nothing is written', async () => {
    const { connector, sim } = await start('no.such.person');
    const open = (await connector.listIncidents(signal())).find((i) => i.status !== 'resolved')!;
    const before = sim.data.incidents.find((i) => i.sys_id === open.id)!.assignedToId;
    await expect(connector.assignToMe(open, signal())).rejects.toThrow(
      'ServiceNow has no user "no.such.person" visible to the connector (connectors.snow.me)',
    );
    expect(sim.data.incidents.find((i) => i.sys_id === open.id)!.assignedToId).toBe(before);
    expect(await connector.health(signal())).toMatchObject({ ok: false });
  });

  it('an empty me is a config error that says what to write', () => {
    const parsed = servicenow.configSchema.safeParse({
      plugin: 'servicenow',
      instanceUrl: 'https://x.service-now.com',
      auth: { kind: 'basic', username: 'a', password: 'b' },
      me: '  ',
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('set me to your ServiceNow user name');
  });
});
