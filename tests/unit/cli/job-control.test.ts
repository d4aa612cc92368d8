import { describe, expect, it } from 'vitest';
import { parseStat, resumableByShell, type StatInfo } from '../../../src/cli/job-control.js';

describe('parseStat', () => {
  it('reads ppid, process group and session, whatever the command name holds', () => {
    expect(parseStat('4242 (node) S 4100 4242 4100 34816 4242 4194304 0 0')).toEqual({
      ppid: 4100,
      pgrp: 4242,
      session: 4100,
    });
    expect(parseStat('77 (evil) name) (x) R 5 77 5 0 -1 0')).toEqual({ ppid: 5, pgrp: 77, session: 5 });
    expect(parseStat('garbage')).toBeUndefined();
  });
});

describe('resumableByShell', () => {
  const table =
    (procs: Record<number, StatInfo>) =>
    (pid: number): StatInfo | undefined =>
      procs[pid];

  it('yes under a job-control shell: the job leader’s parent is the shell, same session, other group', () => {
    // bash (100, session 100) → itops-tui (200, its own group 200)
    const read = table({
      100: { ppid: 1, pgrp: 100, session: 100 },
      200: { ppid: 100, pgrp: 200, session: 100 },
    });
    expect(resumableByShell(200, read)).toBe(true);
  });

  it('yes through npm run: walks up the members of the job to the shell', () => {
    // bash 100 → npm 200 (group 200) → sh 300 → node 400, all in group 200
    const read = table({
      100: { ppid: 1, pgrp: 100, session: 100 },
      200: { ppid: 100, pgrp: 200, session: 100 },
      300: { ppid: 200, pgrp: 200, session: 100 },
      400: { ppid: 300, pgrp: 200, session: 100 },
    });
    expect(resumableByShell(400, read)).toBe(true);
  });

  it('no as a session leader with no shell (ssh -t host itops-tui, exec, a tmux pane command)', () => {
    // sshd 50 (session 50) → itops-tui 60, which called setsid: its own session and group
    const read = table({ 50: { ppid: 1, pgrp: 50, session: 50 }, 60: { ppid: 50, pgrp: 60, session: 60 } });
    expect(resumableByShell(60, read)).toBe(false);
  });

  it('no when the chain ends at init', () => {
    const read = table({ 60: { ppid: 0, pgrp: 60, session: 60 } });
    expect(resumableByShell(60, read)).toBe(false);
  });

  it('unknown without /proc (the caller then assumes a shell)', () => {
    expect(resumableByShell(1, () => undefined)).toBeUndefined();
  });
});
