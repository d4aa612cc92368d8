/**
 * Vendor text is untrusted: a ticket title can carry `\x1b[2J`, OSC 52 clipboard
 * writes, bidi overrides or invisible characters that a terminal draws with a
 * width the layout did not count. Everything a vendor says goes through here
 * before it reaches a <Text>, a snapshot or a log line. What survives is
 * well-formed, printable text on one line; how it is fitted to a terminal cell
 * grid is the UI's business (`ui/text`).
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL | ESC \ | ST), DCS/PM/APC/SOS strings, any other ESC
// sequence (ESC, intermediates, final: RIS `ESC c`, DECSC `ESC 7`, charset `ESC ( B`), and the
// 8-bit C1 CSI. Other C1 introducers are removed one by one below: without them, what
// followed is inert text.
const ESCAPES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?|\x1b[ -/]*[0-~]|\x9b[0-?]*[ -/]*[@-~]/g;
// Line and paragraph breaks (and the Unicode separators) become one space.
const BREAKS = /[\t\n\v\f\r\u2028\u2029]+/g;
// Whatever C0/C1 control or DEL is left after the sequences are gone.
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;
/**
 * Invisible characters: every format character (bidi marks, overrides and isolates, soft
 * hyphen, zero-width space, BOM, tags, interlinear annotation) and every default-ignorable
 * code point (Hangul fillers, combining grapheme joiner, variation selectors 17-256…). They
 * carry no text, terminals disagree on whether they take a cell, and bidi controls can make a
 * row read differently from what it says. Kept: ZWJ and ZWNJ (Indic and Persian spelling,
 * emoji sequences) and variation selectors 1-16 (emoji and CJK presentation); the UI decides
 * per grapheme whether a terminal can be trusted with them.
 */
const INVISIBLE = /(?!\u200c|\u200d|[\ufe00-\ufe0f])[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
// Unpaired UTF-16 halves (what `String.prototype.toWellFormed` replaces; ES2023 lacks it).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NONCHARACTER = /\p{Noncharacter_Code_Point}/gu;

/**
 * The same cleaning without trimming, for text whose spacing matters (a padded cell, a
 * hint line). Lone surrogates and noncharacters become U+FFFD, so every later step can
 * treat the text as well-formed Unicode.
 */
export function stripUnsafe(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(ESCAPES, '')
    .replace(BREAKS, ' ')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '')
    .replace(NONCHARACTER, '\ufffd');
}

/** Remove control and escape sequences and invisible characters; collapse line breaks to single spaces. */
export function sanitizeText(input: unknown): string {
  if (input === null || input === undefined) return '';
  const text = typeof input === 'string' ? input : String(input);
  return stripUnsafe(text).trim();
}

/** Sanitize every string in a plain-data value, recursively (records, arrays, nested objects). */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitizeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => sanitizeDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = sanitizeDeep(v);
    return out as T;
  }
  return value;
}
