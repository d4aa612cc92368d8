/**
 * The real keychain path: keytar → libsecret → D-Bus → gnome-keyring, in a private
 * D-Bus session and a throw-away HOME. A user stores the PagerDuty token with
 * `itops-tui auth set`, config says `token: {keychain: …}`, and the connector
 * authenticates against the simulator with it.
 *
 * Needs dbus-run-session, gnome-keyring-daemon and a built keytar (libsecret-1-dev at
 * install time). CI installs them and sets ITOPS_REQUIRE_KEYCHAIN=1 so a missing
 * piece fails there; elsewhere the suite is skipped with a printed notice.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSimulators } from '../../src/sim/index.js';
import { CLI, ensureBuilt, ROOT } from '../helpers/pty.js';

const has = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const missing = [
  ...['dbus-run-session', 'gnome-keyring-daemon'].filter((t) => !has(t)),
  ...(existsSync(join(ROOT, 'node_modules/keytar/build/Release/keytar.node'))
    ? []
    : ['keytar (native build)']),
];
const required = process.env.ITOPS_REQUIRE_KEYCHAIN === '1';
if (missing.length > 0 && !required) {
  console.warn(`keychain suite skipped: missing ${missing.join(', ')} (CI sets ITOPS_REQUIRE_KEYCHAIN=1)`);
}

beforeAll(ensureBuilt, 60_000);

describe.runIf(missing.length === 0 || required)('OS keychain secrets (real Secret Service)', () => {
  it('auth set stores the token, {keychain} resolves it for the connector, auth delete removes it', async () => {
    expect(missing, 'keychain prerequisites').toEqual([]);
    const sims = await startSimulators({ seed: 7 });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'itops-keychain-'));
      writeFileSync(
        join(dir, '.itopsrc.yaml'),
        [
          'connectors:',
          '  pd:',
          '    plugin: pagerduty',
          '    token: {keychain: itops-test-pd}',
          `    baseUrl: ${sims.pagerduty.url}`,
        ].join('\n'),
      );
      const script = [
        'set -e',
        'printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
        'printf "%s\\n" "$PD_TOKEN" | "$NODE" "$CLI" auth set itops-test-pd > set.out',
        '"$NODE" "$CLI" snapshot --json > snap.json',
        '"$NODE" "$CLI" auth delete itops-test-pd > delete.out',
        '"$NODE" "$CLI" snapshot --json > after.json 2> after.err || echo "$?" > after.code',
      ].join('\n');
      await new Promise<void>((resolve, reject) => {
        execFile(
          'dbus-run-session',
          ['--', 'sh', '-c', script],
          {
            cwd: dir,
            timeout: 30_000,
            env: {
              PATH: process.env.PATH,
              HOME: dir,
              XDG_STATE_HOME: dir,
              XDG_CONFIG_HOME: dir,
              XDG_DATA_HOME: join(dir, 'data'),
              NODE: process.execPath,
              CLI,
              PD_TOKEN: sims.pagerduty.token,
            },
          },
          (err, _stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve()),
        );
      });
      expect(readFileSync(join(dir, 'set.out'), 'utf8')).toMatch(/Stored itops-tui\/itops-test-pd/);
      const snap = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8'));
      expect(snap.connectors[0]).toMatchObject({ instance: 'pd', health: 'ok' });
      expect(snap.panels.queue.total).toBeGreaterThan(0);
      expect(readFileSync(join(dir, 'delete.out'), 'utf8')).toMatch(/Removed/);
      // Once removed, the connector is refused with a message saying how to add it back.
      expect(readFileSync(join(dir, 'after.code'), 'utf8').trim()).toBe('3');
      expect(readFileSync(join(dir, 'after.err'), 'utf8')).toMatch(/itops-tui auth set itops-test-pd/);
    } finally {
      await sims.close();
    }
  }, 40_000);
});
