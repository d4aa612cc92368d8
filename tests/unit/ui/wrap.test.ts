import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clean, displayWidth } from '../../../src/ui/text/fit.js';
import { graphemes } from '../../../src/ui/text/width.js';
import { wrapText } from '../../../src/ui/view/wrap.js';

const squash = (t: string) => t.replace(/ +/g, '');

describe('wrapText', () => {
  it('breaks between words and keeps every word', () => {
    expect(wrapText('PagerDuty rejected the API token (401) on GET /incidents.', 20)).toEqual([
      'PagerDuty rejected',
      'the API token (401)',
      'on GET /incidents.',
    ]);
  });

  it('cuts a word longer than the line by columns, wide characters included', () => {
    expect(wrapText('see https://example.com/a/very/long/path', 12)).toEqual([
      'see',
      'https://exam',
      'ple.com/a/ve',
      'ry/long/path',
    ]);
    expect(wrapText('障害障害障害', 5)).toEqual(['障害', '障害', '障害']);
  });

  it('no line is wider than the box and no character is lost, for any text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 2, max: 120 }),
        (raw, width) => {
          const text = clean(raw);
          // One grapheme wider than the box (a cluster with spacing marks can be 3 columns)
          // cannot be shown whole on any line; that case is the fitting function's, tested there.
          fc.pre(graphemes(text).every((g) => displayWidth(g) <= width));
          const lines = wrapText(text, width);
          for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
          expect(squash(lines.join(''))).toBe(squash(text));
        },
      ),
    );
  });
});
