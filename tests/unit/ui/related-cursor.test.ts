/**
 * The related list's cursor follows the record it was put on: a poll that reorders or shrinks the
 * list must not leave Enter pointing at another record than the one the user chose.
 */
import { describe, expect, it } from 'vitest';
import { initialUi, relatedCursor, uiReducer } from '../../../src/ui/view/ui-state.js';

const list = (...keys: string[]) => keys.map((key) => ({ key }));

describe('related cursor', () => {
  it('stays on its record when the list reorders; falls back to the place, clamped, when it is gone', () => {
    const ui = uiReducer(
      { ...initialUi(), detail: { panel: 'queue', key: 'pd:1' } },
      { type: 'related', index: 1, key: 'b' },
    );
    expect(relatedCursor(ui, list('a', 'b', 'c'))).toBe(1);
    expect(relatedCursor(ui, list('b', 'c', 'a'))).toBe(0);
    expect(relatedCursor(ui, list('x', 'y', 'c', 'b'))).toBe(3);
    expect(relatedCursor(ui, list('a', 'c', 'd'))).toBe(1);
    expect(relatedCursor(ui, list('a'))).toBe(0);
    expect(relatedCursor(ui, list())).toBe(0);
  });

  it('opening, going back or closing forgets the record', () => {
    let ui = uiReducer(
      { ...initialUi(), detail: { panel: 'queue', key: 'pd:1' } },
      { type: 'related', index: 2, key: 'c' },
    );
    ui = uiReducer(ui, { type: 'openRelated', open: { panel: 'monitors', key: 'dd:9' } });
    expect(ui.relatedKey).toBeNull();
    expect(relatedCursor(ui, list('c', 'b'))).toBe(0);
    ui = uiReducer(ui, { type: 'related', index: 1, key: 'b' });
    ui = uiReducer(ui, { type: 'back' });
    expect(ui.relatedKey).toBeNull();
    expect(ui.related).toBe(0);
  });
});
