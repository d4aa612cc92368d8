/**
 * The on-call journey in a real pseudo-terminal: start the demo, see the panels
 * fill from the PagerDuty simulator, acknowledge and escalate by keyboard, check
 * the simulator changed, shrink to 80×24, quit with the terminal restored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  type PtySession,
  selectedRowOf,
  selectTriggeredIncident,
  spawnCli,
} from '../helpers/pty.js';

interface DemoFile {
  pagerduty: { url: string; token: string };
}

async function pdIncident(demo: DemoFile, number: number) {
  const headers = {
    Authorization: `Token token=${demo.pagerduty.token}`,
    Accept: 'application/vnd.pagerduty+json;version=2',
    'Content-Type': 'application/json',
  };
  for (let offset = 0; ; offset += 100) {
    const res = await fetch(`${demo.pagerduty.url}/incidents?date_range=all&limit=100&offset=${offset}`, {
      headers,
    });
    const body = (await res.json()) as {
      incidents: {
        incident_number: number;
        status: string;
        assignments: { assignee: { summary: string } }[];
      }[];
      more: boolean;
    };
    const found = body.incidents.find((i) => i.incident_number === number);
    if (found) return found;
    if (!body.more) throw new Error(`incident #${number} not in the simulator`);
  }
}

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('demo journey in a pseudo-terminal', () => {
  it('fills the panels, acknowledges and escalates by keyboard, resizes, quits cleanly', async () => {
    // Slow simulated time so the world does not escalate the incident under our fingers.
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;

    await s.waitFor((t) => /Queue health/i.test(t) && /On-call/i.test(t), 'the panel titles');
    await s.waitFor((t) => /compliance/i.test(t) && /SLA risk/i.test(t), 'all four panels');
    // How fast this happens is measured by `npm run bench`; here only that it happens.
    await s.waitFor((t) => /#\d+/.test(t) && /triggered/i.test(t), 'PagerDuty incidents in queue health');

    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as DemoFile;

    // Acknowledge the first triggered incident.
    const ackKey = await selectTriggeredIncident(s);
    expect((await pdIncident(demo, ackKey)).status).toBe('triggered');
    s.write('a');
    await s.waitFor(
      (t) => new RegExp(`Acknowledge #${ackKey}`).test(t) && /\[y\]/i.test(t),
      'the acknowledge confirmation',
    );
    s.write('y');
    await s.waitFor((t) => new RegExp(`Acknowledged #${ackKey}`).test(t), 'the acknowledge outcome');
    expect((await pdIncident(demo, ackKey)).status).toBe('acknowledged');

    // The cursor keeps its screen row (issue 15) rather than following the acknowledged incident
    // down the list, and never lands on a ServiceNow ticket by itself (the footer's actions would
    // change under the user's fingers); then go to the next triggered one.
    await s.waitFor(
      (t) => !new RegExp(`TRIG +#${ackKey}\\b`).test(t),
      'the acknowledged incident to leave the triggered rows',
    );
    expect(selectedRowOf(s.screen())?.key).toMatch(/^#\d+$/);
    const escKey = await selectTriggeredIncident(s);
    const before = await pdIncident(demo, escKey);
    s.write('e');
    await s.waitFor(
      (t) => new RegExp(`Escalate #${escKey}`).test(t) && /\[y\]/i.test(t),
      'the escalate confirmation',
    );
    s.write('y');
    await s.waitFor((t) => new RegExp(`Escalated #${escKey}`).test(t), 'the escalate outcome');
    const after = await pdIncident(demo, escKey);
    expect(after.assignments.map((a) => a.assignee.summary)).not.toEqual(
      before.assignments.map((a) => a.assignee.summary),
    );

    const audit = readFileSync(join(s.stateDir, 'itops', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n');
    // Each write: an intent line flushed before the request, then its outcome (same id).
    expect(audit.map((l) => [JSON.parse(l).action, JSON.parse(l).phase])).toEqual([
      ['incidents.ack', 'intent'],
      ['incidents.ack', 'succeeded'],
      ['incidents.escalate', 'intent'],
      ['incidents.escalate', 'succeeded'],
    ]);

    // Shrink to the SSH-default size: everything still fits.
    s.resize(80, 24);
    await s.waitFor((t) => /Queue health/i.test(t) && /SLA/i.test(t) && /#\d+/.test(t), 'the 80×24 layout');
    expect(s.screen()).toHaveLength(24);

    s.write('q');
    const exit = await Promise.race([
      s.exited,
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('did not exit after q')), 20_000)),
    ]);
    expect(exit.exitCode).toBe(0);
    expect(s.raw()).toContain('\x1b[?1049l'); // left the alternate screen
    expect(s.onNormalBuffer()).toBe(true);
  }, 40_000);
});
