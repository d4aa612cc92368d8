import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HostError } from '../../../src/host/errors.js';
import { loadPlugin, missingMethods, validatePlugin } from '../../../src/host/loader.js';
import { type Capability, definePlugin, type Plugin } from '../../../src/plugin-api/index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/plugins/', import.meta.url));

function plugin(capabilities: Capability[] = ['incidents.read']): Plugin {
  return definePlugin({
    apiVersion: 1,
    id: 'sample',
    displayName: 'Sample',
    version: '1.2.3',
    capabilities,
    configSchema: z.object({}),
    setup: () => ({}) as never,
  }) as unknown as Plugin;
}

function hostError(fn: () => unknown): HostError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HostError);
    return err as HostError;
  }
  throw new Error('expected a HostError');
}

describe('validatePlugin', () => {
  it('accepts a definePlugin() result, as a module default export or bare', () => {
    const p = plugin();
    expect(validatePlugin({ default: p }, 'x.js')).toBe(p);
    expect(validatePlugin(p, 'x.js')).toBe(p);
  });

  it('refuses an unbranded look-alike and says to use definePlugin', () => {
    const { $$type: _brand, ...lookalike } = plugin();
    const err = hostError(() => validatePlugin({ default: lookalike }, '/opt/plugins/acme.js'));
    expect(err.code).toBe('PLUGIN_INVALID');
    expect(err.message).toContain('/opt/plugins/acme.js');
    expect(err.message).toContain('definePlugin()');
    expect(err.message).toContain("'itops-tui/plugin'");
  });

  it.each([
    ['null', null],
    ['a module without default', { something: 1 }],
    ['a function', () => {}],
  ])('refuses %s', (_label, mod) => {
    expect(hostError(() => validatePlugin(mod, 'm.js')).code).toBe('PLUGIN_INVALID');
  });

  it('refuses apiVersion 2 naming the plugin, its version, the host’s versions and the fix', () => {
    const future = { ...plugin(), apiVersion: 2 };
    const err = hostError(() => validatePlugin({ default: future }, './acme.js'));
    expect(err.code).toBe('PLUGIN_API_VERSION');
    expect(err.message).toContain('plugin "sample" (1.2.3)');
    expect(err.message).toContain('./acme.js');
    expect(err.message).toContain('plugin API 2');
    expect(err.message).toContain('supports API 1');
    expect(err.message).toMatch(/Fix: .*(upgrade itops-tui|plugin release)/);
  });

  it('refuses a missing apiVersion', () => {
    const { apiVersion: _v, ...noVersion } = plugin();
    expect(hostError(() => validatePlugin(noVersion, 'm.js')).code).toBe('PLUGIN_API_VERSION');
  });

  it('refuses unknown capabilities and lists the known ones', () => {
    const odd = { ...plugin(), capabilities: ['incidents.read', 'incidents.delete', 'tea.brew'] };
    const err = hostError(() => validatePlugin(odd, 'm.js'));
    expect(err.code).toBe('PLUGIN_INVALID');
    expect(err.message).toContain('unknown capabilities: incidents.delete, tea.brew');
    expect(err.message).toContain('Known: ');
    expect(err.message).toContain('oncall.read');
    expect(err.message).toContain('incidents.escalate');
  });

  it('refuses a plugin without setup() or without configSchema', () => {
    const noSetup = { ...plugin(), setup: undefined };
    const noSchema = { ...plugin(), configSchema: undefined };
    for (const candidate of [noSetup, noSchema]) {
      const err = hostError(() => validatePlugin(candidate, 'm.js'));
      expect(err.code).toBe('PLUGIN_INVALID');
      expect(err.message).toContain('has no setup() or configSchema');
    }
  });
});

describe('missingMethods', () => {
  const fn = async () => {};

  it('requires health() plus one method per read and write capability', () => {
    const p = plugin([
      'incidents.read',
      'incidents.ack',
      'incidents.escalate',
      'oncall.read',
      'policies.read',
    ]);
    expect(missingMethods(p, {})).toEqual([
      'health',
      'listIncidents',
      'acknowledge',
      'escalate',
      'listOnCall',
      'listEscalationPolicies',
    ]);
  });

  it('is empty when everything is implemented, and ignores non-function values', () => {
    const p = plugin(['incidents.read', 'incidents.note']);
    expect(missingMethods(p, { health: fn, listIncidents: fn, addNote: fn })).toEqual([]);
    expect(missingMethods(p, { health: fn, listIncidents: fn, addNote: 'not a function' })).toEqual([
      'addNote',
    ]);
  });
});

describe('loadPlugin', () => {
  it('loads a plugin by path relative to the config folder', async () => {
    const p = await loadPlugin('./good.ts', FIXTURES);
    expect(p.id).toBe('fixture-good');
  });

  it('loads the built-in pagerduty connector by name', async () => {
    const p = await loadPlugin('pagerduty', '/nowhere');
    expect(p).toMatchObject({ id: 'pagerduty', apiVersion: 1 });
  });

  it('refuses an unknown bare name, listing built-ins and how to give a path', async () => {
    const err = (await loadPlugin('jira-classic', FIXTURES).catch((e: unknown) => e)) as HostError;
    expect(err).toMatchObject({ code: 'PLUGIN_NOT_FOUND' });
    expect(err.message).toContain('"jira-classic"');
    expect(err.message).toContain('pagerduty');
    expect(err.message).toContain('plugin: ./my-plugin.js');
  });

  it('refuses a path that does not exist, naming the resolved file', async () => {
    const err = (await loadPlugin('./missing.js', FIXTURES).catch((e: unknown) => e)) as HostError;
    expect(err).toMatchObject({ code: 'PLUGIN_NOT_FOUND' });
    expect(err.message).toContain(`${FIXTURES}missing.js`);
  });

  it('validates what it loaded', async () => {
    await expect(loadPlugin('./not-a-plugin.ts', FIXTURES)).rejects.toMatchObject({ code: 'PLUGIN_INVALID' });
    await expect(loadPlugin(`${FIXTURES}api-v2.ts`, '/elsewhere')).rejects.toMatchObject({
      code: 'PLUGIN_API_VERSION',
    });
  });
});
