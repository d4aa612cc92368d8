/** `itops-tui [run]`: the cockpit in the terminal. */
import type { CliArgs } from './args.js';
import { EXIT } from './exit-codes.js';
import { processJobControl } from './job-control.js';
import { openRuntime } from './open-runtime.js';
import { cockpitTerminalProblem } from './terminal.js';
import { VERSION } from './version.js';

export async function runCockpitCommand(args: CliArgs): Promise<number> {
  const problem = cockpitTerminalProblem({
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    term: process.env.TERM,
  });
  if (problem) {
    process.stderr.write(problem);
    return EXIT.usage;
  }
  // Profiling aid (docs/configuration.md): off unless set, and then the only cost is this import.
  const stallFile = process.env.ITOPS_DEBUG_STALLS;
  let stalls: { stop(): void } | undefined;
  try {
    stalls = stallFile ? (await import('./stall-recorder.js')).startStallRecorder(stallFile) : undefined;
  } catch (err) {
    process.stderr.write(`itops-tui: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    return await runCockpitSession(args);
  } finally {
    stalls?.stop();
  }
}

async function runCockpitSession(args: CliArgs): Promise<number> {
  const opened = await openRuntime(args, args.readOnly, true, args.command === 'wall');
  if (typeof opened === 'number') return opened;
  const { loaded, runtime } = opened;
  runtime.store.start();
  const { runCockpit } = await import('../ui/run.js');
  const { layoutChoice } = await import('./wall.js');
  // Connector workers start once the first frame is out (Ink draws it synchronously in
  // runCockpit): on two busy cores, starting them first delayed that frame (docs/decisions.md).
  setImmediate(() => runtime.launch());
  const quit = new AbortController();
  let caught: NodeJS.Signals | undefined;
  // Keep these listeners until exit: Ink's signal-exit re-raises a signal nobody else listens
  // to, which would kill us before the store stops and the audit log flushes.
  const onSignal = (sig: NodeJS.Signals) => {
    caught ??= sig;
    quit.abort();
  };
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.on(sig, onSignal);
  try {
    await runCockpit(runtime.store, {
      clock: runtime.clock,
      version: VERSION,
      demo: args.demo,
      readOnly: runtime.store.getState().readOnly,
      ascii:
        args.ascii ||
        loaded.config.ui?.ascii === true ||
        !/utf-?8/i.test(process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || 'UTF-8'),
      noColor: 'NO_COLOR' in process.env && process.env.NO_COLOR !== '',
      theme: args.theme ?? loaded.config.ui?.theme ?? 'dark',
      hyperlinks: loaded.config.ui?.hyperlinks ?? 'auto',
      ...(loaded.config.keys ? { keys: loaded.config.keys } : {}),
      savedViews: Object.entries(loaded.config.ui?.views ?? {}).map(([name, v]) => ({
        name,
        panel: v.panel,
        ...(v.filter !== undefined ? { filter: v.filter } : {}),
        ...(v.sort !== undefined ? { sort: v.sort } : {}),
      })),
      signal: quit.signal,
      // A part of the screen that cannot be drawn shows why in place; the stack goes to the log.
      onRenderError: (error, where) =>
        runtime.logger('ui').error(`render error in ${where}: ${error.message}`, { stack: error.stack }),
      jobControl: processJobControl(),
      ...layoutChoice(args, loaded.config),
      ...(loaded.config.ui?.attention ? { attention: loaded.config.ui.attention } : {}),
    });
  } finally {
    await runtime.stop();
  }
  // The screen is gone now: writes whose outcome is unknown (a timeout, a quit while one was
  // pending) must not vanish with it. Each is said once more on the terminal the user returns to.
  const doubts = runtime.store.getState().uncertain;
  for (const u of doubts) process.stderr.write(`itops-tui: ${u.reason}\n`);
  if (doubts.length > 0)
    process.stderr.write(`itops-tui: every write and its outcome is in ${loaded.config.audit.path}\n`);
  // Conventional 128+n after a clean shutdown on a signal (SSH drop: SIGHUP → 129).
  return caught ? 128 + (caught === 'SIGHUP' ? 1 : caught === 'SIGINT' ? 2 : 15) : EXIT.ok;
}
