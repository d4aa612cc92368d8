/** File-path settings are checked up front and reported under their key path. */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPaths } from '../../../src/config/paths.js';
import { makeSandbox, type Sandbox } from './fixtures.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(async () => {
  await chmod(sb.root, 0o700).catch(() => {});
  await sb.cleanup();
});

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const ca = (path: string) => ({ keyPath: ['http', 'caFile'], path, kind: 'ca-bundle' as const });
const audit = (path: string, isDefault = false) => ({
  keyPath: ['audit', 'path'],
  path,
  kind: 'append' as const,
  isDefault,
});

describe('http.caFile', () => {
  it('a missing bundle is an error naming the key and the absolute path, not a raw ENOENT', async () => {
    const missing = join(sb.root, 'corp-root.pem');
    const { errors } = await checkPaths([ca(missing)]);
    expect(errors).toEqual([
      {
        path: 'http.caFile',
        keyPath: ['http', 'caFile'],
        message: `no file at ${missing}`,
        fix: 'point it at your PEM bundle, or remove the key.',
      },
    ]);
  });

  it('a folder or a file without a PEM certificate is refused; a PEM bundle passes', async () => {
    const der = await sb.write('ca.der', '0\x82\x03\x08binary');
    const good = await sb.write('ca.pem', PEM);
    const { errors } = await checkPaths([ca(sb.home), ca(der), ca(good)]);
    expect(errors.map((e) => e.message)).toEqual([
      `${sb.home} is a folder`,
      `${der} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
    ]);
  });
});

describe('audit.path and log.path', () => {
  it('an existing writable file, or a path whose folders can be created, passes', async () => {
    const existing = await sb.write('audit.jsonl', '');
    const { errors } = await checkPaths([audit(existing), audit(join(sb.root, 'new', 'deeper', 'a.jsonl'))]);
    expect(errors).toEqual([]);
  });

  it('a folder, a named pipe, or a path under a regular file is an error', async () => {
    const fifo = join(sb.root, 'audit.fifo');
    execFileSync('mkfifo', [fifo]);
    const file = await sb.write('plain.txt', 'x');
    const { errors } = await checkPaths([audit(sb.home), audit(fifo), audit(join(file, 'audit.jsonl'))]);
    expect(errors.map((e) => e.message)).toEqual([
      `${sb.home} is a folder, not a file`,
      `${fifo} is a named pipe (FIFO), not a file`,
      `${file} is a file, not a folder, so ${join(file, 'audit.jsonl')} cannot be created`,
    ]);
    expect(errors.every((e) => e.path === 'audit.path')).toBe(true);
  });

  // root may write anywhere, so a permission test cannot fail for root; the cases above run everywhere.
  it.skipIf(process.getuid?.() === 0)('a folder this user cannot write is an error', async () => {
    const locked = join(sb.root, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const { errors } = await checkPaths([audit(join(locked, 'a.jsonl'))]);
    expect(errors[0]?.message).toBe(
      `cannot create ${join(locked, 'a.jsonl')}: ${locked} is not writable by this user`,
    );
  });

  it('a problem with a default path (not set by the user) is a warning that says which key to set', async () => {
    const file = await sb.write('plain.txt', 'x');
    const { errors, warnings } = await checkPaths([audit(join(file, 'audit.jsonl'), true)]);
    expect(errors).toEqual([]);
    expect(warnings[0]?.message).toMatch(/^\(default\) /);
    expect(warnings[0]?.fix).toBe('set audit.path to a path you can write.');
  });
});

describe('plugins.paths', () => {
  it('a module that is not there is reported under its index', async () => {
    const missing = join(sb.root, 'plugins', 'cmdb.js');
    const { errors } = await checkPaths([
      { keyPath: ['plugins', 'paths', 0], path: missing, kind: 'module' },
    ]);
    expect(errors[0]).toMatchObject({ path: 'plugins.paths[0]', message: `no file at ${missing}` });
  });
});
