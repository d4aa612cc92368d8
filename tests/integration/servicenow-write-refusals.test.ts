/**
 * Issue 8, defect 5, end to end below the UI: ServiceNow refuses writes in ways
 * the HTTP status alone does not tell — a data policy or a business rule answers
 * 403 with its reason in the body, and a field write ACL drops a field while
 * answering 200. Through the real connector, host port, store and audit file, each
 * must be shown and audited for what it is: failed (with the real reason) when
 * nothing was applied, unknown when only part was.
 */

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestContext } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import { createAppender } from '../../src/cli/files.js';
import { subjectOf } from '../../src/domain/kinds.js';
import type { Incident } from '../../src/domain/model.js';
import { createConnectorPort } from '../../src/host/connector.js';
import type { Plugin } from '../../src/plugin-api/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';
import type { AuditEntry } from '../../src/store/audit.js';
import { type CockpitStore, createCockpitStore } from '../../src/store/scheduler.js';

let sims: Simulators | undefined;
let store: CockpitStore | undefined;
afterEach(async () => {
  await store?.stop();
  await sims?.close();
  store = undefined;
  sims = undefined;
});

async function cockpit() {
  const clock = new ManualClock();
  sims = await startSimulators({ world: createWorld({ seed: 11, clock }), clock });
  const s = sims;
  // The public test kit, as a third-party plugin's tests would set up a connector.
  const config = servicenow.configSchema.parse({
    plugin: 'servicenow',
    instanceUrl: s.servicenow.url,
    auth: { kind: 'basic', username: s.servicenow.username, password: s.servicenow.password },
    escalate: 'priority',
  });
  const connector = await servicenow.setup(
    createTestContext(config, { instance: 'snow', now: () => s.clock.now() }),
  );
  const port = createConnectorPort('snow', servicenow as unknown as Plugin, connector as never, {
    writeTimeoutMs: 20_000,
  });
  const file = join(mkdtempSync(join(tmpdir(), 'itops-audit-')), 'audit.jsonl');
  const append = createAppender(file, { sync: true, regularOnly: true });
  store = createCockpitStore({
    ports: [port],
    clock: { now: () => Date.now() },
    actor: 'ana',
    intervals: { snow: { incidents: 600_000, slas: 600_000 } },
    audit: (e) => append(JSON.stringify(e)),
  });
  await store.firstLoad();
  const incidents = store.getState().connectors.snow?.streams.incidents?.records as Incident[];
  const sim = s.servicenow.server;
  const auditLines = () =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
  return { sim, data: sim.data, store, incidents, auditLines };
}

const notes = (c: Awaited<ReturnType<typeof cockpit>>, id: string) =>
  c.data.journal.filter((j) => j.elementId === id && j.element === 'work_notes').map((j) => j.value);

describe('ServiceNow writes the instance refuses', () => {
  it('a work note a write ACL drops (200, nothing written) is failed, not done', async () => {
    const c = await cockpit();
    c.sim.behaviour.readOnlyFields.add('incident.work_notes');
    const inc = c.incidents.find((i) => i.status !== 'resolved')!;
    const outcome = await c.store.runAction({
      action: 'incidents.note',
      subject: subjectOf(inc),
      values: { text: 'Looking into it' },
    });
    expect(notes(c, inc.id)).not.toContain('Looking into it');
    expect(outcome).toMatchObject({ ok: false });
    expect('unknown' in outcome).toBe(false);
    expect(outcome.message).toMatch(
      /ServiceNow answered 200 but did not change INC\d+: work_notes \(no new entry\)/,
    );
    expect(outcome.message).toMatch(/field write ACL/);
    expect(c.auditLines().map((l) => [l.phase, l.code])).toEqual([
      ['intent', undefined],
      ['failed', 'FORBIDDEN'],
    ]);
  });

  it('an escalation whose impact and urgency are dropped but whose note lands is unknown, and says which part', async () => {
    const c = await cockpit();
    c.sim.behaviour.readOnlyFields.add('incident.impact').add('incident.urgency');
    const inc = c.incidents.find((i) => i.status !== 'resolved' && i.priority !== 'P1')!;
    const before = c.data.incident(inc.id)!;
    const [impact, urgency] = [before.impact, before.urgency];
    const outcome = await c.store.runAction({
      action: 'incidents.escalate',
      subject: subjectOf(inc),
      values: {},
    });
    expect(c.data.incident(inc.id)).toMatchObject({ impact, urgency });
    expect(notes(c, inc.id)).toContain('Escalated from itops-tui');
    expect(outcome).toMatchObject({ ok: false, unknown: true });
    expect(outcome.message).toMatch(
      /applied only part of the change to INC\d+: work_notes changed, but not impact/,
    );
    expect(c.auditLines().map((l) => [l.phase, l.code])).toEqual([
      ['intent', undefined],
      ['unknown', 'OUTCOME_UNKNOWN'],
    ]);
  });

  it('a data policy refusal (403) names the mandatory field, not a role', async () => {
    const c = await cockpit();
    c.sim.behaviour.dataPolicies.push({ field: 'u_cause_code', label: 'Cause code', whenState: 6 });
    const inc = c.incidents.find((i) => i.status === 'acknowledged' && !i.onHold)!;
    const outcome = await c.store.runAction({
      action: 'incidents.state',
      subject: subjectOf(inc),
      values: { state: 'resolved', closeCode: 'Solution provided', closeNotes: 'Restarted' },
    });
    expect(c.data.incident(inc.id)!.state).toBeLessThan(6);
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.message).toMatch(
      /refused PATCH \/api\/now\/table\/incident \(403\): a data policy on the instance: Cause code must be filled/,
    );
    expect(outcome.message).not.toMatch(/itil|role/i);
    expect(c.auditLines().map((l) => [l.phase, l.code])).toEqual([
      ['intent', undefined],
      ['failed', 'INVALID'],
    ]);
  });

  it('a business rule refusal (403) shows the rule’s own message, not a role', async () => {
    const c = await cockpit();
    // The integration user leaves one team's group: assigning its tickets to itself breaks the rule.
    const me = c.data.dir.integration.sys_id;
    const inc = c.incidents.find((i) => i.status !== 'resolved')!;
    const group = c.data.incident(inc.id)!.assignmentGroupId;
    const members = c.data.dir.members;
    members.splice(
      members.findIndex((m) => m.userId === me && m.groupId === group),
      1,
    );
    const outcome = await c.store.runAction({
      action: 'incidents.assign',
      subject: subjectOf(inc),
      values: {},
    });
    expect(c.data.incident(inc.id)!.assignedToId).not.toBe(me);
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.message).toMatch(
      /a business rule on the instance stopped the update \("Assigned to user is not a member of the Assignment group"\); nothing was changed/,
    );
    expect(outcome.message).not.toMatch(/itil|role/i);
    expect(c.auditLines().map((l) => [l.phase, l.code])).toEqual([
      ['intent', undefined],
      ['failed', 'CONFLICT'],
    ]);
  });

  it('a write that lands is checked too, and reported done', async () => {
    const c = await cockpit();
    const inc = c.incidents.find((i) => i.status !== 'resolved')!;
    const outcome = await c.store.runAction({
      action: 'incidents.note',
      subject: subjectOf(inc),
      values: { text: 'All good <3 & "quoted"' },
    });
    expect(outcome).toMatchObject({ ok: true });
    expect(notes(c, inc.id)).toContain('All good <3 & "quoted"');
  });
});
