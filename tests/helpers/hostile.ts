/**
 * Text a vendor can send: the issue-7 defect titles, hand-picked hostile classes, and
 * fast-check arbitraries over all of Unicode (graphemes, and raw UTF-16 with lone
 * surrogates), mixed with the classes so a generated string can hold several at once.
 */
import fc from 'fast-check';

const ESC = '\x1b';

/** The four titles that killed the cockpit (issue 7, defect 1). */
export const DEFECT_TITLES = [
  '⚠️ Disk full ⚠️ on db-01',
  'Zoe\u0308 Example paged', // NFD: e + combining diaeresis
  '👨‍👩‍👧 family emoji in a title',
  'two\u200b\u200bzero-width', // two zero-width code points in one cell
] as const;

/** One of each class of hostile text, labelled for failure messages. */
export const HOSTILE: Readonly<Record<string, string>> = {
  ...Object.fromEntries(DEFECT_TITLES.map((t, i) => [`defect ${i + 1}`, t])),
  'C0 controls': 'a\x00b\x07c\x08d\te\nf\rg\x7fh',
  'C1 controls': 'a\x85b\x90c\x9bd\x9de\x9cf',
  'CSI clear + cursor': `x${ESC}[2J${ESC}[H${ESC}[10;10Hy${ESC}[?1049l`,
  'OSC 52 clipboard': `x${ESC}]52;c;ZXZpbA==\x07y`,
  'OSC 8 link': `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`,
  'unterminated OSC': `title ${ESC}]0;pwned`,
  'DCS sixel': `x${ESC}Pq#0;2;0;0;0#0~~@@vv${ESC}\\y`,
  'stray ESC': `a${ESC}`,
  'bidi override': 'invoice\u202Egpj.exe \u2066isolate\u2069 \u200Fmark',
  'lone surrogates': 'a\ud800b\udc00c\udbff',
  'soft hyphen BOM ZWSP': '\ufeffsoft\u00adhyphen\u200bzw\u2060wj',
  'CJK wide': '数据库服务器磁盘已满東京ｶﾞ',
  'Hangul jamo': '\u1100\u1161\u11a8\u1100\u1161',
  'RTL Hebrew': 'שגיאה בשרת הנתונים',
  'RTL Arabic': 'خطأ في خادم قاعدة البيانات',
  'Persian ZWNJ': 'می\u200cخواهم',
  'Devanagari conjunct': 'क्षेत्र सर्वर त्रुटि',
  'combining stack': `Z${'\u0301\u0336\u0358'.repeat(40)}algo`,
  'leading mark': '\u0308\u0301 starts with marks',
  'emoji mix': '🔥😀👍🏽🇺🇸🏳️‍🌈1️⃣🫨☀︎',
  'variation selectors': 'a\ufe0fb\ufe0e葛\u{e0100}',
  tags: '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}',
  noncharacters: 'x\ufffey\uffffz\u{1fffe}',
  'private use': '\ue000\u{f0000}\u{10fffd}',
  long: `${'very long title '.repeat(400)}end`,
  'long wide': '漢'.repeat(3000),
  'only spaces': '     ',
  empty: '',
};

/** Hand-picked classes, alone or glued together. */
const picked = fc.constantFrom(...Object.values(HOSTILE));

/**
 * Any text a vendor field could hold: whole-grapheme Unicode, raw UTF-16 (lone
 * surrogates included), the hand-picked classes, and mixtures of all three.
 */
export const vendorText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  picked,
  fc
    .array(
      fc.oneof(
        picked,
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
      ),
      { minLength: 2, maxLength: 4 },
    )
    .map((parts) => parts.join('')),
);
