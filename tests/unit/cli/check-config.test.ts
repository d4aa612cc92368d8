/**
 * The one-pass config check as every command runs it: app keys, plugin keys, key
 * bindings and file paths together, in file order, each with its line.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkConfig, loadCheckedConfig } from '../../../src/cli/check-config.js';
import { ConfigError } from '../../../src/config/errors.js';
import { makeSandbox, type Sandbox } from '../config/fixtures.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(async () => {
  await sb.cleanup();
});

const PD = 'connectors:\n  pd:\n    plugin: pagerduty\n    token: {env: PD_TOKEN}\n';

async function run(yaml: string, demo = false) {
  const file = await sb.write('project/.itopsrc.yml', yaml);
  // --demo reads a config only when it is named (issue 11).
  const named = demo ? { configPath: file } : {};
  return { file, checked: await checkConfig({ cwd: sb.project, env: sb.env, demo, ...named }) };
}

describe('checkConfig', () => {
  it('key bindings are checked with the rest, with a did-you-mean for command ids', async () => {
    const { checked } = await run(`${PD}keys:\n  incident.ackk: a\n  nav.down: ctrl+\n`);
    expect(checked.errors.map((e) => [e.line, e.path, e.message])).toEqual([
      [6, 'keys["incident.ackk"]', 'unknown command "incident.ackk"; did you mean "incident.ack"?'],
      [7, 'keys["nav.down"]', 'invalid key binding "ctrl+": missing a key after the last "+"'],
    ]);
    expect(checked.config).toBeUndefined();
  });

  it('a key conflict points at the binding the user wrote', async () => {
    const { checked } = await run(`${PD}keys:\n  incident.ack: j\n`);
    // j also moves through a detail's related list: every conflict names the binding written.
    expect(checked.errors.length).toBeGreaterThanOrEqual(1);
    for (const e of checked.errors) expect(e).toMatchObject({ path: 'keys["incident.ack"]', line: 6 });
    expect(checked.errors[0]).toMatchObject({ path: 'keys["incident.ack"]', line: 6 });
    expect(checked.errors[0]?.message).toMatch(/"j" is bound to both nav\.down .* and incident\.ack/);
  });

  it('a file with no enabled connector is an error unless --demo supplies them', async () => {
    const typo = 'conectors:\n  pd: {plugin: pagerduty, token: {env: PD}}\n';
    const { checked } = await run(typo);
    expect(checked.errors.map((e) => [e.path, e.message])).toEqual([
      ['conectors', 'unknown key; did you mean "connectors"?'],
      ['connectors', 'no connectors are configured'],
    ]);
    const demo = await checkConfig({
      cwd: sb.project,
      env: sb.env,
      demo: true,
      configPath: join(sb.project, '.itopsrc.yml'),
    });
    expect(demo.errors.map((e) => e.path)).toEqual(['conectors']);
    // Not named: --demo does not read it at all.
    const unnamed = await checkConfig({ cwd: sb.project, env: sb.env, demo: true });
    expect(unnamed).toMatchObject({ file: null, errors: [] });
    // With --demo, real connectors in the file are not started, and the user is told so.
    const both = await run(PD, true);
    expect(both.checked.warnings[0]).toBe(
      `--demo: the connectors in ${both.file} (pd) are not started; the demo simulators stand in for them.`,
    );
    const off = await run('connectors:\n  pd: {plugin: pagerduty, token: t, enabled: false}\n');
    expect(off.checked.errors[0]?.message).toMatch(/^no connector is enabled/);
  });

  it('file paths are checked even when other keys are wrong, under their key path', async () => {
    const { checked } = await run(`${PD}ui: {theme: blue}\nhttp:\n  caFile: ./corp-root.pem\n`);
    expect(checked.errors.map((e) => [e.line, e.path])).toEqual([
      [5, 'ui.theme'],
      [7, 'http.caFile'],
    ]);
    expect(checked.errors[1]?.message).toBe(`no file at ${join(sb.project, 'corp-root.pem')}`);
  });

  it('warnings carry file and line, in file order: plain-text secrets and renamed keys', async () => {
    const { file, checked } = await run(
      'connectors:\n  pd:\n    plugin: pagerduty\n    token: u+abc123\nlog:\n  file: ./itops.log\n',
    );
    expect(checked.errors).toEqual([]);
    expect(checked.warnings).toEqual([
      `${file}: line 4, column 12: connectors.pd.token: holds a plain-text secret. Fix: prefer {env: VAR}, {command: "..."} or {keychain: name} so the file can be shared safely.`,
      `${file}: line 6, column 3: log.file: renamed to log.path in 0.1.0; the value is used. Fix: rename file to path.`,
    ]);
    expect(checked.config?.log.path).toBe(join(sb.project, 'itops.log'));
  });

  it('loadCheckedConfig throws one ConfigError listing every problem in file order', async () => {
    const { file } = await run(`readonly: true\n${PD}    regoin: us\n`);
    const err = await loadCheckedConfig({ cwd: sb.project, env: sb.env, demo: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(
      [
        `Config error in ${file} (2 problems)`,
        '  line 1, column 1: readonly: unknown key; did you mean "readOnly"? Fix: rename it to readOnly.',
        '  line 6, column 5: connectors.pd.regoin: unknown key; did you mean "region"? Fix: rename it to region.',
      ].join('\n'),
    );
  });
});

describe("a plugin's own actions and the key map (issue 9)", () => {
  const FIXTURE = join(__dirname, '../../fixtures/plugins/snooze-actions.ts');
  const snoozer = (keys = '') =>
    `plugins:\n  paths: [${JSON.stringify(FIXTURE)}]\nconnectors:\n  fx:\n    plugin: fixture-snooze\n${keys}`;

  it('its command may be rebound under keys: by its id, and a typo gets a did-you-mean', async () => {
    expect((await run(snoozer('keys:\n  fixture-snooze.snooze: Z\n'))).checked.errors).toEqual([]);
    const typo = await run(snoozer('keys:\n  fixture-snooze.snoze: Z\n'));
    expect(typo.checked.errors[0]?.message).toBe(
      'unknown command "fixture-snooze.snoze"; did you mean "fixture-snooze.snooze"?',
    );
  });

  it('its key colliding with a standard action in the same scope is a config error naming both', async () => {
    const { checked } = await run(snoozer('keys:\n  incident.ack: z\n'));
    expect(checked.errors).toHaveLength(1);
    expect(checked.errors[0]?.message).toMatch(
      /"z" is bound to both .*incident\.ack.* and .*fixture-snooze\.snooze|"z" is bound to both .*fixture-snooze\.snooze.* and .*incident\.ack/,
    );
  });
});
