/** Below this the cockpit cannot show four panels legibly and says so instead. */
export const MIN_COLS = 60;
export const MIN_ROWS = 16;

/** Header, toast line and footer: one row each. */
export const CHROME_ROWS = 3;

export type LayoutMode = 'too-small' | 'focus' | 'grid';

/**
 * `grid` (2×2) only when each quarter is still wide enough for the queue table;
 * otherwise `focus`: the focused panel large and the other three as one-line summaries.
 */
export function layoutMode(cols: number, rows: number): LayoutMode {
  if (cols < MIN_COLS || rows < MIN_ROWS) return 'too-small';
  return cols >= 140 && rows >= 36 ? 'grid' : 'focus';
}

/** Rows available to panels once the chrome is drawn. */
export function bodyRows(rows: number): number {
  return Math.max(0, rows - CHROME_ROWS);
}

/**
 * First visible index of a window of `size` rows that keeps `selected` in view,
 * moving as little as possible from `previous` (so the list does not jump).
 */
export function windowStart(previous: number, selected: number, size: number, total: number): number {
  if (size <= 0 || total <= size) return 0;
  let start = Math.min(Math.max(0, previous), total - size);
  if (selected < start) start = selected;
  if (selected >= start + size) start = selected - size + 1;
  return Math.max(0, Math.min(start, total - size));
}
