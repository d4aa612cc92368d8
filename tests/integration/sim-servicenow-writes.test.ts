/**
 * Incident updates on the ServiceNow simulator and what they do to task_sla rows:
 * responding achieves the response SLA, On Hold pauses the resolution clock (its
 * breach time moves by the pause), resolving achieves it, a priority change swaps
 * the SLAs, untouched clocks breach as simulated time passes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, ManualClock, MINUTE, type Simulators, startSimulators } from '../../src/sim/index.js';

const START = Date.UTC(2030, 2, 4, 9, 0, 0);
const running: Simulators[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start() {
  const clock = new ManualClock(START);
  const sims = await startSimulators({ clock, seed: 42 });
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
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    },
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const patch = (sims: Simulators, id: string, body: unknown, method = 'PATCH') =>
  call(sims, `/api/now/table/incident/${id}?sysparm_exclude_reference_link=true`, { method, body });

async function slas(sims: Simulators, incId: string): Promise<Json[]> {
  const query = `task=${incId}^ORDERBYsys_created_on^ORDERBYsys_id`;
  const path = `/api/now/table/task_sla?sysparm_display_value=all&sysparm_exclude_reference_link=true&sysparm_query=${encodeURIComponent(query)}`;
  return (await call(sims, path)).json.result;
}
const snTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const byTarget = (rows: Json[], target: string) =>
  rows.filter((r) => r.sla.display_value.includes(target) && r.stage.value !== 'cancelled');

describe('ServiceNow simulator: incident writes and SLAs', () => {
  it('assigns, notes, holds (pausing the SLA), resumes and resolves (achieving it)', async () => {
    const { sims, clock, data } = await start();
    // A New incident whose response clock still runs (found with dot-walked conditions):
    // step simulated time until the desk has a fresh arrival nobody has picked up yet.
    const open = 'stage=in_progress^sla.target=response^task.state=1^ORDERBYtask.number';
    const path = `/api/now/table/task_sla?sysparm_exclude_reference_link=true&sysparm_query=${encodeURIComponent(open)}`;
    let found = await call(sims, path);
    for (let step = 0; found.json.result.length === 0 && step < 72; step++) {
      clock.advance(5 * MINUTE);
      found = await call(sims, path);
    }
    expect(found.json.result.length).toBeGreaterThan(0);
    const inc = data.incident(found.json.result[0].task)!;
    expect(inc.state).toBe(1);
    const member = data.membersOf(inc.assignmentGroupId).find((u) => u.worldUserId)!;
    let rows = await slas(sims, inc.sys_id);
    expect(rows.map((r) => r.sla.display_value).sort()).toEqual([
      expect.stringMatching(/^P\d resolution \(/),
      expect.stringMatching(/^P\d response \(/),
    ]);
    expect(byTarget(rows, 'response')[0].stage.value).toBe('in_progress');

    const assigned = await patch(sims, inc.sys_id, {
      assigned_to: member.sys_id,
      state: '2',
      work_notes: 'Looking',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.json.result).toMatchObject({ state: '2', assigned_to: member.sys_id });
    rows = await slas(sims, inc.sys_id);
    expect(byTarget(rows, 'response')[0]).toMatchObject({
      stage: { value: 'achieved' },
      active: { value: 'false' },
    });

    const notes = await call(
      sims,
      `/api/now/table/sys_journal_field?sysparm_query=element_id=${inc.sys_id}^element=work_notes`,
    );
    expect(notes.json.result.map((n: Json) => n.value)).toEqual(['Looking']);
    const shown = await call(
      sims,
      `/api/now/table/incident/${inc.sys_id}?sysparm_display_value=true&sysparm_fields=work_notes`,
    );
    expect(shown.json.result.work_notes).toContain('ITOps Integration (Work notes)\nLooking');

    // Data policies refuse with 403 and name the mandatory fields, as a real instance does.
    const noReason = await patch(sims, inc.sys_id, { state: '3' });
    expect(noReason.status).toBe(403);
    expect(noReason.json).toEqual({
      error: {
        message: 'Operation Failed',
        detail: expect.stringMatching(/^Data Policy Exception: .*mandatory: On hold reason$/s),
      },
      status: 'failure',
    });
    clock.advance(10 * MINUTE);
    const held = await patch(sims, inc.sys_id, {
      state: '3',
      hold_reason: '4',
      comments: 'Waiting for the vendor',
    });
    expect(held.json.result).toMatchObject({ state: '3', hold_reason: '4' });
    const before = byTarget(await slas(sims, inc.sys_id), 'resolution')[0];
    expect(before.stage.value).toBe('paused');
    clock.advance(2 * HOUR);
    const during = byTarget(await slas(sims, inc.sys_id), 'resolution')[0];
    expect(during.percentage.value).toBe(before.percentage.value);
    const shift =
      Date.parse(`${during.planned_end_time.value}Z`) - Date.parse(`${before.planned_end_time.value}Z`);
    expect(shift).toBe(2 * HOUR);

    expect((await patch(sims, inc.sys_id, { state: '2' }, 'PUT')).json.result.hold_reason).toBe('');
    const resumed = byTarget(await slas(sims, inc.sys_id), 'resolution')[0];
    expect(resumed.stage.value).toBe('in_progress');
    expect(resumed.pause_duration.value).toBe('1970-01-01 02:00:00');

    const refused = await patch(sims, inc.sys_id, { state: '6', close_notes: 'done' });
    expect(refused.status).toBe(403);
    expect(refused.json.error.detail).toMatch(/mandatory: Resolution code$/);
    const resolved = await patch(sims, inc.sys_id, {
      state: '6',
      close_code: 'Solution provided',
      close_notes: 'Restarted',
    });
    expect(resolved.json.result).toMatchObject({
      state: '6',
      active: 'false',
      resolved_by: data.dir.integration.sys_id,
    });
    expect(resolved.json.result.resolved_at).toBe(snTime(clock.now()));
    const done = byTarget(await slas(sims, inc.sys_id), 'resolution')[0];
    expect(done).toMatchObject({
      stage: { value: 'achieved' },
      active: { value: 'false' },
      has_breached: { value: 'false' },
    });

    // The write bumped sys_updated_on, so a delta query from just before it finds the incident.
    const delta = await call(
      sims,
      `/api/now/table/incident?sysparm_fields=sys_id&sysparm_query=${encodeURIComponent(`sys_updated_on>=${snTime(clock.now())}`)}`,
    );
    expect(delta.json.result.map((r: Json) => r.sys_id)).toContain(inc.sys_id);

    const reopened = await patch(sims, inc.sys_id, { state: '2' });
    expect(reopened.json.result).toMatchObject({ reopen_count: '1', resolved_at: '' });
    expect(
      byTarget(await slas(sims, inc.sys_id), 'resolution').filter((r) => r.active.value === 'true'),
    ).toHaveLength(1);
  });

  it('recomputes priority from impact and urgency and swaps the SLAs for the new priority', async () => {
    const { sims, data } = await start();
    const inc = data.incidents.find((i) => i.state === 2 && i.impact + i.urgency - 1 >= 3)!;
    const res = await patch(sims, inc.sys_id, { impact: '1', urgency: '1', priority: '5' });
    expect(res.json.result).toMatchObject({ impact: '1', urgency: '1', priority: '1' });
    const rows = await slas(sims, inc.sys_id);
    const live = rows.filter((r) => r.active.value === 'true');
    expect(live.map((r) => r.sla.display_value)).toEqual(['P1 resolution (4 hour)']);
    expect(live[0].start_time.value).toBe(res.json.result.opened_at);
    expect(rows.some((r) => r.stage.value === 'cancelled')).toBe(true);
    expect((await patch(sims, inc.sys_id, { impact: '9' })).status).toBe(400);
    expect((await patch(sims, inc.sys_id, { assigned_to: 'f'.repeat(32) })).status).toBe(400);
    // A JSON string is valid JSON but not a record.
    expect((await patch(sims, inc.sys_id, 'not json' as unknown)).status).toBe(400);
  });

  it('breaches an untouched SLA once simulated time passes its planned end', async () => {
    const { sims, clock, data } = await start();
    const inc = data.incidents.find((i) => i.state === 2)!;
    await patch(sims, inc.sys_id, { work_notes: 'taking it from here' });
    const sla = byTarget(await slas(sims, inc.sys_id), 'resolution')[0];
    const end = Date.parse(`${sla.planned_end_time.value}Z`);
    clock.set(Math.max(end, START) + MINUTE);
    const after = byTarget(await slas(sims, inc.sys_id), 'resolution')[0];
    expect(after).toMatchObject({
      stage: { value: 'breached' },
      has_breached: { value: 'true' },
      active: { value: 'true' },
    });
    expect(Number(after.percentage.value)).toBeGreaterThan(100);
    expect(after.sys_updated_on.value >= sla.planned_end_time.value).toBe(true);
  });

  it('serves the SLA-risk query from the connector notes, sorted by percentage', async () => {
    const { sims } = await start();
    const query = 'active=true^task.sys_class_name=incident^stage!=cancelled^ORDERBYDESCpercentage';
    const fields = 'sys_id,task,sla,stage,has_breached,percentage,planned_end_time,time_left,start_time';
    const res = await call(
      sims,
      `/api/now/table/task_sla?sysparm_query=${encodeURIComponent(query)}&sysparm_fields=${fields}&sysparm_display_value=all&sysparm_exclude_reference_link=true&sysparm_limit=200`,
    );
    const rows: Json[] = res.json.result;
    expect(rows.length).toBeGreaterThan(5);
    const pct = rows.map((r) => Number(r.percentage.value));
    expect([...pct].sort((a, b) => b - a)).toEqual(pct);
    expect(rows.every((r) => ['in_progress', 'paused', 'breached'].includes(r.stage.value))).toBe(true);
    expect(rows[0].task.display_value).toMatch(/^INC\d{7}$/);
    expect(new Set(rows.map((r) => r.stage.value)).size).toBeGreaterThanOrEqual(2);
  });
});
