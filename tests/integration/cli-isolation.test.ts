/**
 * Issue 11 at the command line: connectors whose plugin hangs, exits or spins (in setup or in
 * a poll) beside one that works. `snapshot --json` used to exit 13 ("unsettled top-level
 * await") with no JSON, or 0 with empty output after a plugin's process.exit(); now it prints
 * what it has, marks what failed, names the plugin, and exits 3. `doctor` likewise.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd,
        env: { ...process.env, XDG_CONFIG_HOME: cwd, XDG_STATE_HOME: cwd, HOME: cwd },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function hostileConfig(connectors: Record<string, Record<string, unknown>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'itops-iso-'));
  copyFileSync(join(ROOT, 'tests/fixtures/plugins/hostile.mjs'), join(dir, 'hostile.mjs'));
  const config = {
    plugins: { paths: ['./hostile.mjs'], setupTimeoutSeconds: 1, readTimeoutSeconds: 2, stuckSeconds: 5 },
    connectors: Object.fromEntries(
      Object.entries(connectors).map(([k, v]) => [k, { plugin: 'hostile', ...v }]),
    ),
  };
  writeFileSync(join(dir, '.itopsrc.yaml'), JSON.stringify(config, null, 2));
  return dir;
}

interface SnapshotJson {
  connectors: {
    instance: string;
    streams: Record<string, { records: number; error?: string; errorCode?: string }>;
  }[];
  refused: { instance: string; plugin: string; reason: string }[];
}

describe('misbehaving plugins at the command line', () => {
  it('snapshot --json prints what it has, marks what failed, names the plugin, exit 3 (never 13)', async () => {
    const dir = hostileConfig({
      fine: {},
      'setup-hangs': { setup: 'hang' },
      'setup-exits': { setup: 'exit' },
      'poll-hangs': { poll: 'hang' },
      'poll-exits': { poll: 'exit' },
      'poll-spins': { poll: 'spin' },
    });
    const r = await run(['snapshot', '--json'], dir);
    expect(r.code).toBe(3);
    const snap = JSON.parse(r.stdout) as SnapshotJson;
    const by = Object.fromEntries(snap.connectors.map((c) => [c.instance, c.streams.incidents!]));
    expect(by.fine).toMatchObject({ records: 1 });
    expect(by['poll-hangs']).toMatchObject({ records: 0, errorCode: 'TIMEOUT' });
    expect(by['poll-exits']?.error).toMatch(
      /plugin hostile \(poll-exits\) ended its thread \(process\.exit\(9\)\)/,
    );
    expect(by['poll-spins']).toMatchObject({ errorCode: 'TIMEOUT' });
    expect(by['poll-spins']?.error).toMatch(/plugin hostile \(poll-spins\) blocked its thread/);
    const refused = Object.fromEntries(snap.refused.map((x) => [x.instance, x.reason]));
    expect(refused['setup-hangs']).toMatch(/hostile setup failed: no answer within 1s/);
    expect(refused['setup-exits']).toMatch(
      /plugin hostile \(setup-exits\) ended its thread \(process\.exit\(7\)\)/,
    );
    expect(r.stderr).toMatch(/setup-hangs \(hostile\) not started: /);
    expect(r.stderr).toMatch(/poll-spins incidents: /);
  });

  it('doctor reports the same connectors, exit 3', async () => {
    const dir = hostileConfig({
      fine: {},
      'setup-hangs': { setup: 'hang' },
      'setup-spins': { setup: 'spin' },
    });
    const r = await run(['doctor'], dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/✓ fine \(hostile\): polls=1/);
    expect(r.stdout).toMatch(/✗ setup-hangs \(hostile\): hostile setup failed: no answer within 1s/);
    expect(r.stdout).toMatch(/✗ setup-spins \(hostile\): plugin hostile \(setup-spins\) blocked its thread/);
  });

  it('what a plugin prints never reaches the terminal', async () => {
    const dir = hostileConfig({ noisy: { setup: 'stdout', poll: 'stdout' } });
    const r = await run(['snapshot', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).connectors[0].streams.incidents.records).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/pwned|hello from setup|raw stdout|raw stderr|\u001b/);
  });
});
