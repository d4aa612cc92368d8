import { Text } from 'ink';
import { useWindow } from '../hooks/use-window.js';
import { type Column, DataTable, type TableRow } from './DataTable.js';

interface Props<T> {
  items: readonly T[];
  /** Selected index, -1 for none. */
  selected: number;
  /** Rows available, including the heading row. */
  rows: number;
  columns: readonly Column[];
  toRow(item: T, selected: boolean): TableRow;
  /** Shown instead of the table when `items` is empty. */
  empty: string;
}

/** A table over a long list that only ever renders the rows that fit, following the selection. */
export function WindowedTable<T>({ items, selected, rows, columns, toRow, empty }: Props<T>) {
  const visible = Math.max(0, rows - 1);
  const start = useWindow(selected, visible, items.length);
  if (items.length === 0) return <Text wrap="truncate-end">{empty}</Text>;
  if (visible < 1) return null;
  const windowed = items.slice(start, start + visible);
  return (
    <DataTable columns={columns} rows={windowed.map((item, i) => toRow(item, start + i === selected))} />
  );
}
