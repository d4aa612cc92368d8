import { keyOfRecord } from '../../domain/kinds.js';
import type { DomainRecord } from '../../domain/model.js';
import type { ListRow } from '../panels/types.js';

/** Selection remembers the entity, so a refresh that reorders rows keeps the cursor on the same record. */
export interface Selection {
  key: string | null;
  /** Where the cursor was, used when the selected entity disappears. */
  index: number;
}

/** Row key → first index, built once per list (lists are kept per data change), so a key press is O(1). */
const indexes = new WeakMap<readonly Pick<ListRow, 'key'>[], Map<string, number>>();
export function indexOfKey(rows: readonly Pick<ListRow, 'key'>[], key: string): number {
  let index = indexes.get(rows);
  if (!index) {
    index = new Map();
    for (let i = rows.length - 1; i >= 0; i--) index.set(rows[i]!.key, i);
    indexes.set(rows, index);
  }
  return index.get(key) ?? -1;
}

/** Index of the selection in `rows`, falling back to the old position clamped; -1 for an empty list. */
export function selectedIndex(rows: readonly Pick<ListRow, 'key'>[], sel: Selection): number {
  if (rows.length === 0) return -1;
  const byKey = sel.key === null ? -1 : indexOfKey(rows, sel.key);
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

/** Record keys (`source:id`) → record, built once per records array: a detail view looks up in O(1). */
const byRecordKey = new WeakMap<readonly DomainRecord[], Map<string, DomainRecord>>();
export function recordByKey<R extends DomainRecord>(records: readonly R[], key: string): R | undefined {
  let index = byRecordKey.get(records);
  if (!index) {
    index = new Map();
    for (let i = records.length - 1; i >= 0; i--) index.set(keyOfRecord(records[i]!), records[i]!);
    byRecordKey.set(records, index);
  }
  return index.get(key) as R | undefined;
}
