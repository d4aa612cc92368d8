/**
 * Issue 8: the ServiceNow connector against a simulator that behaves like a real
 * instance — read ACLs applied after paging, rows updated between the pages of a
 * load, SLA clocks in business hours, conditions on unknown fields dropped,
 * duplicate group names, sessions. Each test failed on the connector before
 * issue 8 (see the report) and pins what a production instance needs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import { createWorld, ManualClock, MINUTE, type Simulators, startSimulators } from '../../src/sim/index.js';
import type { ServiceNowDataOptions } from '../../src/sim/servicenow/world.js';
import { setupPlugin } from '../helpers/plugin-context.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function start(extra: Record<string, unknown> = {}, dataOptions: ServiceNowDataOptions = {}) {
  const clock = new ManualClock();
  const world = createWorld({ seed: 5, clock });
  sims = await startSimulators({
    world,
    clock,
    servicenow: { dataOptions: { incidents: 120, ...dataOptions }, tokenClock: () => clock.now() },
  });
  const sim = sims.servicenow.server;
  const auth = { kind: 'basic', username: sims.servicenow.username, password: sims.servicenow.password };
  const { connector, ctx } = await setupPlugin(
    servicenow,
    { plugin: 'servicenow', instanceUrl: sim.url, auth, pageSize: 10, ...extra },
    { now: () => clock.now(), instance: 'snow' },
  );
  return { connector, ctx, clock, sim, data: sim.data };
}

const signal = () => AbortSignal.timeout(20_000);
type Sim = NonNullable<typeof sims>['servicenow']['server'];
const sysId = (row: unknown) => (row as { sys_id: string }).sys_id;
const openIds = (sim: Sim, visible: (id: string) => boolean = () => true) =>
  sim.data.incidents
    .filter((i) => i.state < 6 && visible(i.sys_id))
    .map((i) => i.sys_id)
    .sort();
const openOf = (incidents: { id: string; status: string }[]) =>
  incidents
    .filter((i) => i.status !== 'resolved')
    .map((i) => i.id)
    .sort();

describe('defect 1: read ACLs thin out pages after they are cut', () => {
  it('loads every visible row although pages come back short', async () => {
    const { connector, sim, data } = await start();
    // A read ACL hides every fourth incident: nearly every page of 10 comes back short.
    const hidden = new Set(data.incidents.filter((_, i) => i % 4 === 1).map((i) => i.sys_id));
    sim.behaviour.rowAcls.push({ table: 'incident', hides: (row) => hidden.has(sysId(row)) });
    const incidents = await connector.listIncidents(signal());
    expect(openOf(incidents)).toEqual(openIds(sim, (id) => !hidden.has(id)));
    expect(incidents.some((i) => hidden.has(i.id))).toBe(false);
  });

  it('walks past whole pages the ACL emptied, without mistaking them for a server that does not page', async () => {
    const { connector, sim, data } = await start();
    const sorted = data.incidents
      .filter((i) => i.state < 6)
      .map((i) => i.sys_id)
      .sort();
    // Rows 10–39 of the open work in sys_id order: three pages of 10 come back empty.
    const hidden = new Set(sorted.slice(10, 40));
    sim.behaviour.rowAcls.push({ table: 'incident', hides: (row) => hidden.has(sysId(row)) });
    const incidents = await connector.listIncidents(signal());
    expect(openOf(incidents)).toEqual(sorted.filter((id) => !hidden.has(id)));
    const emptyPages = sim.requests.filter(
      (r) => r.path === '/api/now/table/incident' && JSON.parse(r.responseBody ?? '{}').result?.length === 0,
    );
    expect(emptyPages.length).toBeGreaterThanOrEqual(2);
  });
});

describe('defect 2: rows updated between the pages of a load', () => {
  it('loses no row when one already read is updated mid-load, in the load or in the next delta', async () => {
    const { connector, sim, data, clock } = await start();
    // Between page 1 and page 2 of the open-work listing, someone updates the row that sorted
    // first by sys_updated_on: offset paging over that order would slide an unread row back.
    let pages = 0;
    sim.behaviour.beforeListPage = (p) => {
      if (p.table !== 'incident' || !p.query.startsWith('active=true') || ++pages !== 2) return;
      const oldest = data.incidents
        .filter((i) => i.state < 6)
        .sort((a, b) => a.updatedAt - b.updatedAt || (a.sys_id < b.sys_id ? -1 : 1))[0]!;
      data.updateIncident(oldest, clock.now(), (i) => {
        i.short_description = `${i.short_description} (edited)`;
      });
    };
    const first = await connector.listIncidents(signal());
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(openOf(first)).toEqual(openIds(sim));
    sim.behaviour.beforeListPage = undefined;
    clock.advance(MINUTE);
    const second = await connector.listIncidents(signal());
    expect(openOf(second)).toEqual(openIds(sim));
    expect(second.some((i) => i.title.endsWith('(edited)'))).toBe(true);
  });

  it('sees in the next delta a row updated after the load had passed it', async () => {
    const { connector, sim, data, clock } = await start();
    const byId = data.incidents.filter((i) => i.state < 6).sort((a, b) => (a.sys_id < b.sys_id ? -1 : 1));
    const early = byId[0]!; // read on the first page
    const late = byId[byId.length - 1]!; // read on the last page
    let pages = 0;
    sim.behaviour.beforeListPage = (p) => {
      if (p.table !== 'incident' || !p.query.startsWith('active=true')) return;
      pages++;
      if (pages === 2) {
        clock.advance(MINUTE);
        data.updateIncident(early, clock.now(), (i) => {
          i.urgency = 1;
          i.short_description = 'early row, updated after it was read';
        });
      }
      if (pages === 3) {
        clock.advance(10 * MINUTE);
        data.updateIncident(late, clock.now());
      }
    };
    await connector.listIncidents(signal());
    sim.behaviour.beforeListPage = undefined;
    // The newest row seen is `late` (+11 min); a watermark there would skip `early` (+1 min).
    const next = await connector.listIncidents(signal());
    expect(next.find((i) => i.id === early.sys_id)?.title).toBe('early row, updated after it was read');
  });
});

describe('defect 4: SLA clocks that run in business hours', () => {
  it('reports business_percentage for a clock with a schedule, not the wall-time percentage', async () => {
    const { connector, sim } = await start();
    // Monday 09:00 after a weekend: clocks started on Saturday have used no business time yet.
    const slas = await connector.listSlas(signal());
    const res = await fetch(
      `${sim.url}/api/now/table/task_sla?sysparm_query=active=true^scheduleISNOTEMPTY&sysparm_fields=sys_id,percentage,business_percentage`,
      {
        headers: {
          authorization: `Basic ${Buffer.from(`${sims!.servicenow.username}:${sims!.servicenow.password}`).toString('base64')}`,
        },
      },
    );
    const truth = new Map(
      (
        (await res.json()) as {
          result: { sys_id: string; percentage: string; business_percentage: string }[];
        }
      ).result.map((r) => [r.sys_id, r]),
    );
    const scheduled = slas.filter((s) => truth.has(s.id));
    expect(scheduled.length).toBeGreaterThan(0);
    for (const s of scheduled) {
      expect(s.schedule).toBe('8-5 weekdays');
      expect(s.percentElapsed).toBe(Number(truth.get(s.id)!.business_percentage));
    }
    // The two differ for most of them: the weekend counted in wall time only.
    const differ = scheduled.filter((s) => Number(truth.get(s.id)!.percentage) > s.percentElapsed + 1);
    expect(differ.length).toBeGreaterThan(0);
    for (const s of slas.filter((x) => !truth.has(x.id))) expect(s.schedule).toBeUndefined();
  });
});

describe('defect 6: a typo in the query would widen the scope', () => {
  it('refuses a query naming a field incident does not have, before loading anything', async () => {
    const { connector, sim } = await start({ query: 'priorty<=2' });
    const err = await connector.listIncidents(signal()).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'INVALID',
      message: expect.stringMatching(
        /^connectors\.snow\.query names "priorty", which incident does not have/,
      ),
    });
    expect((err as Error).message).toMatch(/would return every incident in scope/);
    // Nothing was loaded with the widened query.
    expect(
      sim.requests.some(
        (r) => r.path === '/api/now/table/incident' && r.query.sysparm_fields?.[0]?.includes('number'),
      ),
    ).toBe(false);
  });

  it('checks by reading one row when sys_dictionary is hidden from the integration user, dot-walks too', async () => {
    const { connector, sim } = await start({ query: 'active=true^caller_id.vipp=true^ORpriority<=2' });
    sim.behaviour.rowAcls.push({ table: 'sys_dictionary', hides: () => true });
    await expect(connector.listIncidents(signal())).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('names "caller_id.vipp"'),
    });
  });

  it('refuses instead of showing an empty queue where the instance returns no rows for an invalid query', async () => {
    const { connector, sim } = await start({ query: 'urgncy=1' });
    sim.behaviour.invalidQueryReturnsNoRows = true;
    await expect(connector.listIncidents(signal())).rejects.toMatchObject({ code: 'INVALID' });
  });

  it('accepts a query whose fields exist, dot-walked or not', async () => {
    const { connector, sim } = await start({ query: 'priority<=4^caller_id.active=true' });
    const incidents = await connector.listIncidents(signal());
    expect(openOf(incidents).length).toBeGreaterThan(0);
    expect(sim.requests.filter((r) => r.path === '/api/now/table/sys_dictionary')).toHaveLength(1);
  });
});

describe('defect 7: group names are not unique', () => {
  it('refuses an ambiguous name and lists the candidates with their sys_ids', async () => {
    const { connector, data } = await start(
      { assignmentGroups: ['Network Ops'] },
      { duplicateGroups: [{ name: 'Network Ops', active: true }] },
    );
    const ids = data.dir.groups.filter((g) => g.name === 'Network Ops').map((g) => g.sys_id);
    expect(ids).toHaveLength(2);
    const err = (await connector.listIncidents(signal()).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'INVALID' });
    expect(err.message).toMatch(/^ServiceNow has 2 active assignment groups named "Network Ops": /);
    for (const id of ids) expect(err.message).toContain(id);
    expect(err.message).toMatch(/Put the sys_id of the one you mean in connectors\.snow\.assignmentGroups/);
  });

  it('takes the active group over an inactive namesake, for scope and for escalation', async () => {
    const { connector, data, clock } = await start({
      assignmentGroups: ['Service Desk'],
      escalationGroup: 'Service Desk',
      escalate: 'group',
    });
    const desks = data.dir.groups.filter((g) => g.name === 'Service Desk');
    expect(desks.map((g) => g.active).sort()).toEqual([false, true]);
    const active = desks.find((g) => g.active)!;
    const other = data.incidents.find((i) => i.state === 2 && i.assignmentGroupId !== active.sys_id)!;
    data.updateIncident(other, clock.now(), (i) => {
      i.assignmentGroupId = data.dir.groups.find((g) => g.name === 'Payments Ops')!.sys_id;
    });
    await connector.listIncidents(signal());
    const target = {
      id: other.sys_id,
      key: other.number,
      title: other.short_description,
      status: 'acknowledged',
      priority: 'P3',
    } as Parameters<typeof connector.escalate>[0];
    await connector.escalate(target, {}, signal());
    expect(data.incident(other.sys_id)!.assignmentGroupId).toBe(active.sys_id);
  });
});

describe('defect 9: one session, not one per request', () => {
  it('sends the session cookie back, so a whole poll opens one session', async () => {
    const { connector, sim } = await start();
    const before = sim.sessions.created;
    await connector.listIncidents(signal());
    await connector.listSlas(signal());
    await connector.listIncidents(signal());
    const calls = sim.requests.filter((r) => r.path.startsWith('/api/now/table/')).length;
    expect(calls).toBeGreaterThan(10);
    expect(sim.sessions.created - before).toBe(1);
  });
});
