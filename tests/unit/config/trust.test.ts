/**
 * Issue 11 item 2: a config found in the working directory that would run code is obeyed
 * only when it is the user's own and nobody else can change it (git's safe.directory idea).
 * Real files and real chmod/chown in a temp dir.
 */
import { chmod, chown, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { inspectConfig } from '../../../src/config/load.js';
import { powerfulKeys } from '../../../src/config/trust.js';
import { makeSandbox, type Sandbox } from './fixtures.js';

const RUNS_CODE = `plugins:
  paths: [./evil.js]
connectors:
  pd:
    plugin: pagerduty
    token: {command: "cat ~/.ssh/id_rsa"}
`;
const HARMLESS = `connectors:
  pd:
    plugin: pagerduty
    token: plain-text-token
`;

/** Another user's id: chown needs root; as anyone else we cannot make such a file at all. */
const OTHER_UID = 65_534;
const isRoot = process.getuid?.() === 0;
const me = process.getuid?.();

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
  await chmod(sb.project, 0o755);
});
afterEach(() => sb.cleanup());

async function refusal(options: Parameters<typeof inspectConfig>[0]): Promise<ConfigError> {
  const err = await inspectConfig({ env: sb.env, cwd: sb.project, ...options }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('powerfulKeys: what would run code or use the user secrets', () => {
  it('lists plugin modules, path/package plugin: values and command/keychain/env references', () => {
    const keys = powerfulKeys({
      plugins: { paths: ['./a.js'], packages: ['itops-plugin-x'] },
      connectors: {
        a: { plugin: './local.js' },
        b: { plugin: 'itops-plugin-acme', auth: { password: { keychain: 'sn' } } },
        c: { plugin: 'pagerduty', token: { env: 'PD_TOKEN' } },
        d: { plugin: 'pagerduty', token: { command: 'pass pd', passEnv: ['GNUPGHOME'] } },
        off: { plugin: './never.js', enabled: false, token: { command: 'x' } },
        plain: { plugin: 'pagerduty', token: 'text' },
      },
    }).map((k) => `${k.keyPath.join('.')}: ${k.does}`);
    expect(keys).toEqual([
      'plugins.paths.0: loads a plugin module',
      'plugins.packages.0: loads a plugin module',
      'connectors.a.plugin: loads a plugin module',
      'connectors.b.plugin: loads a plugin module',
      'connectors.b.auth.password: reads your keychain',
      'connectors.c.token: reads your environment',
      'connectors.d.token: runs a command',
    ]);
  });
});

describe('a config found in the working directory', () => {
  it('that runs code and is writable by its group is refused, naming file, why and the fixes', async () => {
    const file = await sb.write('project/.itopsrc.yml', RUNS_CODE);
    await chmod(file, 0o664);
    const err = await refusal({});
    expect(err.code).toBe('CONFIG_UNTRUSTED');
    expect(err.file).toBe(file);
    expect(err.message).toContain(`Refusing to use ${file}`);
    expect(err.message).toContain('plugins.paths[0] loads a plugin module');
    expect(err.message).toContain('connectors.pd.token runs a command');
    expect(err.message).toContain('can be changed by its group (mode 0664)');
    expect(err.message).toContain(`chmod go-w ${file}`);
    expect(err.message).toContain(`--config ${file}`);
    expect(err.message).toContain('ITOPS_TRUSTED_DIRS');
  });

  it('world-writable is refused too, and so is a file in a group-writable folder', async () => {
    const file = await sb.write('project/.itopsrc.yml', RUNS_CODE);
    await chmod(file, 0o666);
    expect((await refusal({})).message).toContain('can be changed by any user (mode 0666)');
    await chmod(file, 0o600);
    await chmod(sb.project, 0o775);
    expect((await refusal({})).message).toMatch(
      /its folder .*project can be changed by its group \(mode 0775\)/,
    );
  });

  it('a sticky shared folder (like /tmp) is fine for a private file the user owns', async () => {
    const file = await sb.write('project/.itopsrc.yml', RUNS_CODE);
    await chmod(file, 0o600);
    await chmod(sb.project, 0o1777);
    const report = await inspectConfig({ env: sb.env, cwd: sb.project });
    expect(report.file).toBe(file);
  });

  it('private and owned by the user: loads', async () => {
    const file = await sb.write('project/.itopsrc.yml', RUNS_CODE);
    await chmod(file, 0o644);
    const report = await inspectConfig({ env: sb.env, cwd: sb.project });
    expect(report.file).toBe(file);
  });

  it('that runs nothing loads whatever its mode (a plain-text token only reaches its own server)', async () => {
    const file = await sb.write('project/.itopsrc.yml', HARMLESS);
    await chmod(file, 0o666);
    expect((await inspectConfig({ env: sb.env, cwd: sb.project })).file).toBe(file);
  });

  it.skipIf(!isRoot)(
    'owned by another user is refused even when private (needs root to chown; as a normal user such a file cannot be made)',
    async () => {
      const file = await sb.write('project/.itopsrc.yml', RUNS_CODE);
      await chmod(file, 0o644);
      await chown(file, OTHER_UID, OTHER_UID);
      const err = await refusal({});
      expect(err.message).toContain(`the file belongs to another user (uid ${OTHER_UID}; you are uid ${me})`);
      // A folder someone else owns can be rearranged by them.
      await chown(file, me!, 0);
      await chown(sb.project, OTHER_UID, OTHER_UID);
      expect((await refusal({})).message).toContain(`belongs to another user (uid ${OTHER_UID})`);
    },
  );

  it('ownership is compared with the given uid (the same rule a non-root user meets)', async () => {
    const file = await sb.write('project/.itopsrc.yml', RUNS_CODE);
    await chmod(file, 0o600);
    const err = await refusal({ uid: (me ?? 0) + 1 });
    expect(err.message).toContain('the file belongs to another user');
  });

  it('a symlink to the real config is judged by its target and by who planted the link', async () => {
    const real = await sb.write('home/mine.yml', RUNS_CODE);
    await chmod(real, 0o666);
    await symlink(real, join(sb.project, '.itopsrc.yml'));
    expect((await refusal({})).message).toContain('mode 0666');
  });

  it('named with --config (or ITOPS_CONFIG) is trusted as chosen, unless anyone may edit it', async () => {
    const file = await sb.write('project/.itopsrc.yml', RUNS_CODE);
    await chmod(file, 0o664);
    expect((await inspectConfig({ env: sb.env, cwd: sb.project, configPath: file })).file).toBe(file);
    await chmod(file, 0o666);
    const err = await refusal({ configPath: file });
    expect(err.message).toContain('can be changed by any user on this machine (mode 0666)');
    expect(err.message).toContain(`chmod o-w ${file}`);
  });

  it('a folder listed in ITOPS_TRUSTED_DIRS (or inside one) is trusted like a named file', async () => {
    const file = await sb.write('project/sub/.itopsrc.yml', RUNS_CODE);
    await chmod(file, 0o664);
    const cwd = join(sb.project, 'sub');
    await expect(inspectConfig({ env: sb.env, cwd })).rejects.toThrow(/Refusing/);
    const env = { ...sb.env, ITOPS_TRUSTED_DIRS: `relative/ignored:${sb.project}` };
    expect((await inspectConfig({ env, cwd })).file).toBe(file);
  });

  it("the user's own config dir: trusted, but not when world-writable", async () => {
    const file = await sb.write('xdg/itops/config.yml', RUNS_CODE);
    await chmod(file, 0o664);
    expect((await inspectConfig({ env: sb.env, cwd: sb.project })).file).toBe(file);
    await chmod(file, 0o666);
    expect((await refusal({})).message).toContain('any user on this machine');
  });

  it('--demo searches no config at all (nothing in the working directory is read)', async () => {
    await sb.write('project/.itopsrc.yml', RUNS_CODE);
    const report = await inspectConfig({ env: sb.env, cwd: sb.project, search: false });
    expect(report.file).toBeNull();
  });
});
