/**
 * The CLI as scripts and cron jobs meet it: exit codes, stdout/stderr discipline,
 * config errors that name the file and key, and one dead vendor not sinking the rest.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from '../helpers/pty.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Run> {
  const dir = cwd ?? mkdtempSync(join(tmpdir(), 'itops-cli-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: dir,
        env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, HOME: dir, ...env },
        timeout: 20_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function configDir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'itops-cfg-'));
  writeFileSync(join(dir, '.itopsrc.yaml'), yaml);
  return dir;
}

beforeAll(ensureBuilt, 60_000);

describe('itops-tui CLI', () => {
  it('prints usage and version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/snapshot --json/);
    const version = await run(['--version']);
    expect(version.stdout).toMatch(/^itops-tui \d+\.\d+\.\d+/);
  });

  it('rejects unknown commands and flags with exit 2', async () => {
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
    const flag = await run(['--nope']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^itops-tui: unknown option --nope\nRun "itops-tui --help" for usage\.$/m);
  });

  it('refuses to draw the cockpit when stdout is not a terminal, and points at snapshot', async () => {
    const r = await run(['--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/itops-tui snapshot --json/);
  });

  it('says where it looked when there is no config', async () => {
    const r = await run(['snapshot', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no config file found/);
    expect(r.stderr).toMatch(/config\.example\.yml/);
    expect(r.stderr).toMatch(/--demo/);
  });

  it('snapshot --demo prints the derived panels as JSON from the simulated PagerDuty', async () => {
    const r = await run(['snapshot', '--json', '--demo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const snap = JSON.parse(r.stdout);
    expect(snap.schemaVersion).toBe(1);
    expect(snap.connectors[0]).toMatchObject({ instance: 'pd-demo', plugin: 'pagerduty', health: 'ok' });
    expect(snap.panels.queue.total).toBeGreaterThan(0);
    expect(snap.panels.queue.rows[0].incident.key).toMatch(/^#\d+$/);
    expect(snap.panels.oncall.policies.length).toBeGreaterThan(0);
    // PagerDuty incidents are measured against config targets, one clock each…
    const pdRows = snap.panels.queue.rows.filter(
      (r: { incident: { source: string } }) => r.incident.source === 'pd-demo',
    );
    const pdItems = snap.panels.sla.items.filter((i: { source: string }) => i.source === 'pd-demo');
    expect(pdItems.length).toBe(pdRows.length);
    // …ServiceNow tickets by their own task SLAs, fetched over the Table API simulator.
    expect(snap.connectors[1]).toMatchObject({ instance: 'sn-demo', plugin: 'servicenow', health: 'ok' });
    expect(snap.panels.sla.items.some((i: { clock: string }) => i.clock === 'sla')).toBe(true);
    expect(snap.panels.queue.groups.groups.length).toBeGreaterThan(0);
    // Endpoint compliance from the Falcon simulator: the demo fleet, judged by the default rules.
    expect(snap.connectors[2]).toMatchObject({
      instance: 'falcon-demo',
      plugin: 'crowdstrike',
      health: 'ok',
    });
    expect(snap.panels.compliance).toMatchObject({ configured: true, hosts: 240, state: 'fresh' });
    expect(snap.panels.compliance.share).toBeGreaterThan(0.5);
    expect(snap.panels.compliance.share).toBeLessThan(1);
    expect(snap.panels.compliance.rules.length).toBeGreaterThan(0);
    // Freshly polled: every panel fed by both connectors is fresh, but with open incidents the
    // queue is not all clear (a cron script reading allClear must not miss them).
    expect(snap.panels.queue).toMatchObject({ state: 'fresh', allClear: false });
    expect(snap.panels.queue.total).toBeGreaterThan(0);
    expect(snap.panels.queue.hint).toBe('');
    expect(snap.connectors[0].staleMs).toBeNull();
    expect(snap.connectors[0].streams.incidents).toMatchObject({ coverage: 'fresh', stale: false });
  });

  it('reports a config error with the file, the key path and exit 2', async () => {
    const dir = configDir('connectors:\n  pd:\n    plugin: pagerduty\n    token: abc\n    region: de\n');
    const r = await run(['snapshot', '--json'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/connectors\.pd\.region: expected "us" or "eu", got "de"/);
    const yaml = configDir('connectors: [\n');
    const bad = await run(['snapshot', '--json'], {}, yaml);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.itopsrc\.yaml/);
    expect(bad.stderr).toMatch(/line \d+/i);
  });

  it('exits 3 and names the connector when a vendor is unreachable, still printing JSON', async () => {
    const dir = configDir(
      [
        'connectors:',
        '  pd-dead:',
        '    plugin: pagerduty',
        '    token: {env: PD_TOKEN}',
        '    baseUrl: http://127.0.0.1:9/',
        'http:',
        '  timeoutMs: 1000',
        '  retries: 0',
      ].join('\n'),
    );
    const r = await run(['snapshot', '--json'], { PD_TOKEN: 'secret-token-value' }, dir);
    expect(r.code).toBe(3);
    const snap = JSON.parse(r.stdout);
    expect(snap.connectors[0].instance).toBe('pd-dead');
    expect(r.stderr).toMatch(/pd-dead incidents/);
    // No data is not "no incidents": the JSON says so, with the reason and what to do.
    expect(snap.panels.queue).toMatchObject({ state: 'no-data', allClear: false });
    expect(snap.panels.sla).toMatchObject({ state: 'no-data', allClear: false });
    expect(snap.connectors[0].streams.incidents).toMatchObject({ coverage: 'missing', ageMs: null });
    expect(snap.connectors[0].streams.incidents.advice).toMatch(/run again/);
    expect(r.stderr).toMatch(/run again/);
  });

  it('never prints a resolved secret or a plugin’s escape sequences (stdout, stderr, log file)', async () => {
    const dir = configDir(
      ['connectors:', '  leaky:', '    plugin: ./leaky-plugin.mjs', '    token: {env: LEAKY_TOKEN}'].join(
        '\n',
      ),
    );
    copyFileSync(join(ROOT, 'tests/fixtures/cli/leaky-plugin.mjs'), join(dir, 'leaky-plugin.mjs'));
    const token = 'tok-4f8a9c0d2e';
    const r = await run(['snapshot', '--json'], { LEAKY_TOKEN: token }, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/leaky incidents: vendor says key \[REDACTED\] is revoked/);
    const doctor = await run(['doctor'], { LEAKY_TOKEN: token }, dir);
    expect(doctor.stdout).toMatch(/token \[REDACTED\] rejected/);
    const everything = r.stdout + r.stderr + doctor.stdout + doctor.stderr;
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('\u001b]52');
  });

  it('reports a key-binding conflict in config as a config error, not a crash', async () => {
    const dir = configDir('keys:\n  incident.ack: j\n');
    // --demo reads a config only when one is named (issue 11).
    const r = await run(['doctor', '--demo', '--config', join(dir, '.itopsrc.yaml')], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /✗ config .*: \d+ problems?\n +line 2, column \d+: keys\["incident\.ack"\]: key conflict: .*"j".*nav\.down.*incident\.ack/,
    );
    expect(r.stderr).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('doctor checks each connector against the demo simulators', async () => {
    const r = await run(['doctor', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ pd-demo \(pagerduty\)/);
    expect(r.stdout).toMatch(/✓ audit .*itops\/audit\.jsonl/);
  });

  // Issue 7: doctor passed an audit.path on a FIFO, and the cockpit then hung on the first write.
  it.each([
    [
      'a FIFO',
      (dir: string) => execFileSync('mkfifo', [join(dir, 'audit.fifo')]),
      'audit.fifo',
      /is a named pipe \(FIFO\)/,
    ],
    ['a directory', (dir: string) => mkdirSync(join(dir, 'audit.d')), 'audit.d', /is a folder/],
    [
      'under a file',
      (dir: string) => writeFileSync(join(dir, 'plain'), ''),
      'plain/audit.jsonl',
      /plain is a file, not a folder/,
    ],
  ])(
    'doctor fails an audit.path that is %s with exit 2, the key path and the fix',
    async (_what, make, name, why) => {
      const dir = configDir('');
      make(dir);
      writeFileSync(join(dir, '.itopsrc.yaml'), `audit:\n  path: ${join(dir, name)}\n`);
      const r = await run(['doctor', '--demo', '--config', join(dir, '.itopsrc.yaml')], {}, dir);
      expect(r.code).toBe(2);
      // A path the user set is a config problem like any other: reported with its line, key path
      // and fix in the config section (connectors are only contacted with a valid config).
      expect(r.stdout).toMatch(/^✗ config .*: 1 problem/m);
      expect(r.stdout).toMatch(/line 2, column 9: audit\.path: /);
      expect(r.stdout).toMatch(why);
      expect(r.stdout).toMatch(/Fix: (point it at a regular file|choose another path)/);
    },
  );
});
