/**
 * `snapshot --markdown` is pasted into chat: vendor text must arrive as the words it was,
 * never as markup, a link, a mention, a new line or a terminal escape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownLink } from '../../../src/cli/markdown.js';
import { sanitizeText } from '../../../src/domain/sanitize.js';

/** What a CommonMark reader shows for our output: backslash escapes undone, code spans unwrapped. */
function rendered(md: string): string {
  let out = '';
  for (let i = 0; i < md.length; i++) {
    const c = md[i]!;
    if (c === '\\' && i + 1 < md.length && /[!-/:-@[-`{-~]/.test(md[i + 1]!)) {
      out += md[++i];
    } else if (c === '`') {
      const end = md.indexOf('`', i + 1);
      expect(end, `unclosed code span in ${JSON.stringify(md)}`).toBeGreaterThan(i);
      out += md.slice(i + 1, end);
      i = end;
    } else out += c;
  }
  return out;
}

/** Markup characters outside code spans that are not escaped. */
function unescaped(md: string): string[] {
  const found: string[] = [];
  let inCode = false;
  for (let i = 0; i < md.length; i++) {
    const c = md[i]!;
    if (!inCode && c === '\\') {
      i++;
      continue;
    }
    if (c === '`') inCode = !inCode;
    else if (!inCode && /[*_~[\]<>|#&@]/.test(c)) found.push(c);
  }
  return found;
}

const hostileText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc
    .array(
      fc.constantFrom(
        '|',
        '`',
        '``',
        '*',
        '_',
        '~',
        '[',
        ']',
        '(',
        ')',
        '<',
        '>',
        '#',
        '&amp;',
        '@channel',
        '\\',
        '\n',
        '\r\n',
        '\u001B[2J',
        '\u001B]52;c;ZXZpbA==\u0007',
        '\u001B]8;;http://evil\u001B\\',
        'http://evil.example/x?a=1',
        'www.example.com',
        'ops@example.com',
        '[click](http://evil)',
        '![img](http://x/y.png)',
        '- ',
        '1. ',
        '> ',
        'Disk full',
        ' ',
        '😀',
        '東京',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);

describe('escapeMarkdown', () => {
  it('shows what the vendor wrote (as sanitized), as one line with no markup left live', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const md = escapeMarkdown(text);
        expect(md).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(md).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        expect(unescaped(md)).toEqual([]);
        expect(rendered(md)).toBe(sanitizeText(text));
      }),
      { numRuns: 500 },
    );
  });

  it('the cases a chat would otherwise act on', () => {
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('*bold* _it_ `code`')).toBe('\\*bold\\* \\_it\\_ \\`code\\`');
    expect(escapeMarkdown('[click](http://evil)')).toBe('\\[click\\](`http://evil)`');
    expect(escapeMarkdown('@here disk full')).toBe('\\@here disk full');
    expect(escapeMarkdown('<script>')).toBe('\\<script\\>');
    expect(escapeMarkdown('see www.example.com now')).toBe('see `www.example.com` now');
    expect(escapeMarkdown('line one\n# line two')).toBe('line one \\# line two');
    expect(escapeMarkdown('Disk \u001B[2Jfull\u001B]52;c;ZXZpbA==\u0007')).toBe('Disk full');
  });
});

describe('markdownLink', () => {
  it('links only plain http(s) URLs; anything that could close the destination drops the link', () => {
    expect(markdownLink('#4211', 'https://x.example/incidents/Q1')).toBe(
      '[\\#4211](<https://x.example/incidents/Q1>)',
    );
    expect(markdownLink('#4211', 'javascript:alert(1)')).toBe('\\#4211');
    expect(markdownLink('#4211', 'https://x.example/a>b')).toBe('\\#4211');
    expect(markdownLink('#4211', 'https://x.example/a b')).toBe('\\#4211');
    expect(markdownLink('#4211', undefined)).toBe('\\#4211');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (url) => {
        const md = markdownLink('INC1', `https://x.example/${url}`);
        const target = md.match(/^\[INC1\]\(<([^>]*)>\)$/)?.[1];
        if (target === undefined) expect(md).toBe('INC1');
        else expect(target).toMatch(/^https:\/\/[^\s<>()\\`]+$/);
      }),
      { numRuns: 300 },
    );
  });
});
