/** `itops-tui snapshot [--json|--text|--markdown]`: poll every connector once and report. */
import type { CliArgs } from './args.js';
import { EXIT } from './exit-codes.js';
import { openRuntime } from './open-runtime.js';
import { buildSnapshot, hasConfigRefusal, snapshotFailures } from './snapshot.js';
import { VERSION } from './version.js';

export async function runSnapshot(args: CliArgs): Promise<number> {
  const opened = await openRuntime(args, true);
  if (typeof opened === 'number') return opened;
  const { runtime, loaded } = opened;
  try {
    await runtime.store.firstLoad();
    const state = runtime.store.getState();
    // One instant on each clock. Outside the demo they are one reading, so they agree exactly.
    const real = Date.now();
    const speed = args.demo ? (runtime.clock as { speed?: number }).speed : undefined;
    const now = args.demo ? runtime.clock.now() : real;
    const { readAuditTrail } = await import('./audit-read.js');
    const audit = args.demo
      ? {
          lines: [],
          read: false,
          note: 'The demo does not read the audit trail: its worlds are made up on each run.',
        }
      : await readAuditTrail(loaded.config.audit.path);
    const snap = buildSnapshot(state, now, VERSION, real, {
      sinceMs: args.sinceMs,
      failOn: args.failOn,
      audit,
      ...(speed !== undefined ? { speed } : {}),
    });
    if (args.format === 'json') process.stdout.write(`${JSON.stringify(snap, null, 2)}\n`);
    else {
      const { renderReportMarkdown, renderReportText } = await import('./report-format.js');
      const meta = { version: VERSION, demo: args.demo, ...(speed !== undefined ? { speed } : {}) };
      const render = args.format === 'markdown' ? renderReportMarkdown : renderReportText;
      process.stdout.write(render(snap.shift, meta));
    }
    // Config warnings (renamed keys, plain-text secrets) reach scripts too, on stderr.
    for (const w of loaded.warnings) process.stderr.write(`itops-tui: warning: ${w}\n`);
    const failures = snapshotFailures(state);
    for (const line of failures) process.stderr.write(`itops-tui: ${line}\n`);
    if (Object.keys(state.connectors).length === 0 && state.refused.length === 0) {
      process.stderr.write('itops-tui: no connectors are configured (connectors: is empty).\n');
    }
    for (const hit of snap.failOn.held)
      process.stderr.write(`itops-tui: --fail-on ${hit.condition}: ${hit.reason}\n`);
    if (hasConfigRefusal(state)) return EXIT.usage;
    // A condition the caller asked to be told about outranks "a connector failed": with
    // --fail-on stale, a down connector is exactly that condition.
    if (snap.failOn.held.length > 0) return EXIT.failOn;
    return failures.length > 0 ? EXIT.connector : EXIT.ok;
  } finally {
    await runtime.stop();
  }
}
