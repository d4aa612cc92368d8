/**
 * The ServiceNow simulator behaving like a real instance where a kind test server
 * would not: read ACLs applied after the page is cut, blanked fields, a write ACL
 * that drops a field with 200, a business rule refusing with 403, SLA clocks in
 * business hours, the dictionary tables, sessions and the server's own Date.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, ManualClock, MINUTE, type Simulators, startSimulators } from '../../src/sim/index.js';

const START = Date.UTC(2030, 2, 4, 9, 0, 0); // a Monday, 09:00 UTC
const running: Simulators[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(dataOptions: Record<string, unknown> = {}) {
  const clock = new ManualClock(START);
  const sims = await startSimulators({
    clock,
    seed: 42,
    servicenow: { dataOptions: { incidents: 60, ...dataOptions } },
  });
  running.push(sims);
  const server = sims.servicenow.server;
  return { sims, clock, server, data: server.data, behaviour: server.behaviour };
}

// biome-ignore lint/suspicious/noExplicitAny: responses are inspected field by field
type Json = any;

async function call(
  sims: Simulators,
  path: string,
  o: { method?: string; body?: unknown; cookie?: string } = {},
) {
  const { url, username, password } = sims.servicenow;
  const res = await fetch(url + path, {
    method: o.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      ...(o.cookie ? { cookie: o.cookie } : {}),
    },
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}
const q = (params: Record<string, string | number>) =>
  `?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;

describe('ServiceNow simulator: what a real instance does', () => {
  it('applies row read ACLs after cutting the page: short and empty pages, count and links unchanged', async () => {
    const { sims, data, behaviour } = await start();
    const sorted = [...data.incidents].sort((a, b) => (a.sys_id < b.sys_id ? -1 : 1));
    // Hide the 2nd to 12th rows in sys_id order: page 2 (offset 10, limit 10) is entirely hidden.
    const hiddenIds = new Set(sorted.slice(1, 21).map((i) => i.sys_id));
    behaviour.rowAcls.push({
      table: 'incident',
      hides: (row) => hiddenIds.has((row as { sys_id: string }).sys_id),
    });
    const page = (offset: number) =>
      call(
        sims,
        `/api/now/table/incident${q({ sysparm_query: 'ORDERBYsys_id', sysparm_fields: 'sys_id', sysparm_limit: 10, sysparm_offset: offset })}`,
      );
    const first = await page(0);
    expect(first.json.result).toHaveLength(1);
    expect(first.headers.get('x-total-count')).toBe(String(data.incidents.length));
    expect(first.headers.get('link')).toMatch(/sysparm_offset=10[^>]*>;rel="next"/);
    const second = await page(10);
    expect(second.json.result).toEqual([]);
    expect(second.headers.get('link')).toMatch(/rel="next"/);
    const third = await page(20);
    expect(third.json.result.length).toBe(9);
    const hiddenOne = sorted[5]!.sys_id;
    expect((await call(sims, `/api/now/table/incident/${hiddenOne}`)).status).toBe(404);
    expect(
      (
        await call(sims, `/api/now/table/incident/${hiddenOne}`, {
          method: 'PATCH',
          body: { work_notes: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('blanks a field the caller may not read, in value and display value', async () => {
    const { sims, behaviour } = await start();
    behaviour.hiddenFields.add('incident.short_description');
    const res = await call(
      sims,
      `/api/now/table/incident${q({ sysparm_fields: 'number,short_description', sysparm_display_value: 'all', sysparm_limit: 1 })}`,
    );
    expect(res.json.result[0].short_description).toEqual({ value: '', display_value: '' });
    expect(res.json.result[0].number.value).toMatch(/^INC/);
  });

  it('silently drops a field under a write ACL (200, record unchanged) and refuses a business rule with 403', async () => {
    const { sims, data, behaviour } = await start();
    const inc = data.incidents.find((i) => i.state === 2)!;
    behaviour.readOnlyFields.add('incident.urgency');
    const urgency = String(inc.urgency === 1 ? 2 : 1);
    const res = await call(sims, `/api/now/table/incident/${inc.sys_id}?sysparm_fields=urgency,impact`, {
      method: 'PATCH',
      body: { urgency, impact: '2' },
    });
    expect(res.status).toBe(200);
    expect(res.json.result).toEqual({ urgency: String(inc.urgency), impact: '2' });
    expect(String(inc.urgency)).not.toBe(urgency);

    const stranger = data.users.find(
      (u) => u.worldUserId && !data.membersOf(inc.assignmentGroupId).includes(u),
    )!;
    const refused = await call(sims, `/api/now/table/incident/${inc.sys_id}`, {
      method: 'PATCH',
      body: { assigned_to: stranger.sys_id },
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      error: {
        message: 'Assigned to user is not a member of the Assignment group',
        detail: `Error during update of incident (${inc.number})`,
      },
      status: 'failure',
    });
    expect(inc.assignedToId).not.toBe(stranger.sys_id);
  });

  it('runs P3–P5 SLA clocks in business hours: business and wall percentages differ over a weekend', async () => {
    const { sims, clock, data } = await start();
    const scheduled = data.slas.find((s) => {
      const def = data.slaDef(s.defId);
      return (
        def.priority >= 3 && def.target === 'resolution' && s.stoppedAt === null && s.pausedSince === null
      );
    })!;
    expect(scheduled).toBeDefined();
    const read = async () =>
      (
        await call(
          sims,
          `/api/now/table/task_sla/${scheduled.sys_id}?sysparm_display_value=all&sysparm_exclude_reference_link=true`,
        )
      ).json.result;
    const monday = await read();
    expect(monday.schedule.display_value).toBe('8-5 weekdays');
    // Friday 17:00 → Monday 08:00: the wall clock runs on, the business clock stands still.
    clock.set(Date.UTC(2030, 2, 8, 17, 0, 0));
    const friday = await read();
    clock.set(Date.UTC(2030, 2, 11, 8, 0, 0));
    const weekend = await read();
    expect(weekend.business_percentage.value).toBe(friday.business_percentage.value);
    expect(weekend.business_time_left.value).toBe(friday.business_time_left.value);
    expect(Number(weekend.percentage.value)).toBeGreaterThan(Number(friday.percentage.value));
    expect(Number(weekend.percentage.value)).toBeGreaterThan(Number(weekend.business_percentage.value));
    // The breach time is where the schedule reaches the target: inside business hours.
    const end = new Date(`${weekend.planned_end_time.value}Z`);
    expect([1, 2, 3, 4, 5]).toContain(end.getUTCDay());
    expect(end.getUTCHours() * 60 + end.getUTCMinutes()).toBeGreaterThanOrEqual(8 * 60);
    expect(end.getUTCHours() * 60 + end.getUTCMinutes()).toBeLessThanOrEqual(17 * 60);
    // P1 clocks run around the clock: no schedule, both percentages agree.
    const p1 = data.slas.find((s) => data.slaDef(s.defId).priority === 1)!;
    const p1row = (await call(sims, `/api/now/table/task_sla/${p1.sys_id}`)).json.result;
    expect(p1row.schedule).toBe('');
    expect(p1row.business_percentage).toBe(p1row.percentage);
  });

  it('describes its tables in sys_dictionary (inherited columns on task) and sys_choice', async () => {
    const { sims } = await start();
    const dict = await call(
      sims,
      `/api/now/table/sys_dictionary${q({ sysparm_query: 'nameINincident,task^elementINpriority,hold_reason,sys_id', sysparm_fields: 'name,element,internal_type' })}`,
    );
    expect(dict.json.result.map((r: Json) => `${r.name}.${r.element}`).sort()).toEqual([
      'incident.hold_reason',
      'task.priority',
      'task.sys_id',
    ]);
    const choices = await call(
      sims,
      `/api/now/table/sys_choice${q({ sysparm_query: 'name=incident^element=state^inactive=false', sysparm_fields: 'value,label' })}`,
    );
    expect(choices.json.result).toContainEqual({ value: '3', label: 'On Hold' });
  });

  it('opens a session per request without a cookie and reuses the one a client sends back', async () => {
    const { sims, server } = await start();
    const before = server.sessions.created;
    const a = await call(sims, '/api/now/table/incident?sysparm_limit=1');
    const cookie = a.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^JSESSIONID=[0-9A-F]+; Path=\/; HttpOnly$/);
    const jar = cookie.split(';')[0]!;
    const b = await call(sims, '/api/now/table/incident?sysparm_limit=1', { cookie: jar });
    expect(b.headers.get('set-cookie')).toBeNull();
    await call(sims, '/api/now/table/incident?sysparm_limit=1');
    expect(server.sessions.created - before).toBe(2);
  });

  it('answers with its own clock in Date and lets a test change rows between pages', async () => {
    const { sims, clock, data, behaviour } = await start();
    clock.advance(3 * HOUR + 17 * MINUTE);
    const res = await call(sims, '/api/now/table/incident?sysparm_limit=1');
    expect(Date.parse(res.headers.get('date')!)).toBe(Math.floor(clock.now() / 1000) * 1000);
    const target = data.incidents[0]!;
    const seen: number[] = [];
    behaviour.beforeListPage = (p) => {
      seen.push(p.offset);
      if (p.offset === 5) data.updateIncident(target, clock.now(), (i) => (i.short_description = 'changed'));
    };
    await call(
      sims,
      `/api/now/table/incident${q({ sysparm_query: 'ORDERBYsys_id', sysparm_limit: 5, sysparm_offset: 5 })}`,
    );
    expect(seen).toEqual([5]);
    expect(target.updatedAt).toBe(clock.now());
  });
});
