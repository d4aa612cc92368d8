/**
 * Issue 11 item 3 through the CLI: `doctor` reads every stream once and shows, per connector,
 * what polling did: records read, requests and the vendor's rate-limit budget, call timings,
 * records dropped with the first reason.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from '../helpers/pty.js';

function run(args: string[], dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: dir,
        env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, HOME: dir },
        timeout: 30_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(ensureBuilt, 60_000);

describe('doctor shows each connector’s stats', () => {
  it('against the demo: records read, requests, the PagerDuty rate-limit budget, timings per call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-doctor-'));
    const r = await run(['doctor', '--demo'], dir);
    expect(r.code).toBe(0);
    const pd = r.stdout.slice(r.stdout.indexOf('✓ pd-demo'), r.stdout.indexOf('✓ sn-demo'));
    expect(pd).toMatch(/^ {4}incidents: read \d+ records$/m);
    const requests = Number(/^ {4}requests: (\d+)/m.exec(pd)?.[1]);
    // At least one request per stream plus the health check.
    expect(requests).toBeGreaterThanOrEqual(5);
    expect(pd).toMatch(/rate limit: \d+ of \d+ left/);
    expect(pd).toMatch(
      /^ {4}listIncidents: 1 call · last \d+(ms|\.\ds) · p50 \d+(ms|\.\ds) · max \d+(ms|\.\ds)$/m,
    );
    expect(pd).toMatch(/^ {4}health: 1 call · /m);
  });

  it('a plugin whose records do not fit the model: the drop count and the first reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-doctor-'));
    chmodSync(dir, 0o755);
    copyFileSync(join(ROOT, 'tests/fixtures/cli/dropper-plugin.mjs'), join(dir, 'dropper.mjs'));
    writeFileSync(join(dir, '.itopsrc.yml'), 'connectors:\n  d1:\n    plugin: ./dropper.mjs\n');
    const r = await run(['doctor'], dir);
    expect(r.stdout).toMatch(/✓ d1 \(dropper\): fine/);
    expect(r.stdout).toMatch(/^ {4}incidents: read 1 record$/m);
    expect(r.stdout).toMatch(
      /^ {4}dropped 2 incidents records that did not fit the model; first: \[1\]\.openedAt: .+$/m,
    );
    // No HTTP client was used by this plugin: zero requests is said, not hidden.
    expect(r.stdout).toMatch(/^ {4}requests: 0$/m);
  });
});
