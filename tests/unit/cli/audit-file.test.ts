/** Can the audit trail be written? `doctor` and cockpit start ask; nothing is created by asking. */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAuditPath, doctorAuditCheck } from '../../../src/cli/audit-file.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'itops-auditpath-'));

describe('checkAuditPath', () => {
  it('accepts a writable file, and a missing one under a directory it can create', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'audit.jsonl'), '');
    expect(await checkAuditPath(join(dir, 'audit.jsonl'))).toBeNull();
    const deep = join(dir, 'state', 'itops', 'audit.jsonl');
    expect(await checkAuditPath(deep)).toBeNull();
    expect(existsSync(join(dir, 'state'))).toBe(false); // asked, not created
  });

  it('names a FIFO, a directory and a device for what they are', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    mkdirSync(join(dir, 'sub'));
    expect(await checkAuditPath(join(dir, 'fifo'))).toBe(
      `${join(dir, 'fifo')} is a named pipe (FIFO), not a file`,
    );
    expect(await checkAuditPath(join(dir, 'sub'))).toBe(`${join(dir, 'sub')} is a folder, not a file`);
    expect(await checkAuditPath('/dev/null')).toBe('/dev/null is a device, not a file');
  });

  it('names a parent that is a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain'), '');
    expect(await checkAuditPath(join(dir, 'plain', 'audit.jsonl'))).toMatch(/plain is a file, not a folder/);
    expect(await checkAuditPath(join(dir, 'plain', 'x', 'audit.jsonl'))).toMatch(
      /plain is a file, not a folder/,
    );
  });

  // Root may write anywhere, so permission checks only mean something for other users.
  it.skipIf(process.getuid?.() === 0)('names a directory it may not write in', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o500);
    expect(await checkAuditPath(join(dir, 'locked', 'audit.jsonl'))).toMatch(
      /locked is not writable by this user/,
    );
  });
});

describe('doctorAuditCheck', () => {
  it('is an error line with the key path and the fix when the trail cannot be written', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const r = await doctorAuditCheck({ audit: { path: join(dir, 'fifo') } });
    expect(r.ok).toBe(false);
    expect(r.line).toMatch(
      /^✗ audit\.path: .*fifo is a named pipe \(FIFO\).*refused.*Fix: point audit\.path at a regular file/,
    );
  });

  it('passes a good path with a ✓ line, and has nothing to say for a read-only config', async () => {
    const path = join(tempDir(), 'audit.jsonl');
    expect(await doctorAuditCheck({ audit: { path } })).toEqual({ ok: true, line: `✓ audit ${path}` });
    expect(await doctorAuditCheck({ readOnly: true, audit: { path: '/dev/null' } })).toEqual({
      ok: true,
      line: null,
    });
  });
});
