import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { stripUnsafe } from '../../../src/domain/sanitize.js';
import { toAscii } from '../../../src/ui/text/ascii.js';
import { clean, displayWidth, fitText, padTo, screenText, truncate, wrap } from '../../../src/ui/text/fit.js';
import { forTerminal, graphemes } from '../../../src/ui/text/width.js';
import { DEFECT_TITLES, HOSTILE, vendorText } from '../../helpers/hostile.js';

const ASCII = /^[\x20-\x7e]*$/;
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/** What a code-point-at-a-time terminal (wcwidth) gives text: the model forTerminal targets. */
function perCodePoint(text: string): number {
  let w = 0;
  for (const cp of text) w += /[\u1160-\u11ff\ud7b0-\ud7ff]/.test(cp) ? 0 : stringWidth(cp);
  return w;
}

describe('the defect titles (issue 7, defect 1)', () => {
  it('settle into text that Ink and the terminal measure alike', () => {
    expect(screenText(DEFECT_TITLES[0])).toBe('⚠ Disk full ⚠ on db-01');
    expect(screenText(DEFECT_TITLES[1])).toBe('Zoë Example paged');
    expect(screenText(DEFECT_TITLES[1]).length).toBe('Zoë Example paged'.length); // composed, not e + mark
    expect(screenText(DEFECT_TITLES[2])).toBe('👨👩👧 family emoji in a title');
    expect(screenText(DEFECT_TITLES[3])).toBe('twozero-width');
  });

  it('fit any width without a throw and never past it', () => {
    for (const title of DEFECT_TITLES) {
      for (let w = 0; w <= 40; w++) {
        expect(displayWidth(truncate(title, w))).toBeLessThanOrEqual(w);
        expect(displayWidth(padTo(title, w))).toBe(w);
        expect(displayWidth(padTo(title, w, 'right'))).toBe(w);
      }
    }
  });
});

describe('displayWidth', () => {
  it('counts wide characters as two cells, marks and joiners as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('東京')).toBe(4);
    expect(displayWidth('ë')).toBe(1);
    expect(displayWidth('e\u0308')).toBe(1);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('שלום')).toBe(4);
  });

  it('gives a cell to a cluster Ink would write into one, even if string-width says zero', () => {
    // Ink writes every non-ignorable cluster into at least one cell; measuring less would overflow.
    expect(stringWidth('\u0308x')).toBe(1);
    expect(displayWidth('\u0308x')).toBe(2);
  });
});

describe('forTerminal', () => {
  it('rewrites clusters the two kinds of measurer disagree on, and only those', () => {
    expect(forTerminal('👍🏽')).toBe('👍');
    expect(forTerminal('1️⃣')).toBe('1');
    expect(forTerminal('🏳️‍🌈')).toBe('🏳🌈');
    expect(forTerminal('🇺🇸')).toBe('🇺🇸');
    expect(forTerminal('😀')).toBe('😀');
    expect(forTerminal('東京 naïve')).toBe('東京 naïve');
    // A conjunct stays readable: an explicit virama instead of the ligature, no letter lost.
    const hindi = forTerminal('क्षेत्र');
    expect(hindi.replace(/\u200c/g, '')).toBe('क्षेत्र');
    expect(stringWidth(hindi)).toBe(perCodePoint(hindi));
  });

  it('cuts a combining stack to a bounded cluster', () => {
    const zalgo = forTerminal(`Z${'\u0301'.repeat(5000)}`);
    expect([...zalgo].length).toBeLessThanOrEqual(16);
    expect(displayWidth(zalgo)).toBe(1);
  });

  it('property: output is idempotent, control-free, and every cluster is agreed and non-empty', () => {
    fc.assert(
      fc.property(vendorText, (raw) => {
        const t = forTerminal(stripUnsafe(raw));
        expect(forTerminal(t)).toBe(t);
        expect(stripUnsafe(t)).toBe(t);
        expect(t).not.toMatch(CONTROL);
        for (const c of graphemes(t)) {
          expect(stringWidth(c), JSON.stringify(c)).toBeGreaterThan(0);
          expect(stringWidth(c), JSON.stringify(c)).toBe(perCodePoint(c));
        }
        // Ink lays out with string-width and writes with at-least-one-cell clusters: same answer here.
        expect(displayWidth(t)).toBe(stringWidth(t));
      }),
      { numRuns: 400 },
    );
  });
});

