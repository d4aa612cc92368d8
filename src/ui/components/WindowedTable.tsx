import { Box, Text } from 'ink';
import { useWindow } from '../hooks/use-window.js';
import { useTheme } from '../theme/use-theme.js';
import { type Column, DataTable, type TableRow } from './DataTable.js';

interface Props<T> {
  items: readonly T[];
  /** Selected index, -1 for none. */
  selected: number;
  /** Rows available, including the heading row. */
  rows: number;
  /** Cells available. */
  width: number;
  columns: readonly Column[];
  toRow(item: T, selected: boolean): TableRow;
  /** Shown instead of the table when `items` is empty. */
  empty: string;
}

/** A table over a long list that only ever renders the rows that fit, following the selection. */
export function WindowedTable<T>({ items, selected, rows, width, columns, toRow, empty }: Props<T>) {
  const theme = useTheme();
  const g = theme.glyph;
  // When the list is longer than the space, one row says where the window is: rows scrolled
  // out of view are otherwise invisible (the P1 at the top you no longer see).
  const overflow = items.length > Math.max(0, rows - 1);
  const visible = Math.max(0, rows - 1 - (overflow ? 1 : 0));
  const start = useWindow(selected, visible, items.length);
  if (items.length === 0) return <Text>{theme.fit(empty, width)}</Text>;
  if (visible < 1) return null;
  const windowed = items.slice(start, start + visible);
  const table = (
    <DataTable
      columns={columns}
      width={width}
      rows={windowed.map((item, i) => toRow(item, start + i === selected))}
    />
  );
  if (!overflow) return table;
  const above = start;
  const below = items.length - start - windowed.length;
  const where = [
    `${start + 1}${g.range}${start + windowed.length} of ${items.length}`,
    above > 0 ? `${above} more above` : '',
    below > 0 ? `${below} more below` : '',
  ].filter(Boolean);
  return (
    <Box flexDirection="column">
      {table}
      <Text dimColor={theme.dim}>{theme.fit(`   ${where.join(` ${g.dot} `)}`, width)}</Text>
    </Box>
  );
}
