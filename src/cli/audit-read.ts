/**
 * The audit trail read back for the shift report: which writes completed in the window
 * (acknowledged, escalated, resolved from this cockpit). Resolved incidents leave the open
 * list and escalations carry no time on the record, so without the trail those changes are
 * unknown; the report says so instead of claiming "none".
 */
import { open } from 'node:fs/promises';
import type { AuditLine } from './shift-report.js';

/** The tail read at most: a trail of years must not stall a cron check. */
const MAX_BYTES = 8 * 1024 * 1024;

export interface AuditRead {
  lines: AuditLine[];
  read: boolean;
  /** One sentence for the report: where the trail came from, or why it was not read. */
  note: string;
}

function lineOf(text: string): AuditLine | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
    const [phase, at, instance, action, target] = ['phase', 'at', 'instance', 'action', 'target'].map(str);
    if (!phase || !at || !instance || !action || !target) return undefined;
    const actor = str('actor');
    const targetId = str('targetId');
    return {
      phase,
      at,
      instance,
      action,
      target,
      ...(actor ? { actor } : {}),
      ...(targetId ? { targetId } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Parse JSONL text; lines that are not audit lines (a torn last line, garbage) are skipped. */
export function parseAudit(text: string): AuditLine[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .map(lineOf)
    .filter((l): l is AuditLine => l !== undefined);
}

export async function readAuditTrail(path: string): Promise<AuditRead> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const start = Math.max(0, size - MAX_BYTES);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    const lines = parseAudit(buf.toString('utf8'));
    return {
      lines,
      read: true,
      note: `Acknowledged, escalated and resolved include writes from the audit trail ${path}.`,
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const note =
      code === 'ENOENT'
        ? `No audit trail at ${path} yet: changes made in the vendors' own tools show only where the records carry their time.`
        : `The audit trail ${path} could not be read (${code ?? (err as Error).message}): escalations and resolutions may be missing.`;
    return { lines: [], read: false, note };
  } finally {
    await handle?.close();
  }
}
