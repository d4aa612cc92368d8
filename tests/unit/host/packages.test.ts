/**
 * Plugins by installed package name: where the loader looks, what it refuses before running
 * any of the package's code, and what it says when the package is not there.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../../src/host/errors.js';
import { loadPlugin, pluginSource, registerPlugins } from '../../../src/host/loader.js';
import {
  isPluginPackageName,
  listInstalledPluginPackages,
  packageEntry,
  packageSearchDirs,
  resolvePluginPackage,
} from '../../../src/host/packages.js';

/** A plain-JS plugin module with no imports, as a package would ship it. */
const pluginModule = (id: string) => `export default Object.freeze({
  $$type: 'itops/connector', apiVersion: 1, id: '${id}', displayName: '${id}', version: '1.0.0',
  capabilities: ['incidents.read'],
  configSchema: { safeParse: (v) => ({ success: true, data: v }) },
  async setup() { return { async listIncidents() { return []; }, async health() { return { ok: true, detail: 'ok' }; } }; },
});
`;

/** Write `node_modules/<name>` under `root` with a manifest and files; returns the package folder. */
function install(
  root: string,
  name: string,
  manifest: Record<string, unknown> = {},
  files: Record<string, string> = { 'index.js': pluginModule(name.replace(/^.*itops-plugin-/, '')) },
): string {
  const dir = join(root, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, version: '2.3.4', type: 'module', ...manifest }),
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const sandbox = () => mkdtempSync(join(tmpdir(), 'itops-pkg-'));

async function hostError(p: Promise<unknown>): Promise<HostError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HostError);
  return err as HostError;
}

describe('package names', () => {
  it.each([
    ['itops-plugin-alerts', true],
    ['@acme/itops-plugin-pager', true],
    ['itops-plugin-a.b_c~d', true],
    ['itops-plugin-', false],
    ['lodash', false],
    ['pagerduty', false],
    ['@acme/pager', false],
    ['Itops-Plugin-x', false],
    ['itops-plugin-x/../../etc', false],
    ['./itops-plugin-x', false],
  ])('%s → %s', (name, ok) => {
    expect(isPluginPackageName(name)).toBe(ok);
  });
});

describe('packageEntry', () => {
  it.each([
    [{ exports: './dist/index.js' }, './dist/index.js'],
    [{ exports: { '.': './dist/a.js', './package.json': './package.json' } }, './dist/a.js'],
    [
      { exports: { '.': { types: './x.d.ts', import: './dist/esm.js', default: './dist/cjs.cjs' } } },
      './dist/esm.js',
    ],
    [{ exports: { import: { node: './n.js' }, default: './d.js' } }, './n.js'],
    [{ exports: { '.': [{ default: './arr.js' }] } }, './arr.js'],
    [{ main: 'lib/main.js' }, 'lib/main.js'],
    [{}, 'index.js'],
  ])('%j → %s', (manifest, entry) => {
    expect(packageEntry(manifest)).toBe(entry);
  });
});

