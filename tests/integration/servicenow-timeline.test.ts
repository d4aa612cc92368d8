/**
 * The ServiceNow timeline (issue 15) over real HTTP against the simulator: a ticket's work
 * notes and comments from sys_journal_field, newest first, with who wrote them; a work note
 * added through the connector is there on the next read.
 */
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import { mapJournal, snJournalSchema } from '../../plugins/servicenow/journal.js';
import { createWorld, ManualClock, MINUTE, type Simulators, startSimulators } from '../../src/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function start() {
  const clock = new ManualClock();
  const world = createWorld({ seed: 5, clock });
  sims = await startSimulators({
    world,
    clock,
    servicenow: { dataOptions: { incidents: 40 }, tokenClock: () => clock.now() },
  });
  const sim = sims.servicenow.server;
  const auth = { kind: 'basic', username: sims.servicenow.username, password: sims.servicenow.password };
  const { connector } = await setupPlugin(
    servicenow,
    { plugin: 'servicenow', instanceUrl: sim.url, auth },
    { now: () => clock.now(), instance: 'snow', host: true },
  );
  return { connector, clock, sim };
}

const signal = () => AbortSignal.timeout(20_000);

describe('servicenow timeline against the simulator', () => {
  it("reads the ticket's journal newest first and shows a note added through the connector", async () => {
    const { connector, clock, sim } = await start();
    const tickets = await connector.listIncidents(signal());
    const target = tickets.find((t) => t.status !== 'resolved')!;
    const before = await connector.timeline(target, signal());
    const journal = sim.data.journal.filter((j) => j.elementId === target.id);
    expect(before).toHaveLength(journal.length);

    clock.advance(5 * MINUTE);
    await connector.addNote(target, 'Checked the relay logs 📬', signal());
    const after = await connector.timeline(target, signal());
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ kind: 'note', text: 'Work note: Checked the relay logs 📬' });
    expect(after[0]!.who).toBeTruthy();
    const times = after.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // One request, narrowed to this ticket's notes and comments.
    const reads = sim.requests.filter((r) => r.path === '/api/now/table/sys_journal_field');
    expect(reads.at(-1)?.query.sysparm_query?.[0]).toBe(
      `element_id=${target.id}^elementINwork_notes,comments^ORDERBYDESCsys_created_on`,
    );
  });

  it("brings each ticket's caller and description for its detail", async () => {
    const { connector, sim } = await start();
    const tickets = await connector.listIncidents(signal());
    expect(tickets.length).toBeGreaterThan(0);
    for (const t of tickets) {
      const row = sim.data.incidents.find((i) => i.sys_id === t.id)!;
      expect(t.caller).toBe(sim.data.users.find((u) => u.sys_id === row.callerId)?.name);
      // As the vendor wrote it, line breaks included: the host folds them when it checks the record.
      expect(t.description).toBe(row.description);
    }
  });

  it('maps comments and work notes by their element, and leaves out rows without a time', () => {
    const row = (over: Record<string, unknown>) =>
      snJournalSchema.parse({
        sys_id: 'j1',
        element: 'comments',
        value: 'Caller says it works \u001b[2J again',
        sys_created_on: '2026-11-23 03:00:00',
        sys_created_by: 'beth.agent',
        ...over,
      });
    expect(mapJournal(row({}))).toEqual({
      at: '2026-11-23T03:00:00.000Z',
      kind: 'note',
      who: 'beth.agent',
      text: 'Comment: Caller says it works \u001b[2J again',
    });
    expect(mapJournal(row({ element: 'work_notes' }))?.text).toMatch(/^Work note: /);
    expect(mapJournal(row({ sys_created_on: 'garbage' }))).toBeUndefined();
    expect(mapJournal(row({ sys_created_by: '' }))).not.toHaveProperty('who');
  });
});
