/**
 * Issue 7 (9): the terminal after Ctrl-Z / SIGTSTP and `fg`, and after another
 * program wrote to it. Checked where a user would notice: the process state
 * (/proc), the tty's line discipline (`stty -F` on the pty), the xterm buffer and
 * the raw bytes the cockpit wrote.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => {
  if (session) {
    // A stopped child ignores SIGHUP until continued.
    try {
      process.kill(session.pid, 'SIGCONT');
    } catch {
      // gone already
    }
    session.kill();
  }
});

/** `R`/`S` running or sleeping, `T` stopped (by a signal). */
function procState(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '?';
}

/** The tty's line discipline: line mode (`icanon echo`) or raw (`-icanon -echo`). */
function lineMode(pts: string): { canonical: boolean; echo: boolean } {
  const settings = execFileSync('stty', ['-F', pts, '-a'], { encoding: 'utf8' });
  return { canonical: /(^|\s)icanon\b/.test(settings), echo: /(^|\s)echo\b/.test(settings) };
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ready = (s: PtySession) =>
  s.waitFor((t) => /#\d+/.test(t) && /triggered/i.test(t) && /Keys/.test(t), 'the filled cockpit');

/** The frame's shape: its box corners, panel titles and footer are all where they belong. */
function whole(screen: string[]): boolean {
  return (
    /^itops-tui /.test(screen[0] ?? '') &&
    /^╔═+╗$/.test(screen[1] ?? '') &&
    screen.some((l) => /^╚═+╝$/.test(l)) &&
    screen.some((l) => /Queue health/.test(l)) &&
    screen.some((l) => /SLA risk/.test(l)) &&
    /Keys/.test(screen.at(-1) ?? '')
  );
}

/** Raw output since the last time the cockpit entered the alternate screen. */
const sinceLastEnter = (raw: string) => raw.slice(raw.lastIndexOf('\u001B[?1049h'));

describe('terminal ownership in a real pseudo-terminal', () => {
  it('Ctrl-Z stops with the terminal restored; SIGCONT (fg) gives keys without Enter and a whole screen', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await ready(s);
    expect(lineMode(s.ptsName)).toEqual({ canonical: false, echo: false });

    s.write('\u001A'); // Ctrl-Z: raw mode delivers it as a key, not as SIGTSTP
    await until('the cockpit to stop', () => procState(s.pid) === 'T');
    await s.waitFor(() => s.onNormalBuffer(), 'the normal screen');
    // Left the alternate screen and showed the cursor before stopping; the shell gets line mode.
    const handedBack = sinceLastEnter(s.raw());
    expect(handedBack).toContain('\u001B[?1049l');
    expect(handedBack.lastIndexOf('\u001B[?25h')).toBeGreaterThan(handedBack.lastIndexOf('\u001B[?25l'));
    expect(lineMode(s.ptsName)).toEqual({ canonical: true, echo: true });

    process.kill(s.pid, 'SIGCONT'); // what the shell's `fg` sends
    await s.waitFor(() => !s.onNormalBuffer(), 'the alternate screen again');
    await until('raw mode again', () => !lineMode(s.ptsName).canonical);
    expect(lineMode(s.ptsName).echo).toBe(false);
    await s.waitFor(() => whole(s.screen()), 'a whole screen after fg');

    // A key acts at once, without Enter.
    s.write('?');
    await s.waitFor((t) => /Navigation/.test(t) && /Redraw the whole screen/.test(t), 'the help overlay');
    s.write('\u001B');
    await s.waitFor((t) => !/Navigation/.test(t) && /Queue health/.test(t), 'help closed');
    s.write('q');
    expect((await s.exited).exitCode).toBe(0);
    expect(s.onNormalBuffer()).toBe(true);
  });

  it('SIGTSTP from outside suspends the same way, from inside a dialog too', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await ready(s);
    s.write('?'); // a modal overlay is open
    await s.waitFor((t) => /Navigation/.test(t), 'the help overlay');

    process.kill(s.pid, 'SIGTSTP');
    await until('the cockpit to stop', () => procState(s.pid) === 'T');
    await s.waitFor(() => s.onNormalBuffer(), 'the normal screen');
    expect(lineMode(s.ptsName)).toEqual({ canonical: true, echo: true });

    process.kill(s.pid, 'SIGCONT');
    await s.waitFor(() => !s.onNormalBuffer() && /Navigation/.test(s.text()), 'the overlay back');
    await until('raw mode again', () => !lineMode(s.ptsName).canonical);
    s.write('\u001B');
    await s.waitFor((t) => whole(t.split('\n')), 'the cockpit behind it, whole');
  });

  it("another program's bytes on the terminal stay until Ctrl-L, which repaints every line", async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await ready(s);
    // Another writer on the same terminal: text in the middle of the table, and a switch to
    // the DEC line-drawing charset that garbles every letter drawn after it.
    writeFileSync(s.ptsName, '\u001B[12;5HSTRAY-WRITER\u001B(0lqqk\r\n');
    await s.waitFor((t) => t.includes('STRAY-WRITER'), 'the stray text on screen');

    // The cockpit keeps drawing (its clock ticks every second), but nothing clears the stray text.
    const drawn = s.raw().length;
    await s.waitFor(() => s.raw().length > drawn, 'the cockpit to draw again');
    expect(s.text()).toContain('STRAY-WRITER');

    s.write('\u000C'); // Ctrl-L
    await s.waitFor((t) => !t.includes('STRAY-WRITER') && whole(t.split('\n')), 'a clean repaint');
    // Legible again: letters, not line-drawing glyphs, in the header and the footer.
    expect(s.screen()[0]).toMatch(/pd-demo/);
    expect(s.screen().at(-1)).toMatch(/Ack/);
  });

  it('a resize repaints every line as well', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await ready(s);
    writeFileSync(s.ptsName, '\u001B[8;3HSTRAY-WRITER\u001B(0lqqk\r\n');
    await s.waitFor((t) => t.includes('STRAY-WRITER'), 'the stray text on screen');
    s.resize(110, 32);
    await s.waitFor(
      (t) => !t.includes('STRAY-WRITER') && whole(t.split('\n')) && s.screen()[1]?.length === 110,
      'a clean repaint at the new size',
    );
    expect(s.screen()[0]).toMatch(/pd-demo/);
  });
});
