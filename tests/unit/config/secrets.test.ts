import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError } from '../../../src/config/errors.js';
import { SecretRegistry } from '../../../src/config/redact.js';
import {
  commandEnv,
  deleteKeychainSecret,
  type Keytar,
  type ResolveSecretOptions,
  resolveSecret,
  setKeychainSecret,
} from '../../../src/config/secrets.js';
import type { SecretRef } from '../../../src/plugin-api/index.js';
import { makeSandbox, type Sandbox } from './fixtures.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(async () => {
  await sb.cleanup();
});

async function failure(ref: SecretRef, opts: ResolveSecretOptions): Promise<ConfigError> {
  const err = await resolveSecret(ref, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).code).toBe('SECRET_UNRESOLVED');
  return err as ConfigError;
}

/** In-memory keytar standing in for the OS keychain. */
function memoryKeytar(entries: Record<string, string> = {}): Keytar & { entries: Record<string, string> } {
  return {
    entries,
    getPassword: async (service, account) => entries[`${service}/${account}`] ?? null,
    setPassword: async (service, account, password) => {
      entries[`${service}/${account}`] = password;
    },
    deletePassword: async (service, account) => {
      const had = `${service}/${account}` in entries;
      delete entries[`${service}/${account}`];
      return had;
    },
  };
}

describe('plain and env references', () => {
  it('a plain string is itself, and is registered for redaction', async () => {
    const registry = new SecretRegistry();
    expect(await resolveSecret('u+plain-token', { registry })).toBe('u+plain-token');
    expect(registry.redact('sent u+plain-token')).toBe('sent [REDACTED]');
  });

  it('{env} reads the injected environment', async () => {
    expect(await resolveSecret({ env: 'PD_TOKEN' }, { env: { PD_TOKEN: ' abc123 \n' } })).toBe('abc123');
  });

  it('{env} unset names the variable and the config path', async () => {
    const err = await failure({ env: 'PD_TOKEN' }, { env: {}, path: 'connectors.pd-us.token' });
    const text = formatConfigError(err);
    expect(text.split('\n')[0]).toBe('Cannot resolve the secret for connectors.pd-us.token');
    expect(text).toContain('connectors.pd-us.token: environment variable PD_TOKEN is not set');
    expect(text).toContain('Fix: export PD_TOKEN=');
  });
});

describe('command references', () => {
  it('returns trimmed stdout, run in cwd with the variables it asks for', async () => {
    await sb.write('project/token.txt', 'from-file\n');
    const value = await resolveSecret(
      { command: 'printf "%s-" "$PREFIX"; cat token.txt', passEnv: ['PREFIX'] },
      { cwd: sb.project, env: { PREFIX: 'pre', PATH: process.env.PATH } },
    );
    expect(value).toBe('pre-from-file');
  });

  it('non-zero exit reports the code and first stderr line, never stdout', async () => {
    // Values come from env so the command text itself (quoted in the message) holds neither.
    const err = await failure(
      {
        command: 'echo "$OUT"; printf "pd/token is not in the store\\n%s\\n" "$MORE" >&2; exit 3',
        passEnv: ['OUT', 'MORE'],
      },
      { env: { OUT: 'leaked-secret', MORE: 'second-line', PATH: process.env.PATH } },
    );
    expect(err.message).toContain('exited with code 3: pd/token is not in the store');
    expect(err.message).not.toContain('second-line');
    expect(err.message).not.toContain('leaked-secret');
  });

  it('times out and kills the whole process group', async () => {
    const started = Date.now();
    const err = await failure({ command: 'sleep 5; echo late' }, { timeoutMs: 200, env: process.env });
    expect(err.message).toMatch(/timed out after 0\.2 s/);
    // Less than the 5 s the command sleeps: it was killed, not waited for (however busy the machine).
    expect(Date.now() - started).toBeLessThan(4_500);
  });

  it('runs with a minimal environment: not the other secrets in ours (issue 11)', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: '/home/ops',
      LANG: 'C.UTF-8',
      LC_TIME: 'C',
      PD_TOKEN: 'other-token',
      AWS_SECRET_ACCESS_KEY: 'cloud-key',
      GNUPGHOME: '/home/ops/.gnupg',
    };
    const value = await resolveSecret({ command: 'env | sort | tr "\\n" " "' }, { env });
    expect(value).toContain('HOME=/home/ops');
    expect(value).toContain('LANG=C.UTF-8');
    expect(value).toContain('LC_TIME=C');
    expect(value).toContain('GNUPGHOME=/home/ops/.gnupg');
    expect(value).not.toContain('other-token');
    expect(value).not.toContain('cloud-key');
    const asked = await resolveSecret({ command: 'printf %s "$PD_TOKEN"', passEnv: ['PD_TOKEN'] }, { env });
    expect(asked).toBe('other-token');
  });

  it('commandEnv keeps only the listed names', () => {
    expect(commandEnv({ PATH: '/bin', SECRET: 'x', LC_ALL: 'C', EXTRA: 'y' }, ['EXTRA'])).toEqual({
      PATH: '/bin',
      LC_ALL: 'C',
      EXTRA: 'y',
    });
  });

  it('empty output is an error', async () => {
    const err = await failure({ command: 'true' }, { env: process.env });
    expect(err.message).toMatch(/printed nothing/);
  });
});

