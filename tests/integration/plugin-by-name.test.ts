/**
 * A third-party plugin as a user installs it: the example `itops-plugin-alerts` is built and
 * packed as npm would publish it, installed with `npm install` beside a config file, and the
 * built CLI loads it by package name and shows its alerts in `snapshot --json`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlertsSimulator,
  startAlertsSimulator,
} from '../../examples/itops-plugin-alerts/src/simulator.js';
import {
  copyPluginSources,
  installTarball,
  linkDevDependencies,
  linkPeers,
  pack,
  type Run,
} from '../helpers/plugin-package.js';
import { CLI, ensureBuilt, ROOT } from '../helpers/pty.js';

const work = mkdtempSync(join(tmpdir(), 'itops-by-name-'));
const project = join(work, 'ops');
let sim: AlertsSimulator;

/** The built CLI with a config written into the project folder. */
function cli(args: string[], yaml: string): Promise<Run> {
  const config = join(project, '.itopsrc.yaml');
  writeFileSync(config, yaml);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args, '--config', config],
      {
        cwd: project,
        env: {
          ...process.env,
          HOME: work,
          XDG_CONFIG_HOME: work,
          XDG_STATE_HOME: work,
          ALERTS_API_KEY: sim.apiKey,
          // The global folder must not be this machine's real one (npm run sets the lower-case one).
          NPM_CONFIG_PREFIX: join(work, 'no-global'),
          npm_config_prefix: join(work, 'no-global'),
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const connector = (plugin: string) => `
connectors:
  alerts:
    plugin: ${plugin}
    baseUrl: ${sim.url}
    apiKey: {env: ALERTS_API_KEY}
    webUrl: "https://alerts.example/alert/{id}"
`;

beforeAll(async () => {
  await ensureBuilt();
  const source = join(work, 'src', 'itops-plugin-alerts');
  copyPluginSources(join(ROOT, 'examples', 'itops-plugin-alerts'), source);
  linkDevDependencies(source);
  const tgz = await pack(source, join(work, 'packs'));
  linkPeers(await installTarball(tgz, { project }));
  sim = await startAlertsSimulator({ count: 30 });
}, 240_000);

afterAll(async () => {
  await sim?.close();
  // rm does not follow the symlinks into this checkout.
  rmSync(work, { recursive: true, force: true });
});

describe('a plugin installed from npm, loaded by name', () => {
  it('plugins.packages loads it, and snapshot --json shows its alerts', async () => {
    const r = await cli(
      ['snapshot', '--json'],
      `plugins:\n  packages: [itops-plugin-alerts]\n${connector('alerts')}`,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const snap = JSON.parse(r.stdout);
    const open = sim.alerts.filter((a) => a.status === 'open');
    expect(snap.connectors).toEqual([
      expect.objectContaining({
        instance: 'alerts',
        plugin: 'alerts',
        health: 'ok',
        streams: { incidents: expect.objectContaining({ status: 'ok', records: open.length }) },
      }),
    ]);
    expect(snap.panels.queue.total).toBe(open.length);
    const oldest = snap.panels.queue.oldestUnacked.incident;
    const alert = sim.alerts.find((a) => a.id === oldest.id)!;
    expect(oldest).toMatchObject({
      source: 'alerts',
      key: `#${alert.tinyId}`,
      title: alert.message,
      url: `https://alerts.example/alert/${alert.id}`,
    });
  });

  it('a connector may name the package itself', async () => {
    const r = await cli(['snapshot', '--json'], connector('itops-plugin-alerts'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).connectors[0]).toMatchObject({
      instance: 'alerts',
      plugin: 'alerts',
      health: 'ok',
    });
  });

  it('a package that is not installed is a config error naming where it looked', async () => {
    const r = await cli(
      ['snapshot', '--json'],
      `plugins:\n  packages: [itops-plugin-pager]\n${connector('alerts')}`,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('plugins.packages[0]: plugin package itops-plugin-pager is not installed');
    expect(r.stderr).toContain(`Looked in ${join(project, 'node_modules')}`);
    expect(r.stderr).toContain(`${join(work, 'no-global', 'lib', 'node_modules')} (global npm prefix)`);
    expect(r.stderr).toContain(`npm install itops-plugin-pager" in ${project}`);
  });
});
