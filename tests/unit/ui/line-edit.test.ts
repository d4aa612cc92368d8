/** The text field is a line editor: cursor keys, word delete and kill, over any Unicode (issue 15). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEdit,
  editForKey,
  type LineEdit,
  lineOf,
  lineText,
  visibleWindow,
} from '../../../src/ui/text/line-edit.js';
import { clusterWidth, graphemes } from '../../../src/ui/text/width.js';

const type = (text: string) => applyEdit(lineOf(''), { kind: 'insert', text });
const run = (text: string, ...edits: LineEdit['kind'][]) =>
  edits.reduce(
    (l, kind) => applyEdit(l, kind === 'insert' ? { kind, text: '' } : ({ kind } as LineEdit)),
    lineOf(text),
  );

const edits: fc.Arbitrary<LineEdit> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((text) => ({ kind: 'insert' as const, text })),
  fc.constantFrom<LineEdit>(
    { kind: 'backspace' },
    { kind: 'delete' },
    { kind: 'left' },
    { kind: 'right' },
    { kind: 'wordLeft' },
    { kind: 'wordRight' },
    { kind: 'home' },
    { kind: 'end' },
    { kind: 'deleteWordBack' },
    { kind: 'killToStart' },
    { kind: 'killToEnd' },
  ),
);

describe('editing keys', () => {
  it('inserts at the cursor, not at the end', () => {
    const l = applyEdit(run('helo', 'left'), { kind: 'insert', text: 'l' });
    expect(lineText(l)).toBe('hello');
    expect(l.cursor).toBe(4);
  });

  it('moves over an emoji family or a combining mark as one character', () => {
    const text = 'a👨‍👩‍👧e\u0301b';
    const l = run(text, 'left', 'left');
    expect(l.cursor).toBe(2);
    expect(lineText(applyEdit(l, { kind: 'backspace' }))).toBe('ae\u0301b');
    expect(lineText(applyEdit(l, { kind: 'delete' }))).toBe('a👨‍👩‍👧b');
  });

  it('Ctrl+W deletes the word before the cursor and the spaces after it', () => {
    expect(lineText(run('paged the dba  ', 'deleteWordBack'))).toBe('paged the ');
    expect(lineText(run('one two three', 'wordLeft', 'deleteWordBack'))).toBe('one three');
  });

  it('Ctrl+U kills to the start and Ctrl+K to the end', () => {
    expect(lineText(run('one two', 'wordLeft', 'killToStart'))).toBe('two');
    expect(lineText(run('one two', 'wordLeft', 'killToEnd'))).toBe('one ');
  });

  it('maps readline keys and leaves plain text to the caller', () => {
    expect(editForKey('a', { ctrl: true })).toEqual({ kind: 'home' });
    expect(editForKey('e', { ctrl: true })).toEqual({ kind: 'end' });
    expect(editForKey('w', { ctrl: true })).toEqual({ kind: 'deleteWordBack' });
    expect(editForKey('', { leftArrow: true })).toEqual({ kind: 'left' });
    expect(editForKey('', { rightArrow: true, ctrl: true })).toEqual({ kind: 'wordRight' });
    expect(editForKey('', { home: true })).toEqual({ kind: 'home' });
    expect(editForKey('', { backspace: true, meta: true })).toEqual({ kind: 'deleteWordBack' });
    expect(editForKey('x', {})).toBeNull();
    expect(editForKey('c', { ctrl: true })).toBeNull();
  });

  it('stops at the length limit, counting code points', () => {
    const l = applyEdit(type('abc'), { kind: 'insert', text: '😀😀😀' }, 5);
    expect(lineText(l)).toBe('abc😀😀');
  });
});

describe('any edits over any text', () => {
  it('keep the cursor within the text and the text made of whole clusters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.array(edits, { maxLength: 30 }), (start, list) => {
        const l = list.reduce((acc, e) => applyEdit(acc, e, 200), lineOf(start));
        expect(l.cursor).toBeGreaterThanOrEqual(0);
        expect(l.cursor).toBeLessThanOrEqual(l.chars.length);
        expect(graphemes(lineText(l))).toEqual(l.chars);
      }),
    );
  });

  it('never lose what was typed: inserting pieces anywhere and reading back gives the same text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        (pieces) => {
          // Type each piece, go Home and End between them: the text is the pieces in order.
          let l = lineOf('');
          for (const p of pieces) {
            l = applyEdit(applyEdit(applyEdit(l, { kind: 'home' }), { kind: 'end' }), {
              kind: 'insert',
              text: p,
            });
          }
          expect(lineText(l)).toBe(pieces.join(''));
        },
      ),
    );
  });

  it('left then insert then right puts text before the last character', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }),
        fc.constantFrom('x', '😀', '漢'),
        (text, ins) => {
          const l = applyEdit(run(text, 'left'), { kind: 'insert', text: ins });
          const chars = graphemes(text);
          // Joining marks may merge into neighbours; the code points are what must be in order.
          expect(lineText(l)).toBe(chars.slice(0, -1).join('') + ins + chars.at(-1));
        },
      ),
    );
  });

  it('always show the cursor cell, whole, within the width', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: 2, max: 40 }),
        (text, at, width) => {
          const base = lineOf(text);
          const line = { ...base, cursor: at % (base.chars.length + 1) };
          const w = visibleWindow(line, width);
          const cells = [w.before, w.at, w.after].reduce(
            (n, s) => n + graphemes(s).reduce((m, c) => m + Math.max(1, clusterWidth(c)), 0),
            0,
          );
          expect(cells).toBeLessThanOrEqual(width);
          expect(w.at).toBe(line.chars[line.cursor] ?? ' ');
          // The cluster just before the cursor is shown whenever there is room for it.
          const prev = line.chars[line.cursor - 1];
          if (prev && Math.max(1, clusterWidth(prev)) + Math.max(1, clusterWidth(w.at)) <= width) {
            expect(w.before.endsWith(prev)).toBe(true);
          }
        },
      ),
    );
  });

  it('shows the last character after a wide emoji at the end of a full field', () => {
    const w = visibleWindow(lineOf('note about 😀x'), 6);
    expect(w.before.endsWith('😀x')).toBe(true);
    expect(w.at).toBe(' ');
  });
});
