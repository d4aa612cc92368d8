/**
 * The plugin API as an author installs it: `itops-tui-plugin-kit` (and the cockpit's own
 * `itops-tui/plugin` / `itops-tui/testing` entries) carry no terminal UI, state zod and the
 * API version as peer requirements, ship types, and work in a plain Node process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '../../src/plugin-api/index.js';
import { ensureBuilt, ROOT } from '../helpers/pty.js';

const KIT = join(ROOT, 'packages', 'plugin-kit');
const kitManifest = () => JSON.parse(readFileSync(join(KIT, 'package.json'), 'utf8'));

/** Every module a bundle imports at run time. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(
    /(?:^|\n)\s*import\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
  ))
    found.add((m[1] ?? m[2])!);
  for (const m of text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) found.add(m[1]!);
  return [...found].sort();
}

beforeAll(ensureBuilt, 120_000);

describe('the slim plugin API', () => {
  it.each([
    ['packages/plugin-kit/dist/index.js'],
    ['packages/plugin-kit/dist/testing.js'],
    ['dist/plugin.js'],
    ['dist/testing.js'],
  ])('%s imports only node built-ins, got and zod (no Ink, no React)', (file) => {
    const imports = importsOf(join(ROOT, file));
    expect(imports.length).toBeGreaterThan(0);
    for (const spec of imports) expect(spec).toMatch(/^(node:[a-z_/]+|got|zod)$/);
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text).not.toMatch(/from ["'](ink|react)["']|createElement|useState/);
  });

  it('states zod and the plugin API version as peer requirements', () => {
    const kit = kitManifest();
    expect(kit.name).toBe('itops-tui-plugin-kit');
    expect(Number(kit.version.split('.')[0])).toBe(API_VERSION);
    expect(kit.itops).toEqual({ apiVersion: API_VERSION });
    expect(kit.peerDependencies).toEqual({ zod: '^4.0.0' });
    expect(Object.keys(kit.dependencies)).toEqual(['got']);
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    // The kit's got and zod ranges must admit what the cockpit itself runs with.
    expect(kit.dependencies.got).toBe(root.dependencies.got);
    expect(root.dependencies.zod).toMatch(/^\^4\./);
  });

  it('ships declarations for every entry it exports', () => {
    const kit = kitManifest();
    for (const entry of Object.values(kit.exports) as ({ types: string; default: string } | string)[]) {
      if (typeof entry === 'string') continue;
      expect(existsSync(join(KIT, entry.types)), entry.types).toBe(true);
      expect(existsSync(join(KIT, entry.default)), entry.default).toBe(true);
    }
    const types = readFileSync(join(KIT, kit.exports['.'].types), 'utf8');
    expect(types).toContain('definePlugin');
    expect(readFileSync(join(KIT, kit.exports['./testing'].types), 'utf8')).toContain('checkPlugin');
  });

  it('works in a plain Node process: definePlugin brands, and checkPlugin passes a small plugin', () => {
    const script = `
      import { definePlugin, PLUGIN_ERROR_CODES } from ${JSON.stringify(join(KIT, 'dist/index.js'))};
      import { checkPlugin } from ${JSON.stringify(join(KIT, 'dist/testing.js'))};
      const plugin = definePlugin({
        apiVersion: 1, id: 'kit-probe', displayName: 'Kit probe', version: '0.0.1',
        capabilities: ['incidents.read'],
        configSchema: { safeParse: (v) => ({ success: true, data: v }) },
        setup: () => ({ async listIncidents() { return []; }, async health() { return { ok: true, detail: 'ok' }; } }),
      });
      const problems = await checkPlugin(plugin, { config: {}, callStreams: true });
      process.stdout.write(JSON.stringify({ brand: plugin.$$type, codes: PLUGIN_ERROR_CODES.length, problems }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ brand: 'itops/connector', codes: 10, problems: [] });
  });
});
