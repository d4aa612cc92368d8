/** What the user types into a dialog is theirs: only unsafe characters are removed before it is sent. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createTestStore } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

describe('text the user types', () => {
  test('reaches the vendor as typed (emoji sequences, combining marks), while the screen settles it', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    r.stdin.write('n');
    await vi.waitFor(() => expect(r.frame()).toContain('Add a note to #4211'));
    const note = 'paged 👨‍👩‍👧 and Zoe\u0308';
    r.stdin.write(note);
    await vi.waitFor(() => expect(r.frame()).toContain('paged 👨👩👧 and Zoë'));
    r.stdin.write(KEY.enter);
    await vi.waitFor(() => expect(r.frame()).toContain('[y] Add note'));
    r.stdin.write('y');
    await vi.waitFor(() => expect(t.calls).toHaveLength(1));
    expect(t.calls[0]).toMatchObject({ action: 'incidents.note', values: { text: note } });
  });
});
