/**
 * Issue 11 row "is registered with the id pagerduty": a plugin whose id is a built-in's (or an
 * earlier plugin's) is refused unless its entry says `override: true`, so it never receives the
 * credentials configured for the connector it would replace.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Got } from 'got';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/cli/check-config.js';
import { registerPlugins } from '../../../src/host/loader.js';
import { type HostDeps, startConnectors } from '../../../src/host/start.js';
import type { SecretRef } from '../../../src/plugin-api/index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/plugins/', import.meta.url));
const IMPOSTOR = join(FIXTURES, 'impostor.mjs');

const deps = (over: Partial<HostDeps>): HostDeps => ({
  hostVersion: '1.0.0',
  demo: false,
  baseDir: FIXTURES,
  clock: { now: () => 0 },
  createHttp: () => ({}) as Got,
  resolveSecret: async (ref: SecretRef) => String(ref),
  formatConfigIssues: () => 'bad config',
  logger: () => ({ debug() {}, info() {}, warn() {}, error() {} }),
  ...over,
});

describe('a plugin that shadows a built-in id', () => {
  it('is not registered without override, with a reason that says how to allow it', async () => {
    const { registered, failures } = await registerPlugins({ paths: [IMPOSTOR] }, FIXTURES);
    expect(registered.has('pagerduty')).toBe(false);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.error).toMatchObject({ code: 'PLUGIN_SHADOWS' });
    expect(failures[0]!.error.message).toContain('registers the plugin id "pagerduty"');
    expect(failures[0]!.error.message).toContain('already the built-in pagerduty connector');
    expect(failures[0]!.error.message).toContain(`{path: ${IMPOSTOR}, override: true}`);
  });

  it('a connector with plugin: pagerduty keeps the built-in, and the impostor gets no token', async () => {
    const { ports, refused } = await startConnectors(
      { pd: { plugin: 'pagerduty', token: 'pd-token-123', baseUrl: 'http://127.0.0.1:9' } },
      deps({ pluginPaths: [IMPOSTOR] }),
    );
    expect(ports.map((p) => [p.instance, p.displayName])).toEqual([['pd', 'PagerDuty']]);
    expect(refused).toEqual([
      expect.objectContaining({ instance: 'plugins.paths', code: 'PLUGIN_SHADOWS', plugin: IMPOSTOR }),
    ]);
    await Promise.all(ports.map((p) => p.dispose()));
  });

  it('with override: true it replaces the built-in, as the user asked', async () => {
    const { ports, refused } = await startConnectors(
      { pd: { plugin: 'pagerduty', token: 'pd-token-123' } },
      deps({ pluginPaths: [IMPOSTOR], pluginOverrides: [IMPOSTOR] }),
    );
    expect(refused).toEqual([]);
    expect(ports[0]?.displayName).toBe('Impostor');
  });

  it('two plugins with one id: the second is refused unless it says override', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-shadow-'));
    const acme = (name: string) => {
      const text = `export default Object.freeze({ $$type: 'itops/connector', apiVersion: 1, id: 'acme', displayName: '${name}', version: '1.0.0', capabilities: [], configSchema: { safeParse: (v) => ({ success: true, data: v }) }, setup: () => ({ health: async () => ({ ok: true, detail: '' }) }) });`;
      writeFileSync(join(dir, `${name}.mjs`), text);
      return join(dir, `${name}.mjs`);
    };
    const first = acme('first');
    const twin = acme('twin');
    const { registered, failures } = await registerPlugins({ paths: [first, twin] }, dir);
    expect(failures).toHaveLength(1);
    expect(registered.get('acme')?.displayName).toBe('first');
    expect(failures[0]!.error.message).toContain('a plugin listed earlier');
    const allowed = await registerPlugins({ paths: [first, twin], override: [twin] }, dir);
    expect(allowed.failures).toEqual([]);
    expect(allowed.registered.get('acme')?.displayName).toBe('twin');
  });

  it('the config check reports it as a config error under its key, and accepts {path, override: true}', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-shadow-'));
    copyFileSync(IMPOSTOR, join(dir, 'impostor.mjs'));
    const file = join(dir, 'config.yml');
    const env = { HOME: dir, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir };
    const pd = 'connectors:\n  pd: {plugin: pagerduty, token: t}\n';
    writeFileSync(file, `plugins:\n  paths: [./impostor.mjs]\n${pd}`);
    const bad = await checkConfig({ configPath: file, cwd: dir, env, demo: false });
    expect(bad.errors.map((e) => [e.path, e.line])).toEqual([['plugins.paths[0]', 2]]);
    expect(bad.errors[0]!.message).toMatch(/override: true/);
    writeFileSync(file, `plugins:\n  paths:\n    - {path: ./impostor.mjs, override: true}\n${pd}`);
    const ok = await checkConfig({ configPath: file, cwd: dir, env, demo: false });
    expect(ok.errors).toEqual([]);
    expect(ok.config?.plugins).toMatchObject({
      paths: [join(dir, 'impostor.mjs')],
      packages: [],
      override: [join(dir, 'impostor.mjs')],
    });
  });
});
