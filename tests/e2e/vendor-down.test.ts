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
      (t) => /⚠ pd-demo: .*(503|unavailable)/i.test(t),
      'the outage to be reported',
    );
    expect(down).toMatch(/last good data \d+s ago/);
    // The last good PagerDuty rows stay on screen.
    expect(s.text()).toContain(firstPd!);

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
