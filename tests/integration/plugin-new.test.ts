/**
 * From `itops-tui plugin new` to rows on the screen, as an author and then a user go: scaffold,
 * type-check, build, run the scaffold's own tests, `npm pack`, `npm install -g` the tarball,
 * name it in the config, and see its tickets in `snapshot --json` and its health in
 * `plugin list`. Offline: what `npm install` would download is linked from this checkout
 * (tests/helpers/plugin-package.ts); everything else is the real npm and the built CLI.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installTarball,
  linkDevDependencies,
  linkPeers,
  pack,
  type Run,
  runIn,
} from '../helpers/plugin-package.js';
import { CLI, ensureBuilt } from '../helpers/pty.js';

const work = mkdtempSync(join(tmpdir(), 'itops-plugin-new-'));
const prefix = join(work, 'global');
const scaffold = join(work, 'src', 'itops-plugin-acme-desk');
const project = join(work, 'ops');

interface Fixture {
  url: string;
  token: string;
  close(): Promise<void>;
}
let fixture: Fixture | undefined;
const steps: Record<string, Run> = {};

function cli(args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd,
        env: {
          ...process.env,
          HOME: work,
          XDG_CONFIG_HOME: join(work, 'xdg'),
          XDG_STATE_HOME: join(work, 'state'),
          // npm's global folder for this test: where `npm install -g --prefix` put the plugin.
          NPM_CONFIG_PREFIX: prefix,
          npm_config_prefix: prefix,
          ...extraEnv,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  await ensureBuilt();
  mkdirSync(join(work, 'src'), { recursive: true });
  steps.new = await cli(['plugin', 'new', 'acme-desk', '--dir', join(work, 'src')], work);
  if (steps.new.code !== 0) return;
  linkDevDependencies(scaffold);
  steps.typecheck = await runIn(scaffold, 'npm', ['run', 'typecheck']);
  steps.build = await runIn(scaffold, 'npm', ['run', 'build']);
  steps.test = await runIn(scaffold, 'npm', ['test']);
  const tgz = await pack(scaffold, join(work, 'packs'));
  const globalModules = await installTarball(tgz, { prefix });
  linkPeers(join(globalModules, 'itops-plugin-acme-desk', 'node_modules'));
  // The scaffold's own fixture server stands in for the vendor.
  const server = (await import(join(scaffold, 'test', 'fixture-server.ts'))) as {
    startFixtureServer(): Promise<Fixture>;
  };
  fixture = await server.startFixtureServer();
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, '.itopsrc.yaml'),
    `plugins:\n  packages: [itops-plugin-acme-desk]\nconnectors:\n  desk:\n    plugin: acme-desk\n    baseUrl: ${fixture.url}\n    token: {env: DESK_TOKEN}\n`,
  );
}, 300_000);

afterAll(async () => {
  await fixture?.close();
  // rm does not follow the symlinks into this checkout.
  rmSync(work, { recursive: true, force: true });
});

describe('plugin new → npm → cockpit', () => {
  it('scaffolds a package that type-checks, builds and passes its own tests as created', () => {
    expect(steps.new?.stdout).toContain('Created itops-plugin-acme-desk');
    for (const step of ['typecheck', 'build', 'test'] as const) {
      expect(steps[step]?.code, `${step}:\n${steps[step]?.stdout}\n${steps[step]?.stderr}`).toBe(0);
    }
    // vitest colours its summary.
    const summary = steps.test?.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(summary).toMatch(/Tests\s+4 passed \(4\)/);
  });

  it('installed globally and named in plugins.packages, its tickets are in snapshot --json', async () => {
    const r = await cli(['snapshot', '--json'], project, { DESK_TOKEN: fixture!.token });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const snap = JSON.parse(r.stdout);
    expect(snap.connectors).toEqual([
      expect.objectContaining({
        instance: 'desk',
        plugin: 'acme-desk',
        health: 'ok',
        streams: { incidents: expect.objectContaining({ status: 'ok', records: 2 }) },
      }),
    ]);
    expect(snap.panels.queue).toMatchObject({ total: 2, triggered: 1, acknowledged: 1 });
    expect(snap.panels.queue.oldestUnacked.incident).toMatchObject({
      source: 'desk',
      key: 'TCK-1',
      title: 'Checkout 5xx above 2%',
      priority: 'P1',
    });
  });

  it('plugin list shows it with its version, source, capabilities and health', async () => {
    const r = await cli(['plugin', 'list', '--json'], project, { DESK_TOKEN: fixture!.token });
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout);
    expect(listing.config).toBe(join(project, '.itopsrc.yaml'));
    const desk = listing.plugins.find((p: { id: string }) => p.id === 'acme-desk');
    expect(desk).toEqual({
      id: 'acme-desk',
      displayName: 'Acme Desk',
      version: '0.1.0',
      kind: 'package',
      source: `package itops-plugin-acme-desk@0.1.0 in ${join(prefix, 'lib', 'node_modules', 'itops-plugin-acme-desk')}`,
      package: 'itops-plugin-acme-desk',
      capabilities: ['incidents.read', 'incidents.ack'],
      health: [{ instance: 'desk', state: 'ok', detail: 'token accepted for Fixture Bot' }],
    });
    const builtin = listing.plugins.find((p: { id: string }) => p.id === 'pagerduty');
    expect(builtin).toMatchObject({
      kind: 'builtin',
      source: 'built-in',
      note: 'no connector in the config uses it',
    });

    const text = await cli(['plugin', 'list'], project, { DESK_TOKEN: 'wrong-token' });
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('acme-desk 0.1.0 (Acme Desk)');
    expect(text.stdout).toContain('  capabilities  incidents.read, incidents.ack');
    expect(text.stdout).toMatch(/ {2}health {8}desk: ✗ Acme Desk rejected the API token \(401\)/);
    expect(text.stdout).not.toContain('wrong-token');
  });

  it('without a config, plugin list shows built-ins and installed packages, and why there is no health', async () => {
    const empty = join(work, 'elsewhere');
    mkdirSync(empty, { recursive: true });
    const r = await cli(['plugin', 'list', '--json'], empty);
    expect(r.code).toBe(0);
    const listing = JSON.parse(r.stdout);
    expect(listing.config).toBeNull();
    expect(listing.plugins.map((p: { id: string; kind: string }) => `${p.id}:${p.kind}`)).toEqual([
      'pagerduty:builtin',
      'servicenow:builtin',
      'crowdstrike:builtin',
      'datadog:builtin',
      'itops-plugin-acme-desk:installed',
    ]);
    expect(listing.plugins.find((p: { id: string }) => p.id === 'itops-plugin-acme-desk')).toMatchObject({
      version: '0.1.0',
      note: 'not loaded: add "itops-plugin-acme-desk" under plugins.packages to use it',
    });
    expect(listing.plugins[0].note).toMatch(/^health not checked: no config file found/);
  });
});
