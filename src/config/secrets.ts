/**
 * Secret references from config, resolved by the host on a plugin's behalf:
 * plain text, `{env: VAR}`, `{command: "pass show pd/token"}`, `{keychain: name}`.
 * Failures say which reference failed and how to fix it, never the value.
 */
import { spawn } from 'node:child_process';
import type { SecretRef } from '../domain/model.js';
import { ConfigError } from './errors.js';
import type { SecretRegistry } from './redact.js';

/** The slice of keytar we use; injectable so tests never touch a real keychain. */
export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'itops-tui';
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 64 * 1024;

export interface KeychainOptions {
  /** Keychain service name (default `itops-tui`). */
  keychainService?: string;
  /** Returns keytar, undefined when it is not installed, or throws when it cannot load. */
  loadKeytar?: () => Promise<Keytar | undefined>;
}

export interface ResolveSecretOptions extends KeychainOptions {
  env?: NodeJS.ProcessEnv;
  /** Working directory for `{command}` (normally the config file's folder). */
  cwd?: string;
  /** Limit for `{command}` (default 10 s). */
  timeoutMs?: number;
  /** Resolved values are registered here for redaction. */
  registry?: SecretRegistry;
  /** Config path of the reference (`connectors.pd-us.token`), for the error message. */
  path?: string;
}

let defaultKeytar: Promise<Keytar | undefined> | undefined;

/**
 * keytar is an optional native module: absent when its build failed, and even
 * when present it can fail to load without libsecret. Import it only when a
 * keychain reference is actually used. The specifier is a variable so neither
 * tsc nor the bundler insists on it being installed.
 */
function loadKeytarDefault(): Promise<Keytar | undefined> {
  const specifier = 'keytar';
  defaultKeytar ??= import(specifier).then(
    (mod: { default?: Keytar } & Partial<Keytar>) => (mod.default ?? (mod as Keytar)) as Keytar,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ERR_MODULE_NOT_FOUND') return undefined;
      throw err;
    },
  );
  return defaultKeytar;
}

function unresolved(message: string, fix: string, path?: string): ConfigError {
  return new ConfigError(
    'SECRET_UNRESOLVED',
    path ? `Cannot resolve the secret for ${path}` : 'Cannot resolve a secret',
    {
      issues: [{ path: path ?? '', message, fix }],
    },
  );
}

const firstLine = (text: string) => text.trim().split(/\r?\n/, 1)[0] ?? '';

/** Short, stable description of a reference for messages (never the value). */
export function describeSecretRef(ref: SecretRef): string {
  if (typeof ref === 'string' || typeof ref === 'number') return 'a plain-text value';
  if ('command' in ref) return `command "${ref.command}"`;
  if ('env' in ref) return `environment variable ${ref.env}`;
  return `keychain entry ${KEYCHAIN_SERVICE}/${ref.keychain}`;
}

/** True for secrets written straight into the file; the CLI warns about those. */
export function isPlainSecret(ref: SecretRef): ref is string {
  return typeof ref === 'string' || typeof ref === 'number';
}

async function getKeytar(opts: KeychainOptions, path?: string): Promise<Keytar> {
  let keytar: Keytar | undefined;
  let reason = 'it is not installed';
  try {
    keytar = await (opts.loadKeytar ?? loadKeytarDefault)();
  } catch (err) {
    reason = firstLine((err as Error).message ?? String(err));
  }
  if (!keytar)
    throw unresolved(
      `keychain not available on this machine (keytar could not load: ${reason})`,
      'use {env: …} or {command: …} instead.',
      path,
    );
  return keytar;
}

/**
 * What a `{command}` child sees of our environment: enough to find programs, the user's home,
 * locale and terminal, and the places password managers keep their (non-secret) state: not
 * the rest, which on an ops machine holds other tokens (`PD_TOKEN`, cloud keys). A command that
 * needs more names it in `passEnv`.
 */
export const COMMAND_ENV: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TERM',
  'TMPDIR',
  'TZ',
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'DBUS_SESSION_BUS_ADDRESS',
  'GNUPGHOME',
  'GPG_TTY',
  'PASSWORD_STORE_DIR',
];

/** The environment a `{command}` secret runs with (see COMMAND_ENV); `LC_*` locale variables pass too. */
export function commandEnv(from: NodeJS.ProcessEnv, passEnv: readonly string[] = []): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined) continue;
    if (COMMAND_ENV.includes(name) || name.startsWith('LC_') || passEnv.includes(name)) out[name] = value;
  }
  return out;
}

