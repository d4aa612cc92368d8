/**
 * Issue 7 (7, TERM half): on a terminal that says TERM=dumb the cockpit must not
 * emit cursor movement. It prints one plain message pointing at `snapshot` and
 * exits 2, before the alternate screen or raw mode is touched.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('TERM=dumb in a real pseudo-terminal', () => {
  it('prints a plain message that points at snapshot, with no escape sequence, and exits 2', async () => {
    session = spawnCli(['--demo'], { cols: 80, rows: 24, env: { TERM: 'dumb' } });
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(2);
    const raw = session.raw();
    expect(raw).toMatch(/TERM=dumb/);
    expect(raw).toMatch(/itops-tui snapshot --json/);
    // Not one ESC byte: no cursor movement, no alternate screen, no colour.
    expect(raw).not.toContain('\u001B');
    expect(session.onNormalBuffer()).toBe(true);
  });

  it('the same cockpit draws on the same pseudo-terminal with a real TERM (the control)', async () => {
    session = spawnCli(['--demo'], { cols: 80, rows: 24, env: { TERM: 'xterm-256color' } });
    await session.waitFor((t) => /Queue health/i.test(t), 'the cockpit');
    expect(session.raw()).toContain('\u001B[?1049h');
    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  });
});
