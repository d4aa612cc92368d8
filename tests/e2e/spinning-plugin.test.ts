/**
 * Issue 11, done-when: a plugin that runs `while (true) {}` in every poll, beside the
 * PagerDuty and ServiceNow connectors (against simulators in this process), loaded through
 * `plugins.paths`. Its connector runs in its own worker thread, so the cockpit keeps taking
 * keys (help opens and closes: a blocked UI thread would never draw it), the other
 * connectors keep updating (a title renamed in the simulator reaches the screen), the
 * culprit is named, and `q` quits with exit 0 and the terminal given back.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulators, startSimulators } from '../../src/sim/index.js';
import { ensureBuilt, type PtySession, ROOT, spawnShell } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let sims: Simulators | undefined;
let session: PtySession | undefined;
afterEach(() => session?.kill());
afterAll(async () => {
  await sims?.close();
});

function echoOn(pts: string): boolean {
  return /(^|\s)echo\b/.test(execFileSync('stty', ['-F', pts, '-a'], { encoding: 'utf8' }));
}

describe('a plugin that spins forever, in a pseudo-terminal', () => {
  it('cannot freeze the cockpit: keys answer, the others update, the culprit is named, q restores the terminal', async () => {
    sims = await startSimulators({ seed: 7, speed: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'itops-spin-'));
    copyFileSync(join(ROOT, 'tests/fixtures/plugins/hostile.mjs'), join(dir, 'hostile.mjs'));
    const config = {
      // Generous: a loaded machine may hold a healthy worker's thread for a second or two.
      plugins: { paths: ['./hostile.mjs'], stuckSeconds: 5 },
      connectors: {
        'pd-a': {
          plugin: 'pagerduty',
          token: sims.pagerduty.token,
          baseUrl: sims.pagerduty.url,
          fromEmail: sims.pagerduty.fromEmail,
          subdomain: 'acme',
          pollSeconds: { incidents: 1 },
        },
        'sn-a': {
          plugin: 'servicenow',
          instanceUrl: sims.servicenow.url,
          auth: { kind: 'basic', username: sims.servicenow.username, password: sims.servicenow.password },
          assignmentGroups: ['Service Desk', 'Payments Ops', 'Platform Ops'],
        },
        spinner: { plugin: 'hostile', poll: 'spin', pollSeconds: { incidents: 1 } },
      },
    };
    // JSON is YAML.
    const file = join(dir, 'itops.yaml');
    writeFileSync(file, JSON.stringify(config, null, 2));
    // Under a shell, so the tty outlives the cockpit and its settings can be read after quit.
    const s = spawnShell({ cols: 120, rows: 34 });
    session = s;
    await s.waitFor((t) => t.includes('$'), 'the shell prompt');
    s.run(['--config', file]);

    await s.waitFor((t) => /#\d+/.test(t) && /INC\d+/.test(t), 'rows from both real connectors');
    // The culprit, by its instance name, with its own error.
    await s.waitFor(
      (t) => /spinner[^\n]*plugin hostile \(spinner\) blocked its thread/.test(t),
      'the spinning connector named as the culprit',
    );

    // Keys answer while its worker spins (the heartbeat restarts it and it spins again).
    s.write('?');
    await s.waitFor((t) => /Navigation/i.test(t) && /Quit/i.test(t), 'the help overlay');
    s.write('\x1b');
    await s.waitFor((t) => /Queue health/.test(t) && !/Navigation/.test(t), 'help to close');

    // The other connectors keep updating: a title changed at the vendor reaches the screen.
    for (const incident of sims.world.openIncidents())
      sims.world.setTitle(incident.id, 'canary renamed at vendor');
    s.write('r');
    await s.waitFor(
      (t) => /canary renamed at vendor/.test(t),
      'a renamed incident from the healthy connector',
    );
    expect(s.text()).toMatch(/spinner/);

    s.write('q');
    await s.waitFor(() => s.onNormalBuffer(), 'the cockpit to leave the alternate screen');
    await s.waitFor(() => s.childPid() === undefined, 'the cockpit to exit');
    s.write('echo "exit=$?"\r');
    await s.waitFor((t) => /^exit=0$/m.test(t), 'exit status 0 from the shell');
    expect(echoOn(s.ptsName)).toBe(true);
  });
});
