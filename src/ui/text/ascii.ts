/**
 * Text for a terminal that can only show 7-bit ASCII (`LANG=C`, `--ascii`, `ui.ascii`).
 *
 * Vendor text keeps as much meaning as the character set allows: typographic
 * punctuation becomes its ASCII spelling, accented letters lose their accents
 * (NFKD, then marks dropped: `Zoë` reads `Zoe`), a few letters without a
 * decomposition get their usual transliteration (`ß` → `ss`), and whatever is
 * still not ASCII (CJK, Hebrew, emoji…) becomes one `?` per grapheme cluster, so
 * the reader can tell that something, and how much, was there.
 */

const SPELLED: Readonly<Record<string, string>> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u00b7': '.',
  '\u2022': '*',
  '\u2026': '...',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': ',',
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u00ab': '<<',
  '\u00bb': '>>',
  '\u2039': '<',
  '\u203a': '>',
  '\u00d7': 'x',
  '\u00f7': '/',
  '\u2190': '<-',
  '\u2192': '->',
  '\u2191': '^',
  '\u2193': 'v',
  '\u21b5': 'Enter',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u00b1': '+/-',
  '\u00a9': '(c)',
  '\u00ae': '(R)',
  '\u00b0': 'deg',
  '\u20ac': 'EUR',
  '\u00a3': 'GBP',
  '\u00df': 'ss',
  '\u00e6': 'ae',
  '\u00c6': 'AE',
  '\u0153': 'oe',
  '\u0152': 'OE',
  '\u00f8': 'o',
  '\u00d8': 'O',
  '\u0142': 'l',
  '\u0141': 'L',
  '\u0111': 'd',
  '\u0110': 'D',
  '\u00f0': 'd',
  '\u00d0': 'D',
  '\u00fe': 'th',
  '\u00de': 'Th',
  '\u0131': 'i',
};

const SPELLABLE = new RegExp(`[${Object.keys(SPELLED).join('')}]`, 'g');
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MARKS = /\p{M}/gu;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `text` in printable ASCII only. Expects text with controls already removed. */
export function toAscii(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  const folded = text
    .replace(SPELLABLE, (ch) => SPELLED[ch] ?? ch)
    .normalize('NFKD')
    .replace(MARKS, '');
  if (PRINTABLE_ASCII.test(folded)) return folded;
  let out = '';
  for (const { segment } of segmenter.segment(folded)) {
    if (PRINTABLE_ASCII.test(segment)) out += segment;
    // Invisible leftovers (joiners, selectors) vanish; anything visible becomes one '?'.
    else if (/[^\p{Default_Ignorable_Code_Point}\p{Cf}]/u.test(segment)) out += '?';
  }
  return out;
}
