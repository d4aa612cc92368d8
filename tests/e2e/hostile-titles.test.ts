/**
 * Issue 7, defect 1, end to end: PagerDuty incidents renamed over the simulator's REST API
 * (PUT /incidents/{id}, as a Datadog integration or a person would) to titles that used to
 * kill the cockpit: the real connector fetches them over HTTP, the cockpit draws them, stays
 * up and navigable, leaks no escape sequence to the terminal, and quits with exit 0. Then the
 * same in ASCII mode (LANG=C): every cell on screen is ASCII.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

interface DemoFile {
  pagerduty: { url: string; token: string; fromEmail: string };
}

const ESC = '\x1b';

/** Titles that crashed, confused or could have hijacked the terminal; each carries a marker to find it. */
const TITLES = [
  '⚠️ Disk full ⚠️ on db-01',
  'Zoe\u0308 paged twice',
  '👨‍👩‍👧 family plan outage',
  'two\u200b\u200bzero width',
  `clip ${ESC}]52;c;ZXZpbA==\x07board ${ESC}[2J${ESC}[H clear`,
  '数据库 東京 disk 95% full',
  'שגיאה בשרת הנתונים',
  `Z${'\u0301\u0336'.repeat(30)}algo stack`,
  'lone \ud800 surrogate',
  `${'very long title '.repeat(120)}end`,
];

/**
 * Words of the renamed titles that survive on screen (also in ASCII mode). Which renamed incidents
 * are on the first screen depends on the queue's order (monitoring incidents and tickets sort among
 * them), so a screen counts when several different ones show.
 */
const SHOWN = [
  /Disk full/,
  /Zo(ë|e) paged twice/,
  /family plan outage/,
  /zero width/,
  /board .*clear/,
  /disk 95% full/,
  /algo stack/,
  /surrogate/,
  /very long title/,
];
const renamedShown = (t: string) => SHOWN.filter((re) => re.test(t)).length;

