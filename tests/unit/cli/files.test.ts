import { mkdirSync, mkdtempSync, readFileSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppender } from '../../../src/cli/files.js';

describe('append-only files (audit log, plugin log)', () => {
  it('keeps appending after one failed write instead of failing forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-append-'));
    const file = join(dir, 'audit.jsonl');
    const append = createAppender(file);
    mkdirSync(file); // a directory where the file should be: the write fails with EISDIR
    await expect(append('first')).rejects.toThrow(/EISDIR/);
    rmdirSync(file);
    await append('second');
    await append('third');
    expect(readFileSync(file, 'utf8')).toBe('second\nthird\n');
  });
});
