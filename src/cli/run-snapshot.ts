/** `itops-tui snapshot --json`: poll every connector once and print the panels. */
import type { CliArgs } from './args.js';
import { EXIT } from './exit-codes.js';
import { openRuntime } from './open-runtime.js';
import { buildSnapshot, hasConfigRefusal, snapshotFailures } from './snapshot.js';
import { VERSION } from './version.js';

export async function runSnapshot(args: CliArgs): Promise<number> {
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
