/**
 * Issue 9, done-when 1 at the component level: a plugin's own action (tests/fixtures/plugins/
 * snooze-actions.ts: "snooze", a choice of how long, a typed confirmation) reaches the footer,
 * help, the chooser and confirm dialog, the progress line and the audit log, through the real
 * host port and store, with no file under src/ naming it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestContext } from 'itops-tui/testing';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createConnectorPort } from '../../src/host/connector.js';
import type { AuditEntry } from '../../src/store/audit.js';
import { type CockpitStore, createCockpitStore } from '../../src/store/scheduler.js';
import snoozer from '../fixtures/plugins/snooze-actions.js';
import { NOW } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
let store: CockpitStore | undefined;
afterEach(async () => {
  cleanup();
  await store?.stop();
  store = undefined;
});

/** The cockpit over the fixture plugin, as the host runs it; snoozes wait for `gate` to exist. */
async function cockpit(opts: { readOnly?: boolean } = {}) {
  const gate = join(mkdtempSync(join(tmpdir(), 'itops-snooze-')), 'go');
  const ctx = createTestContext({ plugin: 'fixture-snooze', gate }, { instance: 'fx', now: () => NOW });
  const port = createConnectorPort('fx', snoozer as never, (await snoozer.setup(ctx)) as never);
  const audit: AuditEntry[] = [];
  store = createCockpitStore({
    ports: [port],
    clock: { now: () => NOW },
    audit: (e) => void audit.push(e),
    actor: 'ana',
    newId: () => 'w1',
    state: { readOnly: opts.readOnly ?? false },
  });
  await store.firstLoad();
  const r = renderApp(store, { cols: 100, rows: 30 });
  await vi.waitFor(() => expect(r.frame()).toContain('FX-1'));
  return { r, audit, open: () => writeFileSync(gate, '') };
}

async function press(r: ReturnType<typeof renderApp>, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame()), r.frame()).toBe(true));
}

const footer = (r: ReturnType<typeof renderApp>) => r.frame().split('\n').at(-1)!;

describe("a plugin's own action", () => {
  test('footer, help, chooser, typed confirm, progress line and audit log, all from its declaration', async () => {
    const { r, audit, open } = await cockpit();
    expect(footer(r)).toContain('z Snooze…');
    await press(r, '?', (f) => f.includes('Esc closes'));
    expect(r.frame()).toMatch(/z +Snooze incident…/);
    await press(r, KEY.esc, (f) => !f.includes('Esc closes'));

    await press(r, 'z', (f) => f.includes('Snooze FX-1 Backup job overran its window for…'));
    for (const option of ['1. 15 minutes', '2. 1 hour', '3. 4 hours']) expect(r.frame()).toContain(option);
    await press(r, '2', (f) => f.includes('Type FX-1 to confirm:'));
    expect(r.frame()).toContain('⚠ Snooze FX-1 Backup job overran its window for 1 hour?');
    expect(r.frame()).toContain('fx stops paging for 1 hour, then pages the current on-call again.');
    expect(r.frame()).toContain('[Enter] Snooze once the name matches');

    // `y` is a letter of the name here, never a yes; a wrong name is refused and nothing is sent.
    await press(r, 'y', (f) => f.includes('Type FX-1 to confirm: y'));
    await press(r, KEY.enter, (f) => f.includes('Type FX-1 exactly to confirm (Esc cancels).'));
    expect(audit).toEqual([]);
    r.stdin.write('\u0015'); // Ctrl-U clears the field
    await vi.waitFor(() => expect(r.frame()).not.toContain('confirm: y'));
    for (const ch of 'FX-1') r.stdin.write(ch);
    await vi.waitFor(() => expect(r.frame()).toContain('Type FX-1 to confirm: FX-1'));
    await press(r, KEY.enter, (f) => f.includes('Snoozing FX-1…'));
    expect(audit).toEqual([
      expect.objectContaining({
        phase: 'intent',
        action: 'fixture-snooze.snooze',
        instance: 'fx',
        target: 'FX-1',
        values: { length: '1h' },
      }),
    ]);

    open();
    await vi.waitFor(() => expect(r.frame()).toContain('Snoozed FX-1 for 1 hour'));
    await vi.waitFor(() =>
      expect(audit.at(-1)).toMatchObject({
        phase: 'succeeded',
        id: 'w1',
        action: 'fixture-snooze.snooze',
        message: 'Snoozed FX-1 for 1 hour',
      }),
    );
  });

  test('Escape at the typed confirmation sends nothing', async () => {
    const { r, audit } = await cockpit();
    await press(r, 'z', (f) => f.includes('1. 15 minutes'));
    await press(r, KEY.enter, (f) => f.includes('Type FX-1 to confirm:'));
    await press(r, KEY.esc, (f) => f.includes('Cancelled.'));
    expect(audit).toEqual([]);
  });

  test('read-only mode hides it and refuses its key in its own words', async () => {
    const { r, audit } = await cockpit({ readOnly: true });
    expect(footer(r)).not.toContain('Snooze');
    await press(r, 'z', (f) => f.includes('Read-only mode: cannot snooze incidents'));
    expect(audit).toEqual([]);
  });

  test('no file under src/ names it', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
      );
    const src = join(__dirname, '../../src');
    expect(existsSync(src)).toBe(true);
    // Its id, its action's id and its words; "snooze" as a word is the simulator's (PagerDuty has one).
    const naming = files(src).filter((f) =>
      /fixture-snooze|Snoozing|Snooze incident/.test(readFileSync(f, 'utf8')),
    );
    expect(naming).toEqual([]);
  });
});
