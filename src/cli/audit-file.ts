/**
 * Can the audit trail be written? Asked by `doctor` (an error, exit 2) and at cockpit
 * start (a warning on screen). Writes are refused while it cannot: an action that
 * pages people is never done unaudited. Looks, never creates: `doctor` has no side effects.
 */
import { checkAppend } from '../config/paths.js';
import { withDeadline } from './files.js';

export const AUDIT_PATH_FIX =
  'Fix: point audit.path at a regular file in a directory you can write ' +
  '(or remove audit.path to use $XDG_STATE_HOME/itops/audit.jsonl).';

async function problemOf(path: string): Promise<string | null> {
  return (await checkAppend(path))?.message ?? null;
}

/** Why the audit trail at `path` cannot be written, or null when it can. Bounded by a deadline. */
export async function checkAuditPath(path: string, deadlineMs = 2_000): Promise<string | null> {
  try {
    return await withDeadline(
      problemOf(path),
      deadlineMs,
      () => new Error(`${path} did not answer within ${deadlineMs / 1000}s (a hung mount?)`),
    );
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * `doctor`'s line for the audit trail: an error (exit 2) when a cockpit that may write
 * could not audit, nothing to check when the config is read-only.
 */
export async function doctorAuditCheck(config: {
  readOnly?: boolean;
  audit: { path: string };
}): Promise<{ ok: boolean; line: string | null }> {
  if (config.readOnly) return { ok: true, line: null };
  const problem = await checkAuditPath(config.audit.path);
  if (!problem) return { ok: true, line: `✓ audit ${config.audit.path}` };
  return {
    ok: false,
    line: `✗ audit.path: ${problem}. Every write would be refused: none is done unaudited. ${AUDIT_PATH_FIX}`,
  };
}
