/**
 * The bounded config reader: size checked before reading, aliases counted before
 * any value is built, and positions for every key path.
 */
import { execFileSync } from 'node:child_process';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { locate } from '../../../src/config/positions.js';
import { MAX_CONFIG_BYTES, MAX_CONFIG_NODES, readConfigSource } from '../../../src/config/source.js';
import { makeSandbox, type Sandbox } from './fixtures.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(async () => {
  await sb.cleanup();
});

async function failure(file: string, limits?: Parameters<typeof readConfigSource>[1]): Promise<ConfigError> {
  const err = await readConfigSource(file, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

/** The classic "billion laughs": nine levels of nine aliases, 9^9 (387 million) strings from ~350 bytes. */
function billionLaughs(): string {
  const names = 'abcdefghi'.split('');
  return names
    .map((name, i) =>
      i === 0
        ? `${name}: &${name} [${Array(9).fill('"lol"').join(',')}]`
        : `${name}: &${name} [${Array(9)
            .fill(`*${names[i - 1]}`)
            .join(',')}]`,
    )
    .join('\n');
}

describe('alias expansion limit', () => {
  it('refuses a billion-laughs file fast, naming the line, before any value is built', async () => {
    const text = billionLaughs();
    expect(text.length).toBeLessThan(700);
    const file = await sb.write('bomb.yml', text);
    const started = performance.now();
    const err = await failure(file);
    // Expanding it takes minutes and gigabytes; refusing it is a walk over ~100 events.
    // The bound is generous so a loaded machine cannot fail it; the old loader could not meet it.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(err.code).toBe('CONFIG_LIMIT');
    expect(err.message).toContain(`Refusing to load ${file}:`);
    expect(err.issues[0]?.message).toMatch(
      /YAML aliases \(\*name\) expand this file to more than 20,000 values/,
    );
    expect(err.issues[0]?.message).toMatch(/billion laughs/);
    // The limit is crossed while reading the fifth line's aliases: 9^4 × … > 20,000.
    expect(err.issues[0]?.line).toBe(5);
  });

  it('counts expanded nodes exactly: a document of N values passes with limit N and fails with N-1', async () => {
    // root map (1) + 2 keys (2) + list (1) + 3 items (3) + alias to the list (1 + 3) = 11
    const file = await sb.write('small.yml', 'a: &l [1, 2, 3]\nb: *l\n');
    await expect(readConfigSource(file, { maxNodes: 11 })).resolves.toMatchObject({
      raw: { a: [1, 2, 3], b: [1, 2, 3] },
    });
    expect((await failure(file, { maxNodes: 10 })).code).toBe('CONFIG_LIMIT');
  });

  it('ordinary anchors (one token shared by two connectors) stay well inside the limit', async () => {
    const file = await sb.write(
      'shared.yml',
      'connectors:\n  a: {plugin: pagerduty, token: &t {env: PD}}\n  b: {plugin: pagerduty, token: *t}\n',
    );
    const { raw } = await readConfigSource(file);
    expect(raw).toEqual({
      connectors: {
        a: { plugin: 'pagerduty', token: { env: 'PD' } },
        b: { plugin: 'pagerduty', token: { env: 'PD' } },
      },
    });
    expect(MAX_CONFIG_NODES).toBeGreaterThanOrEqual(10_000);
  });
});

describe('size limit', () => {
  it('refuses a file over the limit from its size alone, naming the size and the limit', async () => {
    const file = await sb.write('huge.yml', '');
    // Sparse: 74 MB on paper, nothing on disk. Reading it whole is exactly what must not happen.
    await truncate(file, 74 * 1024 * 1024);
    const err = await failure(file);
    expect(err.code).toBe('CONFIG_LIMIT');
    expect(err.issues[0]?.message).toBe(
      'the file is 77,594,624 bytes; config files may be at most 1,048,576 bytes (1 MiB)',
    );
    expect(err.issues[0]?.fix).toMatch(/right file/);
  });

  it('reads a file of exactly the limit, and refuses one byte more', async () => {
    const body = 'readOnly: true\n';
    const exact = await sb.write('exact.yml', body + '#'.repeat(MAX_CONFIG_BYTES - body.length));
    await expect(readConfigSource(exact)).resolves.toMatchObject({ raw: { readOnly: true } });
    const over = await sb.write('over.yml', body + '#'.repeat(MAX_CONFIG_BYTES - body.length + 1));
    expect((await failure(over)).code).toBe('CONFIG_LIMIT');
  });

  it('a named pipe is refused without blocking on it', async () => {
    const fifo = join(sb.root, 'config.fifo');
    execFileSync('mkfifo', [fifo]);
    const err = await failure(fifo);
    expect(err.code).toBe('CONFIG_READ');
    expect(err.issues[0]?.message).toBe('this is not a regular file');
  });
});

describe('documents and positions', () => {
  it('refuses a file with two YAML documents, pointing at the second', async () => {
    const file = await sb.write('two.yml', 'readOnly: true\n---\nreadOnly: false\n');
    const err = await failure(file);
    expect(err.code).toBe('CONFIG_PARSE');
    expect(err.issues[0]).toMatchObject({ line: 2, column: 1 });
    expect(err.issues[0]?.message).toMatch(/2 YAML documents/);
  });

  it('an empty or comment-only file is an empty config', async () => {
    const file = await sb.write('empty.yml', '# nothing yet\n\n');
    expect((await readConfigSource(file)).raw).toBeUndefined();
  });

  it('indexes keys and values in block, flow and quoted styles, and list items', async () => {
    const file = await sb.write(
      'pos.yml',
      [
        'connectors:',
        '  pd-us:',
        '    plugin: pagerduty',
        '    pollSeconds: {incidents: 15, "oncall": 300}',
        'keys:',
        '  nav.down: [j, down]',
      ].join('\n'),
    );
    const { positions } = await readConfigSource(file);
    expect(locate(positions, ['connectors', 'pd-us', 'plugin'], 'key')).toEqual({ line: 3, column: 5 });
    expect(locate(positions, ['connectors', 'pd-us', 'plugin'])).toEqual({ line: 3, column: 13 });
    expect(locate(positions, ['connectors', 'pd-us', 'pollSeconds', 'oncall'], 'key')).toEqual({
      line: 4,
      column: 34,
    });
    expect(locate(positions, ['keys', 'nav.down', 1])).toEqual({ line: 6, column: 17 });
    // A key that is not written points at its nearest written parent's key (`pd-us:`).
    expect(locate(positions, ['connectors', 'pd-us', 'token'])).toEqual({ line: 2, column: 3 });
  });

  it('JSON files get positions too', async () => {
    const file = join(sb.root, 'c.json');
    await writeFile(file, '{\n  "ui": {\n    "theme": "blue"\n  }\n}\n');
    const { raw, positions } = await readConfigSource(file);
    expect(raw).toEqual({ ui: { theme: 'blue' } });
    expect(locate(positions, ['ui', 'theme'])).toEqual({ line: 3, column: 14 });
  });
});

describe('cosmiconfig loads the file, within our limits', () => {
  it('never follows $import to another file: the key stays in the document, where strict checking reports it', async () => {
    await sb.write('other.yml', 'readOnly: true\nui: {theme: light}\n');
    const file = await sb.write('main.yml', '$import: other.yml\nui: {ascii: true}\n');
    const { raw, positions } = await readConfigSource(file);
    expect(raw).toEqual({ $import: 'other.yml', ui: { ascii: true } });
    expect(locate(positions, ['$import'], 'key')).toEqual({ line: 1, column: 1 });
  });

  it('an empty file is an empty document', async () => {
    const file = await sb.write('empty.yml', '   \n');
    await expect(readConfigSource(file)).resolves.toMatchObject({ raw: undefined });
  });
});
