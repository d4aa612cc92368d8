/**
 * Who owns the terminal, and getting it back.
 *
 * - Suspend (Ctrl-Z as a key — raw mode turns the tty's own Ctrl-Z off — or SIGTSTP from
 *   outside): hand the terminal back the way the shell expects it (frame erased, alternate
 *   screen left, cursor shown, raw mode off), then stop with SIGSTOP. Catching SIGTSTP
 *   replaces its default stop, so we stop ourselves once the terminal is clean.
 * - Continue (SIGCONT, from `fg`): re-enter raw mode and the alternate screen and paint
 *   everything. A SIGCONT after a stop we did not arrange (`kill -STOP`) re-asserts both
 *   too: the shell may have reset the tty meanwhile.
 * - Redraw (Ctrl-L, resize): Ink redraws only the lines it believes changed, so bytes
 *   another program wrote to the terminal stayed until restart. A redraw resets what a
 *   stray writer may have changed (charset, colours, scroll region, cursor), clears the
 *   screen and makes Ink paint every line.
 */
import type { SuspendTerminal, TerminalSuspension } from 'ink';
import { createContext } from 'react';

export type JobSignal = 'SIGTSTP' | 'SIGCONT';

/** Process-level job control, injectable so tests never stop the test runner. */
export interface JobControl {
  /**
   * Why stopping now would strand the process, or undefined when a job-control shell can
   * resume it. Started without one (`ssh -t host itops-tui`, `exec itops-tui`, a tmux pane
   * command), nothing could ever send SIGCONT, and the session would hang.
   */
  whyNotSuspend(): string | undefined;
  /** Stop this process; the shell's `fg` continues it with SIGCONT. */
  stop(): void;
  on(signal: JobSignal, listener: () => void): void;
  off(signal: JobSignal, listener: () => void): void;
}

/** For embedders and tests that pass none: no signals handled, Ctrl-Z explains itself. */
export const NO_JOB_CONTROL: JobControl = {
  whyNotSuspend: () => 'Ctrl-Z: suspending is not available here.',
  stop: () => {},
  on: () => {},
  off: () => {},
};

/**
 * Undo what a stray writer may have left: G0 back to ASCII (not DEC line drawing),
 * attributes off, no scroll region, autowrap on, cursor hidden; then clear and home.
 */
export const REPAINT_RESET = '\u001B(B\u001B[0m\u001B[r\u001B[?7h\u001B[?25l\u001B[2J\u001B[H';

/** What the key commands see. */
export interface TerminalControl {
  /** Give the terminal back and stop (Ctrl-Z). Resolves with the reason when refused. */
  suspend(): Promise<string | undefined>;
  /** Clear the screen and paint every line again (Ctrl-L). */
  redraw(): void;
}

export const TerminalContext = createContext<TerminalControl | null>(null);

interface Deps {
  stdout: NodeJS.WritableStream & { on(event: 'resize', fn: () => void): unknown };
  jobs: JobControl;
  /** Ink's `instance.clear()`: forget the frame so the next render writes every line. */
  clearInk(): void;
}

export interface TerminalOwner extends TerminalControl {
  /** Called from inside the Ink tree with Ink's suspend and a way to force a commit. */
  attach(ink: { suspendTerminal: SuspendTerminal; repaint(): void }): () => void;
  /** Start listening for SIGTSTP, SIGCONT and resize. */
  listen(): void;
  dispose(): void;
  /** `running`, `suspending`, `stopped` or `resuming`; for tests and logs. */
  readonly state: string;
}

export function createTerminalOwner(deps: Deps): TerminalOwner {
  let ink: { suspendTerminal: SuspendTerminal; repaint(): void } | undefined;
  let state: 'running' | 'suspending' | 'stopped' | 'resuming' = 'running';
  let held: TerminalSuspension | undefined;
  let listening = false;

  const redraw = () => {
    // While stopped the terminal is the shell's; `fg` paints everything anyway.
    if (state !== 'running' || !ink) return;
    deps.clearInk();
    deps.stdout.write(REPAINT_RESET);
    ink.repaint();
  };

  const suspend = async (): Promise<string | undefined> => {
    if (state !== 'running' || !ink) return undefined;
    const refused = deps.jobs.whyNotSuspend();
    if (refused) return refused;
    state = 'suspending';
    try {
      held = await ink.suspendTerminal();
    } catch {
      state = 'running';
      return 'Ctrl-Z: the terminal could not be handed back; still running.';
    }
    state = 'stopped';
    deps.jobs.stop();
    return undefined;
  };

  const resume = async () => {
    if (state === 'suspending' || state === 'resuming' || !ink) return;
    const ours = state === 'stopped';
    state = 'resuming';
    try {
      if (ours && held) await held.resume();
      // Stopped by someone else: leave and re-enter raw mode and the alternate screen, so
      // the tty modes are really re-applied whatever the shell did to them meanwhile.
      else await ink.suspendTerminal(() => {});
    } catch {
      // Best effort: the redraw below still brings the screen back.
    } finally {
      held = undefined;
      state = 'running';
    }
    redraw();
  };

  // A refused SIGTSTP is dropped, as the kernel drops it for a process no shell can resume.
  const onTstp = () => void suspend();
  const onCont = () => void resume();

  return {
    suspend,
    redraw,
    attach(next) {
      ink = next;
      return () => {
        if (ink === next) ink = undefined;
      };
    },
    listen() {
      if (listening) return;
      listening = true;
      deps.jobs.on('SIGTSTP', onTstp);
      deps.jobs.on('SIGCONT', onCont);
      deps.stdout.on('resize', redraw);
    },
    dispose() {
      if (!listening) return;
      listening = false;
      deps.jobs.off('SIGTSTP', onTstp);
      deps.jobs.off('SIGCONT', onCont);
      (deps.stdout as unknown as NodeJS.EventEmitter).off('resize', redraw);
    },
    get state() {
      return state;
    },
  };
}
