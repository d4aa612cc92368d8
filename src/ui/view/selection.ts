import type { ListRow } from '../panels/types.js';

/** Selection remembers the entity, so a refresh that reorders rows keeps the cursor on the same record. */
export interface Selection {
  key: string | null;
  /** Where the cursor was, used when the selected entity disappears. */
  index: number;
}

/** Index of the selection in `rows`, falling back to the old position clamped; -1 for an empty list. */
export function selectedIndex(rows: readonly Pick<ListRow, 'key'>[], sel: Selection): number {
  if (rows.length === 0) return -1;
  const byKey = sel.key === null ? -1 : rows.findIndex((r) => r.key === sel.key);
  return byKey >= 0 ? byKey : Math.min(Math.max(0, sel.index), rows.length - 1);
}

export type Move = number | 'top' | 'bottom';

export function moveSelection(rows: readonly Pick<ListRow, 'key'>[], sel: Selection, move: Move): Selection {
  if (rows.length === 0) return { key: null, index: 0 };
  const from = selectedIndex(rows, sel);
  const to =
    move === 'top'
      ? 0
      : move === 'bottom'
        ? rows.length - 1
        : Math.min(rows.length - 1, Math.max(0, from + move));
  return { key: rows[to]!.key, index: to };
}

export function selectedRow<R extends Pick<ListRow, 'key'>>(
  rows: readonly R[],
  sel: Selection,
): R | undefined {
  const i = selectedIndex(rows, sel);
  return i >= 0 ? rows[i] : undefined;
}
