/** The connectors section checked the way the host will start it, without starting anything. */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkConnectors, PLANNED_PLUGINS } from '../../../src/host/check.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/plugins/', import.meta.url));
const CLI_FIXTURES = fileURLToPath(new URL('../../fixtures/cli/', import.meta.url));

const check = (connectors: Record<string, unknown>, pluginPaths: string[] = []) =>
  checkConnectors({ connectors }, { baseDir: FIXTURES, pluginPaths });

const summary = (issues: { path: string; message: string }[]) => issues.map((i) => `${i.path}: ${i.message}`);

describe('plugin ids', () => {
  it('a misspelt built-in id gets a did-you-mean; an unrelated one lists the choices', async () => {
    const { errors } = await check({
      a: { plugin: 'pagerdutty', token: 't' },
      b: { plugin: 'servicenow-classic' },
    });
    expect(summary(errors)).toEqual([
      'connectors.a.plugin: no plugin named "pagerdutty"; did you mean "pagerduty"?',
      'connectors.b.plugin: no plugin named "servicenow-classic"',
    ]);
    expect(errors[0]?.fix).toBe('write plugin: pagerduty.');
    expect(errors[1]?.expected).toBe('one of pagerduty, servicenow, crowdstrike, datadog, or a path');
  });

  it('ids registered by plugins.paths are valid and suggested', async () => {
    const { errors } = await check(
      { ok: { plugin: 'fixture-good', token: 't' }, typo: { plugin: 'fixture-god', token: 't' } },
      [`${FIXTURES}good.ts`],
    );
    expect(summary(errors)).toEqual([
      'connectors.typo.plugin: no plugin named "fixture-god"; did you mean "fixture-good"?',
    ]);
  });

  it('a plugins.paths module that is not a plugin is reported under its index', async () => {
    const { errors } = await check({}, [`${FIXTURES}not-a-plugin.ts`]);
    expect(errors[0]?.path).toBe('plugins.paths[0]');
    expect(errors[0]?.message).toMatch(/is not an itops-tui plugin/);
  });

  it('a disabled entry is still checked, but its plugin module is never imported', async () => {
    const { errors, enabled } = await check({
      later: { plugin: './not-installed-yet.js', enabled: false },
      off: { plugin: 'pagerduty', enabled: false, token: 't', regoin: 'eu' },
      typo: { plugin: 'servicenw', enabled: false },
    });
    expect(summary(errors)).toEqual([
      'connectors.off.regoin: unknown key; did you mean "region"?',
      'connectors.typo.plugin: no plugin named "servicenw"; did you mean "servicenow"?',
    ]);
    expect(enabled).toEqual([]);
  });

  it('Datadog ships: its entry is checked like any built-in (site names, key typos) and enabled', async () => {
    expect(PLANNED_PLUGINS).not.toContain('datadog');
    const { errors, enabled } = await check({
      dd: { plugin: 'datadog', site: 'EU', apiKey: { env: 'DD_API' }, appKey: { env: 'DD_APP' } },
      moon: { plugin: 'datadog', site: 'moon', apiKey: 'k', appKey: 'a', monitorTag: ['x'] },
    });
    expect(summary(errors)).toEqual([
      'connectors.moon.monitorTag: unknown key; did you mean "monitorTags"?',
      'connectors.moon.site: use one of US1, US3, US5, EU, AP1, AP2, US1-FED (or datadoghq.com, us3.datadoghq.com, …), or set baseUrl.',
    ]);
    expect(enabled).toEqual(['dd', 'moon']);
  });
});

