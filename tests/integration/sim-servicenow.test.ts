/**
 * The ServiceNow simulator over real HTTP: reads (paging, display modes, fields,
 * delta queries), errors, and incident updates with their SLA effects, on a
 * ManualClock so simulated time moves without sleeping. Auth and limits:
 * sim-servicenow-access; scale: sim-servicenow-scale.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

const START = Date.UTC(2030, 2, 4, 9, 0, 0);
const running: Simulators[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(seed = 42) {
  const clock = new ManualClock(START);
  const sims = await startSimulators({ clock, seed });
  running.push(sims);
  return { sims, clock, data: sims.servicenow.server.data };
}

// biome-ignore lint/suspicious/noExplicitAny: responses are inspected field by field
type Json = any;

async function call(sims: Simulators, path: string, o: { method?: string; body?: unknown } = {}) {
  const { url, username, password } = sims.servicenow;
  const res = await fetch(url + path, {
    method: o.method ?? 'GET',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    },
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}

const q = (params: Record<string, string | number>) =>
  `?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;

function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (header ?? '').matchAll(/<([^>]+)>;rel="(\w+)"/g)) out[m[2]!] = m[1]!;
  return out;
}

describe('ServiceNow simulator: reading', () => {
  it('serves incidents on the world services and hosts, numbered INC0010001 onwards', async () => {
    const { sims } = await start();
    const res = await call(
      sims,
      `/api/now/table/incident${q({ sysparm_display_value: 'true', sysparm_exclude_reference_link: 'true', sysparm_query: 'ORDERBYnumber' })}`,
    );
    expect(res.status).toBe(200);
    const rows: Json[] = res.json.result;
    expect(rows.length).toBeGreaterThan(20);
    expect(rows[0].number).toBe('INC0010001');
    const services = sims.world.services.map((s) => s.name);
    const hosts = sims.world.services.flatMap((s) => s.hosts);
    for (const r of rows) {
      expect(services).toContain(r.business_service);
      expect(hosts).toContain(r.cmdb_ci);
      expect(['New', 'In Progress', 'On Hold', 'Resolved', 'Closed']).toContain(r.state);
    }
    expect(new Set(rows.map((r) => r.state)).size).toBeGreaterThanOrEqual(4);
    const onHold = rows.filter((r) => r.state === 'On Hold');
    expect(onHold.every((r) => r.hold_reason !== '')).toBe(true);
  });

  it('pages with sysparm_limit/offset, X-Total-Count and first/prev/next/last links', async () => {
    const { sims, data } = await start();
    const seen: string[] = [];
    let path: string | undefined =
      `/api/now/table/incident${q({ sysparm_query: 'ORDERBYnumber', sysparm_limit: 7, sysparm_fields: 'number' })}`;
    let pages = 0;
    while (path) {
      const res = await call(sims, path);
      expect(res.headers.get('x-total-count')).toBe(String(data.incidents.length));
      const l = links(res.headers.get('link'));
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['first', 'last']));
      if (pages === 0) expect(l.prev).toBeUndefined();
      else expect(l.prev).toBeDefined();
      seen.push(...res.json.result.map((r: Json) => r.number));
      path = l.next ? l.next.slice(sims.servicenow.url.length) : undefined;
      pages++;
    }
    expect(pages).toBe(Math.ceil(data.incidents.length / 7));
    expect(seen).toEqual(data.incidents.map((i) => i.number).sort());
    const none = await call(
      sims,
      `/api/now/table/incident${q({ sysparm_query: 'number=INC9999999', sysparm_no_count: 'true' })}`,
    );
    expect(none.json.result).toEqual([]);
    expect(none.headers.get('x-total-count')).toBeNull();
  });

  it('renders display_value false / true / all with and without reference links', async () => {
    const { sims, data } = await start();
    const inc = data.incidents.find((i) => i.state === 2 && i.assignedToId)!;
    const path = `/api/now/table/incident/${inc.sys_id}`;
    const raw = (await call(sims, path)).json.result;
    expect(raw.state).toBe('2');
    expect(raw.active).toBe('true');
    expect(raw.priority).toBe(String(inc.impact + inc.urgency - 1));
    expect(raw.opened_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(raw.assignment_group).toEqual({
      link: `${sims.servicenow.url}/api/now/table/sys_user_group/${inc.assignmentGroupId}`,
      value: inc.assignmentGroupId,
    });
    expect(raw.work_notes).toBe('');
    const noLinks = (await call(sims, `${path}?sysparm_exclude_reference_link=true`)).json.result;
    expect(noLinks.assignment_group).toBe(inc.assignmentGroupId);
    const shown = (await call(sims, `${path}?sysparm_display_value=true`)).json.result;
    expect(shown.state).toBe('In Progress');
    expect(shown.assignment_group.display_value).toMatch(/ Ops$/);
    expect(shown.assignment_group.link).toContain('/sys_user_group/');
    const all = (await call(sims, `${path}?sysparm_display_value=all&sysparm_exclude_reference_link=true`))
      .json.result;
    for (const v of Object.values(all))
      expect(Object.keys(v as object).sort()).toEqual(['display_value', 'value']);
    expect(all.state).toEqual({ display_value: 'In Progress', value: '2' });
    // The integration user lives in Europe/Paris: display dates are UTC+1 in March 2030.
    const utc = Date.parse(`${all.opened_at.value.replace(' ', 'T')}Z`);
    expect(all.opened_at.display_value).toBe(
      new Date(utc + HOUR).toISOString().slice(0, 19).replace('T', ' '),
    );
    const allLinks = (await call(sims, `${path}?sysparm_display_value=all`)).json.result;
    expect(Object.keys(allLinks.assigned_to).sort()).toEqual(['display_value', 'link', 'value']);
  });

  it('returns only sysparm_fields, dot-walked ones included', async () => {
    const { sims } = await start();
    const res = await call(
      sims,
      `/api/now/table/incident${q({ sysparm_fields: 'number,assigned_to.user_name', sysparm_query: 'assigned_toISNOTEMPTY', sysparm_limit: 3 })}`,
    );
    expect(res.json.result).toHaveLength(3);
    for (const r of res.json.result) {
      expect(Object.keys(r).sort()).toEqual(['assigned_to.user_name', 'number']);
      expect(r['assigned_to.user_name']).toMatch(/^[a-z]+\.[a-z]+$/);
    }
  });

  it('answers delta queries on sys_updated_on as the desk works over simulated time', async () => {
    const { sims, clock, data } = await start();
    const since = '2030-03-04 09:00:00';
    const delta = `/api/now/table/incident${q({ sysparm_query: `sys_updated_on>=${since}^ORDERBYsys_updated_on^ORDERBYsys_id`, sysparm_fields: 'sys_id,number,sys_updated_on' })}`;
    expect((await call(sims, delta)).json.result).toEqual([]);
    clock.advance(3 * HOUR);
    const rows: Json[] = (await call(sims, delta)).json.result;
    expect(rows.length).toBeGreaterThan(0);
    const stamps = rows.map((r) => r.sys_updated_on);
    expect(stamps.every((s) => s >= since)).toBe(true);
    expect([...stamps].sort()).toEqual(stamps);
    // Everything the desk did in those hours, and nothing from before the cut-off.
    const changed = data.incidents.filter((i) => i.updatedAt >= START).map((i) => i.sys_id);
    expect(rows.map((r) => r.sys_id).sort()).toEqual([...changed].sort());
  });

  it('lists users, groups and memberships joined to the world', async () => {
    const { sims } = await start();
    const groups = (
      await call(
        sims,
        `/api/now/table/sys_user_group?sysparm_fields=sys_id,name,active&sysparm_query=active=true`,
      )
    ).json.result;
    expect(groups.map((g: Json) => g.name).sort()).toEqual([
      'Identity Ops',
      'Network Ops',
      'Payments Ops',
      'Platform Ops',
      'Service Desk',
    ]);
    // Names are not unique: an old Service Desk is kept, inactive, for its history.
    const desks = (
      await call(
        sims,
        `/api/now/table/sys_user_group?sysparm_fields=sys_id,active&sysparm_query=name=Service Desk`,
      )
    ).json.result;
    expect(desks.map((g: Json) => g.active).sort()).toEqual(['false', 'true']);
    const users = (await call(sims, `/api/now/table/sys_user?sysparm_query=user_name=itops.integration`)).json
      .result;
    expect(users).toHaveLength(1);
    const payments = groups.find((g: Json) => g.name === 'Payments Ops').sys_id;
    const members = (
      await call(
        sims,
        `/api/now/table/sys_user_grmember${q({ sysparm_query: `group=${payments}`, sysparm_display_value: 'true', sysparm_exclude_reference_link: 'true' })}`,
      )
    ).json.result;
    const names = members.map((m: Json) => m.user);
    for (const u of sims.world.users.filter((x) => sims.world.team(x.teamId).name === 'Payments'))
      expect(names).toContain(u.name);
    expect(names).toContain('ITOps Integration');
  });

  it('drops conditions on unknown fields (or returns nothing when the instance property says so)', async () => {
    const { sims, data } = await start();
    const count = async (query: string) => {
      const res = await call(sims, `/api/now/table/incident${q({ sysparm_query: query, sysparm_limit: 1 })}`);
      expect(res.status).toBe(200);
      return Number(res.headers.get('x-total-count'));
    };
    const all = data.incidents.length;
    const open = data.incidents.filter((i) => i.state < 6).length;
    expect(open).toBeLessThan(all);
    // A typo does not fail the query: the condition is ignored and the scope widens.
    expect(await count('active=true')).toBe(open);
    expect(await count('active=true^priorty<=2')).toBe(open);
    expect(await count('priorty<=2')).toBe(all);
    expect(await count('active=true^ORDERBYno_such_field')).toBe(open);
    sims.servicenow.server.behaviour.invalidQueryReturnsNoRows = true;
    expect(await count('active=true^priorty<=2')).toBe(0);
    expect(await count('active=true')).toBe(open);
  });

  it('answers 400 for malformed queries and 404 for unknown records and tables, in the ServiceNow envelope', async () => {
    const { sims } = await start();
    const bad = await call(sims, '/api/now/table/incident?sysparm_query=state~~1');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error: { message: 'Invalid query', detail: expect.stringContaining('state~~1') },
      status: 'failure',
    });
    expect((await call(sims, '/api/now/table/incident?sysparm_limit=abc')).status).toBe(400);
    const missing = await call(sims, `/api/now/table/incident/${'0'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe('No Record found');
    expect(missing.json.status).toBe('failure');
    expect((await call(sims, '/api/now/table/no_such_table')).status).toBe(404);
  });

  it('is deterministic for a seed', async () => {
    const a = await start(7);
    const b = await start(7);
    const pick = (d: typeof a.data) => d.incidents.map((i) => [i.sys_id, i.number, i.state, i.openedAt]);
    expect(pick(a.data)).toEqual(pick(b.data));
    expect(a.data.slas.map((s) => s.sys_id)).toEqual(b.data.slas.map((s) => s.sys_id));
    a.clock.advance(5 * HOUR);
    b.clock.advance(5 * HOUR);
    a.data.tick(a.clock.now());
    b.data.tick(b.clock.now());
    expect(pick(a.data)).toEqual(pick(b.data));
  });

  it('injects faults through /__sim/faults and records every exchange', async () => {
    const { sims } = await start();
    const server = sims.servicenow.server;
    const ctl = await fetch(`${sims.servicenow.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/api/now/table/incident', status: 503, count: 1 }),
    });
    expect(ctl.status).toBe(201);
    server.requests.clear();
    const failed = await call(sims, '/api/now/table/incident?sysparm_limit=1');
    expect(failed.status).toBe(503);
    expect(failed.json.status).toBe('failure');
    expect((await call(sims, '/api/now/table/incident?sysparm_limit=1')).status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(server.requests[1]!.responseHeaders['x-total-count']).toBeDefined();
  });
});
