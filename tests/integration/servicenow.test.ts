/**
 * The ServiceNow connector over real HTTP against the ServiceNow simulator:
 * paging, incremental sync and removals, display values, OAuth refresh, rate
 * limits, HTML pages and every action changing the simulator's state.
 */
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import {
  createWorld,
  HOUR,
  ManualClock,
  MINUTE,
  type ServiceNowSim,
  type Simulators,
  startSimulators,
} from '../../src/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

type Extra = Record<string, unknown> | ((s: ServiceNowSim) => Record<string, unknown>);

async function start(extraOrFn: Extra = {}, incidents = 120) {
  const clock = new ManualClock();
  const world = createWorld({ seed: 5, clock });
  sims = await startSimulators({
    world,
    clock,
    servicenow: { dataOptions: { incidents }, tokenClock: () => clock.now() },
  });
  const sim = sims.servicenow.server;
  const extra = typeof extraOrFn === 'function' ? extraOrFn(sim) : extraOrFn;
  const auth = { kind: 'basic', username: sims.servicenow.username, password: sims.servicenow.password };
  const { connector, ctx } = await setupPlugin(
    servicenow,
    { plugin: 'servicenow', instanceUrl: sim.url, auth, pageSize: 50, ...extra },
    { now: () => clock.now(), instance: 'snow', host: { maxRetryAfterMs: 2_000 } },
  );
  return { connector, ctx, clock, sim, data: sim.data };
}

const signal = () => AbortSignal.timeout(20_000);
const lists = (s: ServiceNowSim, table: string) =>
  s.requests.filter((r) => r.method === 'GET' && r.path === `/api/now/table/${table}`);
/** Rows the server sent in these responses. */
const rowsSent = (reqs: { responseBody?: string | undefined }[]) =>
  reqs.reduce(
    (n, r) => n + ((JSON.parse(r.responseBody ?? '{}').result as unknown[] | undefined)?.length ?? 0),
    0,
  );
/** The group with the most open incidents: seeded incidents go to team groups, not the desk. */
function busiestGroup(s: ServiceNowSim) {
  const count = (id: string) =>
    s.data.incidents.filter((i) => i.state < 6 && i.assignmentGroupId === id).length;
  return [...s.data.dir.groups].sort((a, b) => count(b.sys_id) - count(a.sys_id))[0]!;
}
const openIn = (s: ServiceNowSim, groups?: Set<string>) =>
  s.data.incidents.filter((i) => i.state < 6 && (!groups || groups.has(i.assignmentGroupId)));

