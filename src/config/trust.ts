/**
 * Whether a config file may run code and hand out the user's secrets. Like git's
 * `safe.directory`: a config the search found in the working directory (a cloned repo, a
 * shared folder, /tmp) is only obeyed for its code-running keys when the file is the user's
 * own and nobody else can change it. A config the user named (`--config`, `ITOPS_CONFIG`) or
 * keeps in their own config dir is trusted as chosen, unless anyone on the machine can write
 * to it. See docs/configuration.md "Which configs may run code".
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { ConfigError, type ConfigIssue, formatPath } from './errors.js';
import { isPluginPackageName } from './plugin-names.js';

/** How the config file was chosen. */
export type ConfigOrigin =
  /** `--config FILE` or `ITOPS_CONFIG`. */
  | 'named'
  /** The user's own config dir (`$XDG_CONFIG_HOME/itops`). */
  | 'user-dir'
  /** Found by the search in the working directory. */
  | 'working-dir';

/** Environment variable: folders (colon-separated) whose configs are trusted like a named one. */
export const TRUSTED_DIRS_ENV = 'ITOPS_TRUSTED_DIRS';

/** One key that would run code or use the user's secrets, and what it does, for the message. */
export interface PowerfulKey {
  keyPath: (string | number)[];
  /** "loads a plugin module", "runs a command", … */
  does: string;
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A `plugin:` value naming a module file (kept in step with host/loader.ts `looksLikePath`). */
const namesFile = (spec: string) => spec.startsWith('.') || isAbsolute(spec) || /\.(m?js|ts)$/.test(spec);

function secretRefs(value: unknown, at: (string | number)[], out: PowerfulKey[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      secretRefs(v, [...at, i], out);
    });
    return;
  }
  if (!isMapping(value)) return;
  if (typeof value.command === 'string') out.push({ keyPath: at, does: 'runs a command' });
  else if (typeof value.keychain === 'string' && Object.keys(value).length === 1)
    out.push({ keyPath: at, does: 'reads your keychain' });
  else if (typeof value.env === 'string' && Object.keys(value).length === 1)
    out.push({ keyPath: at, does: 'reads your environment' });
  else for (const [k, v] of Object.entries(value)) secretRefs(v, [...at, k], out);
}

/**
 * Keys in the (null-dropped) document that run code or hand the user's own secrets to a
 * connector: `plugins.paths`, `plugins.packages`, a `plugin:` that is a path or package, and
 * `{command}` / `{keychain}` / `{env}` secret references. Disabled connectors start nothing.
 */
export function powerfulKeys(input: unknown): PowerfulKey[] {
  const doc = isMapping(input) ? input : {};
  const out: PowerfulKey[] = [];
  const plugins = isMapping(doc.plugins) ? doc.plugins : {};
  for (const list of ['paths', 'packages'] as const) {
    const entries = plugins[list];
    if (Array.isArray(entries))
      entries.forEach((_, i) => {
        out.push({ keyPath: ['plugins', list, i], does: 'loads a plugin module' });
      });
  }
  const connectors = isMapping(doc.connectors) ? doc.connectors : {};
  for (const [name, entry] of Object.entries(connectors)) {
    if (!isMapping(entry) || entry.enabled === false) continue;
    const spec = entry.plugin;
    if (typeof spec === 'string' && (namesFile(spec) || isPluginPackageName(spec)))
      out.push({ keyPath: ['connectors', name, 'plugin'], does: 'loads a plugin module' });
    for (const [key, value] of Object.entries(entry)) secretRefs(value, ['connectors', name, key], out);
  }
  return out;
}

/** Folders from ITOPS_TRUSTED_DIRS (absolute entries only; `*` trusts every folder, as git's safe.directory). */
export function trustedDirs(env: NodeJS.ProcessEnv): string[] {
  return (env[TRUSTED_DIRS_ENV] ?? '')
    .split(':')
    .map((d) => d.trim())
    .filter((d) => d === '*' || isAbsolute(d));
}

