import { clusterWidth, graphemes } from './width.js';

/**
 * A one-line editor's state, kept as grapheme clusters so the cursor never lands inside an
 * emoji sequence or between a letter and its combining mark: one Left press moves over what
 * the user sees as one character. Pure: the text field feeds it keys and draws the result.
 */
export interface LineState {
  /** The text, one grapheme cluster per entry. */
  readonly chars: readonly string[];
  /** Cursor position: the number of clusters before it (0 … chars.length). */
  readonly cursor: number;
}

export type LineEdit =
  | { kind: 'insert'; text: string }
  | { kind: 'backspace' }
  | { kind: 'delete' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'wordLeft' }
  | { kind: 'wordRight' }
  | { kind: 'home' }
  | { kind: 'end' }
  | { kind: 'deleteWordBack' }
  | { kind: 'killToStart' }
  | { kind: 'killToEnd' };

/** A line holding `text` with the cursor at its end (where a draft is picked up again). */
export function lineOf(text: string): LineState {
  const chars = graphemes(text);
  return { chars, cursor: chars.length };
}

/** The text of a line. */
export function lineText(line: LineState): string {
  return line.chars.join('');
}

const isSpace = (c: string | undefined) => c !== undefined && /^\s+$/u.test(c);

/** Start of the word before `at` (readline's Ctrl+W and Alt+B: skip spaces, then the word). */
function wordStart(chars: readonly string[], at: number): number {
  let i = at;
  while (i > 0 && isSpace(chars[i - 1])) i--;
  while (i > 0 && !isSpace(chars[i - 1])) i--;
  return i;
}

/** End of the word after `at` (Alt+F). */
function wordEnd(chars: readonly string[], at: number): number {
  let i = at;
  while (i < chars.length && isSpace(chars[i])) i++;
  while (i < chars.length && !isSpace(chars[i])) i++;
  return i;
}

/**
 * The line after one edit. `maxChars` bounds the text in code points (what a vendor field
 * counts); an insert that would pass it keeps what fits. Inserted text is re-segmented with
 * its neighbours, so a combining mark typed after a letter joins it as it would on paper.
 */
export function applyEdit(line: LineState, edit: LineEdit, maxChars = Number.POSITIVE_INFINITY): LineState {
  const { chars, cursor } = line;
  const at = Math.max(0, Math.min(cursor, chars.length));
  switch (edit.kind) {
    case 'insert': {
      if (!edit.text) return line;
      const before = chars.slice(0, at).join('');
      const after = chars.slice(at).join('');
      const room = Math.max(0, maxChars - [...before].length - [...after].length);
      const added = [...edit.text].slice(0, room).join('');
      if (!added) return line;
      const head = graphemes(before + added);
      return { chars: graphemes(head.join('') + after), cursor: head.length };
    }
    case 'backspace':
      return at === 0 ? line : { chars: [...chars.slice(0, at - 1), ...chars.slice(at)], cursor: at - 1 };
    case 'delete':
      return at >= chars.length
        ? line
        : { chars: [...chars.slice(0, at), ...chars.slice(at + 1)], cursor: at };
    case 'left':
      return { chars, cursor: Math.max(0, at - 1) };
    case 'right':
      return { chars, cursor: Math.min(chars.length, at + 1) };
    case 'wordLeft':
      return { chars, cursor: wordStart(chars, at) };
    case 'wordRight':
      return { chars, cursor: wordEnd(chars, at) };
    case 'home':
      return { chars, cursor: 0 };
    case 'end':
      return { chars, cursor: chars.length };
    case 'deleteWordBack': {
      const from = wordStart(chars, at);
      return { chars: [...chars.slice(0, from), ...chars.slice(at)], cursor: from };
    }
    case 'killToStart':
      return { chars: chars.slice(at), cursor: 0 };
    case 'killToEnd':
      return { chars: chars.slice(0, at), cursor: at };
  }
}

/** The subset of Ink's key flags the editor reads. */
export interface EditKey {
  ctrl?: boolean;
  meta?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  home?: boolean;
  end?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

/**
 * The edit a key press means, readline-style, or null when it is not an editing key (text is
 * handled by the caller, which sanitizes it first).
 */
export function editForKey(input: string, key: EditKey): LineEdit | null {
  if (key.leftArrow) return { kind: key.ctrl || key.meta ? 'wordLeft' : 'left' };
  if (key.rightArrow) return { kind: key.ctrl || key.meta ? 'wordRight' : 'right' };
  if (key.home) return { kind: 'home' };
  if (key.end) return { kind: 'end' };
  if (key.backspace) return { kind: key.meta ? 'deleteWordBack' : 'backspace' };
  if (key.delete) return { kind: 'delete' };
  if (key.ctrl) {
    const map: Record<string, LineEdit['kind']> = {
      a: 'home',
      e: 'end',
      b: 'left',
      f: 'right',
      w: 'deleteWordBack',
      u: 'killToStart',
      k: 'killToEnd',
      d: 'delete',
      h: 'backspace',
    };
    const kind = map[input.toLowerCase()];
    return kind ? ({ kind } as LineEdit) : null;
  }
  if (key.meta) {
    if (input === 'b') return { kind: 'wordLeft' };
    if (input === 'f') return { kind: 'wordRight' };
  }
  return null;
}

/**
 * What of the line fits in `width` cells with the cursor visible: the clusters before the
 * cursor, the one under it (a space at the end), and those after. The window slides so the
 * cursor cell is always drawn whole, however wide the clusters around it are; `cut` marks say
 * whether text is hidden on either side.
 */
export function visibleWindow(
  line: LineState,
  width: number,
  measure: (cluster: string) => number = clusterWidth,
): { before: string; at: string; after: string; cutStart: boolean; cutEnd: boolean } {
  const room = Math.max(1, Math.floor(width));
  const { chars } = line;
  const cursor = Math.max(0, Math.min(line.cursor, chars.length));
  const at = chars[cursor] ?? ' ';
  const atWidth = Math.max(1, measure(at));
  if (atWidth > room) return { before: '', at: ' ', after: '', cutStart: cursor > 0, cutEnd: true };
  // Take clusters before the cursor while they fit, leaving the cursor cell.
  let used = atWidth;
  let from = cursor;
  while (from > 0 && used + measure(chars[from - 1]!) <= room) {
    used += measure(chars[from - 1]!);
    from--;
  }
  // Then clusters after it, in the room that is left.
  let to = cursor + 1;
  while (to < chars.length && used + measure(chars[to]!) <= room) {
    used += measure(chars[to]!);
    to++;
  }
  return {
    before: chars.slice(from, cursor).join(''),
    at,
    after: chars.slice(cursor + 1, Math.max(cursor + 1, to)).join(''),
    cutStart: from > 0,
    cutEnd: to < chars.length,
  };
}
