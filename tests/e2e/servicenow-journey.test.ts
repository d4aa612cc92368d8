/**
 * The service-desk journey in a pseudo-terminal: in the demo, pick a ServiceNow ticket
 * from SLA risk, assign it to me, add a work note, and watch its SLA clock — checked
 * against the ServiceNow simulator over its Table API, not just on screen.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, moveCursor, type PtySession, spawnCli } from '../helpers/pty.js';

interface DemoFile {
  servicenow: { url: string; username: string; password: string };
}

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

async function table(demo: DemoFile, path: string) {
  const auth = Buffer.from(`${demo.servicenow.username}:${demo.servicenow.password}`).toString('base64');
  const res = await fetch(`${demo.servicenow.url}/api/now/table/${path}`, {
    headers: { Authorization: `Basic ${auth}`, Accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: Record<string, unknown>[] }).result;
}

/**
 * The ServiceNow ticket on the highlighted SLA row, when that row is a resolution clock. A
 * response clock would not do: assigning a New ticket meets its response SLA, the row leaves
 * the panel and the selection moves on to another ticket before the work note is added.
 */
function selectedTicket(text: string): string | undefined {
  const row = text.split('\n').find((l) => /▶ INC\d{7}/.test(l));
  return row && /resolution/.test(row) ? row.match(/▶ (INC\d{7})/)?.[1] : undefined;
}

describe('ServiceNow journey in a pseudo-terminal', () => {
  it('assigns a ticket to me, adds a work note, and shows its SLA clock', async () => {
    session = spawnCli(['--demo', '--speed', '2'], { cols: 110, rows: 32 });
    const s = session;
    await s.waitFor((t) => /INC\d{7}/.test(t) && /sn-demo/.test(t), 'ServiceNow tickets on screen');
    // Every connector's first load in: PagerDuty rows landing later reorder the SLA list under
    // the cursor between reading the selected row and pressing Enter.
    await s.waitFor((t) => !/\bloading\b/.test(t.split('\n')[0] ?? ''), 'every connector loaded', 60_000);
    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as DemoFile;

    // SLA risk: the most urgent ServiceNow resolution clock (breached clocks sort first).
    s.write('4');
    await s.waitFor((t) => /▶ 4 SLA risk/.test(t), 'the SLA risk panel');
    for (let i = 0; i < 60 && !selectedTicket(s.text()); i++) {
      await moveCursor(s, 'j');
    }
    const key = selectedTicket(s.text());
    expect(key, 'a ServiceNow row in SLA risk').toBeDefined();

    // Its SLA clock: the row's countdown, and the detail with planned end and stage.
    expect(s.text()).toMatch(new RegExp(`▶ ${key} +(sla|paused) +[●▲✖] (\\d|breached|paused)`));
    s.write('\r');
    await s.waitFor((t) => /planned end/i.test(t) && t.includes(key!), 'the SLA detail');
    s.write('\x1b');
    await s.waitFor((t) => /▶ 4 SLA risk/.test(t), 'back to the list');

    const [ticket] = await table(
      demo,
      `incident?sysparm_query=number=${key}&sysparm_fields=sys_id,assigned_to`,
    );
    const sysId = String(ticket!.sys_id);

    // Assign to me.
    s.write('m');
    await s.waitFor((t) => new RegExp(`Assign ${key}.*to you\\?`).test(t), 'the assign confirmation');
    s.write('y');
    await s.waitFor((t) => new RegExp(`Assigned ${key}`).test(t), 'the assign outcome');
    // Still on the same ticket: its resolution clock keeps running after the assignment.
    await s.waitFor((t) => t.split('\n').some((l) => l.includes(`▶ ${key}`)), 'the ticket still selected');
    const [me] = await table(
      demo,
      `sys_user?sysparm_query=user_name=${demo.servicenow.username}&sysparm_fields=sys_id`,
    );
    const [assigned] = await table(demo, `incident?sysparm_query=sys_id=${sysId}&sysparm_fields=assigned_to`);
    expect(JSON.stringify(assigned ?? {})).toContain(String(me!.sys_id));

    // Add a work note.
    s.write('n');
    await s.waitFor((t) => new RegExp(`Add a work note to ${key}`).test(t), 'the work-note field');
    s.write('called the customer, waiting on vendor');
    await s.waitFor((t) => t.includes('called the customer, waiting on vendor'), 'the typed note');
    s.write('\r');
    await s.waitFor((t) => /\[y\] Add work note/.test(t), 'the work-note confirmation');
    s.write('y');
    await s.waitFor((t) => new RegExp(`Added a work note to ${key}`).test(t), 'the work-note outcome');
    const notes = await table(
      demo,
      `sys_journal_field?sysparm_query=element_id=${sysId}^element=work_notes&sysparm_fields=value`,
    );
    expect(notes.map((n) => String(n.value))).toContain('called the customer, waiting on vendor');

    const audit = readFileSync(join(s.stateDir, 'itops', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n');
    // Each write: an intent line flushed before the request, then its outcome (same id).
    expect(audit.map((l) => [JSON.parse(l).action, JSON.parse(l).phase])).toEqual([
      ['incidents.assign', 'intent'],
      ['incidents.assign', 'succeeded'],
      ['incidents.note', 'intent'],
      ['incidents.note', 'succeeded'],
    ]);
    s.write('q');
    const exit = await Promise.race([
      s.exited,
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('did not exit after q')), 20_000)),
    ]);
    expect(exit.exitCode).toBe(0);
  }, 60_000);
});
