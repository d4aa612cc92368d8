import { describe, expect, it } from 'vitest';
import { cockpitTerminalProblem } from '../../../src/cli/terminal.js';

const tty = { stdoutIsTTY: true, stdinIsTTY: true };

describe('cockpitTerminalProblem', () => {
  it('lets a real terminal through, whatever its type', () => {
    for (const term of ['xterm-256color', 'screen', 'tmux-256color', 'linux', 'vt100', undefined]) {
      expect(cockpitTerminalProblem({ ...tty, term })).toBeUndefined();
    }
  });

  it('refuses TERM=dumb (any case, stray spaces) and points at snapshot and at TERM', () => {
    for (const term of ['dumb', 'DUMB', ' dumb ']) {
      const text = cockpitTerminalProblem({ ...tty, term });
      expect(text).toMatch(/TERM=dumb/);
      expect(text).toMatch(/itops-tui snapshot --json/);
      expect(text).toMatch(/itops-tui snapshot --text/);
      expect(text).toMatch(/TERM=xterm-256color itops-tui/);
      expect(text?.endsWith('\n')).toBe(true);
    }
  });

  it('refuses a pipe on either side and says which one', () => {
    expect(cockpitTerminalProblem({ stdoutIsTTY: false, stdinIsTTY: true, term: 'xterm' })).toMatch(
      /stdout is not a terminal[\s\S]*snapshot --json/,
    );
    expect(cockpitTerminalProblem({ stdoutIsTTY: true, stdinIsTTY: false, term: 'xterm' })).toMatch(
      /stdin is not a terminal[\s\S]*snapshot --json/,
    );
  });
});