async function isTrustedDir(dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const real = await realpath(dir).catch(() => dir);
  for (const entry of trustedDirs(env)) {
    if (entry === '*') return true;
    const root = await realpath(entry).catch(() => resolve(entry));
    if (real === root || real.startsWith(root.endsWith(sep) ? root : root + sep)) return true;
  }
  return false;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Why the file or its folder is not safe to obey, or null. */
async function unsafeBecause(
  file: string,
  origin: ConfigOrigin,
  uid: number | undefined,
): Promise<string | null> {
  // lstat: a symlink planted in a shared folder is judged as well as what it points at.
  const link = await lstat(file);
  const info = await stat(file);
  const folder = dirname(file);
  const dir = await stat(folder);
  if (origin !== 'working-dir') {
    // Named or in the user's own dir: the user chose it; only "anyone may edit it" is refused.
    if (info.mode & 0o002)
      return `the file can be changed by any user on this machine (mode ${octal(info.mode)})`;
    return null;
  }
  if (uid !== undefined) {
    if (info.uid !== uid) return `the file belongs to another user (uid ${info.uid}; you are uid ${uid})`;
    if (link.isSymbolicLink() && link.uid !== uid)
      return `the file is a symbolic link owned by another user (uid ${link.uid})`;
  }
  if (info.mode & 0o022)
    return `the file can be changed by ${info.mode & 0o002 ? 'any user' : 'its group'} (mode ${octal(info.mode)})`;
  // Whoever can write the folder can replace the file. A sticky folder (/tmp) stops that for
  // files the user owns; a folder owned by someone else (but root) can be rearranged by them.
  if (uid !== undefined && dir.uid !== uid && dir.uid !== 0)
    return `its folder ${folder} belongs to another user (uid ${dir.uid})`;
  if (dir.mode & 0o022 && !(dir.mode & 0o1000))
    return `its folder ${folder} can be changed by ${dir.mode & 0o002 ? 'any user' : 'its group'} (mode ${octal(dir.mode)}), so the file can be replaced`;
  return null;
}

/**
 * Refuse a config that would run code or use the user's secrets when the file is not safe
 * to obey. Throws ConfigError(CONFIG_UNTRUSTED) naming the file, why, the keys and the fixes.
 */
export async function checkConfigTrust(
  file: string,
  origin: ConfigOrigin,
  input: unknown,
  options: { env?: NodeJS.ProcessEnv; uid?: number | undefined } = {},
): Promise<void> {
  const env = options.env ?? process.env;
  const keys = powerfulKeys(input);
  if (keys.length === 0) return;
  // No uid on Windows: ownership cannot be compared there, mode bits still are.
  const uid = 'uid' in options ? options.uid : process.getuid?.();
  if (origin === 'working-dir' && (await isTrustedDir(dirname(file), env))) return;
  const why = await unsafeBecause(file, origin, uid);
  if (!why) return;
  const listed = keys
    .slice(0, 3)
    .map((k) => `${formatPath(k.keyPath)} ${k.does}`)
    .join('; ');
  const more = keys.length > 3 ? `; and ${keys.length - 3} more` : '';
  const found = origin === 'working-dir' ? 'was found in the working directory and ' : '';
  const fixes =
    origin === 'working-dir'
      ? `if this is your config, make it yours and private (chown $USER ${file}; chmod go-w ${file} and its folder); ` +
        `if you trust it as it is, name it (--config ${file}) or add its folder to ${TRUSTED_DIRS_ENV}; ` +
        'otherwise start from another folder.'
      : `chmod o-w ${file}: a config anyone can edit could make itops-tui run their code with your credentials.`;
  const issue: ConfigIssue = {
    path: '',
    message: `this config ${found}would run code or use your secrets (${listed}${more}), but ${why}`,
    fix: fixes,
  };
  throw new ConfigError('CONFIG_UNTRUSTED', `Refusing to use ${file}`, { file, issues: [issue] });
}
