/**
 * Issue 8: what the ServiceNow connector must make of a real instance's scope and
 * plumbing — SLA clocks in business hours, conditions on unknown fields dropped,
 * duplicate group names, sessions. Each test failed on the connector before
 * issue 8 (see the report).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openOf, signal, startSn as start, stopSn } from '../helpers/servicenow-real.js';

afterEach(stopSn);

describe('defect 4: SLA clocks that run in business hours', () => {
  it('reports business_percentage for a clock with a schedule, not the wall-time percentage', async () => {
    const { connector, sim, basic } = await start();
    // Monday 09:00 after a weekend: clocks started on Saturday have used no business time yet.
    const slas = await connector.listSlas(signal());
    const res = await fetch(
      `${sim.url}/api/now/table/task_sla?sysparm_query=active=true^scheduleISNOTEMPTY&sysparm_fields=sys_id,percentage,business_percentage`,
      {
        headers: {
          authorization: basic,
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