describe('each plugin’s own keys', () => {
  it('PagerDuty: a typo is an error with a did-you-mean, and pollSeconds names must be its streams', async () => {
    const { errors } = await check({
      'pd-us': {
        plugin: 'pagerduty',
        token: { env: 'PD' },
        regoin: 'us',
        pollSeconds: { incidnets: 15, slas: 60, oncall: 300 },
      },
    });
    expect(summary(errors)).toEqual([
      'connectors.pd-us.regoin: unknown key; did you mean "region"?',
      'connectors.pd-us.pollSeconds.incidnets: unknown stream; did you mean "incidents"?',
      'connectors.pd-us.pollSeconds.slas: unknown stream (pagerduty has no slas stream)',
    ]);
    expect(errors[2]?.fix).toBe('use one of incidents, oncall, policies, services.');
    expect(errors.every((e) => e.at === 'key')).toBe(true);
  });

  it('a misspelt key inside a secret reference is one problem, not a union failure as well', async () => {
    const { errors } = await check({ pd: { plugin: 'pagerduty', token: { evn: 'PD' } } });
    expect(summary(errors)).toEqual(['connectors.pd.token.evn: unknown key; did you mean "env"?']);
  });

  it('ServiceNow: unknown keys inside the chosen auth kind are found', async () => {
    const { errors } = await check({
      snow: {
        plugin: 'servicenow',
        instanceUrl: 'https://acme.service-now.com',
        auth: { kind: 'basic', username: 'u', password: { env: 'P' }, passwrd: 'x' },
        pollSeconds: { incidents: 30, slas: 60 },
      },
    });
    expect(summary(errors)).toEqual(['connectors.snow.auth.passwrd: unknown key; did you mean "password"?']);
  });

  it('value errors and unknown keys come back together', async () => {
    const { errors } = await check({ pd: { plugin: 'pagerduty', token: 't', region: 'de', pageSze: 50 } });
    expect(summary(errors)).toEqual([
      'connectors.pd.pageSze: unknown key; did you mean "pageSize"?',
      'connectors.pd.region: expected "us" or "eu", got "de"',
    ]);
  });

  it('a third-party schema in zod’s default strip mode is held to the same rule; host keys never count', async () => {
    const { errors } = await check({
      acme: { plugin: './bad-config.ts', subdomian: 'acme', subdomain: 'acme', pageSize: 5, enabled: true },
    });
    expect(summary(errors)).toEqual(['connectors.acme.subdomian: unknown key; did you mean "subdomain"?']);
  });

  it('a plugin whose schema is not zod (hand-written safeParse) is judged by its own verdict only', async () => {
    const { errors } = await checkConnectors(
      { connectors: { leaky: { plugin: './leaky-plugin.mjs', token: { env: 'X' }, extra: 1 } } },
      { baseDir: CLI_FIXTURES },
    );
    expect(errors).toEqual([]);
  });
});

describe('plugins by package name', () => {
  /** A config folder with `itops-plugin-acme` (id `acme`) installed beside it. */
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'itops-check-pkg-'));
    const pkg = join(dir, 'node_modules', 'itops-plugin-acme');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      '{"name":"itops-plugin-acme","version":"1.0.0","type":"module"}',
    );
    copyFileSync(join(CLI_FIXTURES, 'leaky-plugin.mjs'), join(pkg, 'index.js'));
    return dir;
  }

  it('plugins.packages registers the package’s id; a connector may also name the package itself', async () => {
    const baseDir = project();
    const { errors, enabled } = await checkConnectors(
      {
        connectors: {
          byId: { plugin: 'leaky', token: 't' },
          byName: { plugin: 'itops-plugin-acme', token: 't' },
          typo: { plugin: 'leeky', token: 't' },
        },
      },
      { baseDir, pluginPackages: ['itops-plugin-acme'] },
    );
    expect(summary(errors)).toEqual([
      'connectors.typo.plugin: no plugin named "leeky"; did you mean "leaky"?',
    ]);
    expect(enabled).toEqual(['byId', 'byName', 'typo']);
  });

  it('a package that is not installed is reported under its index, naming where it looked', async () => {
    const baseDir = project();
    const { errors } = await checkConnectors(
      { connectors: { x: { plugin: 'itops-plugin-nowhere' } } },
      { baseDir, pluginPackages: ['itops-plugin-acme', 'itops-plugin-gone'] },
    );
    expect(errors.map((e) => e.path)).toEqual(['plugins.packages[1]', 'connectors.x.plugin']);
    expect(errors[0]?.message).toContain(`Looked in ${join(baseDir, 'node_modules')}`);
    expect(errors[1]?.message).toContain('plugin package itops-plugin-nowhere is not installed');
  });
});