describe('keychain references', () => {
  it('reads itops-tui/<name> through the injected keytar and registers the value', async () => {
    const registry = new SecretRegistry();
    const keytar = memoryKeytar({ 'itops-tui/pd-us': 'kc-secret-1' });
    const value = await resolveSecret({ keychain: 'pd-us' }, { loadKeytar: async () => keytar, registry });
    expect(value).toBe('kc-secret-1');
    expect(registry.redact('x kc-secret-1 y')).toBe('x [REDACTED] y');
  });

  it('keytar absent (loader returns undefined) suggests env or command', async () => {
    const err = await failure({ keychain: 'pd-us' }, { loadKeytar: async () => undefined });
    expect(err.message).toContain(
      'keychain not available on this machine (keytar could not load: it is not installed)',
    );
    expect(err.message).toContain('Use {env: …} or {command: …} instead'.replace('Use', 'use'));
  });

  it('keytar failing to load reports the reason', async () => {
    const err = await failure(
      { keychain: 'pd-us' },
      {
        loadKeytar: async () => {
          throw new Error('libsecret-1.so.0: cannot open shared object file\nmore detail');
        },
      },
    );
    expect(err.message).toContain('keytar could not load: libsecret-1.so.0: cannot open shared object file)');
    expect(err.message).not.toContain('more detail');
  });

  it('keytar loading but the Secret Service missing is reported as unavailable', async () => {
    const broken: Keytar = {
      ...memoryKeytar(),
      getPassword: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
    };
    const err = await failure({ keychain: 'pd-us' }, { loadKeytar: async () => broken });
    expect(err.message).toContain('keychain not available on this machine (Cannot autolaunch D-Bus');
  });

  it('a missing entry says how to add it', async () => {
    const err = await failure({ keychain: 'pd-us' }, { loadKeytar: async () => memoryKeytar() });
    expect(err.message).toContain('no keychain entry itops-tui/pd-us');
    expect(err.message).toContain('`itops-tui auth set pd-us`');
  });

  it('set and delete go to the same service name', async () => {
    const keytar = memoryKeytar();
    await setKeychainSecret('dd-app-key', 'v1', { loadKeytar: async () => keytar });
    expect(keytar.entries).toEqual({ 'itops-tui/dd-app-key': 'v1' });
    expect(await deleteKeychainSecret('dd-app-key', { loadKeytar: async () => keytar })).toBe(true);
    expect(await deleteKeychainSecret('dd-app-key', { loadKeytar: async () => keytar })).toBe(false);
    const err = await setKeychainSecret('x', 'v', { loadKeytar: async () => undefined }).catch(
      (e: unknown) => e,
    );
    expect((err as ConfigError).code).toBe('SECRET_UNRESOLVED');
  });
});
