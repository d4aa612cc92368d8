/**
 * Issue 7, defect 6, for real: PagerDuty starts answering 401 (a revoked token). Polling
 * pauses; the screen must carry the whole message and the fix (not cut at the panel edge),
 * say that r retries, write the failure to the log file, and resume when r is pressed after
 * the token works again.
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

/** The screen as running text: borders gone, wrapped lines joined. */
const flat = (t: string) =>
  t
    .split('\n')
    .map((l) => l.replace(/^[║│]|[║│]$/g, '').trim())
    .join(' ')
    .replace(/ +/g, ' ');

describe('a revoked token in a pseudo-terminal', () => {
  it('pauses with the whole message and the fix on screen, logs it, and r resumes', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t), 'incidents from the simulator', 15_000);
    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as {
      pagerduty: { url: string };
    };

    await faults(demo.pagerduty.url, 'POST', { path: '/incidents', method: 'GET', status: 401 });
    s.write('r');
    const paused = await s.waitFor(
      (t) => /pd-demo paused: fix credentials, press r/.test(t) && /needs region: eu\)/.test(flat(t)),
      'the pause, its message and its fix',
      15_000,
    );
    const text = flat(paused);
    expect(text).toMatch(/PagerDuty rejected the API token \(401\) on GET \/incidents/);
    expect(text).toContain('(and region: an EU account needs region: eu).');
    expect(text).toContain('then press r to retry');
    expect(paused.split('\n')[0]).toContain('✖ pd-demo paused: fix credentials, press r');

    // The status view has it in full, with what to do.
    s.write('i');
    const status = await s.waitFor((t) => /What to do/.test(t), 'the status view');
    expect(flat(status)).toMatch(/incidents: paused .*PagerDuty rejected the API token \(401\)/);
    s.write('\x1b');
    await s.waitFor((t) => /Queue health/.test(t) && !/What to do/.test(t), 'the status view to close');

    // The log file says it too.
    const log = readFileSync(join(s.stateDir, 'itops', 'itops.log'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { level: string; instance: string; msg: string; data?: { code?: string } },
      );
    expect(log).toContainEqual(
      expect.objectContaining({
        level: 'error',
        instance: 'pd-demo',
        msg: 'poll failed, polling paused',
        data: expect.objectContaining({ code: 'AUTH' }),
      }),
    );

    // The token works again; nothing polls a paused stream by itself, r does.
    await faults(demo.pagerduty.url, 'DELETE');
    s.write('r');
    await s.waitFor(
      (t) => !/pd-demo[a-z ,]* paused|Polling is paused/.test(t) && /● pd-demo/.test(t.split('\n')[0] ?? ''),
      'polling to resume',
      15_000,
    );
    expect(s.text()).toMatch(/TRIG #\d+/);
  }, 60_000);
});
