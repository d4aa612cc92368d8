import { fileURLToPath } from 'node:url';
import type { Got } from 'got';
import { describe, expect, it, vi } from 'vitest';
import type { ZodError } from 'zod';
import { type HostDeps, startConnectors } from '../../../src/host/start.js';
import type { Incident, PluginLogger, SecretRef } from '../../../src/plugin-api/index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/plugins/', import.meta.url));

function fakeDeps(over: Partial<HostDeps> = {}) {
  const warnings: string[] = [];
  const logger = (instance: string): PluginLogger => ({
    debug: () => {},
    info: () => {},
    warn: (m) => warnings.push(`${instance}: ${m}`),
    error: () => {},
  });
  const formatConfigIssues = vi.fn(
    (error: ZodError, path: (string | number)[]) =>
      `config error: ${error.issues.map((i) => [...path, ...i.path].join('.')).join('; ')}`,
  );
  const deps: HostDeps = {
    hostVersion: '9.9.9',
    demo: true,
    baseDir: FIXTURES,
    clock: { now: () => 0 },
    createHttp: () => ({}) as Got,
    resolveSecret: async (ref: SecretRef) => `resolved(${JSON.stringify(ref)})`,
    formatConfigIssues,
    logger,
    setupTimeoutMs: 300,
    ...over,
  };
  return { deps, formatConfigIssues, warnings };
}

