import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AppendError, type AppendIo, createAppender } from '../../../src/cli/files.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'itops-append-'));

describe('append-only files (audit log, plugin log)', () => {
  it('keeps appending after one failed write instead of failing forever', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.jsonl');
    const append = createAppender(file);
    mkdirSync(file); // a directory where the file should be: the write fails with EISDIR
    await expect(append('first')).rejects.toThrow(/EISDIR/);
    rmdirSync(file);
    await append('second');
    await append('third');
    expect(readFileSync(file, 'utf8')).toBe('second\nthird\n');
  });

  it('creates missing directories, and the file owner-only', async () => {
    const file = join(tempDir(), 'a', 'b', 'audit.jsonl');
    await createAppender(file, { sync: true, regularOnly: true })('x');
    expect(readFileSync(file, 'utf8')).toBe('x\n');
    expect(execFileSync('stat', ['-c', '%a', file]).toString().trim()).toBe('600');
  });

  // Issue 7: with audit.path on a FIFO nobody reads, open() blocked a libuv thread forever and
  // the action, the UI and quitting waited on it. Opened non-blocking, it fails at once.
  it('a FIFO with no reader fails at once instead of blocking (either mode)', async () => {
    const fifo = join(tempDir(), 'audit.fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await expect(createAppender(fifo, { regularOnly: true })('x')).rejects.toMatchObject({ code: 'IO' });
    await expect(createAppender(fifo)('x')).rejects.toThrow(/ENXIO.*no reader/);
    expect(Date.now() - started).toBeLessThan(1_900); // below the 2 s deadline: not a timeout
  });

  it('refuses anything but a regular file when asked (a device, however writable)', async () => {
    await expect(createAppender('/dev/null', { regularOnly: true })('x')).rejects.toMatchObject({
      code: 'NOT_A_FILE',
      message: '/dev/null is a device, not a regular file',
    });
    await createAppender('/dev/null')('x'); // the plugin log may point at /dev/null
  });

  it('flushes every line to disk before it counts as written, when asked', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const synced: string[] = [];
    const io: AppendIo = {
      mkdir: async () => {},
      open: async (path, flags, mode) => {
        const fh = await open(path, flags, mode);
        const sync = fh.sync.bind(fh);
        return Object.assign(fh, {
          sync: async () => {
            synced.push(readFileSync(path, 'utf8'));
            return sync();
          },
        }) as FileHandle;
      },
    };
    await createAppender(file, { sync: true, io })('{"phase":"intent"}');
    expect(synced).toEqual(['{"phase":"intent"}\n']);
  });
});

describe('append deadline', () => {
  it('gives up on a write that hangs, refuses more while it hangs, recovers when it returns', async () => {
    vi.useFakeTimers();
    try {
      const file = join(tempDir(), 'audit.jsonl');
      let release: () => void = () => {};
      let hang = true;
      const io: AppendIo = {
        mkdir: async () => {},
        open: (path, flags, mode) =>
          hang
            ? new Promise((_, reject) => {
                release = () => reject(new Error('EIO: finally gave up'));
              })
            : open(path, flags, mode),
      };
      const append = createAppender(file, { io, deadlineMs: 1_000 });
      const first = append('one');
      const settled = expect(first).rejects.toMatchObject({ code: 'TIMEOUT' });
      await vi.advanceTimersByTimeAsync(1_000);
      await settled;
      // Still hung: no second thread is put on it, the refusal is immediate.
      await expect(append('two')).rejects.toMatchObject({ code: 'STUCK' });
      hang = false;
      release();
      await vi.advanceTimersByTimeAsync(0);
      await append('three');
      expect(readFileSync(file, 'utf8')).toBe('three\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it('AppendError keeps a stable code', () => {
    expect(new AppendError('TIMEOUT', 'x').code).toBe('TIMEOUT');
  });
});

describe('one entry, one line', () => {
  it('any text in an entry (newlines, escapes, lone surrogates) stays on one line and reads back', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const append = createAppender(file, { sync: false, regularOnly: true });
    const written: unknown[] = [];
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), async (text) => {
        const entry = { v: 2, phase: 'intent', text };
        written.push(JSON.parse(JSON.stringify(entry)));
        await append(JSON.stringify(entry));
      }),
      { numRuns: 60 },
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual(written);
  });
});
