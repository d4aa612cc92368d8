import { afterEach, describe, expect, test, vi } from 'vitest';
import { type Column, columnsWithin, DataTable, type TableRow } from '../../src/ui/components/DataTable.js';
import { displayWidth } from '../../src/ui/text/fit.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import { ThemeContext } from '../../src/ui/theme/use-theme.js';
import { DEFECT_TITLES } from '../helpers/hostile.js';
import { cleanup, render, stripAnsi } from '../helpers/render.js';

afterEach(cleanup);
// Styles are what this file checks (dim rows): have Ink's chalk emit them in the test frames.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const COLUMNS: Column[] = [
  { key: 'key', title: 'Key', width: 6 },
  { key: 'age', title: 'Age', width: 5, align: 'right' },
  { key: 'title', title: 'Title', width: 20 },
];

function draw(rows: TableRow[], width = 40, ascii = false) {
  const r = render(
    <ThemeContext.Provider value={createTheme({ ascii })}>
      <DataTable columns={COLUMNS} rows={rows} width={width} />
    </ThemeContext.Provider>,
    { cols: 60, rows: 10 },
  );
  return r.lastFrame();
}

describe('DataTable', () => {
  test('every row is exactly as wide as its columns, whatever the text (issue 7 defect titles)', () => {
    const rows = DEFECT_TITLES.map((title, i) => ({
      id: `r${i}`,
      cells: { key: `#${i}`, age: '3m', title },
    }));
    const lines = stripAnsi(draw(rows)).split('\n').filter(Boolean);
    expect(lines).toHaveLength(5);
    // Ink drops trailing blanks; what is left never passes the columns, and a cut title fills them.
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(6 + 5 + 20 + 3);
    for (let i = 0; i < rows.length; i++) expect(lines[i + 1]!.startsWith(` #${i}        3m `)).toBe(true);
    expect(lines[1]).toBe(' #0        3m ⚠ Disk full ⚠ on db…');
    expect(displayWidth(lines[1]!)).toBe(34);
    expect(lines[2]).toContain('Zoë Example paged');
    expect(lines[2]).toMatch(/ {2}3m /); // right-aligned age
  });

  test('two rows with the same vendor id are both drawn', () => {
    const row = (title: string): TableRow => ({ id: 'dup', cells: { key: '#1', age: '1m', title } });
    const f = stripAnsi(draw([row('first one'), row('second one')]));
    expect(f).toContain('first one');
    expect(f).toContain('second one');
  });

  test('a stale row is drawn dim, the others are not', () => {
    const f = draw([
      { id: 'a', cells: { key: '#1', age: '1m', title: 'fresh' } },
      { id: 'b', cells: { key: '#2', age: '1m', title: 'stale' }, dim: true },
    ]);
    const lines = f.split('\n');
    expect(lines.find((l) => l.includes('stale'))).toContain('\x1b[2m');
    expect(lines.find((l) => l.includes('fresh'))).not.toContain('\x1b[2m');
  });

  test('columns past the width are narrowed, then dropped, so a row never wraps', () => {
    expect(columnsWithin(COLUMNS, 40).map((c) => c.width)).toEqual([6, 5, 20]);
    expect(columnsWithin(COLUMNS, 20).map((c) => c.width)).toEqual([6, 5, 6]);
    expect(columnsWithin(COLUMNS, 9).map((c) => c.width)).toEqual([6, 1]);
    expect(columnsWithin(COLUMNS, 1)).toEqual([]);
    const lines = stripAnsi(
      draw([{ id: 'a', cells: { key: '#1', age: '1m', title: '漢字'.repeat(20) } }], 20),
    )
      .split('\n')
      .filter(Boolean);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(20);
  });

  test('in ASCII mode cells are transliterated and cut with the ASCII ellipsis', () => {
    const f = stripAnsi(
      draw(
        [{ id: 'a', cells: { key: '#1', age: '1m', title: 'Zoë’s disk – ⚠️ full of 東京 logs' } }],
        40,
        true,
      ),
    );
    expect(f).toMatch(/^[\x20-\x7e\n]*$/);
    expect(f).toContain("Zoe's disk - ? full~");
  });
});
