/**
 * Runs the bundled CLI in a real pseudo-terminal and keeps a headless xterm in
 * sync with it, so tests read the screen the way a user sees it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface PtySession {
  /** The visible screen, one string per row, right-trimmed. */
  screen(): string[];
  text(): string;
  /** Everything the program wrote, raw (escape sequences included). */
  raw(): string;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  waitFor(predicate: (text: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  /** True once the program has left the alternate screen. */
  onNormalBuffer(): boolean;
  stateDir: string;
  /** The program's process id (for signals and /proc). */
  pid: number;
  /** The terminal side of the pty (`/dev/pts/N`): another program writing to it, or `stty -F`. */
  ptsName: string;
  kill(): void;
}

/** Rebuild dist/cli.js when a source file is newer; PTY tests must never run a stale bundle. */
export async function ensureBuilt(): Promise<void> {
  // @ts-expect-error — plain .mjs build script without type declarations
  await import('../../scripts/build-if-stale.mjs');
}

export interface SpawnOptions {
  cols?: number;
  rows?: number;
  env?: NodeJS.ProcessEnv;
}

/** The CLI as the terminal's only program (a session leader, as under `ssh -t host itops-tui`). */
export function spawnCli(args: string[], options: SpawnOptions = {}): PtySession {
  return spawnInPty(process.execPath, [CLI, ...args], options);
}

/**
 * An interactive bash with job control (no rc files, no readline, prompt `$ `) on the
 * terminal, as a user has it; `run` types a command line into it. Job-control journeys
 * (Ctrl-Z, `fg`) need a shell that can resume the stopped job.
 */
export function spawnShell(options: SpawnOptions = {}): PtySession & {
  run(args: string[]): void;
  /** Pid of the shell's current child (the CLI once `run` started it). */
  childPid(): number | undefined;
} {
  const session = spawnInPty('bash', ['--norc', '--noprofile', '--noediting', '-i'], {
    ...options,
    env: { PS1: '$ ', HISTFILE: '/dev/null', ...options.env },
  });
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  return {
    ...session,
    run(args) {
      session.write(`${[process.execPath, CLI, ...args].map(quote).join(' ')}\r`);
    },
    childPid() {
      try {
        const list = readFileSync(`/proc/${session.pid}/task/${session.pid}/children`, 'utf8').trim();
        return list ? Number(list.split(/\s+/)[0]) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function spawnInPty(file: string, argv: string[], options: SpawnOptions): PtySession {
  const cols = options.cols ?? 100;
  const rows = options.rows ?? 30;
  const stateDir = mkdtempSync(join(tmpdir(), 'itops-e2e-'));
  // Ink renders nothing interactive when CI is set (TOOLCHAIN gotcha 9): drop it for the child.
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cci, NO_COLOR: _nc, ...env } = process.env;
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  let raw = '';
  const child = pty.spawn(file, argv, {
    // node-pty sets TERM from `name`, overriding env: a test's TERM must go here too.
    name: options.env?.TERM ?? 'xterm-256color',
    cols,
    rows,
    cwd: stateDir,
    env: {
      ...env,
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      XDG_STATE_HOME: stateDir,
      XDG_CONFIG_HOME: stateDir,
      ...options.env,
    } as Record<string, string>,
  });
  child.onData((d) => {
    raw += d;
    term.write(d);
  });
  // Resolve once xterm has applied everything the program wrote: its writes are asynchronous,
  // so a check of the screen right after exit could otherwise see the frame before the last one.
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) =>
    child.onExit((e) => term.write('', () => resolve(e))),
  );

  const screen = () => {
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < term.rows; y++)
      lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return lines;
  };
  const text = () => screen().join('\n');
  // xterm applies writes asynchronously; flush before reading.
  const flush = () => new Promise<void>((r) => term.write('', r));

  const session: PtySession = {
    screen,
    text,
    raw: () => raw,
    write: (d) => child.write(d),
    resize(c, r) {
      child.resize(c, r);
      term.resize(c, r);
    },
    async waitFor(predicate, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await flush();
        const t = text();
        if (predicate(t)) return t;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}. Screen:\n${t}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited,
    onNormalBuffer: () => term.buffer.active.type === 'normal',
    stateDir,
    pid: child.pid,
    ptsName: (child as unknown as { ptsName: string }).ptsName,
    kill: () => {
      try {
        child.kill();
      } catch {
        // already gone
      }
    },
  };
  return session;
}

/** The highlighted list row's status word and key (`TRIG`, `#1158`), or undefined when none is. */
export function selectedRowOf(screen: string[]): { status: string; key: string } | undefined {
  for (const line of screen) {
    const m = line.match(/▶ \S (\w+) +(#\d+|[A-Z]+-?\d+)/);
    if (m) return { status: m[1]!, key: m[2]! };
  }
  return undefined;
}

/**
 * Put the cursor on the first triggered PagerDuty incident (`#n`) by keys, as a user would:
 * `g` to the top, then `j` until one is highlighted. The demo world's order depends on the time
 * of day (a ServiceNow P2 can sort first), so tests must not assume the top row is one.
 */
export async function selectTriggeredIncident(s: PtySession, maxMoves = 40): Promise<number> {
  s.write('g');
  const onTop = (lines: string[]) => {
    const header = lines.findIndex((l) => /Status +Key/.test(l));
    return header >= 0 && /▶ \S \w+ /.test(lines[header + 1] ?? '');
  };
  await s.waitFor((t) => onTop(t.split('\n')), 'the cursor on the top row');
  for (let i = 0; i <= maxMoves; i++) {
    const row = selectedRowOf(s.screen())!;
    if (row.status === 'TRIG' && row.key.startsWith('#')) return Number(row.key.slice(1));
    s.write('j');
    await s.waitFor(
      (t) => selectedRowOf(t.split('\n'))?.key !== row.key,
      `the cursor to move past ${row.key}`,
    );
  }
  throw new Error(`no triggered PagerDuty incident within ${maxMoves} rows:\n${s.screen().join('\n')}`);
}

/**
 * Where the list cursor is: the screen row of the highlighted line and that line without the
 * parts that change every second (ages, countdowns, percentages, clock times), so a clock tick
 * is never mistaken for the cursor moving.
 */
export function cursorOf(screen: string[]): string | undefined {
  const at = screen.findIndex((l) => /[║│] ?▶ (?!\d )/.test(l) && !/[║│]▶ /.test(l));
  if (at < 0) return undefined;
  const line = screen[at]!.replace(
    /\b\d+(?:d\d+h|h\d+m|m\d+s|[smhd])\b|\d+%|\b\d{1,2}:\d{2}\b|[█░▏▎▍▌▋▊▉]+/g,
    '',
  );
  return `${at}|${line}`;
}

/** Press a movement key and wait until the cursor has really moved (not just the clock). */
export async function moveCursor(s: PtySession, key = 'j', timeoutMs?: number): Promise<void> {
  const before = cursorOf(s.screen());
  s.write(key);
  await s.waitFor((t) => cursorOf(t.split('\n')) !== before, 'the cursor to move', timeoutMs);
}
