/** The note field is a line editor, and typed text is never dropped without asking (issue 15). */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createTestStore } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

async function press(r: ReturnType<typeof renderApp>, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame())).toBe(true));
}

const HOME = '\u001B[H';
const CTRL_W = '\u0017';
const CTRL_A = '\u0001';
const CTRL_E = '\u0005';

async function openNote(cols = 100) {
  const t = createTestStore();
  const r = renderApp(t.store, { cols, rows: 30 });
  await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
  await press(r, 'n', (f) => f.includes('Add a note to #4211'));
  return { t, r };
}

describe('the note field', () => {
  test('Left moves the cursor: a letter typed there lands before the last character', async () => {
    const { t, r } = await openNote();
    await press(r, 'helo', (f) => f.includes('> helo'));
    await press(r, KEY.left, (f) => f.includes('> helo'));
    await press(r, 'l', (f) => f.includes('> hello'));
    await press(r, KEY.enter, (f) => f.includes('[y] Add note'));
    await press(r, 'y', () => t.calls.length === 1);
    expect(t.calls[0]).toMatchObject({ values: { text: 'hello' } });
  });

  test('Home, Ctrl+A, Ctrl+E and Ctrl+W edit like a shell prompt', async () => {
    const { t, r } = await openNote();
    await press(r, 'db paged', (f) => f.includes('> db paged'));
    await press(r, HOME, (f) => f.includes('> db paged'));
    await press(r, 'x', (f) => f.includes('> xdb paged'));
    await press(r, CTRL_E, (f) => f.includes('> xdb paged'));
    await press(r, CTRL_W, (f) => f.includes('> xdb ') && !f.includes('paged'));
    await press(r, CTRL_A, (f) => f.includes('> xdb'));
    await press(r, KEY.right, (f) => f.includes('> xdb'));
    await press(r, KEY.backspace, (f) => f.includes('> db'));
    await press(r, KEY.enter, (f) => f.includes('[y] Add note'));
    await press(r, 'y', () => t.calls.length === 1);
    expect(t.calls[0]).toMatchObject({ values: { text: 'db' } });
  });

  test('the character after an emoji stays visible at 80 columns', async () => {
    const { r } = await openNote(80);
    await press(r, 'paged 😀x', (f) => f.includes('paged 😀x'));
  });

  test('Esc with typed text asks; n goes back to the text, y discards', async () => {
    const { t, r } = await openNote();
    await press(r, 'half a note', (f) => f.includes('> half a note'));
    await press(r, KEY.esc, (f) => f.includes('Discard what you typed?'));
    expect(r.frame()).toContain('half a note');
    await press(r, 'n', (f) => f.includes('> half a note') && !f.includes('Discard what you typed?'));
    await press(r, ' more', (f) => f.includes('> half a note more'));
    await press(r, KEY.esc, (f) => f.includes('Discard what you typed?'));
    await press(r, 'y', (f) => !f.includes('Discard what you typed?') && !f.includes('Add a note'));
    expect(r.frame()).toContain('typed text was discarded');
    expect(t.calls).toHaveLength(0);
  });

  test('Esc on an empty field closes at once', async () => {
    const { t, r } = await openNote();
    await press(r, KEY.esc, (f) => !f.includes('Add a note to #4211'));
    expect(r.frame()).not.toContain('Discard what you typed?');
    expect(r.frame()).toContain('Cancelled.');
    expect(t.calls).toHaveLength(0);
  });
});
