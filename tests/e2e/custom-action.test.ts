/**
 * Issue 9, done-when 1 in a real pseudo-terminal: a plugin loaded from `plugins.paths`
 * (tests/fixtures/plugins/snooze-actions.ts) brings an action of its own, and the bundled CLI,
 * which has never heard of it, shows it in the footer and help, asks its question with its
 * choices, wants the incident's key typed, shows its progress line and writes it to the audit log.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/audit.js';
import { ensureBuilt, type PtySession, ROOT, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

function auditLines(file: string): AuditEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AuditEntry);
}

/** Resolves once `check` holds, polling; the deadline is generous for a loaded machine. */
async function until(check: () => boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a plugin's own action, through the bundled CLI", () => {
  it('footer, help, choices, typed confirmation, progress line and audit log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itops-snooze-e2e-'));
    const gate = join(dir, 'go');
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      [
        'plugins:',
        `  paths: [${JSON.stringify(join(ROOT, 'tests/fixtures/plugins/snooze-actions.ts'))}]`,
        'connectors:',
        '  fx:',
        '    plugin: fixture-snooze',
        `    gate: ${JSON.stringify(gate)}`,
        '',
      ].join('\n'),
    );
    session = spawnCli(['--config', config], { cols: 100, rows: 30 });
    const s = session;
    const footer = () => s.screen().at(-1) ?? '';
    await s.waitFor(
      (t) => t.includes('FX-1') && footer().includes('z Snooze…'),
      'the queue and its hint',
      30_000,
    );

    s.write('?');
    await s.waitFor((t) => /z +Snooze incident…/.test(t), 'help');
    s.write('\u001b');
    await s.waitFor((t) => !t.includes('Esc closes'), 'help closed');

    s.write('z');
    await s.waitFor((t) => t.includes('Snooze FX-1 Backup job overran its window for…'), 'the chooser');
    expect(s.text()).toContain('2. 1 hour');
    s.write('2');
    await s.waitFor((t) => t.includes('Type FX-1 to confirm:'), 'the typed confirmation');
    expect(s.text()).toContain('fx stops paging for 1 hour, then pages the current on-call again.');
    s.write('FX-1');
    await s.waitFor((t) => t.includes('Type FX-1 to confirm: FX-1'), 'the typed key');
    s.write('\r');
    await s.waitFor((t) => t.includes('Snoozing FX-1…'), 'the progress line');

    const file = join(s.stateDir, 'itops', 'audit.jsonl');
    await until(() => auditLines(file).length === 1, 'the intent line');
    expect(auditLines(file)[0]).toMatchObject({
      v: 2,
      phase: 'intent',
      action: 'fixture-snooze.snooze',
      instance: 'fx',
      target: 'FX-1',
      values: { length: '1h' },
    });

    writeFileSync(gate, '');
    await s.waitFor((t) => t.includes('Snoozed FX-1 for 1 hour'), 'the outcome');
    await until(() => auditLines(file).length === 2, 'the completion line');
    expect(auditLines(file)[1]).toMatchObject({
      phase: 'succeeded',
      action: 'fixture-snooze.snooze',
      message: 'Snoozed FX-1 for 1 hour',
    });
    s.write('q');
    expect((await s.exited).exitCode).toBe(0);
  }, 90_000);
});
