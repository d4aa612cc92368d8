import { keyOfRecord } from '../../domain/kinds.js';
import type { DomainRecord } from '../../domain/model.js';
import type { ListRow } from '../panels/types.js';

/**
 * Where the cursor is: the record under it and its position on screen. When that record moves
 * (a re-sort, a new P1 above it) or leaves (resolved, reassigned), the cursor keeps its screen
 * position, as in k9s and lazygit: working down a queue, acknowledging as you go, leaves you
 * on the next row rather than chasing the row you just handled to the bottom. It never hops to
 * a record of another kind or source on its own: then it takes the nearest row like the old one.
 */
export interface Selection {
  key: string | null;
  /** Where the cursor was, used when the selected entity moved or disappeared. */
  index: number;
  /** The kind and source of the selected row (`incident:pd-demo`), kept when it leaves. */
  group?: string;
}

/** What kind of row this is for the cursor's purposes: the record kind and its source. */
export function rowGroup(row: Pick<ListRow, 'subject'> | undefined): string {
  return row?.subject ? `${row.subject.kind}:${row.subject.ref.source}` : '';
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

/**
 * Index of the selection in `rows`; -1 for an empty list. The remembered position wins when
 * its row is still the selected record; when that record moved or left, the cursor stays at
 * the position (clamped), on the nearest row of the same kind and source (below first) if the
 * row there is of another.
 */
export function selectedIndex(
  rows: readonly Pick<ListRow, 'key' | 'subject'>[],
  sel: Selection,
  follow = false,
): number {
  if (rows.length === 0) return -1;
  const at = Math.min(Math.max(0, sel.index), rows.length - 1);
  if (sel.key === null || rows[at]!.key === sel.key) return at;
  // A list the clock reorders (SLA countdowns) follows its record while it is there.
  if (follow) {
    const byKey = indexOfKey(rows, sel.key);
    if (byKey >= 0) return byKey;
  }
  const group = sel.group;
  if (!group || rowGroup(rows[at]) === group) return at;
  // A bounded look around the position: a list of 50 000 rows of another kind is not scanned.
  const reach = Math.min(rows.length, 500);
  for (let d = 1; d < reach; d++) {
    if (at + d < rows.length && rowGroup(rows[at + d]) === group) return at + d;
    if (at - d >= 0 && rowGroup(rows[at - d]) === group) return at - d;
  }
  return at;
}

export type Move = number | 'top' | 'bottom';

export function moveSelection(
  rows: readonly Pick<ListRow, 'key' | 'subject'>[],
  sel: Selection,
  move: Move,
  follow = false,
): Selection {
  if (rows.length === 0) return { key: null, index: 0 };
  const from = selectedIndex(rows, sel, follow);
  const to =
    move === 'top'
      ? 0
      : move === 'bottom'
        ? rows.length - 1
        : Math.min(rows.length - 1, Math.max(0, from + move));
  return { key: rows[to]!.key, index: to, group: rowGroup(rows[to]) };
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
