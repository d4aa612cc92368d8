/**
 * Composition root: argv → subcommand → wiring → exit code. The only module that
 * decides exit codes (src/cli/exit-codes.ts): 0 ok, 1 internal error, 2 bad config or usage,
 * 3 a connector failed.
 */
import { ConfigError, formatConfigError } from '../config/errors.js';
import { type CliArgs, parseCliArgs, type Subcommand, USAGE, UsageError } from './args.js';
import { exitAfterDrain, guardOutputStreams } from './exit.js';
import { EXIT } from './exit-codes.js';
import { VERSION } from './version.js';

type Command = (args: CliArgs) => Promise<number>;

/**
 * Every subcommand and where its code lives. Each is a dynamic import, so esbuild puts it in a
 * chunk of its own (dist/chunks/) and a command loads only what it uses: `doctor` never loads
 * Ink, `plugin new` never starts a runtime, the simulators load only for `sim` and `--demo`.
 * A new subcommand is one line here (and its name in args.ts); keep heavy imports out of this file.
 */
const COMMANDS: Record<Subcommand, () => Promise<Command>> = {
  run: async () => (await import('./run-cockpit.js')).runCockpitCommand,
  wall: async () => (await import('./run-cockpit.js')).runCockpitCommand,
  snapshot: async () => (await import('./run-snapshot.js')).runSnapshot,
  doctor: async () => (await import('./doctor.js')).runDoctor,
  sim: async () => (await import('./run-sim.js')).runSim,
  auth: async () => (await import('./auth.js')).runAuth,
  plugin: async () => async (args) => {
    if (args.plugin?.action === 'new') {
      const { runPluginNew } = await import('./plugin-new.js');
      return runPluginNew(args.plugin.name, args.plugin.dir);
    }
    return (await import('./plugin-list.js')).runPluginList(args);
  },
  help: async () => async () => {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  },
  version: async () => async () => {
    process.stdout.write(`itops-tui ${VERSION}\n`);
    return EXIT.ok;
  },
};

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    process.stderr.write(`itops-tui: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    const run = await (COMMANDS[args.command] ?? COMMANDS.run)();
    return await run(args);
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
