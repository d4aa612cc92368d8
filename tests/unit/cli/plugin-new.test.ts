/** `plugin new`: the names it derives, and what it refuses before writing a file. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffoldNames, scaffoldPlugin } from '../../../src/cli/plugin-new.js';

describe('scaffoldNames', () => {
  it.each([
    ['acme', 'itops-plugin-acme', 'acme', 'Acme', 'itops-plugin-acme'],
    [
      'service-desk',
      'itops-plugin-service-desk',
      'service-desk',
      'Service Desk',
      'itops-plugin-service-desk',
    ],
    ['itops-plugin-jsm', 'itops-plugin-jsm', 'jsm', 'Jsm', 'itops-plugin-jsm'],
    ['@acme/itops-plugin-pager', '@acme/itops-plugin-pager', 'pager', 'Pager', 'itops-plugin-pager'],
  ])('%s', (input, packageName, id, displayName, folder) => {
    expect(scaffoldNames(input)).toEqual({ packageName, id, displayName, folder });
  });

  it.each([['Acme'], ['9lives'], ['acme_desk'], ['../evil'], ['itops-plugin-a.b'], ['@x/other']])(
    'refuses %s',
    (input) => {
      expect(() => scaffoldNames(input)).toThrow(/cannot name a plugin: use lower-case letters/);
    },
  );
});

describe('scaffoldPlugin', () => {
  it('fills every placeholder, and names the dot-file npm would drop', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'itops-new-'));
    const result = await scaffoldPlugin('@acme/itops-plugin-service-desk', parent);
    expect(result.dir).toBe(join(parent, 'itops-plugin-service-desk'));
    expect(result.files).toContain('.gitignore');
    expect(result.files).not.toContain('gitignore');
    for (const file of result.files) {
      expect(readFileSync(join(result.dir, file), 'utf8'), file).not.toMatch(/\{\{\w+\}\}/);
    }
    const pkg = JSON.parse(readFileSync(join(result.dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: '@acme/itops-plugin-service-desk',
      itops: { apiVersion: 1, id: 'service-desk' },
      peerDependencies: { 'itops-tui-plugin-kit': '^1.0.0', zod: '^4.0.0' },
    });
    expect(readFileSync(join(result.dir, 'src/index.ts'), 'utf8')).toContain("id: 'service-desk'");
  });

  it('refuses a folder that already holds something', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'itops-new-'));
    mkdirSync(join(parent, 'itops-plugin-acme'));
    writeFileSync(join(parent, 'itops-plugin-acme', 'notes.txt'), 'mine');
    await expect(scaffoldPlugin('acme', parent)).rejects.toThrow(/already exists and is not empty/);
    expect(readFileSync(join(parent, 'itops-plugin-acme', 'notes.txt'), 'utf8')).toBe('mine');
  });
});
