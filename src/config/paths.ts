/**
 * File-path settings checked before anything uses them, each problem under its
 * key path: a CA bundle that is missing or not PEM, a log or audit file whose
 * folder cannot be created or written, a plugin module that is not there.
 * Reusable by any command (`checkPaths`); runtime behaviour on a path that goes
 * bad later belongs to the code that writes the file.
 */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type ConfigIssue, formatPath } from './errors.js';

export type PathKind =
  /** Read at start: must exist, be readable, and hold PEM certificates. */
  | 'ca-bundle'
  /** Appended to: an existing regular file we may write, or a folder we may create it in. */
  | 'append'
  /** Loaded as a module: must exist as a file. */
  | 'module';

export interface PathSetting {
  /** Where the setting lives (`['http', 'caFile']`). */
  keyPath: readonly PropertyKey[];
  /** The absolute path the app will use. */
  path: string;
  kind: PathKind;
  /** True when the user did not set it (a default under the XDG state dir): problems are warnings. */
  isDefault?: boolean;
}

export interface PathReport {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** CA bundles are a few hundred kilobytes at most; the check reads no more than this. */
const MAX_PEM_BYTES = 4 * 1024 * 1024;

const describeType = (info: Awaited<ReturnType<typeof stat>>) =>
  info.isDirectory()
    ? 'a folder'
    : info.isFIFO()
      ? 'a named pipe (FIFO)'
      : info.isSocket()
        ? 'a socket'
        : info.isCharacterDevice() || info.isBlockDevice()
          ? 'a device'
          : 'not a regular file';

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

const canAccess = (path: string, mode: number) =>
  access(path, mode).then(
    () => true,
    () => false,
  );

async function checkCaBundle(path: string): Promise<{ message: string; fix: string } | null> {
  const info = await statOrNull(path);
  if (!info) return { message: `no file at ${path}`, fix: 'point it at your PEM bundle, or remove the key.' };
  if (!info.isFile()) return { message: `${path} is ${describeType(info)}`, fix: 'point it at a PEM file.' };
  if (info.size > MAX_PEM_BYTES)
    return {
      message: `${path} is ${info.size} bytes, too large for a CA bundle`,
      fix: 'point it at a PEM file.',
    };
  let text: string;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      text = (await handle.readFile()).toString('latin1');
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      message: `cannot read ${path} (${code === 'EACCES' ? 'permission denied' : (err as Error).message})`,
      fix: 'make it readable by your user.',
    };
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    return {
      message: `${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
      fix: 'export the CA as PEM (openssl x509 -inform der -in ca.cer -out ca.pem).',
    };
  return null;
}

/**
 * Can lines be appended at `path`? An existing regular file we may write, or a path whose
 * nearest existing ancestor is a folder we can create entries in. Shared with the runtime's
 * audit check, so `doctor`, the config check and the cockpit say the same thing.
 */
export async function checkAppend(path: string): Promise<{ message: string; fix: string } | null> {
  const info = await statOrNull(path);
  if (info) {
    if (!info.isFile())
      return { message: `${path} is ${describeType(info)}, not a file`, fix: 'point it at a regular file.' };
    if (!(await canAccess(path, constants.W_OK)))
      return {
        message: `${path} is not writable by this user`,
        fix: 'fix its permissions, or choose another file.',
      };
    return null;
  }
  let dir = dirname(path);
  for (;;) {
    const parent = await statOrNull(dir);
    if (parent) {
      if (!parent.isDirectory())
        return {
          message: `${dir} is ${parent.isFile() ? 'a file' : describeType(parent)}, not a folder, so ${path} cannot be created`,
          fix: 'choose another path.',
        };
      if (!(await canAccess(dir, constants.W_OK | constants.X_OK)))
        return {
          message: `cannot create ${path}: ${dir} is not writable by this user`,
          fix: 'choose a path in a folder you own.',
        };
      return null;
    }
    const up = dirname(dir);
    if (up === dir)
      return { message: `cannot create ${path}: no existing parent folder`, fix: 'choose another path.' };
    dir = up;
  }
}

async function checkModule(path: string): Promise<{ message: string; fix: string } | null> {
  const info = await statOrNull(path);
  if (!info)
    return {
      message: `no file at ${path}`,
      fix: 'check the path (relative paths start at the config file).',
    };
  if (!info.isFile())
    return { message: `${path} is ${describeType(info)}`, fix: 'point it at the plugin module file.' };
  return null;
}

const CHECKS: Record<PathKind, (path: string) => Promise<{ message: string; fix: string } | null>> = {
  'ca-bundle': checkCaBundle,
  append: checkAppend,
  module: checkModule,
};

/** Check every path setting; problems with defaults are warnings, with values the user set errors. */
export async function checkPaths(settings: readonly PathSetting[]): Promise<PathReport> {
  const results = await Promise.all(settings.map((s) => CHECKS[s.kind](s.path)));
  const report: PathReport = { errors: [], warnings: [] };
  settings.forEach((setting, i) => {
    const problem = results[i];
    if (!problem) return;
    const issue: ConfigIssue = {
      path: formatPath(setting.keyPath),
      keyPath: setting.keyPath,
      message: setting.isDefault ? `(default) ${problem.message}` : problem.message,
      fix: setting.isDefault ? `set ${formatPath(setting.keyPath)} to a path you can write.` : problem.fix,
    };
    (setting.isDefault ? report.warnings : report.errors).push(issue);
  });
  return report;
}
