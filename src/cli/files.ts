/**
 * Append-only files under the state dir: the plugin log and the audit trail.
 * Writes are queued so lines never interleave, and nothing here writes to the
 * terminal (Ink owns stdout).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PluginLogger } from '../plugin-api/index.js';

export function createAppender(file: string): (line: string) => Promise<void> {
  let chain: Promise<void> = mkdir(dirname(file), { recursive: true }).then(() => undefined);
  return (line: string) => {
    // One failed write (disk full, path is a directory) must not reject every later one.
    const write = chain.catch(() => {}).then(() => appendFile(file, `${line}\n`, { mode: 0o600 }));
    chain = write;
    return write;
  };
}

export function createLogger(append: (line: string) => Promise<void>, redact: (t: string) => string) {
  return (instance: string): PluginLogger => {
    const write = (level: string) => (msg: string, data?: Record<string, unknown>) => {
      const line = JSON.stringify({
        at: new Date().toISOString(),
        level,
        instance,
        msg,
        ...(data ? { data } : {}),
      });
      void append(redact(line)).catch(() => {});
    };
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  };
}
