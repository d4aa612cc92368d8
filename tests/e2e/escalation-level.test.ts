/**
 * Issue 8, defect 3 as a user meets it: the demo (real connector, real simulator, a real
 * pseudo-terminal) shows an incident whose level PagerDuty's data cannot pin down; `e` asks for
 * the target level instead of guessing, the confirm defaults to Cancel, and the level chosen is
 * what PagerDuty receives and what the audit trail records.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/audit.js';
import { ensureBuilt, moveCursor, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

interface DemoFile {
  pagerduty: { url: string; token: string };
}

interface PdIncident {
  id: string;
  incident_number: number;
  escalation_policy: { summary: string };
  assignments: { assignee: { summary: string } }[];
}

async function pd<T>(demo: DemoFile, path: string): Promise<T> {
  const res = await fetch(`${demo.pagerduty.url}${path}`, {
    headers: {
      authorization: `Token token=${demo.pagerduty.token}`,
      accept: 'application/vnd.pagerduty+json;version=2',
      'content-type': 'application/json',
    },
  });
  return (await res.json()) as T;
}

/** Move the queue's cursor down until the selected row (pointer in its first cell) is `key`. */
async function select(s: PtySession, key: string) {
  const selected = () => s.screen().some((row) => row.includes(` ${key} `) && /║ [▶>] /.test(row));
  // From the top: the cursor starts on the first row drawn, and which connector answers first
  // is a race (each runs in its own thread), so it may start below the row we want.
  s.write('g');
  await s.waitFor((t) => /1–\d+ of \d+/.test(t) || !/more above/.test(t), 'the top of the queue', 10_000);
  for (let i = 0; i < 60 && !selected(); i++) {
    await moveCursor(s, 'j', 10_000);
  }
  if (!selected()) throw new Error(`could not select ${key}`);
}

describe('escalating an incident whose level is ambiguous, in the demo', () => {
  it('asks for the level, sends and audits the one chosen', async () => {
    // Real-time clock: the scripted re-page story (snoozed 4 h) stays on screen for the whole test.
    session = spawnCli(['--demo', '--speed', '1'], { cols: 140, rows: 45 });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t), 'incidents', 20_000);
    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as DemoFile;
    const { incidents } = await pd<{ incidents: PdIncident[] }>(
      demo,
      '/incidents?statuses[]=acknowledged&date_range=all&limit=100',
    );
    // The story's incident: re-paged by hand to Network EP's level 2 (its level 1's on-call too)
    // and snoozed; the only snoozed incident the simulated responders leave behind.
    let story: PdIncident | undefined;
    for (const i of incidents.filter((x) => x.escalation_policy.summary === 'Network EP')) {
      const log = await pd<{ log_entries: { type: string }[] }>(
        demo,
        `/incidents/${i.id}/log_entries?limit=100`,
      );
      if (log.log_entries.some((e) => e.type === 'snooze_log_entry')) story = i;
    }
    expect(story, 'the seeded re-page story').toBeDefined();
    const key = `#${story!.incident_number}`;
    await select(s, key);

    s.write('e');
    const chooser = await s.waitFor((t) => t.includes('Escalate to:'), 'the level chooser');
    expect(chooser).toContain(`${key}`);
    expect(chooser).toMatch(/may be at level 1 or 2\. Escalate to:/);
    expect(chooser).toMatch(/1\. Level 1: Network primary.*may be here now/);
    expect(chooser).toMatch(/3\. Level 3: Network secondary/);
    s.write('3');
    const confirm = await s.waitFor((t) => /\[y\] Escalate/.test(t), 'the confirm');
    expect(confirm).toMatch(new RegExp(`Escalate ${key} .* to level 3\\?`));
    expect(confirm).toContain('You chose level 3');
    s.write('y');
    await s.waitFor(
      (t) => t.includes(`Escalated ${key}`) && t.includes('to level 3 of Network EP'),
      'the outcome',
    );

    const after = await pd<{ log_entries: { type: string }[] }>(
      demo,
      `/incidents/${story!.id}/log_entries?limit=5`,
    );
    expect(after.log_entries[0]!.type).toBe('escalate_log_entry');
    const audit = readFileSync(join(s.stateDir, 'itops', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
    expect(audit).toEqual([
      expect.objectContaining({ phase: 'intent', action: 'incidents.escalate', target: key, level: 3 }),
      expect.objectContaining({ phase: 'succeeded', action: 'incidents.escalate', target: key }),
    ]);
  }, 90_000);
});