describe('resolvePluginPackage', () => {
  it('finds a package beside the config file, or in any folder above it, nearest first', async () => {
    const root = sandbox();
    const project = join(root, 'ops', 'cockpit');
    mkdirSync(project, { recursive: true });
    install(root, 'itops-plugin-far', { version: '1.0.0' });
    install(project, 'itops-plugin-near');
    install(root, 'itops-plugin-near', { version: '9.9.9' });
    const near = await resolvePluginPackage('itops-plugin-near', { baseDir: project, globalDirs: [] });
    expect(near).toMatchObject({ version: '2.3.4', dir: join(project, 'node_modules', 'itops-plugin-near') });
    expect(near.foundIn.why).toBe('config folder');
    const far = await resolvePluginPackage('itops-plugin-far', { baseDir: project, globalDirs: [] });
    expect(far.entry).toBe(join(root, 'node_modules', 'itops-plugin-far', 'index.js'));
  });

  it('falls back to the global npm folder, taken from NPM_CONFIG_PREFIX', async () => {
    const project = sandbox();
    const prefix = sandbox();
    const globalRoot =
      process.platform === 'win32' ? join(prefix, 'node_modules') : join(prefix, 'lib', 'node_modules');
    install(join(globalRoot, '..'), '@acme/itops-plugin-pager');
    const env = { HOME: project, NPM_CONFIG_PREFIX: prefix };
    const dirs = await packageSearchDirs({ baseDir: project, env });
    expect(dirs).toContainEqual({ dir: globalRoot, why: 'global npm prefix' });
    const pkg = await resolvePluginPackage('@acme/itops-plugin-pager', { baseDir: project, env });
    expect(pkg.dir).toBe(join(globalRoot, '@acme', 'itops-plugin-pager'));
    expect(pkg.foundIn.why).toBe('global npm prefix');
  });

  it('reads the global prefix from ~/.npmrc when the environment does not set it', async () => {
    const home = sandbox();
    writeFileSync(join(home, '.npmrc'), 'fund=false\nprefix = ~/.npm-global\n');
    const dirs = await packageSearchDirs({ baseDir: home, env: { HOME: home } });
    const expected =
      process.platform === 'win32'
        ? join(home, '.npm-global', 'node_modules')
        : join(home, '.npm-global', 'lib', 'node_modules');
    expect(dirs.map((d) => d.dir)).toContain(expected);
  });

  it('names every folder it looked in, and how to install, when the package is missing', async () => {
    const root = sandbox();
    const project = join(root, 'cfg');
    mkdirSync(project);
    const err = await hostError(
      resolvePluginPackage('itops-plugin-ghost', {
        baseDir: project,
        globalDirs: ['/opt/npm/lib/node_modules'],
      }),
    );
    expect(err.code).toBe('PLUGIN_NOT_FOUND');
    expect(err.message).toContain('plugin package itops-plugin-ghost is not installed');
    expect(err.message).toContain(join(project, 'node_modules'));
    expect(err.message).toContain(join(root, 'node_modules'));
    expect(err.message).toContain("(from the config file's folder up)");
    expect(err.message).toContain('/opt/npm/lib/node_modules (global npm prefix)');
    expect(err.message).toContain(`npm install itops-plugin-ghost" in ${project}`);
    expect(err.message).toContain('npm install -g itops-plugin-ghost');
  });

  it('refuses a name outside the convention without looking anything up', async () => {
    const root = sandbox();
    install(root, 'left-pad', {}, { 'index.js': 'throw new Error("must not be imported")' });
    const err = await hostError(resolvePluginPackage('left-pad', { baseDir: root, globalDirs: [] }));
    expect(err.message).toMatch(/not a plugin package name: installed plugins are named itops-plugin-<name>/);
  });

  it('refuses a package built for another plugin API before importing any of it', async () => {
    const root = sandbox();
    install(
      root,
      'itops-plugin-future',
      { itops: { apiVersion: 2 } },
      { 'index.js': 'globalThis.__imported = true;' },
    );
    const err = await hostError(loadPlugin('itops-plugin-future', root, new Map(), { globalDirs: [] }));
    expect(err.code).toBe('PLUGIN_API_VERSION');
    expect(err.message).toContain('itops-plugin-future@2.3.4');
    expect(err.message).toMatch(/built for plugin API 2, but this itops-tui supports API 1/);
    expect((globalThis as { __imported?: boolean }).__imported).toBeUndefined();
  });

  it('refuses an entry outside the package folder, and a TypeScript entry, saying why', async () => {
    const root = sandbox();
    install(root, 'itops-plugin-escape', { exports: '../../../etc/passwd' });
    install(root, 'itops-plugin-raw', { exports: './src/index.ts' }, { 'src/index.ts': 'export default 1;' });
    const outside = await hostError(
      resolvePluginPackage('itops-plugin-escape', { baseDir: root, globalDirs: [] }),
    );
    expect(outside.message).toMatch(/points its entry outside its own folder/);
    const raw = await hostError(resolvePluginPackage('itops-plugin-raw', { baseDir: root, globalDirs: [] }));
    expect(raw.message).toMatch(/TypeScript entry \(\.\/src\/index\.ts\).*publish compiled JavaScript/);
  });
});

