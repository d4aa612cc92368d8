/**
 * The one-pass config check through the built CLI, as a user meets it: every
 * mistake in one `doctor` run, the same exit code from `doctor`, `snapshot` and the
 * cockpit, and files that would eat the machine refused fast.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, spawnCli } from '../helpers/pty.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { env?: NodeJS.ProcessEnv; node?: string[] } = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'itops-cfgcheck-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.node ?? []), CLI, ...args],
      {
        cwd: dir,
        env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, HOME: dir, ...options.env },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The cockpit in a real terminal: returns its exit code and everything it printed. */
async function cockpit(args: string[]): Promise<{ code: number; output: string; normalBuffer: boolean }> {
  const session = spawnCli(args);
  const { exitCode } = await session.exited;
  return { code: exitCode, output: session.raw(), normalBuffer: session.onNormalBuffer() };
}

function writeConfig(yaml: string, name = 'config.yml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'itops-cfgfile-'));
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

/** Ten different kinds of mistake, one per line that matters. */
const TEN_MISTAKES = [
  'readonly: true', // 1 top-level typo of readOnly
  'connectors:',
  '  pd-us:',
  '    plugin: pagerduty',
  '    token: {env: PD_TOKEN}',
  '    regoin: us', // 2 connector key typo
  '    pollSeconds: {incidnets: 15}', // 3 stream typo
  '  pd-eu:',
  '    plugin: pagerdutty', // 4 plugin id typo
  '    token: {env: PD_TOKEN}',
  'panels:',
  '  queue:',
  '    windw: 12h', // 5 unknown panel key
  '  sla:',
  '    atRiskShare: 1.5', // 6 value out of range
  'ui:',
  '  theme: solarized', // 7 bad enum
  'keys:',
  '  incident.ack: ctrl+', // 8 bad key binding
  'http:',
  '  caFile: ./corp-root.pem', // 9 missing file
  'logg:', // 10 top-level typo of log
  '  level: debug',
  '',
].join('\n');

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

beforeAll(ensureBuilt, 120_000);

describe('one pass over a config with ten mistakes', () => {
  it('doctor reports all ten at once, each with its line and a did-you-mean where one exists, exit 2', async () => {
    const file = writeConfig(TEN_MISTAKES);
    const r = await run(['doctor', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`✗ config ${file}: 10 problems`);
    const problems = r.stdout.split('\n').filter((l) => /^ {4}line \d+, column \d+: /.test(l));
    expect(problems).toHaveLength(10);
    const expected: [string, string, RegExp][] = [
      ['readonly:', 'readonly', /did you mean "readOnly"\?/],
      ['regoin:', 'connectors.pd-us.regoin', /did you mean "region"\?/],
      ['incidnets', 'connectors.pd-us.pollSeconds.incidnets', /did you mean "incidents"\?/],
      ['pagerdutty', 'connectors.pd-eu.plugin', /did you mean "pagerduty"\?/],
      ['windw:', 'panels.queue.windw', /did you mean "window"\?/],
      ['atRiskShare:', 'panels.sla.atRiskShare', /expected less than 1, got 1\.5/],
      ['theme:', 'ui.theme', /expected "dark", "light", "mono" or "high-contrast", got "solarized"/],
      ['incident.ack:', 'keys["incident.ack"]', /invalid key binding "ctrl\+"/],
      ['caFile:', 'http.caFile', /no file at .*corp-root\.pem/],
      ['logg:', 'logg', /did you mean "log"\?/],
    ];
    for (const [needle, path, message] of expected) {
      const line = problems.find((p) => p.includes(` ${path}: `));
      expect(line, `${path} in:\n${r.stdout}`).toBeDefined();
      expect(line).toMatch(new RegExp(`^ {4}line ${lineOf(TEN_MISTAKES, needle)}, column \\d+: `));
      expect(line).toMatch(message);
      expect(line).toMatch(/Fix: /);
    }
    // Problems are listed top to bottom, the order a user fixes them in.
    const lines = problems.map((p) => Number(/line (\d+)/.exec(p)![1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('one exit code per kind of problem, in every command', () => {
  it('a bad config is exit 2 from doctor, snapshot and the cockpit, with the same problems', async () => {
    const file = writeConfig(TEN_MISTAKES);
    const [doctor, snapshot, tui] = await Promise.all([
      run(['doctor', '--config', file]),
      run(['snapshot', '--json', '--config', file]),
      cockpit(['--config', file]),
    ]);
    expect([doctor.code, snapshot.code, tui.code]).toEqual([2, 2, 2]);
    expect(snapshot.stdout).toBe('');
    expect(snapshot.stderr).toContain(`Config error in ${file} (10 problems)`);
    expect(tui.output).toContain('(10 problems)');
    // The cockpit said why in the normal screen; it never opened its UI with a bad config.
    expect(tui.normalBuffer).toBe(true);
    for (const path of ['readonly', 'connectors.pd-eu.plugin', 'http.caFile']) {
      expect(snapshot.stderr).toContain(` ${path}: `);
      expect(tui.output).toContain(` ${path}: `);
    }
  }, 90_000);

  it('a config that enables no connector is exit 2 everywhere; --demo supplies connectors', async () => {
    const file = writeConfig('conectors:\n  pd: {plugin: pagerduty, token: {env: PD_TOKEN}}\n');
    const [doctor, snapshot, tui] = await Promise.all([
      run(['doctor', '--config', file]),
      run(['snapshot', '--json', '--config', file]),
      cockpit(['--config', file]),
    ]);
    expect([doctor.code, snapshot.code, tui.code]).toEqual([2, 2, 2]);
    expect(doctor.stdout).toMatch(/connectors: no connectors are configured/);
    expect(doctor.stdout).toMatch(/conectors: unknown key; did you mean "connectors"\?/);
    const fixed = writeConfig('ui: {theme: mono}\nlog:\n  file: ./itops.log\n');
    const demo = await run(['snapshot', '--json', '--demo', '--config', fixed]);
    expect(demo.code).toBe(0);
    // A renamed key loads, and even a script is told about it (stderr; stdout stays pure JSON).
    expect(demo.stderr).toContain(
      `itops-tui: warning: ${fixed}: line 3, column 3: log.file: renamed to log.path in 0.1.0; the value is used.`,
    );
    expect(JSON.parse(demo.stdout).schemaVersion).toBe(1);
  }, 90_000);

  it('a valid config with an unreachable vendor is exit 3 from doctor and snapshot', async () => {
    const file = writeConfig(
      [
        'connectors:',
        '  pd-dead:',
        '    plugin: pagerduty',
        '    token: {env: PD_TOKEN}',
        '    baseUrl: http://127.0.0.1:9/',
        'http: {timeoutMs: 1000, retries: 0}',
      ].join('\n'),
    );
    const env = { PD_TOKEN: 'tok' };
    const [doctor, snapshot] = await Promise.all([
      run(['doctor', '--config', file], { env }),
      run(['snapshot', '--json', '--config', file], { env }),
    ]);
    expect([doctor.code, snapshot.code]).toEqual([3, 3]);
    expect(doctor.stdout).toContain(`✓ config ${file}`);
    expect(doctor.stdout).toMatch(/✗ pd-dead \(pagerduty\)/);
  }, 60_000);
});

describe('config files that would eat the machine', () => {
  it('a billion-laughs file is refused fast, exit 2, even with a 64 MB heap', async () => {
    const names = 'abcdefghi'.split('');
    const bomb = names
      .map(
        (n, i) =>
          `${n}: &${n} [${Array(9)
            .fill(i === 0 ? '"lol"' : `*${names[i - 1]}`)
            .join(',')}]`,
      )
      .join('\n');
    const file = writeConfig(bomb);
    // A heap this small dies at once if anything expands the aliases; refusing them needs almost none.
    const r = await run(['snapshot', '--json', '--config', file], { node: ['--max-old-space-size=64'] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Refusing to load ${file}:5:`);
    expect(r.stderr).toMatch(/expand this file to more than 20,000 values/);
    const doctor = await run(['doctor', '--config', file], { node: ['--max-old-space-size=64'] });
    expect(doctor.code).toBe(2);
    expect(doctor.stdout).toMatch(/^✗ Refusing to load /m);
  }, 60_000);

  it('a file over the size limit is refused by its size, naming the limit', async () => {
    const file = writeConfig('');
    truncateSync(file, 74 * 1024 * 1024);
    const r = await run(['snapshot', '--json', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config files may be at most 1,048,576 bytes \(1 MiB\)/);
  }, 60_000);
});
