import { Box, Text } from 'ink';
import { Fragment } from 'react';
import type { Tone } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';

export interface Column {
  key: string;
  /** Heading text. */
  title: string;
  /** Content width in terminal cells (a one-space gap is added before each column). */
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
  /** Drawn dim: the row's data is stale. Whoever sets it also says so in words in a cell. */
  dim?: boolean;
}

/**
 * The columns that fit in `width` cells, gaps included: the first one that does not fit
 * whole is narrowed to what is left, and any after it are dropped.
 */
export function columnsWithin(columns: readonly Column[], width: number): Column[] {
  const out: Column[] = [];
  let left = Math.max(0, Math.floor(width));
  for (const c of columns) {
    const room = left - 1;
    if (room < 1) break;
    out.push(room >= c.width ? c : { ...c, width: room });
    left -= Math.min(c.width, room) + 1;
  }
  return out;
}

interface Props {
  columns: readonly Column[];
  /** Already windowed to the visible rows. */
  rows: readonly TableRow[];
  /** Cells available; columns past it are narrowed or dropped so a row never wraps. */
  width: number;
}

/**
 * A borderless table, one line per row. Every cell is cut and padded by display width
 * (the theme's `fit`), so wide, zero-width and combining text cannot push a row past its box;
 * nothing here measures with `String.length`.
 */
export function DataTable({ columns, rows, width }: Props) {
  const theme = useTheme();
  const shown = columnsWithin(columns, width);
  // Ids come from vendors; two records with one id (a sanitized id, a buggy feed) must still be
  // two rows, not one React silently drops.
  const seen = new Map<string, number>();
  const keyOf = (id: string) => {
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0 ? id : `${id}\u0000${n}`;
  };
  const cell = (text: string, c: Column) => theme.fit(text, c.width, { pad: c.align ?? 'left' });
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      <Text bold>{shown.map((c) => ` ${cell(c.title, c)}`).join('')}</Text>
      {rows.map((row) => (
        <Text
          key={keyOf(row.id)}
          inverse={row.selected === true}
          bold={row.selected === true}
          dimColor={theme.dim && row.dim === true}
        >
          {shown.map((c) => {
            const tone = row.tones?.[c.key];
            return (
              <Fragment key={c.key}>
                {' '}
                <Text color={tone ? theme.c(tone) : undefined}>{cell(row.cells[c.key] ?? '', c)}</Text>
              </Fragment>
            );
          })}
        </Text>
      ))}
    </Box>
  );
}
