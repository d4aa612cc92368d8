/**
 * Issue 15's journey in a real pseudo-terminal at 80×24: in the demo, filter the queue to one
 * service with `/`, sort it by SLA remaining with `o`, mark three triggered incidents with
 * Space, and acknowledge all three after one confirmation that names them. The simulator then
 * holds three acknowledged incidents, and the audit log one intent and one outcome for each. Then
 * the message log (`I`) holds the bulk outcome, and one incident's detail shows the acknowledgement
 * at the top of its vendor timeline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

interface DemoFile {
  pagerduty: { url: string; token: string };
}
interface PdIncident {
  incident_number: number;
  status: string;
  service: { summary: string };
}

async function pdIncidents(demo: DemoFile): Promise<PdIncident[]> {
  const headers = {
    Authorization: `Token token=${demo.pagerduty.token}`,
    Accept: 'application/vnd.pagerduty+json;version=2',
  };
  const out: PdIncident[] = [];
  for (let offset = 0; ; offset += 100) {
    const res = await fetch(`${demo.pagerduty.url}/incidents?date_range=all&limit=100&offset=${offset}`, {
      headers,
    });
    const body = (await res.json()) as { incidents: PdIncident[]; more: boolean };
    out.push(...body.incidents);
    if (!body.more) return out;
  }
}

/** The highlighted row: its mark cell, status word and key. */
function cursorRow(screen: string[]): { marked: boolean; status: string; key: string } | undefined {
  for (const line of screen) {
    const m =
      line.match(/▶(✓| ) ?\S (TRIG|ACK|HOLD) +(#\d+|[A-Z]+-?\d+)/) ??
      line.match(/▶ \S (TRIG|ACK|HOLD) +(#\d+|[A-Z]+-?\d+)/);
    if (!m) continue;
    return m.length === 4
      ? { marked: m[1] === '✓', status: m[2]!, key: m[3]! }
      : { marked: false, status: m[1]!, key: m[2]! };
  }
  return undefined;
}

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('find, sort, mark and acknowledge in bulk at 80×24', () => {
  it('filters to one service, sorts by SLA remaining, marks three with Space, acknowledges all three at once', async () => {
    // A slow clock: the world must not acknowledge or resolve our incidents under our fingers.
    session = spawnCli(['--demo', '--speed', '1'], { cols: 80, rows: 24 });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t) && /TRIG/.test(t), 'PagerDuty incidents in the queue');
    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as DemoFile;

    // The service with the most triggered PagerDuty incidents (at least three).
    const triggered = (await pdIncidents(demo)).filter((i) => i.status === 'triggered');
    const counts = new Map<string, number>();
    for (const i of triggered) counts.set(i.service.summary, (counts.get(i.service.summary) ?? 0) + 1);
    const [service, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    expect(count).toBeGreaterThanOrEqual(3);

    // `/` then the service: the list narrows as it is typed; Enter keeps the filter.
    s.write('/');
    await s.waitFor((t) => t.includes('Filter incidents'), 'the filter field');
    const words = service.toLowerCase().split(/\s+/);
    s.write(`svc:${words[0]}`);
    await s.waitFor(
      (t) => new RegExp(`Filter: svc:${words[0]} · \\d+ of \\d+ incidents`).test(t),
      'the breadcrumb',
    );
    s.write('\r');
    await s.waitFor(
      (t) => !t.includes('Filter incidents') && t.includes(`Filter: svc:${words[0]}`),
      'the filter kept',
    );

    // `o`: sorted by SLA remaining, said in the breadcrumb and the column header.
    s.write('o');
    await s.waitFor((t) => t.includes('sorted by SLA remaining') && /SLA↓/.test(t), 'the SLA sort');

    // Space on three triggered PagerDuty incidents (Space marks and moves down; j skips a row).
    const picked: string[] = [];
    for (let moves = 0; picked.length < 3 && moves < 40; moves++) {
      const row = cursorRow(s.screen());
      expect(row, s.text()).toBeDefined();
      if (row!.status === 'TRIG' && row!.key.startsWith('#') && !row!.marked) {
        picked.push(row!.key);
        s.write(' ');
        await s.waitFor((t) => t.includes(`${picked.length} marked`), `${picked.length} marked`);
      } else {
        const before = row!.key;
        s.write('j');
        await s.waitFor((t) => cursorRow(t.split('\n'))?.key !== before, `the cursor to move past ${before}`);
      }
    }
    expect(picked).toHaveLength(3);
    for (const key of picked) expect(s.text()).toMatch(new RegExp(`✓ ▲ TRIG +${key}\\b`));

    // One confirmation names the count and each record; y sends three writes.
    s.write('a');
    await s.waitFor((t) => t.includes('Acknowledge 3 incidents?'), 'the bulk confirmation');
    for (const key of picked) expect(s.text()).toContain(key);
    s.write('y');
    await s.waitFor((t) => /Acknowledging 3 incidents: all 3 done/.test(t), 'the bulk outcome');

    const after = await pdIncidents(demo);
    for (const key of picked) {
      expect(after.find((i) => `#${i.incident_number}` === key)?.status).toBe('acknowledged');
    }
    // Each write audited on its own: an intent flushed before the request, then its outcome.
    const audit = readFileSync(join(s.stateDir, 'itops', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; phase: string; target?: string });
    expect(audit.filter((a) => a.action === 'incidents.ack' && a.phase === 'intent')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'incidents.ack' && a.phase === 'succeeded')).toHaveLength(3);
    expect(s.screen()).toHaveLength(24);

    // The message log keeps the outcome, in full and with its time.
    s.write('I');
    await s.waitFor((t) => t.includes('Messages, newest first'), 'the message log');
    await s.waitFor(
      (t) => /\d\d:\d\d.*Acknowledging 3 incidents: all 3 done/.test(t),
      'the bulk outcome logged',
    );
    s.write('\x1b');
    await s.waitFor(
      (t) => !t.includes('Messages, newest first') && /▶ 1 Queue health/.test(t),
      'back to the queue',
    );

    // One of the three, opened: its timeline (read from the vendor) starts with the acknowledgement.
    const target = picked[0]!;
    for (let moves = 0; moves < 40 && cursorRow(s.screen())?.key !== target; moves++) {
      const before = cursorRow(s.screen())?.key;
      s.write(moves < 20 ? 'k' : 'j');
      await s
        .waitFor((t) => cursorRow(t.split('\n'))?.key !== before, 'the cursor to move', 3_000)
        .catch(() => undefined);
    }
    expect(cursorRow(s.screen())?.key, s.text()).toBe(target);
    s.write('\r');
    await s.waitFor((t) => t.includes(`Incident ${target}`), 'the incident detail');
    const detail = await s.waitFor(
      (t) => /Timeline · \d+ entr/.test(t) && /state +.*Acknowledged by/.test(t),
      'the acknowledgement in its timeline',
      30_000,
    );
    const lines = detail.split('\n');
    const head = lines.findIndex((l) => /Timeline · \d+ entr/.test(l));
    expect(lines[head + 1]).toMatch(/state +.*Acknowledged by/);
    s.write('\x1b');
    await s.waitFor((t) => !t.includes(`Incident ${target}`), 'back to the list');

    s.write('q');
    const exit = await Promise.race([
      s.exited,
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('did not exit after q')), 20_000)),
    ]);
    expect(exit.exitCode).toBe(0);
  }, 150_000);
});
