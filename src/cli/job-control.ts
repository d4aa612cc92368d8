/**
 * The process's real job control for the cockpit: SIGTSTP/SIGCONT listeners, SIGSTOP
 * to stop, and the check that a shell can resume us at all.
 *
 * POSIX calls a process group "orphaned" when no member has a parent in another group
 * of the same session — no job-control shell is there to `fg` it, so the kernel
 * discards a terminal's SIGTSTP for such a group. We stop ourselves with SIGSTOP (the
 * tty's Ctrl-Z never reaches us in raw mode), which the kernel does not discard, so we
 * apply the same rule first. Otherwise `ssh -t host itops-tui` or `exec itops-tui`
 * would freeze the session for good on Ctrl-Z.
 */
import { readFileSync } from 'node:fs';
import type { JobControl } from '../ui/terminal-control.js';

export interface StatInfo {
  ppid: number;
  pgrp: number;
  session: number;
}

/** Fields 4–6 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parens. */
export function parseStat(text: string): StatInfo | undefined {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [ppid, pgrp, session] = [rest[1], rest[2], rest[3]].map(Number);
  if (![ppid, pgrp, session].every((n) => Number.isInteger(n))) return undefined;
  return { ppid: ppid!, pgrp: pgrp!, session: session! };
}

/**
 * True when a job-control shell can resume `pid`'s process group: walking up from it
 * through the members of its group, the first ancestor outside the group is in the same
 * session (the shell). Undefined when it cannot be told (no /proc).
 */
export function resumableByShell(
  pid: number,
  read: (pid: number) => StatInfo | undefined,
): boolean | undefined {
  const me = read(pid);
  if (!me) return undefined;
  let current = me;
  for (let depth = 0; depth < 64; depth++) {
    if (current.ppid <= 0) return false;
    const parent = read(current.ppid);
    if (!parent) return undefined;
    if (parent.pgrp !== me.pgrp) return parent.session === me.session;
    current = parent;
  }
  return false;
}

function readProcStat(pid: number): StatInfo | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

export const NO_SHELL_TO_RETURN_TO =
  'Ctrl-Z: no shell to return to — itops-tui was not started from a job-control shell, ' +
  'so nothing could resume it. Still running; q quits.';

export function processJobControl(read: (pid: number) => StatInfo | undefined = readProcStat): JobControl {
  return {
    // Without /proc (macOS) assume the usual case, a job-control shell.
    whyNotSuspend: () => (resumableByShell(process.pid, read) === false ? NO_SHELL_TO_RETURN_TO : undefined),
    // SIGSTOP cannot be caught or ignored, unlike SIGTSTP: the one way to stop for sure.
    stop: () => process.kill(process.pid, 'SIGSTOP'),
    on: (signal, listener) => process.on(signal, listener),
    off: (signal, listener) => process.off(signal, listener),
  };
}
