/**
 * Append-only files under the state dir: the plugin log and the audit trail.
 * Writes are queued so lines never interleave, and nothing here writes to the
 * terminal (Ink owns stdout).
 *
 * Every append has a deadline. A write that cannot finish (a FIFO nobody reads, a hung
 * network mount) must never hold up an action, the UI or quitting: libuv runs file IO on a
 * small thread pool, and a blocked `open()` pins a thread for good, so the file is opened
 * non-blocking and a call that overruns its deadline is given up on, with later writes
 * refused at once until it returns rather than piling more threads onto it.
 */
import { constants } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redactDeep } from '../config/redact.js';
import type { PluginLogger } from '../plugin-api/index.js';

export interface AppenderOptions {
  /** fsync every line before the write counts as done (the audit trail); default false. */
  sync?: boolean;
  /** Refuse anything but a regular file (a FIFO, device or directory); default false. */
  regularOnly?: boolean;
  /** Longest one append may take, ms (default 2000). */
  deadlineMs?: number;
  /** File system seam for tests; defaults to node:fs/promises. */
  io?: AppendIo;
}

/** The few file operations an append needs, so tests can make one hang. */
export interface AppendIo {
  mkdir(dir: string): Promise<unknown>;
  open(file: string, flags: number, mode: number): Promise<FileHandle>;
}

const nodeIo: AppendIo = {
  mkdir: (dir) => mkdir(dir, { recursive: true }),
  open: (file, flags, mode) => open(file, flags, mode),
};

/** O_NONBLOCK: opening a FIFO without a reader fails at once (ENXIO) instead of blocking a thread. */
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK;

export class AppendError extends Error {
  override readonly name = 'AppendError';
  constructor(
    readonly code: 'TIMEOUT' | 'STUCK' | 'NOT_A_FILE' | 'IO',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a path is, in words, when it is not a regular file. */
export function kindOf(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Reject after `ms` unless `work` settles first; the timer never keeps the process alive. */
export function withDeadline<T>(work: Promise<T>, ms: number, onLate: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onLate()), ms);
    timer.unref?.();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function createAppender(file: string, options: AppenderOptions = {}): (line: string) => Promise<void> {
  const io = options.io ?? nodeIo;
  const deadlineMs = options.deadlineMs ?? 2_000;
  let dirReady = false;
  /** The append that overran its deadline, still occupying an IO thread. */
  let stuck: Promise<unknown> | null = null;
  let chain: Promise<void> = Promise.resolve();

  const once = async (line: string) => {
    if (!dirReady) {
      await io.mkdir(dirname(file));
      dirReady = true;
    }
    let fh: FileHandle | undefined;
    try {
      fh = await io.open(file, APPEND_FLAGS, 0o600);
      if (options.regularOnly) {
        const st = await fh.stat();
        if (!st.isFile()) throw new AppendError('NOT_A_FILE', `${file} is ${kindOf(st)}, not a regular file`);
      }
      await fh.write(`${line}\n`);
      if (options.sync) await fh.sync();
    } finally {
      await fh?.close().catch(() => {});
    }
  };

  const attempt = (line: string): Promise<void> => {
    if (stuck) {
      return Promise.reject(
        new AppendError(
          'STUCK',
          `${file}: an earlier write is still blocked; not writing more until it returns`,
        ),
      );
    }
    const work = once(line);
    return withDeadline(work, deadlineMs, () => {
      stuck = work
        .catch(() => {})
        .finally(() => {
          stuck = null;
        });
      return new AppendError('TIMEOUT', `${file}: write did not finish within ${deadlineMs / 1000}s`);
    }).catch((err: unknown) => {
      if (err instanceof AppendError) throw err;
      const e = err as NodeJS.ErrnoException;
      // ENXIO: a FIFO nobody reads (opened non-blocking). Say it in words, keep the errno code.
      const hint = e.code === 'ENXIO' ? ' (a FIFO or device with no reader)' : '';
      throw new AppendError('IO', `${e.message ?? String(err)}${hint}`, { cause: err });
    });
  };

  return (line: string) => {
    // One failed write (disk full, path is a directory) must not reject every later one.
    const write = chain.catch(() => {}).then(() => attempt(line));
    chain = write;
    return write;
  };
}

export function createLogger(append: (line: string) => Promise<void>, redact: (t: string) => string) {
  return (instance: string): PluginLogger => {
    const write = (level: string) => (msg: string, data?: Record<string, unknown>) => {
      // Redacted before and after encoding: JSON escapes (\" \\ \uXXXX) would hide a secret
      // from the second pass, and the first does not see keys a plugin's data nests oddly.
      const line = JSON.stringify({
        at: new Date().toISOString(),
        level,
        instance,
        msg: redact(String(msg)),
        ...(data ? { data: redactDeep(data, redact) } : {}),
      });
      void append(redact(line)).catch(() => {});
    };
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  };
}
