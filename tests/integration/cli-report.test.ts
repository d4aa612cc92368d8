/**
 * `snapshot --text | --markdown | --json` as cron and a shift handoff meet them: the three
 * formats from the demo simulators, `--fail-on` exit codes, one clock for generatedAt and
 * fetchedAt, and the audit trail feeding "what changed".
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI, ensureBuilt } from '../helpers/pty.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Run> {
  const dir = cwd ?? mkdtempSync(join(tmpdir(), 'itops-report-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: dir,
        env: { ...process.env, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, HOME: dir, ...env },
        timeout: 90_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const CONTROLS = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

beforeAll(ensureBuilt, 60_000);
// Each run starts the demo simulators or waits out a dead vendor: minutes on a loaded machine.
vi.setConfig({ testTimeout: 240_000 });

describe('snapshot shift reports from the demo', () => {
  it('--text: every section, plain text, exit 0', async () => {
    const r = await run(['snapshot', '--text', '--demo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Shift report \d{4}-\d\d-\d\d \d\d:\d\d UTC, covering the last 8h\n/);
    expect(r.stdout).toMatch(/Demo world: record times are on its simulated clock \(60x\)/);
    for (const heading of ['OPEN INCIDENTS', 'SLA', 'ON CALL', 'CHANGES IN THE LAST 8H', 'SOURCES'])
      expect(r.stdout).toMatch(new RegExp(`^${heading}$`, 'm'));
    expect(r.stdout).toMatch(
      /^ {2}\d+ incidents open: \d+ triggered \(not acknowledged\), \d+ acknowledged$/m,
    );
    expect(r.stdout).toMatch(/^ {2}TRIGGERED P1 #\d+ /m);
    expect(r.stdout).toMatch(/^ {2}Payments EP: L1 \S+/m);
    expect(r.stdout).toMatch(/^ {2}New: \d+$/m);
    expect(r.stdout).toContain('The demo does not read the audit trail');
    expect(r.stdout).not.toMatch(CONTROLS);
  });

  it('--markdown: headings and list items only, ready to paste', async () => {
    const r = await run(['snapshot', '--markdown', '--demo', '--since', '2h']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\*\*Shift report .* covering the last 2h\*\*$/);
    for (const l of lines.slice(1)) expect(l).toMatch(/^(Demo world: .*|### [A-Z][\w -]*|\s*- .*|)$/);
    expect(r.stdout).toContain('### Changes in the last 2h');
    expect(r.stdout).toMatch(/- \*\*TRIGGERED\*\* P1 \[\\#\d+\]\(<https:\/\/[^>]+>\)/);
    expect(r.stdout).not.toMatch(CONTROLS);
  });

  it('--json: generatedAt is on this machine’s clock like fetchedAt; the vendor clock is named', async () => {
    const before = Date.now();
    const r = await run(['snapshot', '--json', '--demo']);
    const after = Date.now();
    expect(r.code).toBe(0);
    const snap = JSON.parse(r.stdout);
    expect(snap).toMatchObject({ schemaVersion: 1, schemaMinor: 1 });
    const generated = Date.parse(snap.generatedAt);
    expect(generated).toBeGreaterThanOrEqual(before);
    expect(generated).toBeLessThanOrEqual(after);
    for (const c of snap.connectors)
      for (const s of Object.values(c.streams) as { fetchedAt: string }[])
        expect(Date.parse(s.fetchedAt)).toBeLessThanOrEqual(generated);
    expect(snap.clock).toMatchObject({ vendor: 'simulated', speed: 60 });
    expect(snap.shift.vendorNow).toBe(snap.clock.vendorNow);
    expect(snap.shift.realNow).toBe(snap.generatedAt);
    expect(snap.failOn).toEqual({ asked: [], held: [] });
  });

  it('--fail-on breach exits 4 with the reason on stderr, the report still on stdout', async () => {
    const r = await run(['snapshot', '--text', '--demo', '--fail-on', 'breach,critical']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^Shift report/);
    expect(r.stderr).toMatch(/^itops-tui: --fail-on breach: \d+ SLA breached \(/m);
    expect(r.stderr).toMatch(/^itops-tui: --fail-on critical: \d+ P1 open \(#\d+/m);
  });
});

describe('snapshot --fail-on stale and the audit trail, with a real config', () => {
  function deadVendor(): string {
    const dir = mkdtempSync(join(tmpdir(), 'itops-report-cfg-'));
    writeFileSync(
      join(dir, '.itopsrc.yaml'),
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
    return dir;
  }

  it('a vendor that is down: exit 3 without --fail-on, 4 with --fail-on stale; the report says DOWN', async () => {
    const dir = deadVendor();
    const plain = await run(['snapshot', '--text'], { PD_TOKEN: 'x' }, dir);
    expect(plain.code).toBe(3);
    expect(plain.stdout).toMatch(/^ {2}DOWN pd-dead incidents, no data: /m);
    const failing = await run(['snapshot', '--text', '--fail-on', 'stale'], { PD_TOKEN: 'x' }, dir);
    expect(failing.code).toBe(4);
    expect(failing.stderr).toMatch(/--fail-on stale: \d+ source\(s\) not current \(pd-dead incidents down/);
    // Breach and critical hold on data, and there is none: they do not fire on an outage.
    const other = await run(['snapshot', '--json', '--fail-on', 'breach,critical'], { PD_TOKEN: 'x' }, dir);
    expect(other.code).toBe(3);
    expect(JSON.parse(other.stdout).failOn).toEqual({ asked: ['breach', 'critical'], held: [] });
  });

  it('escalations and resolutions in the window come from the audit trail, with who did them', async () => {
    const dir = deadVendor();
    mkdirSync(join(dir, 'itops'), { recursive: true });
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const line = (over: object) =>
      JSON.stringify({
        v: 2,
        id: 'w1',
        phase: 'succeeded',
        at: at(30),
        actor: 'ana',
        instance: 'pd-dead',
        action: 'incidents.escalate',
        target: '#4211',
        targetId: 'Q1',
        ...over,
      });
    writeFileSync(
      join(dir, 'itops', 'audit.jsonl'),
      [
        line({ phase: 'intent' }),
        line({}),
        line({ id: 'w2', action: 'incidents.resolve', target: '#4100', targetId: 'Q9', at: at(60) }),
        line({ id: 'w3', action: 'incidents.resolve', target: '#3999', targetId: 'Q8', at: at(600) }),
        '{"torn',
      ].join('\n'),
    );
    const r = await run(['snapshot', '--text'], { PD_TOKEN: 'x' }, dir);
    expect(r.stdout).toMatch(
      /^ {2}Escalated: 1\n {4}\d{4}-\d\d-\d\d \d\d:\d\d UTC \(audit trail\) #4211 by ana$/m,
    );
    expect(r.stdout).toMatch(/^ {2}Resolved: 1\n {4}.* \(audit trail\) #4100 by ana$/m);
    expect(r.stdout).not.toContain('#3999');
    expect(r.stdout).toContain(`include writes from the audit trail ${join(dir, 'itops', 'audit.jsonl')}`);
  });
});