describe('startConnectors', () => {
  it('starts a valid plugin loaded by path and hands it a complete context', async () => {
    const { deps } = fakeDeps();
    const { ports, refused } = await startConnectors(
      { 'acme-prod': { plugin: './good.ts', token: 'tok-1', enabled: true, pollSeconds: 30 } },
      deps,
    );
    expect(refused).toEqual([]);
    expect(ports.map((p) => [p.instance, p.pluginId, p.streams])).toEqual([
      ['acme-prod', 'fixture-good', ['incidents']],
    ]);
    expect((await ports[0]!.health()).detail).toBe(
      'acme-prod host=9.9.9 api=1 demo=true token=resolved("tok-1")',
    );
  });

  it('registers plugins.paths modules by id, and refuses a broken path without stopping the rest', async () => {
    const { deps } = fakeDeps({ pluginPaths: [`${FIXTURES}/good.ts`, `${FIXTURES}/nowhere.ts`] });
    const { ports, refused } = await startConnectors({ acme: { plugin: 'fixture-good', token: 't' } }, deps);
    expect(ports.map((p) => [p.instance, p.pluginId])).toEqual([['acme', 'fixture-good']]);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ instance: 'plugins.paths', plugin: `${FIXTURES}/nowhere.ts` });
    expect(refused[0]!.reason).toMatch(/could not load plugin/);
  });

  it('refuses one bad connector with a clear reason while the good one starts', async () => {
    const { deps } = fakeDeps();
    const { ports, refused } = await startConnectors(
      {
        good: { plugin: './good.ts', token: 't' },
        future: { plugin: './api-v2.ts' },
        broken: { plugin: './setup-throws.ts' },
        partial: { plugin: './missing-method.ts' },
        fake: { plugin: './not-a-plugin.ts' },
      },
      deps,
    );
    expect(ports.map((p) => p.instance)).toEqual(['good']);
    const reason = Object.fromEntries(refused.map((r) => [r.instance, r.reason]));
    expect(refused.find((r) => r.instance === 'future')?.plugin).toBe('./api-v2.ts');
    expect(reason.future).toMatch(/plugin "fixture-future" \(3\.0\.0\).*plugin API 2.*supports API 1.*Fix:/);
    expect(reason.broken).toBe('fixture-setup-throws setup failed: vendor rejected the token');
    expect(reason.partial).toBe(
      'plugin "fixture-missing-method" declares capabilities without implementing acknowledge()',
    );
    expect(reason.fake).toContain('definePlugin()');
  });

  it('refuses a plugin that cannot be found, naming the file', async () => {
    const { deps } = fakeDeps();
    const { refused } = await startConnectors({ ghost: { plugin: './ghost.js' } }, deps);
    expect(refused).toEqual([
      {
        instance: 'ghost',
        plugin: './ghost.js',
        code: 'PLUGIN_NOT_FOUND',
        reason: expect.stringContaining(`${FIXTURES}ghost.js`),
      },
    ]);
  });

  it('reports plugin config errors through formatConfigIssues with the connector’s config path', async () => {
    const { deps, formatConfigIssues } = fakeDeps();
    const { ports, refused } = await startConnectors(
      { 'acme-eu': { plugin: './bad-config.ts', subdomain: '', pageSize: 'ten' } },
      deps,
    );
    expect(ports).toEqual([]);
    expect(formatConfigIssues).toHaveBeenCalledTimes(1);
    const [error, path] = formatConfigIssues.mock.calls[0]!;
    expect(path).toEqual(['connectors', 'acme-eu']);
    expect(error.issues.map((i) => i.path.join('.')).sort()).toEqual(['pageSize', 'subdomain']);
    expect(refused[0]!.reason).toBe(
      'config error: connectors.acme-eu.subdomain; connectors.acme-eu.pageSize',
    );
  });

  it('refuses a key a strip-mode schema would drop silently, as the pre-start check does', async () => {
    const { deps } = fakeDeps();
    const { ports, refused } = await startConnectors(
      { 'acme-eu': { plugin: './bad-config.ts', subdomain: 'acme', pageSize: 5, pagesize: 9 } },
      deps,
    );
    expect(ports).toEqual([]);
    expect(refused[0]).toMatchObject({ instance: 'acme-eu', code: 'PLUGIN_CONFIG' });
    expect(refused[0]!.reason).toBe(
      'connectors.acme-eu.pagesize: unknown key; did you mean "pageSize"? Fix: rename it to pageSize.',
    );
  });

  it('does not pass host-owned keys (enabled, pollSeconds) to a strict plugin schema', async () => {
    const { deps, formatConfigIssues } = fakeDeps();
    const { ports } = await startConnectors(
      { a: { plugin: './good.ts', token: 't', enabled: true, pollSeconds: 5 } },
      deps,
    );
    expect(ports).toHaveLength(1);
    expect(formatConfigIssues).not.toHaveBeenCalled();
  });

  it('skips connectors with enabled: false without loading them', async () => {
    const { deps } = fakeDeps();
    const { ports, refused } = await startConnectors(
      { off: { plugin: './does-not-exist.js', enabled: false }, on: { plugin: './good.ts', token: 't' } },
      deps,
    );
    expect(ports.map((p) => p.instance)).toEqual(['on']);
    expect(refused).toEqual([]);
  });

  it('refuses a plugin whose setup hangs after the setup timeout', async () => {
    const { deps } = fakeDeps({ setupTimeoutMs: 50 });
    const { refused } = await startConnectors({ slow: { plugin: './hangs-in-setup.ts' } }, deps);
    expect(refused[0]!.reason).toBe('fixture-hangs setup failed: no answer within 0.1s');
  });

  it('runs two instances of one plugin side by side', async () => {
    const { deps } = fakeDeps();
    const { ports } = await startConnectors(
      { 'acme-us': { plugin: './good.ts', token: 'us' }, 'acme-eu': { plugin: './good.ts', token: 'eu' } },
      deps,
    );
    expect(ports.map((p) => p.instance)).toEqual(['acme-us', 'acme-eu']);
  });

  it('sends dropped-record warnings to the instance’s log', async () => {
    const { deps, warnings } = fakeDeps();
    const { ports } = await startConnectors({ mixed: { plugin: './mixed-records.ts' } }, deps);
    const records = await ports[0]!.fetch('incidents');
    expect((records as Incident[]).map((r) => [r.id, r.source])).toEqual([['ok-1', 'mixed']]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^mixed: mixed: dropped 1 of 2 incidents records .*\[1\]\.openedAt/);
  });

  // Regression (fixed): when setup() resolves to nothing, missingMethods() reads a property of
  // undefined and the refusal reason is a raw TypeError ("Cannot read properties of undefined …")
  // that names neither the plugin nor the fix.
  it('start-setup-returns-nothing: refuses a setup() that returns nothing with a reason naming the plugin', async () => {
    const { deps } = fakeDeps();
    const { refused } = await startConnectors({ empty: { plugin: './setup-returns-nothing.ts' } }, deps);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toContain('fixture-no-connector');
    expect(refused[0]!.reason).toMatch(/setup/);
  });
});
