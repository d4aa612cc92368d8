/**
 * Issue 14 in a real pseudo-terminal: `c` puts the selected record's link on the clipboard
 * with OSC 52 (wrapped for tmux when TMUX is set), detail views send OSC 8 links only when
 * links are on, and `--theme high-contrast` draws no faint or grey text.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);
// Each journey starts the demo simulators: give a loaded machine room.
vi.setConfig({ testTimeout: 180_000 });

let session: PtySession | undefined;
afterEach(() => session?.kill());

const ESC = '\u001B';
/** Environment variables that would make a terminal look link-capable, blanked. */
const NO_TERMINAL_HINTS = {
  TERM_PROGRAM: '',
  TERM_PROGRAM_VERSION: '',
  VTE_VERSION: '',
  WT_SESSION: '',
  KITTY_WINDOW_ID: '',
  KONSOLE_VERSION: '',
  DOMTERM: '',
  ITOPS_HYPERLINKS: '',
  STY: '',
  TMUX: '',
};

describe('links and the clipboard in a terminal', () => {
  it('c copies over OSC 52 wrapped for tmux; Enter shows the detail with an OSC 8 link; high contrast has no faint text', async () => {
    session = spawnCli(['--demo', '--speed', '5', '--theme', 'high-contrast'], {
      cols: 120,
      rows: 30,
      env: { ...NO_TERMINAL_HINTS, TMUX: '/tmp/tmux-test/default,1,0', ITOPS_HYPERLINKS: '1' },
    });
    const s = session;
    await s.waitFor((t) => /▶ . \S+ +(#\d+|INC\d+)/.test(t), 'a selected incident row');
    s.write('c');
    await s.waitFor((t) => /Copied the link of (#\d+|INC\d+)/.test(t), 'the copy message');
    const raw = s.raw();
    const plain = raw.match(/\u001B\]52;c;([A-Za-z0-9+/=]+)\u001B\\/);
    expect(plain).not.toBeNull();
    const url = Buffer.from(plain![1]!, 'base64').toString('utf8');
    expect(url).toMatch(/^https?:\/\/\S+$/);
    // The same request in a tmux passthrough, its ESCs doubled.
    expect(raw).toContain(`${ESC}Ptmux;${ESC}${ESC}]52;c;${plain![1]}${ESC}${ESC}\\${ESC}\\`);

    s.write('\r');
    await s.waitFor((t) => /URL +http/.test(t), 'the detail view with its URL');
    expect(s.raw()).toContain(`${ESC}]8;;${url}${ESC}\\`);
    expect(s.raw()).not.toContain(`${ESC}[2m`);
    expect(s.raw()).not.toContain(`${ESC}[90m`);
    s.write('q');
    await s.exited;
  });

  it('an unknown terminal gets the plain URL, no OSC 8; the default theme does draw faint text', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 120, rows: 30, env: NO_TERMINAL_HINTS });
    const s = session;
    await s.waitFor((t) => /▶ . \S+ +(#\d+|INC\d+)/.test(t), 'a selected incident row');
    s.write('\r');
    await s.waitFor((t) => /URL +https?:\/\/\S+/.test(t), 'the detail view with its plain URL');
    expect(s.raw()).not.toContain(`${ESC}]8;`);
    expect(s.raw()).toContain(`${ESC}[2m`);
    s.write('q');
    await s.exited;
  });
});
