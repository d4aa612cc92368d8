/** Messages are never lost: they wrap, take turns, and the log keeps them whole with their time (issue 15). */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { TOAST_HOLD_MS } from '../../src/ui/view/toasts.js';
import { createTestStore, NOW } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const LONG =
  'Escalated #4211 to level 2 of Payments EP (Ana Example, Bob Builder); nobody further to page after level 2 of this policy';

describe('the message line', () => {
  test('three messages said at once are all seen, in turn (newest first), with how many wait', async () => {
    let real = NOW;
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30, real: () => real });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    t.store.notify('info', 'first message');
    t.store.notify('warn', 'second message');
    t.store.notify('error', 'third message');
    await vi.waitFor(() => expect(r.frame()).toContain('third message (+2 more I log)'));
    real += TOAST_HOLD_MS;
    // The clock's tick redraws; the next message takes the line.
    await vi.waitFor(() => expect(r.frame()).toContain('second message (+1 more I log)'));
    real += TOAST_HOLD_MS;
    await vi.waitFor(() => expect(r.frame()).toContain('first message'));
    expect(r.frame()).not.toContain('more I log');
  });

  test('a long message wraps to two rows at 80 columns, whole, and the screen still fits', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    t.store.notify('warn', LONG);
    await vi.waitFor(() => expect(r.frame()).toContain('after level 2 of this policy'));
    const lines = r.frame().split('\n');
    expect(lines).toHaveLength(24);
    const at = lines.findIndex((l) => l.includes('Escalated #4211'));
    expect(lines[at + 1]).toContain('after level 2');
    // The footer is still the last row.
    expect(lines.at(-1)).toContain('? Keys');
  });
});

describe('the message log', () => {
  test('I opens every message in full with its time; a message cut on the line is whole here', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    const huge = `${LONG}. ${'More detail from the vendor. '.repeat(6)}The end of it.`;
    t.store.notify('error', huge);
    t.store.notify('info', 'Cancelled.');
    await settle();
    r.stdin.write('I');
    await vi.waitFor(() => expect(r.frame()).toContain('Messages, newest first'));
    const f = r.frame();
    expect(f).toContain('03:12:45');
    expect(f).toContain('Cancelled.');
    expect(f.replace(/[║│\s]+/g, ' ')).toContain('The end of it.');
    await settle();
    r.stdin.write(KEY.esc);
    await vi.waitFor(() => expect(r.frame()).not.toContain('Messages, newest first'));
  });

  test('the log is bounded: a megabyte error is kept cut, with how much was dropped', () => {
    const t = createTestStore();
    t.store.notify('error', 'x'.repeat(1_000_000));
    const kept = t.store.getState().history.at(-1)!.text;
    expect(kept.length).toBeLessThan(5000);
    expect(kept).toMatch(/more characters not kept\)$/);
  });
});
