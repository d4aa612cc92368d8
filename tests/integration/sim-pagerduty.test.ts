/**
 * The PagerDuty simulator over real HTTP: what the connector and the contract
 * tests rely on — paths, pagination, filters, mutations and escalation over
 * simulated time (ManualClock, no sleeping). Auth and limits: sim-pagerduty-access.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, MINUTE, type Simulators } from '../../src/sim/index.js';
import { createWorld } from '../../src/sim/world.js';
import { call, closeSimsAfterEach, type Json, START, start } from '../helpers/pd-sim.js';

closeSimsAfterEach();

const put = (sims: Simulators, id: string, incident: Record<string, unknown>) =>
  call(sims, `/incidents/${id}`, {
    method: 'PUT',
    from: sims.pagerduty.fromEmail,
    body: { incident: { type: 'incident_reference', ...incident } },
  });

const OPEN = '/incidents?statuses[]=triggered&statuses[]=acknowledged&date_range=all&limit=100';

describe('PagerDuty simulator: reads', () => {
  it('serves the same incidents for the same seed and different ones for another seed', async () => {
    const a = await start({ seed: 11 });
    const b = await start({ seed: 11 });
    const c = await start({ seed: 12 });
    const [ra, rb, rc] = await Promise.all([a, b, c].map((s) => call(s, OPEN)));
    expect(ra!.status).toBe(200);
    expect(ra!.json.incidents.length).toBeGreaterThanOrEqual(15);
    expect(rb!.json.incidents).toEqual(ra!.json.incidents);
    expect(rc!.json.incidents.map((i: Json) => i.id)).not.toEqual(ra!.json.incidents.map((i: Json) => i.id));
  });

  it('pages with limit/offset/more/total and caps limit at 100', async () => {
    const sims = await start({
      world: createWorld({ seed: 4, openIncidents: 250, clock: new ManualClock(START) }),
    });
    const base = '/incidents?statuses[]=triggered&statuses[]=acknowledged&date_range=all';
    const ids: string[] = [];
    const pages: Json[] = [];
    for (let offset = 0; ; offset += 100) {
      const { json } = await call(sims, `${base}&limit=100&offset=${offset}&total=true`);
      pages.push(json);
      ids.push(...json.incidents.map((i: Json) => i.id));
      if (!json.more) break;
    }
    expect(pages.map((p) => [p.offset, p.incidents.length, p.more, p.total])).toEqual([
      [0, 100, true, 250],
      [100, 100, true, 250],
      [200, 50, false, 250],
    ]);
    expect(new Set(ids).size).toBe(250);
    const noTotal = await call(sims, `${base}&limit=500`);
    expect(noTotal.json).toMatchObject({ limit: 100, offset: 0, more: true, total: null });
    const byDefault = await call(sims, base);
    expect(byDefault.json.limit).toBe(25);
    expect(byDefault.json.incidents).toHaveLength(25);
  });

  it('refuses offset + limit beyond 10000 with code 2002', async () => {
    const sims = await start();
    const over = await call(sims, '/incidents?offset=9950&limit=100');
    expect(over.status).toBe(400);
    expect(over.json.error.code).toBe(2002);
    expect(over.json.error.errors[0]).toMatch(/Offset\+limit exceeds maximum allowed value of 10000/);
    const edge = await call(sims, '/incidents?offset=9900&limit=100');
    expect(edge.status).toBe(200);
    expect(edge.json).toMatchObject({ incidents: [], more: false });
  });

  it('filters incidents by status, urgency, service and assignee', async () => {
    const sims = await start();
    const service = sims.world.services.find((s) => s.name === 'payments-db')!;
    const { json } = await call(sims, `${OPEN}&service_ids[]=${service.id}&urgencies[]=high`);
    for (const i of json.incidents) expect([i.service.id, i.urgency]).toEqual([service.id, 'high']);
    const triggered = await call(sims, '/incidents?statuses[]=triggered&date_range=all&limit=100');
    const user = triggered.json.incidents[0].assignments[0].assignee.id;
    const mine = await call(sims, `${OPEN}&user_ids[]=${user}`);
    expect(mine.json.incidents.length).toBeGreaterThan(0);
    for (const i of mine.json.incidents)
      expect(i.assignments.map((a: Json) => a.assignee.id)).toContain(user);
    const bad = await call(sims, '/incidents?statuses[]=open');
    expect([bad.status, bad.json.error.code]).toEqual([400, 2001]);
  });

  it('lists on-calls per policy and level, with users expanded on request', async () => {
    const sims = await start();
    const policy = sims.world.policies.find((p) => p.name === 'Payments EP')!;
    const { json } = await call(
      sims,
      `/oncalls?earliest=true&include[]=users&escalation_policy_ids[]=${policy.id}`,
    );
    expect(json.oncalls.map((o: Json) => o.escalation_level)).toEqual([1, 2, 3]);
    const [l1, , l3] = json.oncalls;
    expect(l1.user.email).toMatch(/@example\.com$/);
    expect(l1.schedule.type).toBe('schedule_reference');
    expect(Date.parse(l1.end) - Date.parse(l1.start)).toBe(24 * 60 * MINUTE);
    expect(l3.schedule).toBeUndefined();
    expect(l3.user.id).toBe(sims.world.users.find((u) => u.name === 'Grace Kim')!.id);
    const later = await call(sims, `/oncalls?escalation_policy_ids[]=${policy.id}&since=${l1.end}`);
    expect(later.json.oncalls[0].user.id).not.toBe(l1.user.id);
  });
});

describe('PagerDuty simulator: changes', () => {
  it('acknowledges (twice is fine), adds notes, escalates and resolves', async () => {
    const sims = await start();
    const me = sims.world.userByEmail(sims.pagerduty.fromEmail)!;
    const inc = (await call(sims, '/incidents?statuses[]=triggered&date_range=all')).json.incidents.find(
      (i: Json) => sims.world.policy(i.escalation_policy.id).rules.length === 3 && i.urgency === 'high',
    );
    const ack = await put(sims, inc.id, { status: 'acknowledged' });
    expect(ack.json.incident.status).toBe('acknowledged');
    expect(ack.json.incident.acknowledgements.map((a: Json) => a.acknowledger.id)).toEqual([me.id]);
    expect((await put(sims, inc.id, { status: 'acknowledged' })).status).toBe(200);

    const note = await call(sims, `/incidents/${inc.id}/notes`, {
      method: 'POST',
      from: sims.pagerduty.fromEmail,
      body: { note: { content: 'Looking into it' } },
    });
    expect(note.json.note).toMatchObject({ content: 'Looking into it', user: { id: me.id } });
    expect((await call(sims, `/incidents/${inc.id}/notes`)).json.notes).toHaveLength(1);

    const up = await put(sims, inc.id, { escalation_level: 2 });
    const oncalls = await call(
      sims,
      `/oncalls?earliest=true&escalation_policy_ids[]=${inc.escalation_policy.id}`,
    );
    const level2 = oncalls.json.oncalls.find((o: Json) => o.escalation_level === 2).user.id;
    expect(up.json.incident.status).toBe('triggered');
    expect(up.json.incident.assignments.map((a: Json) => a.assignee.id)).toEqual([level2]);
    expect(up.json.incident.pending_actions[0].type).toBe('escalate');
    const tooFar = await put(sims, inc.id, { escalation_level: 4 });
    expect([tooFar.status, tooFar.json.error.code]).toEqual([400, 1006]);

    const done = await put(sims, inc.id, { status: 'resolved', resolution: 'Rolled back' });
    expect(done.json.incident).toMatchObject({
      status: 'resolved',
      resolved_at: expect.any(String),
      assignments: [],
    });
    const again = await put(sims, inc.id, { status: 'resolved' });
    expect([again.status, again.json.error.code]).toEqual([400, 1001]);

    const log = (await call(sims, `/incidents/${inc.id}/log_entries?limit=100`)).json.log_entries as Json[];
    expect(log[0]).toMatchObject({ type: 'resolve_log_entry', note: 'Rolled back', agent: { id: me.id } });
    expect(log.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'trigger_log_entry',
        'acknowledge_log_entry',
        'annotate_log_entry',
        'escalate_log_entry',
      ]),
    );
  });

  it('refuses to escalate a low-urgency incident (no escalate pending either) unless the update raises it', async () => {
    const sims = await start();
    const low = (await call(sims, OPEN)).json.incidents.find(
      (i: Json) => i.urgency === 'low' && i.status === 'triggered',
    );
    expect(low.pending_actions.map((p: Json) => p.type)).not.toContain('escalate');
    const refused = await put(sims, low.id, { escalation_level: 2 });
    expect([refused.status, refused.json.error.code]).toEqual([400, 1006]);
    expect(refused.json.error.errors[0]).toMatch(/Low urgency incidents cannot be escalated/);
    expect(sims.world.incident(low.id).level).toBe(1);
    const raised = await put(sims, low.id, { urgency: 'high', escalation_level: 2 });
    expect(raised.status).toBe(200);
    expect(raised.json.incident.urgency).toBe('high');
    expect(sims.world.incident(low.id).level).toBe(2);
  });

  it('updates up to 250 incidents in bulk and answers 413 above', async () => {
    const sims = await start();
    const ids = sims.world
      .openIncidents()
      .slice(0, 2)
      .map((i) => i.id);
    const bulk = (incidents: unknown[]) =>
      call(sims, '/incidents', { method: 'PUT', from: sims.pagerduty.fromEmail, body: { incidents } });
    const ok = await bulk(ids.map((id) => ({ id, type: 'incident_reference', status: 'acknowledged' })));
    expect(ok.json.incidents.map((i: Json) => [i.id, i.status])).toEqual(
      ids.map((id) => [id, 'acknowledged']),
    );
    const big = await bulk(Array.from({ length: 251 }, () => ({ id: ids[0], type: 'incident_reference' })));
    expect(big.status).toBe(413);
  });

  it('escalates an unacknowledged incident when its level delay passes in simulated time', async () => {
    const sims = await start();
    const list = (await call(sims, '/incidents?statuses[]=triggered&date_range=all&limit=100')).json
      .incidents;
    const inc = list.find((i: Json) => {
      const w = sims.world.incident(i.id);
      return w.level === 1 && w.script.ackAfterMs === null && i.pending_actions.length > 0;
    });
    const due = Date.parse(inc.pending_actions[0].at);
    const level2User = sims.world.onCall(inc.escalation_policy.id, 2, due);
    sims.clock.set(due - 1000);
    expect((await call(sims, `/incidents/${inc.id}`)).json.incident.assignments[0].assignee.id).toBe(
      inc.assignments[0].assignee.id,
    );
    sims.clock.set(due);
    const after = (await call(sims, `/incidents/${inc.id}`)).json.incident;
    expect(after.assignments[0].assignee.id).toBe(level2User);
    const log = (await call(sims, `/incidents/${inc.id}/log_entries`)).json.log_entries;
    expect(log[0]).toMatchObject({ type: 'escalate_log_entry', assignees: [{ id: level2User }] });
  });
});