describe('fitText', () => {
  const widths = fc.integer({ min: 0, max: 120 });

  it('property: never wider than asked, padded to exactly the width, cut only between clusters', () => {
    fc.assert(
      fc.property(vendorText, widths, fc.boolean(), (raw, w, ascii) => {
        const shown = screenText(raw, ascii);
        const cut = fitText(raw, w, { ascii });
        expect(displayWidth(cut)).toBeLessThanOrEqual(w);
        expect(displayWidth(fitText(raw, w, { ascii, pad: 'left' }))).toBe(w);
        expect(displayWidth(fitText(raw, w, { ascii, pad: 'right' }))).toBe(w);
        if (displayWidth(shown) <= w) expect(cut).toBe(shown);
        else {
          const mark = ascii ? '~' : '…';
          const body = cut.endsWith(mark) ? cut.slice(0, -mark.length) : cut;
          // A prefix of whole clusters: the same clusters, in order, as the full text starts with.
          const all = graphemes(shown);
          expect(graphemes(body)).toEqual(all.slice(0, graphemes(body).length));
        }
        if (ascii) expect(cut).toMatch(ASCII);
      }),
      { numRuns: 400 },
    );
  });

  it('uses the ellipsis it is given and drops it when even that does not fit', () => {
    expect(truncate('abcdef', 4, { ellipsis: '~' })).toBe('abc~');
    expect(truncate('漢字漢字', 5)).toBe('漢字…');
    expect(truncate('漢字漢字', 4)).toBe('漢…');
    expect(truncate('abcdef', 0)).toBe('');
    expect(truncate('漢', 1)).toBe('…');
  });

  it('runs in bounded time on a megabyte title', () => {
    const big = `${'漢'.repeat(500_000)}end`;
    const started = performance.now();
    for (let i = 0; i < 50; i++) fitText(big, 80);
    // Generous for a loaded 2-core box; an O(n)-per-call fit takes tens of seconds here.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('wrap', () => {
  it('breaks at spaces, breaks long words between clusters, and keeps every character', () => {
    expect(wrap('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('漢字漢字漢', 4)).toEqual(['漢字', '漢字', '漢']);
    expect(wrap('', 10)).toEqual(['']);
  });

  it('stops at maxLines and marks the cut', () => {
    expect(wrap('one two three four five', 9, { maxLines: 2 })).toEqual(['one two', 'three fo…']);
  });

  it('a cluster wider than the line is marked with the ellipsis, never dropped silently', () => {
    // U+1D160 with its spacing marks measures 3 columns.
    const wide = '\u{1D158}\u{1D165}\u{1D16E}';
    expect(displayWidth(wide)).toBeGreaterThan(2);
    expect(wrap(`a ${wide} b`, 2)).toEqual(['a', '…', 'b']);
  });

  it('property: every line fits and nothing but spaces is lost', () => {
    fc.assert(
      fc.property(vendorText, fc.integer({ min: 1, max: 100 }), fc.boolean(), (raw, w, ascii) => {
        const lines = wrap(raw, w, { ascii });
        for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(w);
        // Nothing is lost when every cluster fits on a line; one wider than the line (a cluster
        // with spacing marks can be 3 columns) is shown as the ellipsis, tested below.
        const shown = screenText(raw, ascii);
        if (graphemes(shown).every((g) => displayWidth(g) <= w)) {
          const squeeze = (s: string) => s.replace(/ /g, '');
          expect(squeeze(lines.join(''))).toBe(squeeze(shown));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('toAscii', () => {
  it('spells punctuation, strips accents, transliterates a few letters, and marks the rest per cluster', () => {
    expect(toAscii('12–30 of 42 · loading…')).toBe('12-30 of 42 . loading...');
    expect(toAscii('Zoë Ångström Søren Straße')).toBe('Zoe Angstrom Soren Strasse');
    expect(toAscii('東京 server')).toBe('?? server');
    expect(toAscii('👨👩👧')).toBe('???');
    expect(toAscii('ｶﾞ')).toBe(
      'ｶﾞ'
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .replace(/[^\x20-\x7e]/g, '?'),
    );
  });

  it('property: always printable ASCII', () => {
    fc.assert(
      fc.property(vendorText, (raw) => {
        expect(toAscii(forTerminal(stripUnsafe(raw)))).toMatch(ASCII);
      }),
      { numRuns: 300 },
    );
  });
});

describe('clean', () => {
  it('every hand-picked class comes out as one safe line', () => {
    for (const [name, text] of Object.entries(HOSTILE)) {
      const out = clean(text);
      expect(out, name).not.toMatch(CONTROL);
      expect(out, name).toBe(out.trim());
      expect(
        out.includes('\ufffd') || !/[\ud800-\udfff]/.test(out.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')),
        name,
      ).toBe(true);
    }
  });
});