describe('ServiceNow connector against the simulator', () => {
  it('loads every open incident of the configured groups, paged, with display values', async () => {
    const { connector, sim, data } = await start((s) => ({ assignmentGroups: [busiestGroup(s).name] }));
    const group = busiestGroup(sim);
    const incidents = await connector.listIncidents(signal());
    const open = incidents.filter((i) => i.status !== 'resolved');
    expect(open.map((i) => i.id).sort()).toEqual(
      openIn(sim, new Set([group.sys_id]))
        .map((i) => i.sys_id)
        .sort(),
    );
    expect(open.length).toBeGreaterThan(0);
    for (const i of incidents) expect(i.group).toBe(group.name);
    const sample = data.incident(open[0]!.id)!;
    expect(open[0]).toMatchObject({
      key: sample.number,
      title: sample.short_description,
      priority: `P${sample.impact + sample.urgency - 1}`,
      url: `${sim.url}/nav_to.do?uri=incident.do?sys_id=${sample.sys_id}`,
    });
    expect(open[0]!.priorityLabel).toMatch(/^\d - /);
    const reqs = lists(sim, 'incident');
    for (const r of reqs) {
      // Stored values, names dot-walked: no display values on reads (issue 8, large instances).
      expect(r.query).toMatchObject({
        sysparm_display_value: ['false'],
        sysparm_exclude_reference_link: ['true'],
        sysparm_limit: ['50'],
      });
      // Keyset paging on the one key an update never changes.
      expect(r.query.sysparm_query?.[0]).toMatch(/\^ORDERBYsys_id$/);
      expect(r.query.sysparm_query?.[0]).not.toContain('ORDERBYsys_updated_on');
      expect(r.query.sysparm_fields?.[0]).toContain('sys_updated_on');
      expect(r.query.sysparm_fields?.[0]).toContain('assigned_to.name');
    }
    const groupLookups = lists(sim, 'sys_user_group');
    expect(groupLookups).toHaveLength(1);
    // A lookup does not use the count: the instance is spared it.
    expect(groupLookups[0]!.query.sysparm_no_count).toEqual(['true']);
  });

  it('pages a large scope across several requests without losing rows', async () => {
    const { connector, sim } = await start({ pageSize: 25 }, 160);
    const incidents = await connector.listIncidents(signal());
    expect(incidents.filter((i) => i.status !== 'resolved')).toHaveLength(openIn(sim).length);
    // Every page after the first starts past the last sys_id read, not at an offset.
    const keyset = lists(sim, 'incident').filter((r) =>
      /\^sys_id>[0-9a-f]{32}\^/.test(r.query.sysparm_query?.[0] ?? ''),
    );
    expect(keyset.length).toBeGreaterThanOrEqual(6);
    for (const r of keyset) expect(r.query.sysparm_offset).toEqual(['0']);
    expect(new Set(incidents.map((i) => i.id)).size).toBe(incidents.length);
  });

  it('polls incrementally: the second poll transfers only rows updated since the first', async () => {
    const { connector, sim, data, clock } = await start();
    const loadedAt = clock.now();
    const first = await connector.listIncidents(signal());
    const before = lists(sim, 'incident');
    sim.requests.clear();

    const target = first.find((i) => i.status === 'triggered')!;
    await connector.changeState(target, { state: 'on_hold', holdReason: 'Awaiting Vendor' }, signal());
    const second = await connector.listIncidents(signal());

    const delta = lists(sim, 'incident');
    expect(delta).toHaveLength(1);
    expect(delta[0]!.query.sysparm_query?.[0]).toMatch(/^sys_updated_on>=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\^/);
    // Only rows changed since the first load began (instance time) minus the 5 s overlap come back.
    const expected = data.incidents.filter((i) => i.updatedAt >= loadedAt - 5_000).length;
    expect(expected).toBeGreaterThanOrEqual(1);
    expect(rowsSent(delta)).toBe(expected);
    expect(rowsSent(delta)).toBeLessThan(rowsSent(before) / 5);
    expect(second.find((i) => i.id === target.id)).toMatchObject({
      status: 'acknowledged',
      onHold: true,
      vendorStatus: 'On Hold',
      holdReason: 'Awaiting Vendor',
    });
    expect(second).toHaveLength(first.length);
  });

  it('drops reassigned tickets at once and resolved ones when they leave the MTTR window', async () => {
    const { connector, data, clock } = await start((s) => ({
      assignmentGroups: [busiestGroup(s).name],
      resolvedWindowHours: 1,
    }));
    const first = await connector.listIncidents(signal());
    const slas = await connector.listSlas(signal());
    const [moved, fixed] = first.filter((i) => i.status !== 'resolved');
    expect(moved && fixed).toBeTruthy();
    expect(slas.some((s) => s.taskId === moved!.id)).toBe(true);

    const other = data.dir.groups.find((g) => g.sys_id !== data.incident(moved!.id)!.assignmentGroupId)!;
    const inc = data.incident(moved!.id)!;
    inc.assignmentGroupId = other.sys_id;
    inc.updatedAt = clock.now();
    await connector.changeState(
      fixed!,
      { state: 'resolved', closeCode: 'Solution provided', closeNotes: 'Fixed' },
      signal(),
    );

    const second = await connector.listIncidents(signal());
    expect(second.find((i) => i.id === moved!.id)).toBeUndefined();
    expect(second.find((i) => i.id === fixed!.id)).toMatchObject({
      status: 'resolved',
      vendorStatus: 'Resolved',
    });
    const slas2 = await connector.listSlas(signal());
    expect(slas2.some((s) => s.taskId === moved!.id)).toBe(false);
    expect(slas2.some((s) => s.taskId === fixed!.id)).toBe(false);

    clock.advance(HOUR + MINUTE);
    const third = await connector.listIncidents(signal());
    expect(third.find((i) => i.id === fixed!.id)).toBeUndefined();
  });

  it('re-checks the user query on changed rows only and drops tickets that stop matching it', async () => {
    const { connector, data, sim, clock } = await start({ query: 'priority<=4' });
    const first = await connector.listIncidents(signal());
    const victim = first.find((i) => i.status !== 'resolved')!;
    const inc = data.incident(victim.id)!;
    inc.impact = 3;
    inc.urgency = 3; // priority 5 no longer matches priority<=4
    inc.updatedAt = clock.now();
    sim.requests.clear();
    const second = await connector.listIncidents(signal());
    expect(second.find((i) => i.id === victim.id)).toBeUndefined();
    expect(second).toHaveLength(first.length - 1);
    const recheck = lists(sim, 'incident').filter((r) => r.query.sysparm_query?.[0]?.startsWith('sys_idIN'));
    expect(recheck).toHaveLength(1);
    expect(recheck[0]!.query.sysparm_query?.[0]).toContain(victim.id);
    expect(recheck[0]!.query.sysparm_fields).toEqual(['sys_id']);
  });

  it('maps SLA clocks with stages, percentages and breach times', async () => {
    const { connector, data } = await start();
    const slas = await connector.listSlas(signal());
    expect(slas.length).toBeGreaterThan(0);
    const open = new Set(openIn(sims!.servicenow.server).map((i) => i.sys_id));
    for (const s of slas) {
      expect(open.has(s.taskId)).toBe(true);
      expect(s.taskKey).toBe(data.incident(s.taskId)!.number);
      expect(['in_progress', 'paused', 'breached', 'achieved']).toContain(s.stage);
      expect(Number.isFinite(s.percentElapsed)).toBe(true);
      expect(s.plannedEndAt).toMatch(/Z$/);
    }
    expect(slas.some((s) => s.target === 'resolution')).toBe(true);
    expect(slas.some((s) => s.target === 'response')).toBe(true);
  });

  it('performs all four actions against the simulator', async () => {
    const { connector, data } = await start({ escalate: 'both', escalationGroup: 'Service Desk' });
    const incidents = await connector.listIncidents(signal());
    const target = incidents.find((i) => i.status === 'triggered' && i.priority !== 'P1')!;
    const me = data.userByName(data.dir.integration.user_name)!;

    await expect(connector.assignToMe(target, signal())).resolves.toMatchObject({ ok: true });
    expect(data.incident(target.id)).toMatchObject({ assignedToId: me.sys_id, state: 2 });

    await connector.addNote(target, 'Looking at it from itops-tui', signal());
    const notes = () => data.journal.filter((j) => j.elementId === target.id).map((j) => j.value);
    expect(notes()).toContain('Looking at it from itops-tui');

    await connector.escalate(target, {}, signal());
    const desk = data.dir.groups.find((g) => g.name === 'Service Desk')!;
    expect(data.incident(target.id)).toMatchObject({ impact: 1, urgency: 1, assignmentGroupId: desk.sys_id });
    expect(notes()).toContain('Escalated from itops-tui');

    await connector.changeState(target, { state: 'in_progress' }, signal());
    await connector.changeState(target, { state: 'on_hold', holdReason: 'Awaiting Caller' }, signal());
    expect(data.incident(target.id)).toMatchObject({ state: 3, hold_reason: '1' });
    await connector.changeState(
      target,
      { state: 'resolved', closeCode: 'Workaround provided', closeNotes: 'Restarted the VPN' },
      signal(),
    );
    expect(data.incident(target.id)).toMatchObject({ state: 6, close_code: 'Workaround provided' });
    await expect(connector.health(signal())).resolves.toEqual({
      ok: true,
      detail: 'authenticated as ITOps Integration',
    });
  });

  it('refuses to escalate a P1 when no escalation group is configured', async () => {
    const { connector } = await start();
    const incidents = await connector.listIncidents(signal());
    const p1 = incidents.find((i) => i.priority === 'P1' && i.status !== 'resolved')!;
    await expect(connector.escalate(p1, {}, signal())).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already P1'),
    });
  });

  it('refreshes an expired OAuth token and retries once after a 401', async () => {
    const { sim: s, clock } = await start();
    const { connector } = await setupPlugin(
      servicenow,
      {
        plugin: 'servicenow',
        instanceUrl: s.url,
        auth: {
          kind: 'oauth',
          grant: 'password',
          clientId: s.clientId,
          clientSecret: s.clientSecret,
          username: s.username,
          password: s.password,
        },
      },
      { now: () => clock.now(), instance: 'snow', host: true },
    );
    const grants = () =>
      s.requests
        .filter((r) => r.path === '/oauth_token.do')
        .map((r) => new URLSearchParams(r.body ?? '').get('grant_type'));
    await connector.listIncidents(signal());
    expect(grants()).toEqual(['password']);
    clock.advance(1799_000);
    await connector.listIncidents(signal());
    expect(grants()).toEqual(['password', 'refresh_token']);

    s.faults.add({ path: '/api/now/table/incident', status: 401, count: 1 });
    await expect(connector.listIncidents(signal())).resolves.toBeInstanceOf(Array);
    expect(grants()).toEqual(['password', 'refresh_token', 'refresh_token']);
  });

  it('retries after a 429 and reports a long rate-limit wait as RATE_LIMITED', async () => {
    const { connector, sim: s } = await start();
    s.faults.add({ path: '/api/now/table/incident', status: 429, count: 1, headers: { 'retry-after': '0' } });
    await expect(connector.listIncidents(signal())).resolves.toBeInstanceOf(Array);
    s.faults.add({ path: '/api/now/table/incident', status: 429, headers: { 'retry-after': '3600' } });
    await expect(connector.listIncidents(signal())).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 3_600_000,
    });
  });

  it('reports an HTML page (hibernating instance, SSO) as BAD_RESPONSE', async () => {
    const { connector, sim: s } = await start();
    s.faults.add({
      path: '/api/now/table/',
      status: 200,
      body: '<!DOCTYPE html><html><body>Your instance is hibernating</body></html>',
      headers: { 'content-type': 'text/html' },
    });
    await expect(connector.listIncidents(signal())).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringContaining('ServiceNow returned an HTML page instead of JSON'),
    });
    await expect(connector.health(signal())).resolves.toMatchObject({ ok: false });
  });
});
