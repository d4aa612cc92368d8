/**
 * Issue 14: `itops-tui wall --demo` on a 200×50 terminal. The pages rotate by themselves with
 * a countdown, `n` turns and space pauses; a PagerDuty outage (faults on the simulator) puts
 * an OUTAGE line on screen while the last good incidents stay, the tile turns STALE, and both
 * go once the simulator answers again, without a restart. Every wait is for screen text.
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

const page = (t: string) => t.split('\n')[0]?.match(/wall \S+ +(?:DEMO +)?(.+?) \(page (\d+)\/(\d+)\)/);

describe('the wall in a pseudo-terminal', () => {
  it('rotates, pauses, marks a vendor outage and its stale data, and recovers by itself', async () => {
    session = spawnCli(['wall', '--demo', '--speed', '5', '--rotate', '4s'], { cols: 200, rows: 50 });
    const s = session;
    // Every configured panel on the overview, figures drawn, and no key footer beyond one hint line.
    const first = await s.waitFor(
      (t) =>
        /Queue health/.test(t) &&
        /On-call/.test(t) &&
        /Endpoint compliance/.test(t) &&
        /SLA risk/.test(t) &&
        /open incidents/.test(t) &&
        /policies covered/.test(t) &&
        /compliant/.test(t) &&
        /breached/.test(t) &&
        !/waiting for the first answer/.test(t),
      'the overview with all four panels',
    );
    expect(first).toMatch(/itops-tui wall/);
    expect(first).toMatch(/next page in \d+s/);
    expect(first).not.toMatch(/▶/); // no cursor, no selection
    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as {
      pagerduty: { url: string };
    };

    // The rotation turns by itself: the page title changes from the overview.
    await s.waitFor((t) => !/ Overview /.test(t.split('\n')[0] ?? ''), 'the page to turn by itself');
    // Space pauses; the header says so and the page stays while paused.
    s.write(' ');
    const paused = await s.waitFor((t) => /PAUSED/.test(t.split('\n')[0] ?? ''), 'the pause badge');
    const pausedOn = page(paused)?.[1];
    // n still turns the page by hand while paused.
    s.write('n');
    await s.waitFor((t) => page(t)?.[1] !== pausedOn && /PAUSED/.test(t), 'n to turn the paused page');
    s.write(' ');
    await s.waitFor((t) => /next page in \d+s/.test(t.split('\n')[0] ?? ''), 'the countdown to resume');

    // PagerDuty goes down: an outage line names it, its data stays on screen and turns stale.
    await faults(demo.pagerduty.url, 'POST', { path: '/incidents', status: 503 });
    s.write('r');
    await s.waitFor((t) => /OUTAGE pd-demo/.test(t), 'the outage line');
    const stale = await s.waitFor(
      (t) => /◷ STALE \d+s/.test(t) && /OUTAGE pd-demo/.test(t),
      'the stale badge on a PagerDuty-fed tile',
      30_000,
    );
    expect(stale).toMatch(/showing last good data, \d+s old/);

    // It answers again: the banner and the badge go without a restart.
    await faults(demo.pagerduty.url, 'DELETE');
    s.write('r');
    await s.waitFor((t) => !/OUTAGE pd-demo/.test(t) && !/STALE/.test(t), 'recovery', 30_000);

    s.write('q');
    const exit = await s.exited;
    expect(exit.exitCode).toBe(0);
    expect(s.raw()).not.toContain('\x07'); // no bell on the wall
    expect(s.onNormalBuffer()).toBe(true);
  }, 90_000);
});
