/**
 * 3 a.m., PagerDuty answers 503: the cockpit must keep the last good data on screen,
 * say what is failing and how old the data is, stay responsive, and recover on its
 * own. Then SIGHUP (an SSH session dropping) must still restore the terminal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

async function faults(url: string, method: 'POST' | 'DELETE', body?: unknown) {
  const res = await fetch(`${url}/__sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.ok).toBe(true);
}

describe('a vendor outage in a pseudo-terminal', () => {
  it('keeps last good data with the error and its age, stays responsive, recovers; SIGHUP restores', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t) && /triggered/i.test(t), 'incidents from the simulator');
    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as {
      pagerduty: { url: string };
    };
    // PagerDuty rows carry #numbers (ServiceNow rows are INC…); remember the first one shown.
    const firstPd = s.text().match(/▶?\s*[▲◐] \w+ +(#\d+)/)?.[1];
    expect(firstPd).toBeDefined();

    await faults(demo.pagerduty.url, 'POST', { path: '/incidents', status: 503 });
    s.write('r'); // don't wait for the next poll
    const down = await s.waitFor(
      (t) => /⚠ pd-demo[^\n]*(503|unavailable)/i.test(t),
      'the outage to be reported',
    );
    expect(down).toMatch(/⚠ pd-demo incidents (poll failed, data \d+s old|stale \d+s)/);
    // The last good PagerDuty rows stay on screen.
    expect(s.text()).toContain(firstPd!);
    // Past twice the poll interval the data is stale: one reading in the header, the title and
    // the problem line, and the PagerDuty rows carry the marker.
    const stale = await s.waitFor(
      (t) => /◷ stale #\d+|#\d+ .*◷ stale/.test(t) && /Queue health .*stale \d+s/.test(t),
      'the PagerDuty rows to be marked stale',
    );
    const ages = (t: string) => new Set([...t.matchAll(/stale (\d+s)/g)].map((m) => m[1]));
    // A frame can arrive in pieces; if the 1 Hz tick landed mid-read, read the settled screen again.
    let settled = stale;
    if (ages(settled).size !== 1) {
      await new Promise((r) => setTimeout(r, 300));
      settled = await s.waitFor(() => true, 'the settled screen');
    }
    expect(ages(settled).size, `one reading, got ${[...ages(settled)].join(', ')}`).toBe(1);
    expect(stale.split('\n')[0]).toMatch(/pd-demo [a-z, ]*stale \d+s/);
    expect(stale.split('\n').find((l) => l.includes(firstPd!))).toContain('◷ stale');

    // Still responsive during the outage: help opens and closes.
    s.write('?');
    await s.waitFor((t) => /Navigation/i.test(t) && /Quit/i.test(t), 'the help overlay');
    s.write('\x1b');
    await s.waitFor((t) => /Queue health/.test(t) && !/Navigation/.test(t), 'help to close');

    await faults(demo.pagerduty.url, 'DELETE');
    s.write('r');
    await s.waitFor((t) => !/⚠ pd-demo/.test(t) && /updated \ds ago/.test(t), 'recovery after the outage');

    s.kill(); // SIGHUP from node-pty's kill(): the SSH session went away
    const exit = await Promise.race([
      s.exited,
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('did not exit on SIGHUP')), 20_000)),
    ]);
    // Shut down by itself (not killed by the signal), with the conventional 128 + SIGHUP.
    expect(exit.signal ?? 0).toBe(0);
    expect(exit.exitCode).toBe(129);
    expect(s.raw()).toContain('\x1b[?1049l');
    expect(s.onNormalBuffer()).toBe(true);
  }, 40_000);
});
