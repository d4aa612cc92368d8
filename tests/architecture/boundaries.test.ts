import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computedImports, type ImportEdge, importsOf, stripComments } from './imports.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The one allowed exception to "host does not import plugins": the loader composes the
 * built-in connectors with a static import so the bundle carries them (see src/host/loader.ts).
 */
const BUILTIN_COMPOSITION = {
  from: 'src/host/loader.ts',
  to: /^plugins\/(pagerduty|servicenow|crowdstrike|datadog)\/index\.(js|ts)$/,
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...sourceFiles(path));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** `src/<layer>/…` → layer; `plugins/<name>/…` → `plugins/<name>`; anything else → its path. */
function layerOf(repoPath: string): string {
  const [top, second] = repoPath.split('/');
  if (top === 'src' && second) return second.includes('.') ? 'src' : second;
  if (top === 'plugins' && second) return `plugins/${second}`;
  if (top === 'examples' && second) return `examples/${second}`;
  return repoPath;
}

const isRelative = (s: string) => s.startsWith('.') || s.startsWith('/');
const bare = (s: string) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);

/** Why `file` may not import `edge`, or null when the edge is allowed. */
function ruleBroken(file: string, edge: ImportEdge): string | null {
  const layer = layerOf(file);
  const spec = edge.specifier;
  const target = isRelative(spec)
    ? relative(ROOT, resolve(ROOT, dirname(file), spec))
        .split(sep)
        .join('/')
    : null;
  const to = target === null ? null : layerOf(target);
  const pkg = target === null ? bare(spec) : null;

  if (to === 'cli' && layer !== 'cli') return 'only cli/ imports cli/ (it is the composition root)';
  if (layer === 'domain') {
    return to === 'domain' ? null : 'domain imports nothing outside domain';
  }
  if (layer === 'plugin-api') {
    if (to === 'plugin-api' || to === 'domain') return null;
    if (pkg === 'zod' || (pkg === 'got' && edge.typeOnly)) return null;
    // `itops-tui/testing` is a separate entry for plugin authors' tests: it builds a real got
    // client for its test context. The runtime API (`itops-tui/plugin`) stays types-only.
    if (pkg === 'got' && file.startsWith('src/plugin-api/testing/')) return null;
    // …and can give a plugin's tests the host's own got factory (retry rules, body cap,
    // redaction), so they see what the cockpit will do. Only the kit; the runtime API stays clean.
    if (to === 'http' && file.startsWith('src/plugin-api/testing/')) return null;
    // …and runs with the cockpit's own redactor (pure, no IO), so a leak a test finds is one
    // the cockpit would have to catch.
    if (/^src\/config\/redact\.(js|ts)$/.test(target ?? '') && file.startsWith('src/plugin-api/testing/'))
      return null;
    return 'plugin-api imports only domain, zod and got types';
  }
  if (layer.startsWith('plugins/')) {
    if (target !== null)
      return target.startsWith(`${layer}/`) ? null : 'plugins reach the host only through itops-tui/plugin';
    if (spec === 'itops-tui/plugin' || pkg === 'zod') return null;
    return pkg === 'got'
      ? 'plugins use ctx.http, never got directly'
      : 'plugins import only itops-tui/plugin and zod';
  }
  // An example third-party plugin sees exactly what one outside this repository would: the
  // published kit, zod, Node's built-ins (its simulator) and, in its tests, vitest.
  if (layer.startsWith('examples/')) {
    if (target !== null)
      return target.startsWith(`${layer}/`)
        ? null
        : 'an example plugin reaches the cockpit only through the kit';
    if (/^itops-tui-plugin-kit(\/testing)?$/.test(spec) || pkg === 'zod' || spec.startsWith('node:'))
      return null;
    if (pkg === 'vitest' && file.includes('/test/')) return null;
    return 'an example plugin imports only itops-tui-plugin-kit, zod and node: built-ins';
  }
  if (layer === 'http' || layer === 'config') {
    if (to === 'ui' || to === 'store') return `${layer} must not import ui or store`;
    // STYLE.md: http/ and config/ see domain only (SecretRef lives in domain for that reason).
    if (to === 'host' || to === 'plugin-api' || to === 'sim' || to?.startsWith('plugins/')) {
      return `${layer} imports only domain, node and its libraries`;
    }
    return null;
  }
  if (layer === 'host') {
    if (to === 'ui' || to === 'store') return 'host must not import ui or store';
    if (to?.startsWith('plugins/')) {
      const allowed = file === BUILTIN_COMPOSITION.from && BUILTIN_COMPOSITION.to.test(target!);
      return allowed ? null : 'host loads plugins by path; only host/loader.ts composes built-ins';
    }
    return null;
  }
  if (layer === 'store') {
    if (to === 'ui') return 'store must not import ui';
    if (pkg !== null && /^(ink|react)($|-)|^@alcalzone\/ink/.test(pkg))
      return 'store must not import ink or react';
    return null;
  }
  if (layer === 'ui') {
    if (to === 'host' || to === 'http' || to?.startsWith('plugins/')) return `ui must not import ${to}`;
    if (pkg === 'got' || pkg === 'keytar') return `ui must not import ${pkg} (views never fetch)`;
    if (pkg !== null && /^(node:)?fs($|\/)/.test(spec)) return 'ui must not touch the filesystem (node:fs)';
    return null;
  }
  return null;
}

interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

function scan(): { files: number; edges: number; violations: Violation[] } {
  const files = [...sourceFiles('src'), ...sourceFiles('plugins'), ...sourceFiles('examples')];
  const violations: Violation[] = [];
  let edges = 0;
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const edge of importsOf(text)) {
      edges++;
      const rule = ruleBroken(file, edge);
      if (rule) violations.push({ file, specifier: edge.specifier, rule });
    }
    if (file.startsWith('plugins/') || /^examples\/[^/]+\/src\//.test(file)) {
      const code = stripComments(text, true);
      if (/\bprocess\s*(\.|\[\s*['"]?)\s*env\b/.test(code))
        violations.push({ file, specifier: 'process.env', rule: 'plugins get config from ctx, never env' });
      if (/\bconsole\s*\./.test(code))
        violations.push({ file, specifier: 'console.*', rule: 'plugins log through ctx.log, never console' });
      if (computedImports(text) > 0)
        violations.push({
          file,
          specifier: 'import(<expression>)',
          rule: 'plugins may not load modules dynamically',
        });
    }
  }
  return { files: files.length, edges, violations };
}

const format = (v: Violation) => `${v.file} → ${v.specifier} (${v.rule})`;

describe('architecture boundaries (STYLE.md § Boundaries)', () => {
  const result = scan();

  it('actually scans the tree', () => {
    expect(result.files).toBeGreaterThan(20);
    expect(result.edges).toBeGreaterThan(50);
  });

  it.each([
    ['domain', 'src/domain/'],
    ['plugin-api', 'src/plugin-api/'],
    ['plugins', 'plugins/'],
    ['example plugins', 'examples/'],
    ['http and config', 'src/http/'],
    ['http and config', 'src/config/'],
    ['host', 'src/host/'],
    ['store', 'src/store/'],
    ['ui', 'src/ui/'],
  ])('%s: no forbidden imports (%s)', (_name, prefix) => {
    const found = result.violations.filter((v) => v.file.startsWith(prefix)).map(format);
    expect(found, `forbidden edges:\n${found.join('\n')}`).toEqual([]);
  });

  it('nothing outside cli/ imports cli/', () => {
    const found = result.violations.filter((v) => v.rule.startsWith('only cli/')).map(format);
    expect(found).toEqual([]);
  });
});

describe('the boundary rules themselves', () => {
  const edge = (specifier: string, typeOnly = false): ImportEdge => ({ specifier, typeOnly, kind: 'static' });

  it.each([
    ['src/domain/panels/x.ts', '../format.js', null],
    ['src/domain/x.ts', '../store/state.js', 'domain imports nothing outside domain'],
    ['src/domain/x.ts', 'node:fs', 'domain imports nothing outside domain'],
    ['src/plugin-api/index.ts', 'got', 'plugin-api imports only domain, zod and got types'],
    ['src/plugin-api/index.ts', '../host/invoke.js', 'plugin-api imports only domain, zod and got types'],
    ['plugins/acme/index.ts', './map.js', null],
    ['plugins/acme/index.ts', 'itops-tui/plugin', null],
    [
      'plugins/acme/index.ts',
      '../../src/plugin-api/index.js',
      'plugins reach the host only through itops-tui/plugin',
    ],
    ['plugins/acme/index.ts', '../other/map.js', 'plugins reach the host only through itops-tui/plugin'],
    ['plugins/acme/client.ts', 'got', 'plugins use ctx.http, never got directly'],
    ['plugins/acme/client.ts', 'node:fs', 'plugins import only itops-tui/plugin and zod'],
    ['examples/itops-plugin-x/src/index.ts', 'itops-tui-plugin-kit', null],
    [
      'examples/itops-plugin-x/src/index.ts',
      '../../../src/plugin-api/index.js',
      'an example plugin reaches the cockpit only through the kit',
    ],
    [
      'examples/itops-plugin-x/src/index.ts',
      'got',
      'an example plugin imports only itops-tui-plugin-kit, zod and node: built-ins',
    ],
    [
      'examples/itops-plugin-x/src/index.ts',
      'vitest',
      'an example plugin imports only itops-tui-plugin-kit, zod and node: built-ins',
    ],
    ['examples/itops-plugin-x/test/a.test.ts', 'vitest', null],
    ['src/http/client.ts', '../store/state.js', 'http must not import ui or store'],
    ['src/config/load.ts', '../ui/App.js', 'config must not import ui or store'],
    ['src/config/schema.ts', '../plugin-api/index.js', 'config imports only domain, node and its libraries'],
    ['src/http/client.ts', '../host/invoke.js', 'http imports only domain, node and its libraries'],
    ['src/host/start.ts', '../store/scheduler.js', 'host must not import ui or store'],
    ['src/host/loader.ts', '../../plugins/pagerduty/index.js', null],
    [
      'src/host/loader.ts',
      '../../plugins/servicenow/client.js',
      'host loads plugins by path; only host/loader.ts composes built-ins',
    ],
    [
      'src/host/start.ts',
      '../../plugins/pagerduty/index.js',
      'host loads plugins by path; only host/loader.ts composes built-ins',
    ],
    ['src/store/scheduler.ts', '../host/port.js', null],
    ['src/store/x.ts', 'react', 'store must not import ink or react'],
    ['src/store/x.ts', 'ink', 'store must not import ink or react'],
    ['src/ui/App.tsx', '../store/selectors.js', null],
    ['src/ui/App.tsx', '../host/start.js', 'ui must not import host'],
    ['src/ui/x.ts', '../../plugins/pagerduty/map.js', 'ui must not import plugins/pagerduty'],
    ['src/ui/x.ts', 'keytar', 'ui must not import keytar (views never fetch)'],
    ['src/ui/x.ts', 'node:fs/promises', 'ui must not touch the filesystem (node:fs)'],
    ['src/ui/x.ts', '../cli/main.js', 'only cli/ imports cli/ (it is the composition root)'],
  ])('%s → %s', (file, specifier, rule) => {
    expect(ruleBroken(file, edge(specifier))).toBe(rule);
  });

  it('lets plugin-api import got for types only', () => {
    expect(ruleBroken('src/plugin-api/index.ts', edge('got', true))).toBeNull();
  });
});
