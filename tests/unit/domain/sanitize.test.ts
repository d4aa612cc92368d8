import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeDeep, sanitizeText } from '../../../src/domain/sanitize.js';
import { HOSTILE, vendorText } from '../../helpers/hostile.js';

const ESC = '\x1b';

describe('sanitizeText', () => {
  it('keeps ordinary printable text, including non-ASCII letters', () => {
    expect(sanitizeText('Datenbank überlastet — 東京 ✓')).toBe('Datenbank überlastet — 東京 ✓');
  });

  it('renders a clear-screen CSI inside a title as inert text', () => {
    const out = sanitizeText(`DB down${ESC}[2J${ESC}[H now`);
    expect(out).toBe('DB down now');
    expect(out).not.toContain(ESC);
  });

  it('strips SGR colour codes and CSI sequences with parameters and intermediates', () => {
    expect(sanitizeText(`${ESC}[1;31mRED${ESC}[0m ${ESC}[?25l${ESC}[38;5;196mx${ESC}[ q`)).toBe('RED x');
  });

  it('strips OSC sequences ended by BEL or by ST, payload included', () => {
    expect(sanitizeText(`a${ESC}]0;pwned title\x07b`)).toBe('ab');
    expect(sanitizeText(`a${ESC}]52;c;ZXZpbA==${ESC}\\b`)).toBe('ab');
    // OSC 8 hyperlink: the link target disappears, the visible text stays.
    expect(sanitizeText(`${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`)).toBe('click');
  });

  it('strips DCS, PM, APC and SOS strings with their payload', () => {
    expect(sanitizeText(`x${ESC}Pq#0;2;0;0;0${ESC}\\y`)).toBe('xy');
    expect(sanitizeText(`x${ESC}_apc${ESC}\\y${ESC}^pm${ESC}\\z${ESC}Xsos${ESC}\\!`)).toBe('xyz!');
  });

  it('strips two-byte C1-equivalent ESC sequences such as IND (ESC D) and ST (ESC \\)', () => {
    expect(sanitizeText(`a${ESC}Db${ESC}Mc${ESC}\\d`)).toBe('abcd');
  });

  // Regression (fixed): only ESC + 0x40–0x5F is treated as a two-byte sequence.
  // Fs/Fp/nF escapes (RIS `ESC c`, DECSC `ESC 7`, charset `ESC ( B`) lose their ESC but leave their
  // final bytes behind as visible junk. Harmless to the terminal, but the title is altered.
  it('sanitize-fs-escapes: removes RIS, DECSC and charset escapes entirely', () => {
    expect(sanitizeText(`a${ESC}cb${ESC}7c${ESC}(Bd`)).toBe('abcd');
  });

  it('strips the 8-bit C1 CSI (\\x9b) with its parameters', () => {
    expect(sanitizeText('a\x9b2Jb\x9b31mc')).toBe('abc');
  });

  it('removes other C0/C1 controls and DEL', () => {
    expect(sanitizeText('a\x00b\x07c\x08d\x7fe\x85f\x9dg')).toBe('abcdefg');
  });

  it('drops a stray ESC together with the byte a terminal would read as its final', () => {
    expect(sanitizeText('g\x1bh')).toBe('g');
  });

  it('removes bidi overrides and isolates that could reorder what is shown', () => {
    expect(sanitizeText('file\u202Etxt.exe')).toBe('filetxt.exe');
    expect(sanitizeText('\u202Aa\u202Bb\u202Cc\u202Dd\u2066e\u2067f\u2068g\u2069')).toBe('abcdefg');
  });

  it('turns every run of line breaks and tabs into one space so a record stays one row', () => {
    expect(sanitizeText('line one\r\nline two\n\n\tthree\u2028four\u2029five')).toBe(
      'line one line two three four five',
    );
  });

  it('trims leading and trailing whitespace left behind', () => {
    expect(sanitizeText(`\n  ${ESC}[2J title \t`)).toBe('title');
  });

  it('maps null and undefined to an empty string and stringifies other values', () => {
    expect(sanitizeText(null)).toBe('');
    expect(sanitizeText(undefined)).toBe('');
    expect(sanitizeText(42)).toBe('42');
    expect(sanitizeText(false)).toBe('false');
  });
});

describe('sanitizeDeep', () => {
  it('sanitizes strings in nested objects and arrays and keeps other primitives as they are', () => {
    const input = {
      title: `x${ESC}[2Jy`,
      count: 3,
      ratio: 0.5,
      flag: true,
      off: false,
      none: null,
      nested: { list: ['a\nb', 7, null, { deep: `\x9b1m!` }] },
    };
    expect(sanitizeDeep(input)).toEqual({
      title: 'xy',
      count: 3,
      ratio: 0.5,
      flag: true,
      off: false,
      none: null,
      nested: { list: ['a b', 7, null, { deep: '!' }] },
    });
  });

  it('returns a copy and leaves the input untouched', () => {
    const input = { title: `a${ESC}[0mb`, tags: ['c\td'] };
    const out = sanitizeDeep(input);
    expect(out).not.toBe(input);
    expect(out.tags).not.toBe(input.tags);
    expect(input).toEqual({ title: `a${ESC}[0mb`, tags: ['c\td'] });
  });

  it('passes top-level primitives through (strings sanitized)', () => {
    expect(sanitizeDeep(`${ESC}[31mred`)).toBe('red');
    expect(sanitizeDeep(12)).toBe(12);
    expect(sanitizeDeep(null)).toBeNull();
    expect(sanitizeDeep(undefined)).toBeUndefined();
  });
});

describe('sanitizeText on hostile and arbitrary text (issue 7)', () => {
  it('drops invisible format characters and default-ignorables but keeps ZWJ, ZWNJ and VS1-16', () => {
    expect(sanitizeText('\ufeffsoft\u00adhy\u200bphen\u2060\u180e')).toBe('softhyphen');
    expect(sanitizeText('mark\u200e\u200f\u061c!')).toBe('mark!');
    expect(sanitizeText('fill\u115f\u3164\uffa0ers')).toBe('fillers');
    expect(sanitizeText('👨\u200d👩 می\u200cخواهم ⚠\ufe0f')).toBe('👨\u200d👩 می\u200cخواهم ⚠\ufe0f');
    expect(sanitizeText('葛\u{e0100}')).toBe('葛');
  });

  it('replaces lone surrogates and noncharacters with U+FFFD and keeps pairs', () => {
    expect(sanitizeText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(sanitizeText('x\ufffey\u{1ffff}')).toBe('x\ufffdy\ufffd');
    expect(sanitizeText('ok 😀')).toBe('ok 😀');
  });

  it('property: output is well-formed, one line, control-free, invisible-free, trimmed and idempotent', () => {
    fc.assert(
      fc.property(vendorText, (raw) => {
        const out = sanitizeText(raw);
        expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        expect(out).not.toMatch(/[\u2028\u2029]/);
        expect(out).not.toMatch(/(?!\u200c|\u200d|[\ufe00-\ufe0f])[\p{Cf}\p{Default_Ignorable_Code_Point}]/u);
        expect(out.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')).not.toMatch(/[\ud800-\udfff]/);
        expect(out).toBe(out.trim());
        expect(sanitizeText(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });

  it('every hand-picked hostile class comes out without a control or escape', () => {
    for (const [name, text] of Object.entries(HOSTILE)) {
      expect(sanitizeText(text), name).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    }
    expect(sanitizeText(HOSTILE['CSI clear + cursor'])).toBe('xy');
    expect(sanitizeText(HOSTILE['unterminated OSC'])).toBe('title');
  });
});
