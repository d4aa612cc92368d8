/**
 * Can this terminal show the cockpit? The cockpit draws with cursor movement on the
 * alternate screen; a pipe, a redirected stdin or a terminal that declares itself
 * `dumb` (Emacs shell buffers, some CI consoles, serial lines) would get a stream of
 * escape sequences instead. Those get one clear message pointing at `snapshot`,
 * which prints the same panels as plain JSON, before anything touches the terminal.
 */

export interface TerminalFacts {
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  /** `$TERM` as given (undefined when unset). */
  term: string | undefined;
}

const SNAPSHOT_HINT =
  'For scripts, pipes and plain terminals use:\n  itops-tui snapshot --json\n' +
  'or, to read it as a report:\n  itops-tui snapshot --text\n';

/** Why the cockpit cannot run here, as the whole stderr text; undefined when it can. */
export function cockpitTerminalProblem(facts: TerminalFacts): string | undefined {
  if (!facts.stdoutIsTTY || !facts.stdinIsTTY) {
    const which = !facts.stdoutIsTTY ? 'stdout is not a terminal' : 'stdin is not a terminal';
    return `itops-tui: the cockpit needs an interactive terminal (${which}). ${SNAPSHOT_HINT}`;
  }
  if (facts.term !== undefined && facts.term.trim().toLowerCase() === 'dumb') {
    return (
      'itops-tui: this terminal says TERM=dumb: it cannot move the cursor, so the cockpit cannot draw.\n' +
      SNAPSHOT_HINT +
      'or, if the terminal can do more, run with its real type, e.g. TERM=xterm-256color itops-tui\n'
    );
  }
  return undefined;
}