async function pd(demo: DemoFile, path: string, init: RequestInit = {}) {
  const res = await fetch(`${demo.pagerduty.url}${path}`, {
    ...init,
    headers: {
      Authorization: `Token token=${demo.pagerduty.token}`,
      Accept: 'application/vnd.pagerduty+json;version=2',
      'Content-Type': 'application/json',
      From: demo.pagerduty.fromEmail,
    },
  });
  expect(res.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(300);
  return (await res.json()) as { incidents: { id: string }[] };
}

/** Rename every open PagerDuty incident, cycling through the hostile titles. */
async function renameAll(s: PtySession) {
  const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as DemoFile;
  const open = await pd(demo, '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=100');
  expect(open.incidents.length).toBeGreaterThanOrEqual(4);
  for (const [n, incident] of open.incidents.entries()) {
    await pd(demo, `/incidents/${incident.id}`, {
      method: 'PUT',
      body: JSON.stringify({ incident: { type: 'incident_reference', title: TITLES[n % TITLES.length] } }),
    });
  }
}

/** The screen is whole: header on top, hints at the bottom, every row of the panel box closed on both sides. */
function expectIntact(screen: string[], rows: number) {
  expect(screen[0]).toMatch(/^itops-tui/);
  expect(screen.at(-1)).toMatch(/Keys/);
  const top = screen.findIndex((l) => /^[╔#]/.test(l));
  const bottom = screen.findIndex((l, i) => i > top && /^[╚#]/.test(l));
  expect(top).toBe(1);
  expect(bottom).toBeGreaterThan(top);
  for (const line of screen.slice(top + 1, bottom)) {
    expect(line, 'left border').toMatch(/^[║#]/);
    // xterm counts emoji as one cell where Ink counts two, so such a row may end a cell early:
    // never later, which is what would wrap the line and scroll the screen.
    expect(line, 'right border').toMatch(/[║#]$/);
  }
  expect(screen).toHaveLength(rows);
}

/** Whether the screen is whole right now (a frame can arrive in several PTY reads). */
function intact(screen: string[], rows: number): boolean {
  try {
    expectIntact(screen, rows);
    return true;
  } catch {
    return false;
  }
}

/** Wait for a whole frame, then assert it (so a failure reports what is wrong with it). */
async function expectIntactSoon(s: PtySession, rows: number, what: string) {
  await s.waitFor(() => intact(s.screen(), rows), what).catch(() => undefined);
  expectIntact(s.screen(), rows);
}

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

async function quits(s: PtySession) {
  s.write('q');
  const exit = await Promise.race([
    s.exited,
    new Promise<never>((_, rej) => setTimeout(() => rej(new Error('did not exit after q')), 10_000)),
  ]);
  expect(exit.exitCode).toBe(0);
  expect(s.onNormalBuffer()).toBe(true);
}

describe('hostile incident titles from a live PagerDuty (simulator) in a pseudo-terminal', () => {
  it('draws them, stays up and navigable, leaks nothing to the terminal, quits with 0', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t) && /triggered/i.test(t), 'incidents from the simulator', 20_000);
    await renameAll(s);
    s.write('r');
    await s.waitFor((t) => renamedShown(t) >= 3, 'the renamed titles in the queue', 20_000);
    await expectIntactSoon(s, 30, 'the queue drawn whole');
    // The OSC 52 clipboard write and the screen clear arrived as text and stayed text.
    expect(s.raw()).not.toContain(`${ESC}]52`);
    expect(s.raw()).not.toContain('ZXZpbA');

    // Navigable: move, open a detail, back, other panels, back to the queue.
    const pointerRow = () => s.screen().findIndex((l) => /^║ ▶/.test(l));
    const first = pointerRow();
    s.write('j');
    s.write('j');
    await s.waitFor(() => pointerRow() > first, 'the selection to move down');
    s.write('\r');
    await s.waitFor(
      (t) => /Incident (#\d+|INC\d+|[A-Z]+-\d+)/.test(t) && /Title/.test(t),
      'the incident detail',
    );
    await expectIntactSoon(s, 30, 'the detail drawn whole');
    s.write('\x1b');
    await s.waitFor((t) => /▶ 1 Queue health/.test(t), 'back to the queue');
    s.write('2');
    await s.waitFor((t) => /▶ 2 On-call/.test(t), 'the on-call panel');
    s.write('4');
    await s.waitFor((t) => /▶ 4 SLA risk/.test(t), 'the SLA panel');
    s.write('1');
    await s.waitFor((t) => /▶ 1 Queue health/.test(t) && renamedShown(t) >= 3, 'the queue again');
    await expectIntactSoon(s, 30, 'the queue drawn whole again');

    // 80x24 over SSH: still whole.
    s.resize(80, 24);
    // The terminal has 24 rows at once; the cockpit's repaint for them follows.
    await expectIntactSoon(s, 24, 'the 80x24 layout drawn whole');
    expect(s.text()).toMatch(/Queue health/);
    expect(s.text()).not.toMatch(/could not be drawn/);
    await quits(s);
    // No part of the screen failed to draw (each would have logged a render error).
    const logFile = join(s.stateDir, 'itops', 'itops.log');
    if (existsSync(logFile)) expect(readFileSync(logFile, 'utf8')).not.toMatch(/render error/);
  }, 90_000);

  it('in ASCII mode (LANG=C) every cell on screen is ASCII, titles transliterated', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30, env: { LANG: 'C', LC_ALL: 'C' } });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t) && /Queue health/.test(t), 'incidents from the simulator', 20_000);
    await renameAll(s);
    s.write('r');
    await s.waitFor((t) => renamedShown(t) >= 3, 'the renamed titles', 20_000);
    const check = () => {
      for (const line of s.screen()) expect(line).toMatch(/^[\x20-\x7e]*$/);
    };
    check();
    await expectIntactSoon(s, 30, 'the ASCII queue drawn whole');
    s.write('\r');
    await s.waitFor((t) => /Incident (#\d+|INC\d+|[A-Z]+-\d+)/.test(t), 'the incident detail');
    check();
    // One key at a time: ESC and '?' written together would read as Alt+?.
    s.write('\x1b');
    await s.waitFor((t) => /> 1 Queue health/.test(t), 'back to the queue');
    s.write('?');
    await s.waitFor((t) => /Esc closes/.test(t), 'the help screen');
    check();
    s.write('\x1b');
    await s.waitFor((t) => /> 1 Queue health/.test(t), 'back to the queue');
    await quits(s);
  }, 90_000);
});