describe('loading by name', () => {
  it('imports the entry from exports, validates it, and remembers where it came from', async () => {
    const root = sandbox();
    const dir = install(
      root,
      '@acme/itops-plugin-pager',
      { exports: { '.': { import: './dist/index.js' } } },
      { 'dist/index.js': pluginModule('acme-pager') },
    );
    const plugin = await loadPlugin('@acme/itops-plugin-pager', root, new Map(), { globalDirs: [] });
    expect(plugin.id).toBe('acme-pager');
    expect(pluginSource(plugin)).toEqual({
      kind: 'package',
      name: '@acme/itops-plugin-pager',
      version: '2.3.4',
      dir,
      file: join(dir, 'dist', 'index.js'),
    });
  });

  it('a package whose module is not a plugin is named with its version in the refusal', async () => {
    const root = sandbox();
    install(root, 'itops-plugin-empty', {}, { 'index.js': 'export default { hello: 1 };' });
    const err = await hostError(loadPlugin('itops-plugin-empty', root, new Map(), { globalDirs: [] }));
    expect(err.code).toBe('PLUGIN_INVALID');
    expect(err.message).toMatch(/^itops-plugin-empty@2\.3\.4 \(.*index\.js\) is not an itops-tui plugin/);
  });

  it('registers plugins.packages by id and reports a missing one under its index', async () => {
    const root = sandbox();
    install(root, 'itops-plugin-one');
    const { registered, failures } = await registerPlugins(
      { packages: ['itops-plugin-one', 'itops-plugin-two'] },
      root,
      { lookup: { globalDirs: [] } },
    );
    expect([...registered.keys()]).toEqual(['one']);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.keyPath).toEqual(['plugins', 'packages', 1]);
    expect(failures[0]?.error.message).toContain('itops-plugin-two is not installed');
  });
});

describe('text from a package.json', () => {
  it('keeps a version to semver characters, so it cannot carry terminal escapes', async () => {
    const root = sandbox();
    install(root, 'itops-plugin-loud', { version: '1.0.0\u001b]0;owned\u0007\u001b[2J' });
    const pkg = await resolvePluginPackage('itops-plugin-loud', { baseDir: root, globalDirs: [] });
    expect(pkg.version).toBe('1.0.00owned2J');
    const [listed] = await listInstalledPluginPackages({ baseDir: root, globalDirs: [] });
    expect(listed?.version).toBe('1.0.00owned2J');
    install(root, 'itops-plugin-none', { version: 42 });
    expect((await resolvePluginPackage('itops-plugin-none', { baseDir: root, globalDirs: [] })).version).toBe(
      'no version',
    );
  });
});

describe('listInstalledPluginPackages', () => {
  it('lists plugin packages by name (scoped too) without importing them, nearest copy first', async () => {
    const root = sandbox();
    const project = join(root, 'p');
    mkdirSync(project);
    const boom = { 'index.js': 'throw new Error("imported")' };
    install(project, 'itops-plugin-b', {}, boom);
    install(project, '@x/itops-plugin-a', {}, boom);
    install(project, 'not-a-plugin', {}, boom);
    install(root, 'itops-plugin-b', { version: '0.0.1' }, boom);
    const found = await listInstalledPluginPackages({ baseDir: project, globalDirs: [] });
    expect(found.map((p) => `${p.name}@${p.version}`)).toEqual([
      '@x/itops-plugin-a@2.3.4',
      'itops-plugin-b@2.3.4',
    ]);
  });
});

describe('package names from hostile config text (property)', () => {
  it('a name the loader accepts always lands inside the node_modules folder it is looked up in', () => {
    const base = join(tmpdir(), 'cfg', 'node_modules');
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._~-]{0,10}$/);
    const hostile = fc.constantFrom(
      '',
      '..',
      '/',
      '/..',
      '\\',
      ' ',
      '\u0000',
      '\n',
      '@',
      '%2e%2e',
      '\u001b[2J',
    );
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'grapheme' }),
          fc.tuple(hostile, segment, hostile).map(([a, b, c]) => `${a}itops-plugin-${b}${c}`),
          fc.tuple(segment, hostile, segment).map(([a, b, c]) => `@${a}${b}/itops-plugin-${c}`),
          // Names that pass, with every character the pattern allows.
          fc.tuple(segment, segment).map(([a, b]) => `@${a}/itops-plugin-${b}`),
        ),
        (name) => {
          if (!isPluginPackageName(name)) return;
          accepted++;
          const dir = join(base, ...name.split('/'));
          expect(dir.startsWith(`${base}${sep}`)).toBe(true);
          expect(name.split('/').every((part) => part !== '..' && part !== '.')).toBe(true);
          expect(name).not.toMatch(/[\\\s\u0000-\u001f]/);
        },
      ),
      { numRuns: 2_000 },
    );
    // The generators must reach the names the loader accepts, or the property proves nothing.
    expect(accepted).toBeGreaterThan(300);
  });
});
