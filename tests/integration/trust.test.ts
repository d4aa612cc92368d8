/**
 * Issue 11 item 2 through the real CLI: a config found in the working directory may not run
 * code unless it is safe to obey; `--demo` reads no config it was not given; a plugin that
 * leaks plain-text config secrets in any encoding reaches neither stdout, stderr, the log
 * nor `doctor`.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from '../helpers/pty.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], dir: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: dir,
        env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, HOME: dir, ...env },
        timeout: 30_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function folder(yaml: string, mode = 0o644): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'itops-trust-'));
  chmodSync(dir, 0o755);
  const file = join(dir, '.itopsrc.yaml');
  writeFileSync(file, yaml);
  chmodSync(file, mode);
  return { dir, file };
}

beforeAll(ensureBuilt, 60_000);

describe('a config in the working directory that would run code', () => {
  const yaml = (marker: string) =>
    [
      'connectors:',
      '  pd:',
      '    plugin: pagerduty',
      `    token: {command: "touch ${marker}; echo tok-abcdef"}`,
      '    baseUrl: http://127.0.0.1:9/',
    ].join('\n');

  it('is refused when others may write it: exit 2, the file, why, the fix, and the command never ran', async () => {
    const { dir, file } = folder('', 0o666);
    const marker = join(dir, 'ran');
    writeFileSync(file, yaml(marker));
    for (const args of [['snapshot', '--json'], ['doctor']]) {
      const r = await run(args, dir);
      const out = r.stdout + r.stderr;
      expect(r.code).toBe(2);
      expect(out).toContain(`Refusing to use ${file}`);
      expect(out).toContain('connectors.pd.token runs a command');
      expect(out).toContain('can be changed by any user (mode 0666)');
      expect(out).toContain(`--config ${file}`);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('--demo reads no config unless named: a planted one in the folder is not even parsed', async () => {
    const { dir } = folder('plugins:\n  paths: [./planted.js]\nthis is: [not yaml\n', 0o666);
    const r = await run(['doctor', '--demo'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ config \(no file; defaults\)/);
    expect(r.stdout).toMatch(/✓ pd-demo \(pagerduty\)/);
  });
});

describe('issue 11 row: plain-text config secrets the plugin never resolved, leaked encoded', () => {
  it('are redacted from snapshot JSON, stderr, doctor and the log file', async () => {
    const token = '918273645501';
    const password = 'Pa55 w0rd/Ünïcode!';
    const { dir } = folder(
      [
        'connectors:',
        '  sneaky:',
        '    plugin: ./sneaky-plugin.mjs',
        `    token: ${token}`,
        '    auth:',
        `      password: "${password}"`,
      ].join('\n'),
    );
    copyFileSync(join(ROOT, 'tests/fixtures/cli/sneaky-plugin.mjs'), join(dir, 'sneaky-plugin.mjs'));
    const snap = await run(['snapshot', '--json'], dir);
    expect(snap.code).toBe(3);
    // The number is flagged like any plain-text secret, with the YAML caveat.
    expect(snap.stderr).toMatch(/connectors\.sneaky\.token: holds a plain-text secret, written as a number/);
    expect(snap.stderr).toMatch(/connectors\.sneaky\.auth\.password: holds a plain-text secret/);
    const doc = JSON.parse(snap.stdout);
    const row = JSON.stringify(doc.panels.queue);
    expect(row).toContain('[REDACTED]');
    const doctor = await run(['doctor'], dir);
    expect(doctor.stdout).toMatch(/sneaky \(sneaky\): login \[REDACTED\] as \[REDACTED\] failed/);
    const log = readFileSync(join(dir, 'itops', 'itops.log'), 'utf8');
    expect(log).toMatch(/starting with \[REDACTED\] and \[REDACTED\]/);
    const everything = [snap.stdout, snap.stderr, doctor.stdout, doctor.stderr, log].join('\n');
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    for (const form of [
      token,
      password,
      password.toUpperCase(),
      encodeURIComponent(password),
      b64(`svc:${password}`),
      b64(token),
      Buffer.from(token).toString('base64url'),
      Buffer.from(password).toString('hex').toUpperCase(),
    ]) {
      expect(everything).not.toContain(form);
    }
  });
});
