/**
 * Composition root: argv → subcommand → wiring → exit code. The only module that
 * decides exit codes (src/cli/exit-codes.ts): 0 ok, 1 internal error, 2 bad config or usage,
 * 3 a connector failed.
 */
import { ConfigError, formatConfigError } from '../config/errors.js';
import { configSearchLocations } from '../config/load.js';
import { type CliArgs, parseCliArgs, USAGE, UsageError } from './args.js';
import { loadCheckedConfig } from './check-config.js';
import { exitAfterDrain, guardOutputStreams } from './exit.js';
import { EXIT } from './exit-codes.js';
import { processJobControl } from './job-control.js';
import { startRuntime } from './runtime.js';
import { buildSnapshot, hasConfigRefusal, snapshotFailures } from './snapshot.js';
import { cockpitTerminalProblem } from './terminal.js';
import { VERSION } from './version.js';

/** The config checked in one pass (every problem at once, exit 2), as doctor checks it. */
function loadSettings(args: CliArgs) {
  return loadCheckedConfig({ ...(args.config ? { configPath: args.config } : {}), demo: args.demo });
}

function noConfigHelp(): string {
  const where = configSearchLocations(process.env)
    .map((p) => `  ${p}`)
    .join('\n');
  return (
    'itops-tui: no config file found. Looked in:\n' +
    `${where}\n\n` +
    'Create one from config.example.yml (it documents every option), pass --config FILE,\n' +
    'or try the cockpit against built-in simulators with: itops-tui --demo'
  );
}

/** Load config and start connectors (or the demo); an exit code instead when there is nothing to run. */
async function openRuntime(args: CliArgs, readOnly: boolean, deferWorkers = false) {
  const loaded = await loadSettings(args);
  if (!loaded.file && !args.demo) {
    process.stderr.write(`${noConfigHelp()}\n`);
    return EXIT.usage;
  }
  const runtime = await startRuntime({
    config: loaded.config,
    configFile: loaded.file,
    demo: args.demo,
    readOnly,
    warnings: loaded.warnings,
    deferWorkers,
    ...(args.seed ? { seed: args.seed } : {}),
    ...(args.speed ? { speed: args.speed } : {}),
  });
  return { loaded, runtime };
}

async function runSnapshot(args: CliArgs): Promise<number> {
  const opened = await openRuntime(args, true);
  if (typeof opened === 'number') return opened;
  const { runtime } = opened;
  try {
    await runtime.store.firstLoad();
    const state = runtime.store.getState();
    process.stdout.write(
      `${JSON.stringify(buildSnapshot(state, runtime.clock.now(), VERSION, Date.now()), null, 2)}\n`,
    );
    // Config warnings (renamed keys, plain-text secrets) reach scripts too, on stderr.
    for (const w of opened.loaded.warnings) process.stderr.write(`itops-tui: warning: ${w}\n`);
    const failures = snapshotFailures(state);
    for (const line of failures) process.stderr.write(`itops-tui: ${line}\n`);
    if (Object.keys(state.connectors).length === 0 && state.refused.length === 0) {
      process.stderr.write('itops-tui: no connectors are configured (connectors: is empty).\n');
    }
    if (hasConfigRefusal(state)) return EXIT.usage;
    return failures.length > 0 ? EXIT.connector : EXIT.ok;
  } finally {
    await runtime.stop();
  }
}

async function runSim(args: CliArgs): Promise<number> {
  // Listen first: a Ctrl-C or SIGTERM while the simulators start must still close them cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const { startDemo } = await import('./demo.js');
  const demo = await startDemo({ seed: args.seed, speed: args.speed });
  const pd = demo.endpoints.pagerduty;
  const sn = demo.endpoints.servicenow;
  process.stdout.write(
    'Demo simulators running (Ctrl-C to stop):\n' +
      `  PagerDuty REST v2  ${pd.url}\n` +
      `    curl -H 'Authorization: Token token=${pd.token}' -H 'Accept: application/vnd.pagerduty+json;version=2' ${pd.url}/incidents\n` +
      `    writes need: From: ${pd.fromEmail}\n` +
      `  ServiceNow Table API  ${sn.url}\n` +
      `    curl -u '${sn.username}:${sn.password}' '${sn.url}/api/now/table/incident?sysparm_limit=5&sysparm_display_value=all'\n` +
      `    OAuth: POST ${sn.url}/oauth_token.do (client ${sn.clientId})\n` +
      `  CrowdStrike Falcon  ${demo.endpoints.crowdstrike.url}\n` +
      `    curl -X POST -d 'client_id=${demo.endpoints.crowdstrike.clientId}&client_secret=${demo.endpoints.crowdstrike.clientSecret}' ${demo.endpoints.crowdstrike.url}/oauth2/token\n`,
  );
  await stopped;
  await demo.close();
  return EXIT.ok;
}

async function runCockpitCommand(args: CliArgs): Promise<number> {
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
  const opened = await openRuntime(args, args.readOnly, true);
  if (typeof opened === 'number') return opened;
  const { loaded, runtime } = opened;
  runtime.store.start();
  const { runCockpit } = await import('../ui/run.js');
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

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    process.stderr.write(`itops-tui: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    switch (args.command) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return EXIT.ok;
      case 'version':
        process.stdout.write(`itops-tui ${VERSION}\n`);
        return EXIT.ok;
      case 'snapshot':
        return await runSnapshot(args);
      case 'sim':
        return await runSim(args);
      case 'auth': {
        const { runAuth } = await import('./auth.js');
        return await runAuth(args);
      }
      case 'plugin': {
        if (args.plugin?.action === 'new') {
          const { runPluginNew } = await import('./plugin-new.js');
          return await runPluginNew(args.plugin.name, args.plugin.dir);
        }
        const { runPluginList } = await import('./plugin-list.js');
        return await runPluginList(args);
      }
      case 'doctor': {
        const { runDoctor } = await import('./doctor.js');
        return await runDoctor(args);
      }
      default:
        return await runCockpitCommand(args);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${formatConfigError(err)}\n`);
      return EXIT.usage;
    }
    if ((err as { name?: string }).name === 'KeyBindingError') {
      process.stderr.write(`itops-tui: bad key binding in config: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`itops-tui: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`itops-tui: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.internal;
  }
}

guardOutputStreams();
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `itops-tui needs Node 22 or newer; this is Node ${process.versions.node}.\n` +
      'In a checkout, use the pinned Node: `npm run cli -- <args>` or `node_modules/.bin/node dist/cli.js`.\n',
  );
  await exitAfterDrain(EXIT.usage);
}
// Exit explicitly (keep-alive sockets or a plugin's stray timer must not hold the terminal
// hostage), but only after stdout and stderr have drained: a pipe is asynchronous in Node,
// and exiting at once cut `snapshot --json | slow-reader` off at 64 KiB (see exit.ts).
await exitAfterDrain(await main(process.argv.slice(2)));
