/**
 * `itops-tui plugin new NAME`: a TypeScript plugin package that builds and passes its own tests
 * as created — config schema, one stream, one action, a fixture server, tests through the kit,
 * a README and a build script. The files live in `templates/plugin/` (shipped with the package),
 * with `{{placeholders}}` filled here.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPluginPackageName } from '../config/plugin-names.js';
import { API_VERSION } from '../plugin-api/index.js';
import { UsageError } from './args.js';

export interface ScaffoldNames {
  packageName: string;
  /** The plugin id (`plugin: <id>` in config). */
  id: string;
  displayName: string;
  /** The folder name: the package name without its scope. */
  folder: string;
}

/** `acme`, `itops-plugin-acme` or `@scope/itops-plugin-acme` → the names the scaffold uses. */
export function scaffoldNames(input: string): ScaffoldNames {
  const packageName = isPluginPackageName(input) ? input : `itops-plugin-${input}`;
  const folder = packageName.split('/').at(-1)!;
  const id = folder.slice('itops-plugin-'.length);
  if (!isPluginPackageName(packageName) || !/^[a-z][a-z0-9-]*$/.test(id)) {
    throw new UsageError(
      `"${input}" cannot name a plugin: use lower-case letters, digits and dashes, starting with a letter ` +
        '(acme, itops-plugin-acme or @scope/itops-plugin-acme).',
    );
  }
  const displayName = id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
  return { packageName, id, displayName, folder };
}

/** The itops-tui package folder: the nearest one up from this module holding `templates/plugin`. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'templates', 'plugin', 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('the plugin templates are missing from this itops-tui installation');
    dir = up;
  }
}

/** Versions the scaffold's package.json asks for: the ones this itops-tui is built and tested with. */
async function toolVersions(root: string): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const exact = (v: string | undefined, fallback: string) => (v ?? fallback).replace(/^[\^~]/, '');
  return {
    apiVersion: String(API_VERSION),
    typescriptVersion: exact(pkg.devDependencies?.typescript, '5.9.0'),
    vitestVersion: exact(pkg.devDependencies?.vitest, '3.2.0'),
    typesNodeVersion: exact(pkg.devDependencies?.['@types/node'], '22.0.0'),
    zodVersion: pkg.dependencies?.zod ?? '^4.0.0',
    zodRange: '^4.0.0',
  };
}

async function filesUnder(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path, base)));
    else out.push(relative(base, path));
  }
  return out.sort();
}

export interface ScaffoldResult extends ScaffoldNames {
  dir: string;
  files: string[];
}

/** Write the package into `<parent>/<folder>`; refuses a folder that exists and is not empty. */
export async function scaffoldPlugin(name: string, parent: string): Promise<ScaffoldResult> {
  const names = scaffoldNames(name);
  const dir = resolve(parent, names.folder);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new UsageError(`${dir} already exists and is not empty; choose another name or --dir.`);
  }
  const root = packageRoot();
  const template = join(root, 'templates', 'plugin');
  const values: Record<string, string> = {
    ...(await toolVersions(root)),
    packageName: names.packageName,
    id: names.id,
    displayName: names.displayName,
    envName: names.id.toUpperCase().replace(/-/g, '_'),
  };
  const files: string[] = [];
  for (const file of await filesUnder(template)) {
    const text = await readFile(join(template, file), 'utf8');
    const filled = text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
    // npm drops .gitignore files from published packages, so the template carries it without the dot.
    const target = file === 'gitignore' ? '.gitignore' : file;
    await mkdir(dirname(join(dir, target)), { recursive: true });
    await writeFile(join(dir, target), filled);
    files.push(target);
  }
  return { ...names, dir, files };
}

export async function runPluginNew(name: string, parent: string | undefined): Promise<number> {
  const result = await scaffoldPlugin(name, parent ?? process.cwd());
  const shown = relative(process.cwd(), result.dir) || '.';
  process.stdout.write(
    `Created ${result.packageName} in ${shown} (plugin id "${result.id}", plugin API ${API_VERSION}).\n\n` +
      'Next:\n' +
      `  cd ${shown}\n` +
      '  npm install        # itops-tui-plugin-kit, zod, TypeScript, vitest\n' +
      '  npm test           # the plugin against test/fixture-server.ts, through checkPlugin\n' +
      '  npm run build      # dist/: what the cockpit loads\n\n' +
      'Then edit src/ for your vendor. To try it in the cockpit: npm pack, npm install the .tgz\n' +
      `beside your config file, and add "${result.packageName}" under plugins.packages.\n` +
      'The plugin API is documented in docs/plugins.md of itops-tui.\n',
  );
  return 0;
}
