/**
 * Issue 7 (9): the terminal after Ctrl-Z / SIGTSTP and `fg`, and after another
 * program wrote to it. Checked where a user would notice: the process state
 * (/proc), the tty's line discipline (`stty -F` on the pty), the xterm buffer and
 * the raw bytes the cockpit wrote.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli, spawnShell } from '../helpers/pty.js';

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

describe('suspend and resume under a job-control shell (bash in a pseudo-terminal)', () => {
  it('Ctrl-Z stops with the terminal handed back; fg brings raw mode, the alternate screen and a whole screen', async () => {
    const sh = spawnShell({ cols: 100, rows: 30 });
    session = sh;
    await sh.waitFor((t) => t.includes('$'), 'the shell prompt');
    sh.run(['--demo', '--speed', '5']);
    await ready(sh);
    const cli = sh.childPid();
    expect(cli).toBeDefined();
    expect(lineMode(sh.ptsName)).toEqual({ canonical: false, echo: false });

    sh.write('\u001A'); // Ctrl-Z: raw mode delivers it as a key, not as SIGTSTP
    await until('the cockpit to stop', () => procState(cli!) === 'T');
    await sh.waitFor((t) => sh.onNormalBuffer() && /Stopped/.test(t), "the shell's Stopped notice");
    // Left the alternate screen and showed the cursor before stopping.
    const handedBack = sinceLastEnter(sh.raw());
    expect(handedBack).toContain('\u001B[?1049l');
    expect(handedBack.lastIndexOf('\u001B[?25h')).toBeGreaterThan(handedBack.lastIndexOf('\u001B[?25l'));
    // The shell works as usual meanwhile.
    sh.write('echo still-a-shell\r');
    await sh.waitFor((t) => /^still-a-shell$/m.test(t), 'the shell to run a command');
    // This bash (no readline) keeps the tty in line mode: raw mode after fg is the cockpit's doing.
    expect(lineMode(sh.ptsName)).toEqual({ canonical: true, echo: true });

    sh.write('fg\r');
    await sh.waitFor(() => !sh.onNormalBuffer(), 'the alternate screen again');
    await until('raw mode again', () => !lineMode(sh.ptsName).canonical);
    expect(lineMode(sh.ptsName).echo).toBe(false);
    expect(procState(cli!)).not.toBe('T');
    await sh.waitFor(() => whole(sh.screen()), 'a whole screen after fg');

    // A key acts at once, without Enter.
    sh.write('?');
    await sh.waitFor((t) => /Navigation/.test(t) && /Redraw the whole screen/.test(t), 'the help overlay');
    sh.write('\u001B');
    await sh.waitFor((t) => !/Navigation/.test(t) && /Queue health/.test(t), 'help closed');
    sh.write('q');
    await sh.waitFor((t) => sh.onNormalBuffer() && /^\$\s*$/m.test(t), 'the prompt after quitting');
    await until('the cockpit to exit', () => sh.childPid() === undefined);
  });

  it('SIGTSTP from outside suspends the same way, from inside an overlay too', async () => {
    const sh = spawnShell({ cols: 100, rows: 30 });
    session = sh;
    await sh.waitFor((t) => t.includes('$'), 'the shell prompt');
    sh.run(['--demo', '--speed', '5']);
    await ready(sh);
    const cli = sh.childPid()!;
    sh.write('?'); // a modal overlay is open
    await sh.waitFor((t) => /Navigation/.test(t), 'the help overlay');

    process.kill(cli, 'SIGTSTP');
    await until('the cockpit to stop', () => procState(cli) === 'T');
    await sh.waitFor((t) => sh.onNormalBuffer() && /Stopped/.test(t), "the shell's Stopped notice");

    sh.write('fg\r');
    await sh.waitFor(() => !sh.onNormalBuffer() && /Navigation/.test(sh.text()), 'the overlay back');
    await until('raw mode again', () => !lineMode(sh.ptsName).canonical);
    sh.write('\u001B');
    await sh.waitFor((t) => whole(t.split('\n')), 'the cockpit behind it, whole');
  });
});

describe('terminal ownership in a pseudo-terminal with no shell', () => {
  it('Ctrl-Z with no shell to return to says so and keeps running (it would hang the session)', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 120, rows: 30 });
    const s = session;
    await ready(s);
    s.write('\u001A');
    await s.waitFor((t) => /no shell to return to/.test(t), 'the explanation');
    // SIGTSTP is dropped too, as the kernel drops it for a process group no shell can resume.
    process.kill(s.pid, 'SIGTSTP');
    s.write('?');
    await s.waitFor((t) => /Navigation/.test(t), 'keys still acting');
    expect(procState(s.pid)).not.toBe('T');
    expect(s.onNormalBuffer()).toBe(false);
    expect(lineMode(s.ptsName)).toEqual({ canonical: false, echo: false });
  });

  it("another program's bytes on the terminal stay until Ctrl-L, which repaints every line", async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await ready(s);
    // Another writer on the same terminal: text over the panel's top border (a line the cockpit
    // has no reason to rewrite), and a switch to the DEC line-drawing charset that garbles every
    // letter drawn after it.
    writeFileSync(s.ptsName, '\u001B[2;10HSTRAY-WRITER\u001B(0lqqk\r\n');
    await s.waitFor((t) => t.includes('STRAY-WRITER'), 'the stray text on screen');

    // The cockpit keeps drawing (its clock ticks every second), but nothing clears the stray text.
    const drawn = s.raw().length;
    await s.waitFor(() => s.raw().length > drawn, 'the cockpit to draw again');
    expect(s.text()).toContain('STRAY-WRITER');
    expect(whole(s.screen())).toBe(false);

    s.write('\u000C'); // Ctrl-L
    await s.waitFor((t) => !t.includes('STRAY-WRITER') && whole(t.split('\n')), 'a clean repaint');
    // Legible again: letters, not line-drawing glyphs, in the header and the footer.
    expect(s.screen()[0]).toMatch(/pd-demo/);
    expect(s.screen().at(-1)).toMatch(/Keys/);
  });

  it('a resize repaints every line as well', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 100, rows: 30 });
    const s = session;
    await ready(s);
    writeFileSync(s.ptsName, '\u001B[2;10HSTRAY-WRITER\u001B(0lqqk\r\n');
    await s.waitFor((t) => t.includes('STRAY-WRITER'), 'the stray text on screen');
    s.resize(110, 32);
    await s.waitFor(
      (t) => !t.includes('STRAY-WRITER') && whole(t.split('\n')) && s.screen()[1]?.length === 110,
      'a clean repaint at the new size',
    );
    expect(s.screen()[0]).toMatch(/pd-demo/);
  });
});
