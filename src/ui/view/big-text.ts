/**
 * Figures in large type for the wall, read across a room: five rows of block cells per
 * character, drawn here rather than by a font library so the cells are ours to count (every
 * glyph is 3 cells wide, 5 tall, with one blank column between). Only what figures need:
 * digits, `%`, `:`, `.`, `/`, `-`, `+` and space. Any other character is drawn as `?`, so
 * vendor text can never become large type by accident.
 */

/** Rows of one large character. */
export const BIG_ROWS = 5;
const GLYPH_WIDTH = 3;

const FONT: Record<string, readonly string[]> = {
  '0': ['###', '# #', '# #', '# #', '###'],
  '1': [' # ', '## ', ' # ', ' # ', '###'],
  '2': ['###', '  #', '###', '#  ', '###'],
  '3': ['###', '  #', ' ##', '  #', '###'],
  '4': ['# #', '# #', '###', '  #', '  #'],
  '5': ['###', '#  ', '###', '  #', '###'],
  '6': ['###', '#  ', '###', '# #', '###'],
  '7': ['###', '  #', ' # ', ' # ', ' # '],
  '8': ['###', '# #', '###', '# #', '###'],
  '9': ['###', '# #', '###', '  #', '###'],
  '%': ['# #', '  #', ' # ', '#  ', '# #'],
  ':': ['   ', ' # ', '   ', ' # ', '   '],
  '.': ['   ', '   ', '   ', '   ', ' # '],
  '/': ['  #', '  #', ' # ', '#  ', '#  '],
  '-': ['   ', '   ', '###', '   ', '   '],
  '+': ['   ', ' # ', '###', ' # ', '   '],
  ' ': ['   ', '   ', '   ', '   ', '   '],
  '?': ['###', '  #', ' ##', '   ', ' # '],
};

/** Cells `text` takes in large type, at `scale` (each cell drawn scale×scale). */
export function bigWidth(text: string, scale = 1): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * GLYPH_WIDTH + (n - 1)) * scale;
}

/**
 * `text` as BIG_ROWS × `scale` lines of equal width, drawn with `cell` (a full block, or `#`
 * on an ASCII terminal). Trailing blanks are kept so the lines line up side by side.
 */
export function bigText(text: string, cell = '█', scale = 1): string[] {
  const chars = [...text].map((ch) => FONT[ch] ?? FONT['?']!);
  const rows: string[] = [];
  for (let r = 0; r < BIG_ROWS; r++) {
    const line = [...chars.map((g) => g[r]!).join(' ')]
      .map((c) => (c === '#' ? cell : ' ').repeat(scale))
      .join('');
    for (let k = 0; k < scale; k++) rows.push(line);
  }
  return rows;
}

/** A count for large type: up to four digits, then "9999+" (the words beside it give the rest). */
export function bigCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  return n < 10_000 ? String(Math.round(n)) : '9999+';
}
