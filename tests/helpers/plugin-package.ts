/**
 * A plugin package's life outside this repository — build, test, `npm pack`, `npm install` —
 * replayed offline. The machine reaches no registry in tests, so what `npm install` would fetch
 * (the plugin's dev tools, and the peers kit and zod) is linked from this checkout instead:
 * the packages are the same, only the download is skipped.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './pty.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Folders a plugin's `npm install` would create, taken from this checkout. */
const DEV_TOOLS = ['typescript', 'vitest', 'zod', 'got', '@types/node'];

function link(nodeModules: string, name: string, target: string): void {
  const at = join(nodeModules, ...name.split('/'));
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}

/** What `npm install` gives a freshly scaffolded plugin: its dev dependencies and the kit. */
export function linkDevDependencies(dir: string): void {
  const nm = join(dir, 'node_modules');
  mkdirSync(nm, { recursive: true });
  for (const name of DEV_TOOLS) link(nm, name, join(ROOT, 'node_modules', ...name.split('/')));
  link(nm, 'itops-tui-plugin-kit', join(ROOT, 'packages', 'plugin-kit'));
}

/** What npm installs beside a plugin as its peers (the kit and zod), in `nodeModules`. */
export function linkPeers(nodeModules: string): void {
  link(nodeModules, 'itops-tui-plugin-kit', join(ROOT, 'packages', 'plugin-kit'));
  link(nodeModules, 'zod', join(ROOT, 'node_modules', 'zod'));
}

/** Copy a plugin's sources (not its build output or installed modules) to `dest`. */
export function copyPluginSources(from: string, dest: string): void {
  cpSync(from, dest, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|dist)([\\/]|$)/.test(src.slice(from.length)),
  });
}

/** Run a command with this checkout's Node first on PATH, and npm kept off the network. */
export function runIn(
  cwd: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        env: {
          ...inherited,
          PATH: [dirname(process.execPath), join(ROOT, 'node_modules', '.bin'), inherited.PATH].join(':'),
          npm_config_offline: 'true',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
          ...env,
        },
        timeout: 180_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `npm pack` into `dest` (its prepack builds first); returns the tarball's path. */
export async function pack(dir: string, dest: string): Promise<string> {
  mkdirSync(dest, { recursive: true });
  const r = await runIn(dir, 'npm', ['pack', '--pack-destination', dest]);
  if (r.code !== 0) throw new Error(`npm pack failed in ${dir}:\n${r.stdout}\n${r.stderr}`);
  const tgz = readdirSync(dest).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack wrote no tarball to ${dest}`);
  return join(dest, tgz);
}

/**
 * `npm install <tarball>` into a new project folder (as a user does beside their config file),
 * or with `global`, into a global prefix; then the peers npm would have added. Returns the
 * `node_modules` folder the package landed in.
 */
export async function installTarball(
  tgz: string,
  where: { project: string } | { prefix: string },
): Promise<string> {
  const isGlobal = 'prefix' in where;
  const cwd = isGlobal ? where.prefix : where.project;
  mkdirSync(cwd, { recursive: true });
  if (!isGlobal) writeFileSync(join(cwd, 'package.json'), '{"private": true}\n');
  const args = [
    'install',
    '--legacy-peer-deps',
    '--ignore-scripts',
    ...(isGlobal ? ['-g', '--prefix', cwd] : []),
    tgz,
  ];
  const r = await runIn(cwd, 'npm', args);
  if (r.code !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const nodeModules = isGlobal
    ? process.platform === 'win32'
      ? join(cwd, 'node_modules')
      : join(cwd, 'lib', 'node_modules')
    : join(cwd, 'node_modules');
  return nodeModules;
}
