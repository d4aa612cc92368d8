import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError } from '../../../src/config/errors.js';
import { configSearchLocations, defaultConfigFile, loadConfig } from '../../../src/config/load.js';
import { makeSandbox, type Sandbox } from './fixtures.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(async () => {
  await sb.cleanup();
});

const pd = (name: string) => `connectors:\n  ${name}:\n    plugin: pagerduty\n`;

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  const err = await loadConfig(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('discovery', () => {
  it('prefers an rc file in the working directory over the XDG config', async () => {
    await sb.write('project/.itopsrc.yml', pd('from-cwd'));
    await sb.write('xdg/itops/config.yml', pd('from-xdg'));
    const result = await loadConfig({ cwd: sb.project, env: sb.env });
    expect(result.file).toBe(join(sb.project, '.itopsrc.yml'));
    expect(Object.keys(result.config.connectors)).toEqual(['from-cwd']);
  });

  it('finds the project-local .config/itops/config.yml and itops.config.json', async () => {
    await sb.write('project/.config/itops/config.yml', pd('nested'));
    expect((await loadConfig({ cwd: sb.project, env: sb.env })).file).toBe(
      join(sb.project, '.config/itops/config.yml'),
    );
    // itops.config.json comes earlier in the search order than .config/…
    await sb.write('project/itops.config.json', JSON.stringify({ connectors: { j: { plugin: 'datadog' } } }));
    const result = await loadConfig({ cwd: sb.project, env: sb.env });
    expect(result.file).toBe(join(sb.project, 'itops.config.json'));
    expect(result.config.connectors.j?.plugin).toBe('datadog');
  });

  it('falls back to $XDG_CONFIG_HOME/itops/config.yml', async () => {
    await sb.write('xdg/itops/config.yml', pd('from-xdg'));
    const result = await loadConfig({ cwd: sb.project, env: sb.env });
    expect(result.file).toBe(join(sb.xdg, 'itops', 'config.yml'));
  });

  it('uses ~/.config/itops/config.yml when XDG_CONFIG_HOME is unset', async () => {
    await sb.write('home/.config/itops/config.yml', pd('from-home'));
    const result = await loadConfig({ cwd: sb.project, env: { HOME: sb.home } });
    expect(result.file).toBe(join(sb.home, '.config', 'itops', 'config.yml'));
    expect(defaultConfigFile({ HOME: sb.home })).toBe(result.file);
  });

  it('--config wins over every searched location, relative to cwd', async () => {
    await sb.write('project/.itopsrc.yml', pd('from-cwd'));
    await sb.write('xdg/itops/config.yml', pd('from-xdg'));
    const explicit = await sb.write('project/ops/custom.yaml', pd('explicit'));
    const result = await loadConfig({ cwd: sb.project, env: sb.env, configPath: 'ops/custom.yaml' });
    expect(result.file).toBe(explicit);
    expect(Object.keys(result.config.connectors)).toEqual(['explicit']);
  });

  it('returns defaults and file: null when no config exists anywhere', async () => {
    const result = await loadConfig({ cwd: sb.project, env: sb.env });
    expect(result.file).toBeNull();
    expect(result.config.connectors).toEqual({});
    expect(result.config.panels.sla.targets.high).toEqual({ ackMinutes: 5, resolveMinutes: 240 });
    expect(result.config.audit.path).toBe(join(sb.root, 'state', 'itops', 'audit.jsonl'));
  });

  it('lists every searched location, cwd first and XDG last', () => {
    const places = configSearchLocations(sb.env, sb.project);
    expect(places[0]).toBe(join(sb.project, '.itopsrc'));
    expect(places).toContain(join(sb.project, '.itopsrc.yaml'));
    expect(places).toContain(join(sb.project, 'itops.config.yml'));
    expect(places.at(-3)).toBe(join(sb.xdg, 'itops', 'config.yml'));
    expect(places.some((p) => p.endsWith('.js'))).toBe(false);
  });
});

describe('file errors', () => {
  it('a missing --config file is CONFIG_NOT_FOUND naming the path', async () => {
    const err = await loadError({ cwd: sb.project, env: sb.env, configPath: 'nope.yml' });
    expect(err.code).toBe('CONFIG_NOT_FOUND');
    expect(err.file).toBe(join(sb.project, 'nope.yml'));
    expect(formatConfigError(err)).toContain(join(sb.project, 'nope.yml'));
  });

  it('--config pointing at a directory says so', async () => {
    const err = await loadError({ cwd: sb.project, env: sb.env, configPath: '.' });
    expect(err.code).toBe('CONFIG_READ');
    expect(formatConfigError(err)).toMatch(/directory/);
  });

  it('malformed YAML names file, line and column', async () => {
    const file = await sb.write(
      'project/.itopsrc.yml',
      'connectors:\n  pd-us:\n    plugin: pagerduty\n   region: us\n',
    );
    const err = await loadError({ cwd: sb.project, env: sb.env });
    expect(err.code).toBe('CONFIG_PARSE');
    expect(err.file).toBe(file);
    expect(err.issues[0]?.line).toBe(4);
    expect(err.issues[0]?.column).toBeGreaterThan(0);
    const text = formatConfigError(err);
    expect(text).toContain(file);
    expect(text).toMatch(/line 4, column \d+/);
  });

  it('malformed JSON names file, line and column', async () => {
    await sb.write('project/x.json', '{\n  "readOnly": true,\n}\n');
    const err = await loadError({ cwd: sb.project, env: sb.env, configPath: 'x.json' });
    expect(err.code).toBe('CONFIG_PARSE');
    expect(err.issues[0]?.line).toBe(3);
    expect(err.message).toContain(resolve(sb.project, 'x.json'));
  });

  it('refuses JavaScript config files instead of executing them', async () => {
    await sb.write('project/itops.config.js', 'globalThis.ran = true; export default {};');
    const err = await loadError({ cwd: sb.project, env: sb.env, configPath: 'itops.config.js' });
    expect(err.code).toBe('CONFIG_PARSE');
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
  });

  it('an empty or comment-only file is a valid, empty config', async () => {
    await sb.write('project/.itopsrc.yml', '# nothing yet\n\n');
    const result = await loadConfig({ cwd: sb.project, env: sb.env });
    expect(result.file).toBe(join(sb.project, '.itopsrc.yml'));
    expect(result.config.readOnly).toBe(false);
  });

  it('reports schema errors with the file name and full key path', async () => {
    const file = await sb.write('project/.itopsrc.yml', `${pd('pd-us')}    pollSeconds: {incidents: fast}\n`);
    const err = await loadError({ cwd: sb.project, env: sb.env });
    expect(err.code).toBe('CONFIG_INVALID');
    const text = formatConfigError(err);
    expect(text.split('\n')[0]).toBe(`Config error in ${file}`);
    expect(text).toContain('connectors.pd-us.pollSeconds.incidents: expected a number, got "fast"');
  });
});

describe('loaded values', () => {
  it('makes file paths absolute relative to the config file and expands ~', async () => {
    await sb.write(
      'project/.itopsrc.yml',
      'plugins: {paths: [./plugins/x.js]}\nhttp: {caFile: ~/ca.pem}\naudit: {path: logs/audit.jsonl}\n',
    );
    const { config } = await loadConfig({ cwd: sb.project, env: sb.env });
    expect(config.plugins.paths).toEqual([join(sb.project, 'plugins', 'x.js')]);
    expect(config.http.caFile).toBe(join(sb.home, 'ca.pem'));
    expect(config.audit.path).toBe(join(sb.project, 'logs', 'audit.jsonl'));
    expect(config.log.path).toBe(join(sb.root, 'state', 'itops', 'itops.log'));
  });

  it('passes warnings through with the file name and line', async () => {
    const file = await sb.write('project/.itopsrc.yml', 'ui:\n  ascii: true\nlog:\n  file: ~/itops.log\n');
    const { warnings, config } = await loadConfig({ cwd: sb.project, env: sb.env });
    expect(warnings).toEqual([
      `${file}: line 4, column 3: log.file: renamed to log.path in 0.1.0; the value is used. Fix: rename file to path.`,
    ]);
    expect(config.log.path).toBe(join(sb.home, 'itops.log'));
  });

  it('an unknown key is an error with its line, column and a did-you-mean', async () => {
    const file = await sb.write('project/.itopsrc.yml', 'ui:\n  theme: dark\n\nreadonly: true\n');
    const err = await loadError({ cwd: sb.project, env: sb.env });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(formatConfigError(err)).toBe(
      `Config error in ${file}\n  line 4, column 1: readonly: unknown key; did you mean "readOnly"? Fix: rename it to readOnly.`,
    );
  });
});
