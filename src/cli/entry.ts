/**
 * The `itops-tui` bin. Answers `--version` and `--help` from this small chunk and loads
 * the rest (config, connectors, Ink, simulators) only for commands that need it: a
 * version check in a script or a shell prompt should not pay for the whole cockpit.
 */
import { USAGE } from './args.js';
import { VERSION } from './version.js';

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
const major = Number(process.versions.node.split('.')[0]);

if (major >= 22 && (only === '--version' || only === '-V' || only === 'version')) {
  // One short write; the process exits once it has drained, even into a slow pipe.
  process.stdout.write(`itops-tui ${VERSION}\n`);
} else if (major >= 22 && (only === '--help' || only === '-h' || only === 'help')) {
  process.stdout.write(`${USAGE}\n`);
} else {
  await import('./main.js');
}
