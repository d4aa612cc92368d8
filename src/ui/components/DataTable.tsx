import { Table } from '@alcalzone/ink-table';
import { Box, Text } from 'ink';
import { createContext, type ReactNode, useContext } from 'react';
import { padTo } from '../text/fit.js';
import type { Tone } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';

export interface Column {
  key: string;
  /** Heading text; also the data key ink-table looks up. */
  title: string;
  /** Content width in terminal columns (a one-space gap is added before each column). */
  width: number;
  align?: 'left' | 'right';
}

export interface TableRow {
  /** Entity id: the React key, never the array index. */
  id: string;
  cells: Record<string, string>;
  /** Tone per column key (status colour, breached countdown…). */
  tones?: Record<string, Tone | undefined>;
  selected?: boolean;
  /** Drawn dim: the row's data is stale. Never the only sign (a cell carries a glyph and a word too). */
  dim?: boolean;
}

interface TableInfo {
  columns: readonly Column[];
  rows: readonly TableRow[];
}

const TableContext = createContext<TableInfo>({ columns: [], rows: [] });
const RowContext = createContext<TableRow | null>(null);

type Cells = Record<string, string>;

/**
 * ink-table draws a full box grid with a separator between rows (two lines per
 * row) and sizes columns from the data. We keep its row and cell machinery but
 * render borderless, one line per row, with fixed widths, entity keys and a
 * highlighted selection.
 */
class CompactTable extends Table<Cells> {
  static override contextType = TableContext;
  declare context: TableInfo;

  override getColumns() {
    return this.context.columns.map((c) => ({
      key: c.title,
      column: c.title,
      width: c.width + 1,
      // Values arrive already aligned and padded by `padTo`; ink-table's own alignment would drop the gap.
      align: 'left' as const,
    }));
  }

  override getHeadings() {
    const out: Cells = {};
    for (const c of this.context.columns) out[c.title] = padTo(c.title, c.width, c.align);
    return out;
  }

  override render(): ReactNode {
    const columns = this.getColumns();
    return (
      <Box flexDirection="column">
        {this.heading({ key: 'heading', columns, data: this.getHeadings() })}
        {this.context.rows.map((row, i) => (
          <RowContext.Provider key={row.id} value={row}>
            {this.data({ key: `row-${row.id}`, columns, data: this.props.data[i] ?? {} })}
          </RowContext.Provider>
        ))}
      </Box>
    );
  }
}

function Skeleton(): ReactNode {
  return null;
}

function Heading({ children }: { children?: ReactNode }) {
  return <Text bold>{children}</Text>;
}

function Cell({ column, children }: { column: number; children?: ReactNode }) {
  const theme = useTheme();
  const { columns } = useContext(TableContext);
  const row = useContext(RowContext);
  const col = columns[column];
  const tone = col && row?.tones?.[col.key];
  // ink-table pads by String.length; re-fit by display width so wide characters cannot push the row past its box.
  const text = padTo(String(children ?? '').trimEnd(), (col?.width ?? 0) + 1, 'left', theme.glyph.ellipsis);
  return (
    <Text
      inverse={row?.selected === true}
      bold={row?.selected === true}
      dimColor={row?.dim === true}
      color={tone ? theme.c(tone) : undefined}
    >
      {text}
    </Text>
  );
}

interface Props {
  columns: readonly Column[];
  /** Already windowed to the visible rows. */
  rows: readonly TableRow[];
}

export function DataTable({ columns, rows }: Props) {
  const theme = useTheme();
  const data = rows.map((r) => {
    const out: Cells = {};
    for (const c of columns)
      out[c.title] = padTo(r.cells[c.key] ?? '', c.width, c.align, theme.glyph.ellipsis);
    return out;
  });
  return (
    <TableContext.Provider value={{ columns, rows }}>
      <CompactTable
        data={data}
        columns={columns.map((c) => c.title)}
        skeleton={Skeleton}
        header={Heading}
        cell={Cell}
      />
    </TableContext.Provider>
  );
}
