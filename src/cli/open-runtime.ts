/** What the commands that poll connectors share: the checked config and a started runtime. */
import { configSearchLocations } from '../config/load.js';
import type { CliArgs } from './args.js';
import { loadCheckedConfig } from './check-config.js';
import { EXIT } from './exit-codes.js';
import { startRuntime } from './runtime.js';

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
export async function openRuntime(args: CliArgs, readOnly: boolean, deferWorkers = false, wall = false) {
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
    wall,
    warnings: loaded.warnings,
    deferWorkers,
    ...(args.seed ? { seed: args.seed } : {}),
    ...(args.speed ? { speed: args.speed } : {}),
    ...(args.hosts ? { hosts: args.hosts } : {}),
  });
  return { loaded, runtime };
}
