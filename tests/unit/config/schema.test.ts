import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { load as parseYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { didYouMean, levenshtein } from '../../../src/config/did-you-mean.js';
import { ConfigError, formatConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/config/load.js';
import { panelSettingsFromConfig } from '../../../src/config/panel-settings.js';
import { DEFAULT_CONFIG, parseDuration } from '../../../src/config/schema.js';
import { validateConfig } from '../../../src/config/validate.js';

const FILE = '/home/ana/.config/itops/config.yml';
const EXAMPLE = fileURLToPath(new URL('../../../config.example.yml', import.meta.url));

function invalid(raw: unknown): ConfigError {
  try {
    validateConfig(raw, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected the config to be rejected');
}

describe('defaults', () => {
  it('fills every section from an empty file', () => {
    const { config, warnings } = validateConfig(undefined, FILE);
    expect(warnings).toEqual([]);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.panels.queue.window).toBe('24h');
    expect(config.panels.sla.targets.low).toEqual({ ackMinutes: 30, resolveMinutes: 1440 });
    expect(config.panels.compliance).toMatchObject({
      maxLastSeenDays: 7,
      requirePreventionPolicy: true,
      minZtaScore: 50,
    });
    expect(config.ui).toEqual({
      theme: 'dark',
      hyperlinks: 'auto',
      ascii: false,
      clock: '24h',
      attention: { bell: true, title: true },
      maxFps: 30,
      views: {},
    });
    expect(config.http).toMatchObject({ timeoutMs: 10_000, retries: 2 });
    expect(config.readOnly).toBe(false);
  });

  it('keeps a partial urgency target and fills the other number', () => {
    const { config } = validateConfig({ panels: { sla: { targets: { high: { ackMinutes: 10 } } } } }, FILE);
    expect(config.panels.sla.targets.high).toEqual({ ackMinutes: 10, resolveMinutes: 240 });
  });

  it('treats empty YAML sections (null) as not set', () => {
    const { config } = validateConfig({ audit: null, http: { proxy: null } }, FILE);
    expect(config.audit).toEqual({});
    expect(config.http.proxy).toBeUndefined();
  });

  it('sets connector enabled to true and keeps plugin-specific keys', () => {
    const { config } = validateConfig(
      {
        connectors: {
          'pd-us': { plugin: 'pagerduty', region: 'us', token: { env: 'PD_US' } },
          'pd-eu': { plugin: 'pagerduty', region: 'eu', enabled: false, pollSeconds: { incidents: 20 } },
        },
      },
      FILE,
    );
    expect(config.connectors['pd-us']).toEqual({
      plugin: 'pagerduty',
      enabled: true,
      region: 'us',
      token: { env: 'PD_US' },
    });
    expect(config.connectors['pd-eu']).toMatchObject({
      enabled: false,
      region: 'eu',
      pollSeconds: { incidents: 20 },
    });
  });

  it('maps panels onto the domain PanelSettings', () => {
    const { config } = validateConfig(
      { panels: { sla: { targets: { P1: { ackMinutes: 2, resolveMinutes: 60 } } } } },
      FILE,
    );
    const settings = panelSettingsFromConfig(config);
    expect(settings.sla.byPriority).toEqual({ P1: { ackMinutes: 2, resolveMinutes: 60 } });
    expect(settings.sla.byUrgency.high).toEqual({ ackMinutes: 5, resolveMinutes: 240 });
    expect(settings.sla.atRiskShare).toBe(0.25);
  });

  it('parses durations', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(() => parseDuration('1 day')).toThrow(/30m, 24h, 7d/);
  });
});

describe('errors name the full path and a fix', () => {
  it('plugins.packages takes only plugin package names', () => {
    const err = invalid({ plugins: { packages: ['itops-plugin-ok', 'left-pad', '@acme/itops-plugin-x'] } });
    expect(err.issues.map((i) => [i.path, i.message, i.fix])).toEqual([
      [
        'plugins.packages[1]',
        'invalid value "left-pad"',
        'plugin packages are named itops-plugin-<name> or @scope/itops-plugin-<name>.',
      ],
    ]);
  });

  it('wrong type deep inside panels', () => {
    const err = invalid({ panels: { compliance: { maxLastSeenDays: 'seven' } } });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.file).toBe(FILE);
    expect(err.issues).toEqual([
      {
        path: 'panels.compliance.maxLastSeenDays',
        keyPath: ['panels', 'compliance', 'maxLastSeenDays'],
        message: 'expected a number, got "seven"',
        expected: 'a number',
        fix: 'set maxLastSeenDays to a number.',
      },
    ]);
    expect(formatConfigError(err)).toBe(
      `Config error in ${FILE}\n  panels.compliance.maxLastSeenDays: expected a number, got "seven". Fix: set maxLastSeenDays to a number.`,
    );
  });

  it('ui.attention takes true or false and says where when not', () => {
    const text = formatConfigError(invalid({ ui: { attention: { bell: 'loud' } } }));
    expect(text).toContain('ui.attention.bell: expected');
    expect(text).toContain('"loud"');
  });

  it('enum values list the choices', () => {
    const text = formatConfigError(invalid({ ui: { theme: 'solarized' } }));
    expect(text).toContain(
      'ui.theme: expected "dark", "light", "mono" or "high-contrast", got "solarized". Fix: set theme to dark, light, mono or high-contrast.',
    );
  });

  it('a connector without plugin says what to add', () => {
    const err = invalid({ connectors: { 'pd-us': { token: 'x' } } });
    expect(err.issues[0]).toMatchObject({
      path: 'connectors.pd-us.plugin',
      message: 'missing (expected a string)',
    });
    expect(err.issues[0]?.fix).toMatch(/plugin: pagerduty/);
  });

  it('a bad connector name is reported with the naming rule', () => {
    const err = invalid({ connectors: { 'pd us': { plugin: 'pagerduty' } } });
    expect(err.issues[0]?.path).toBe('connectors["pd us"]');
    expect(err.issues[0]?.fix).toMatch(/letters, digits, - and _/);
  });

  it('durations, SLA order and URLs carry their own fixes', () => {
    const err = invalid({
      panels: {
        queue: { window: '1 day' },
        sla: { targets: { P2: { ackMinutes: 60, resolveMinutes: 30 } } },
      },
      http: { proxy: 'socks5://x:1080' },
    });
    const byPath = Object.fromEntries(err.issues.map((i) => [i.path, i]));
    expect(byPath['panels.queue.window']?.fix).toMatch(/24h or 7d/);
    expect(byPath['panels.sla.targets.P2.resolveMinutes']?.message).toMatch(/shorter than ackMinutes/);
    expect(byPath['http.proxy']?.fix).toMatch(/http:\/\/ or https:\/\//);
  });

  it('numbers out of range say the bound', () => {
    const err = invalid({ http: { retries: 50 } });
    expect(err.issues[0]).toMatchObject({ path: 'http.retries', message: 'expected at most 10, got 50' });
  });

  it('a file that is not a mapping is rejected as a whole', () => {
    expect(formatConfigError(invalid(['connectors']))).toContain('must be a mapping of sections');
  });
});

describe('unknown keys are errors with did-you-mean', () => {
  it('a top-level typo of readOnly is an error, so writes can never stay on by accident', () => {
    const err = invalid({ readonly: true, panles: {} });
    expect(err.issues.map((i) => [i.path, i.message, i.suggestion])).toEqual([
      ['panles', 'unknown key; did you mean "panels"?', 'panels'],
      ['readonly', 'unknown key; did you mean "readOnly"?', 'readOnly'],
    ]);
    expect(err.issues[1]?.fix).toBe('rename it to readOnly.');
    expect(err.message.split('\n')[0]).toBe(`Config error in ${FILE} (2 problems)`);
  });

  it('nested typo, and a key with no near match lists what is allowed', () => {
    const err = invalid({ ui: { theem: 'light' }, futureFeature: 1 });
    const byPath = Object.fromEntries(err.issues.map((i) => [i.path, i]));
    expect(byPath['ui.theem']?.message).toBe('unknown key; did you mean "theme"?');
    expect(byPath.futureFeature?.message).toBe('unknown key');
    expect(byPath.futureFeature?.fix).toMatch(
      /^remove it; keys allowed here: connectors, plugins, panels, correlation, ui, keys/,
    );
  });

  it('a misspelt required key is one problem, not "unknown" plus "missing"', () => {
    const err = invalid({ panels: { sla: { targets: { P1: { ackMinutes: 5, resolveMinuts: 60 } } } } });
    expect(err.issues.map((i) => i.path)).toEqual(['panels.sla.targets.P1.resolveMinuts']);
    expect(err.issues[0]?.suggestion).toBe('resolveMinutes');
  });

  it('YAML merge keys get their own message', () => {
    const err = invalid({ ui: { '<<': { theme: 'dark' } } });
    expect(err.issues[0]).toMatchObject({
      path: 'ui["<<"]',
      message: 'YAML merge keys (<<) are not supported',
    });
  });

  it('connector keys are the plugin’s business here, but plain-text secrets are flagged', () => {
    const { warnings } = validateConfig(
      {
        connectors: {
          dd: { plugin: 'datadog', apiKey: 'abcd1234', monitorTags: ['x'], appKey: { env: 'DD_APP' } },
        },
      },
      null,
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^connectors\.dd\.apiKey: holds a plain-text secret/);
  });

  it('levenshtein and the suggestion threshold', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(didYouMean('conectors', ['connectors', 'plugins'])).toBe('connectors');
    expect(didYouMean('zzz', ['connectors', 'ui'])).toBeUndefined();
  });
});

describe('config.example.yml', () => {
  it('loads through the real loader without errors or warnings', async () => {
    const { config, file, warnings } = await loadConfig({
      configPath: EXAMPLE,
      env: { HOME: '/nonexistent' },
    });
    expect(file).toBe(EXAMPLE);
    expect(warnings).toEqual([]);
    expect(Object.keys(config.connectors)).toEqual(['pd-us', 'pd-eu', 'snow', 'falcon', 'dd']);
    expect(config.connectors['pd-us']).toMatchObject({
      plugin: 'pagerduty',
      enabled: true,
      token: { env: 'PAGERDUTY_TOKEN' },
    });
    const disabled = Object.entries(config.connectors).filter(([, c]) => !c.enabled);
    expect(disabled.map(([name]) => name)).toEqual(['pd-eu', 'snow', 'falcon', 'dd']);
  });

  it('shows all three secret reference forms and every top-level section', async () => {
    const raw = parseYaml(await readFile(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const text = JSON.stringify(raw);
    for (const form of ['"env":', '"command":', '"keychain":']) expect(text).toContain(form);
    expect(Object.keys(raw).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
  });
});
