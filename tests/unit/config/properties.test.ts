/**
 * Property tests for the config loader: any text is either a config or a
 * ConfigError (never a crash), every written key has a line, and an unknown key
 * anywhere in the app's sections is reported at exactly its path.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, formatPath } from '../../../src/config/errors.js';
import { readConfigSource } from '../../../src/config/source.js';
import { checkConfigValue } from '../../../src/config/validate.js';
import { checkConnectors } from '../../../src/host/check.js';
import { keymapIssues } from '../../../src/ui/keys/keymap.js';
import { makeSandbox, type Sandbox } from './fixtures.js';

const EXAMPLE = fileURLToPath(new URL('../../../config.example.yml', import.meta.url));

let sb: Sandbox;
let counter = 0;
beforeAll(async () => {
  sb = await makeSandbox();
});
afterAll(async () => {
  await sb.cleanup();
});

async function readText(text: string, ext = 'yml') {
  const file = join(sb.root, `p${counter++}.${ext}`);
  await writeFile(file, text);
  return readConfigSource(file);
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every key path in a value (mappings and lists), parents before children. */
function paths(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  const out: PropertyKey[][] = [];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push([...at, i], ...paths(v, [...at, i]));
  } else if (isMapping(value))
    for (const [k, v] of Object.entries(value)) out.push([...at, k], ...paths(v, [...at, k]));
  return out;
}

/** Text that looks like YAML often enough to reach the deeper code paths. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(
        'a:',
        '  b: 1',
        '- x',
        '&a [1]',
        '*a',
        '{',
        '}',
        '[',
        ']',
        '---',
        '? k',
        ': v',
        '"\\u',
        "'",
        '|',
        '#',
      ),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join('\n'));

describe('any text', () => {
  it('is a document or a ConfigError with a message; positions stay inside the file', async () => {
    await fc.assert(
      fc.asyncProperty(yamlish, async (text) => {
        let source: Awaited<ReturnType<typeof readConfigSource>>;
        try {
          source = await readText(text);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as ConfigError).issues[0]?.message.length).toBeGreaterThan(0);
          return;
        }
        const lines = text.split('\n').length;
        for (const at of source.positions.values()) {
          expect(at.value.line).toBeGreaterThanOrEqual(1);
          expect(at.value.line).toBeLessThanOrEqual(lines);
        }
        // Whatever parsed, the check returns problems instead of throwing.
        const check = checkConfigValue(source.raw);
        for (const issue of [...check.errors, ...check.warnings]) {
          expect(typeof issue.path).toBe('string');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('any document written as YAML or JSON', () => {
  const key = fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 8 });
  const doc = fc.dictionary(
    key,
    fc.oneof(
      fc.integer(),
      fc.string({ maxLength: 10 }),
      fc.dictionary(key, fc.oneof(fc.boolean(), fc.array(fc.integer(), { maxLength: 3 })), { maxKeys: 4 }),
    ),
    { minKeys: 1, maxKeys: 6 },
  );

  it('reads back to the same value with a position for every key path', async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.constantFrom(-1, 1, 2), async (value, flowLevel) => {
        const text = dump(value, { flowLevel });
        const source = await readText(text);
        expect(source.raw).toEqual(load(text));
        for (const p of paths(source.raw))
          expect(source.positions.has(formatPath(p)), formatPath(p)).toBe(true);
        const json = await readText(JSON.stringify(value, null, 2), 'json');
        expect(json.raw).toEqual(value);
      }),
      { numRuns: 150 },
    );
  });
});

describe('an unknown key anywhere in the app’s own sections', () => {
  let example: Record<string, unknown>;
  beforeAll(async () => {
    example = load(await readFile(EXAMPLE, 'utf8')) as Record<string, unknown>;
  });

  it('is reported at exactly its path, whatever it is called', async () => {
    // Every mapping the app owns (connector entries and `keys` belong to plugins and the key
    // registry; `correlation.aliases` is keyed by the user's own names).
    const owned = [[] as PropertyKey[], ...paths(example)].filter((p) => {
      const value = p.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)[k], example);
      // The names under `ui.views` are the user's own too, though each view's keys are checked.
      const userKeyed =
        (p[0] === 'correlation' && p[1] === 'aliases') ||
        (p.length === 2 && p[0] === 'ui' && p[1] === 'views');
      return isMapping(value) && p[0] !== 'connectors' && p[0] !== 'keys' && !userKeyed;
    });
    expect(owned.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...owned),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__'),
        async (at, name) => {
          const doc = structuredClone(example);
          const target = at.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)[k], doc) as Record<
            string,
            unknown
          >;
          fc.pre(!(name in target));
          target[name] = 1;
          const check = checkConfigValue(doc);
          const unknown = check.errors.filter((e) => e.message.startsWith('unknown key'));
          expect(unknown.map((e) => e.path)).toEqual([formatPath([...at, name])]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('any connectors and keys sections', () => {
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({ env: fc.string() }),
    fc.constantFrom('us', 'eu', 15, true, null),
  );
  const entry = fc.dictionary(
    fc.constantFrom(
      'plugin',
      'token',
      'region',
      'regoin',
      'pollSeconds',
      'enabled',
      'auth',
      'instanceUrl',
      'x',
    ),
    value,
  );
  const withPlugin = fc
    .tuple(entry, fc.constantFrom('pagerduty', 'servicenow', 'pagerdutty', 'datadog', '', './nowhere.js'))
    .map(([e, plugin]) => ({ ...e, plugin }));

  it('are judged without throwing, every problem under its own section', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(withPlugin, value), { maxKeys: 4 }),
        fc.dictionary(fc.string({ maxLength: 14 }), fc.oneof(fc.string({ maxLength: 8 }), value)),
        async (connectors, keys) => {
          const { errors } = await checkConnectors({ connectors }, { baseDir: sb.root });
          for (const e of errors) expect(e.path.startsWith('connectors')).toBe(true);
          for (const k of keymapIssues(keys).issues) expect(k.path[0]).toBe('keys');
        },
      ),
      { numRuns: 200 },
    );
  });
});