function runCommand(
  command: string,
  opts: ResolveSecretOptions,
  passEnv?: readonly string[],
): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const label = `command "${command}"`;
  return new Promise((resolvePromise, reject) => {
    // spawn rather than execFile: with `detached` the shell gets its own process
    // group, so a timeout kills `sh` and anything it started (a hung `sleep`,
    // a gpg prompt); otherwise a grandchild could hold the pipes open.
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: opts.cwd,
      env: commandEnv(opts.env ?? process.env, passEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(unresolved(`${label} could not start: ${err.message}`, 'check that /bin/sh exists.', opts.path));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const scrub = (t: string) => (opts.registry ? opts.registry.redact(t) : t);
      const err = firstLine(scrub(stderr));
      const errText = err ? `: ${err}` : '';
      if (timedOut)
        return reject(
          unresolved(
            `${label} timed out after ${timeoutMs / 1000} s${errText}`,
            'make it non-interactive (unlock the store first) or faster.',
            opts.path,
          ),
        );
      if (code !== 0)
        return reject(
          unresolved(
            `${label} exited with code ${code ?? signal}${errText}`,
            'run the command in a shell to see why it fails.',
            opts.path,
          ),
        );
      const value = stdout.trim();
      if (!value)
        return reject(
          unresolved(`${label} printed nothing`, 'make it print the secret on stdout.', opts.path),
        );
      resolvePromise(value);
    });
  });
}

async function resolveUnregistered(ref: SecretRef, opts: ResolveSecretOptions): Promise<string> {
  if (typeof ref === 'string') return ref;
  if (typeof ref === 'number') return String(ref);
  // `{command}` first: it may carry a `passEnv` list, never an `env` key.
  if ('command' in ref) return runCommand(ref.command, opts, ref.passEnv);
  if ('env' in ref) {
    const value = (opts.env ?? process.env)[ref.env];
    if (value === undefined || value.trim() === '')
      throw unresolved(
        `environment variable ${ref.env} is ${value === undefined ? 'not set' : 'empty'}`,
        `export ${ref.env}=… before starting itops-tui, or use {keychain: …}.`,
        opts.path,
      );
    return value.trim();
  }
  const service = opts.keychainService ?? KEYCHAIN_SERVICE;
  const keytar = await getKeytar(opts, opts.path);
  let value: string | null;
  try {
    value = await keytar.getPassword(service, ref.keychain);
  } catch (err) {
    // Typical: "Cannot autolaunch D-Bus without X11 $DISPLAY" on a headless box.
    throw unresolved(
      `keychain not available on this machine (${firstLine((err as Error).message)})`,
      'use {env: …} or {command: …} instead.',
      opts.path,
    );
  }
  if (value === null || value === '')
    throw unresolved(
      `no keychain entry ${service}/${ref.keychain}`,
      `add it with \`itops-tui auth set ${ref.keychain}\`.`,
      opts.path,
    );
  return value;
}

/** Resolve a reference to its value and register the value for redaction. */
export async function resolveSecret(ref: SecretRef, opts: ResolveSecretOptions = {}): Promise<string> {
  const value = await resolveUnregistered(ref, opts);
  opts.registry?.register(value);
  return value;
}

/** Store a secret in the OS keychain (for `itops-tui auth set <name>`). */
export async function setKeychainSecret(
  name: string,
  value: string,
  opts: KeychainOptions = {},
): Promise<void> {
  const keytar = await getKeytar(opts);
  const service = opts.keychainService ?? KEYCHAIN_SERVICE;
  try {
    await keytar.setPassword(service, name, value);
  } catch (err) {
    throw new ConfigError('KEYCHAIN_WRITE', `Cannot store keychain entry ${service}/${name}`, {
      issues: [
        {
          path: '',
          message: firstLine((err as Error).message),
          fix: 'unlock the keychain, or use {env: …} instead.',
        },
      ],
    });
  }
}

/** Remove a keychain entry; false when there was none. */
export async function deleteKeychainSecret(name: string, opts: KeychainOptions = {}): Promise<boolean> {
  const keytar = await getKeytar(opts);
  const service = opts.keychainService ?? KEYCHAIN_SERVICE;
  try {
    return await keytar.deletePassword(service, name);
  } catch (err) {
    throw new ConfigError('KEYCHAIN_WRITE', `Cannot delete keychain entry ${service}/${name}`, {
      issues: [
        { path: '', message: firstLine((err as Error).message), fix: 'unlock the keychain and try again.' },
      ],
    });
  }
}
