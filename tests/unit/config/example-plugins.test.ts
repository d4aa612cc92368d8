/**
 * config.example.yml is what users copy. Every connector in it whose plugin ships
 * today must pass that plugin's own schema, not just the shared keys, so the
 * example can never drift from the connector it documents.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/cli/check-config.js';
import { loadConfig } from '../../../src/config/load.js';
import { BUILTIN_PLUGINS, validatePlugin } from '../../../src/host/loader.js';
import { HOST_KEYS } from '../../../src/host/start.js';

const EXAMPLE = fileURLToPath(new URL('../../../config.example.yml', import.meta.url));

describe('config.example.yml against the shipped plugins', () => {
  it('validates every connector whose plugin is built in with that plugin’s schema', async () => {
    const { config } = await loadConfig({ configPath: EXAMPLE, env: {} });
    let checked = 0;
    for (const [instance, entry] of Object.entries(config.connectors)) {
      const load = BUILTIN_PLUGINS[entry.plugin];
      if (!load) continue;
      const plugin = validatePlugin(await load(), entry.plugin);
      const pluginConfig = Object.fromEntries(Object.entries(entry).filter(([k]) => !HOST_KEYS.includes(k)));
      const parsed = plugin.configSchema.safeParse(pluginConfig);
      expect(parsed.success, `connectors.${instance}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      checked++;
    }
    // Both PagerDuty examples (pd-us, pd-eu) are checked.
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});

describe('config.example.yml through the full one-pass check', () => {
  it('has zero errors and zero warnings', async () => {
    const state = await mkdtemp(join(tmpdir(), 'itops-example-'));
    try {
      const checked = await checkConfig({
        configPath: EXAMPLE,
        env: { HOME: state, XDG_STATE_HOME: state },
        demo: false,
      });
      expect(checked.errors).toEqual([]);
      expect(checked.warnings).toEqual([]);
      expect(checked.config?.connectors['pd-us']?.plugin).toBe('pagerduty');
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});

describe('config.example.yml: the commented override entries are valid as written', () => {
  it('uncommented, each `{…, override: true}` line parses under plugins:', async () => {
    const { readFile } = await import('node:fs/promises');
    const { load } = await import('js-yaml');
    const { configSchema } = await import('../../../src/config/schema.js');
    const text = await readFile(EXAMPLE, 'utf8');
    const lines = [...text.matchAll(/^ {2}# (- \{(?:path|name): .*override: true\})/gm)].map((m) => m[1]!);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const list = line.includes('{path:') ? 'paths' : 'packages';
      const entry = (load(line.replace(/\s+#.*$/, '')) as unknown[])[0];
      const parsed = configSchema.safeParse({ plugins: { [list]: [entry] } });
      expect(parsed.success, `${line}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(parsed.data?.plugins[list][0]).toMatchObject({ override: true });
    }
  });
});
