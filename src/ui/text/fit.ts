import { sanitizeText, stripUnsafe } from '../../domain/sanitize.js';
import { toAscii } from './ascii.js';
import { clusterWidth, displayWidth, forTerminal } from './width.js';

export { displayWidth } from './width.js';

/**
 * Everything drawn goes through `fit`: it makes text safe for the terminal (controls gone,
 * clusters Ink and the terminal measure alike, ASCII when the terminal needs it), then cuts
 * it to a width in cells, never inside a grapheme cluster, and optionally pads it. Ink is
 * never left to truncate or pad anything, so its own `…` and its `String.length` idea of
 * width never reach the screen.
 */
export interface FitOptions {
  /** Transliterate to 7-bit ASCII (the theme's `ascii`). */
  ascii?: boolean;
  /** Marks a cut; default `…` (ASCII text gets `~` unless told). */
  ellipsis?: string;
  /** Pad to exactly `width`: on the right (`left`, the default) or the left (`right`). */
  pad?: 'left' | 'right';
  /** Keep the end instead of the start (a text field showing where the cursor is). */
  keep?: 'start' | 'end';
}

/**
 * Longest text prepared for the screen, in UTF-16 code units. The widest screen shows a few
 * thousand cells; a megabyte title is cut once here (and cached) instead of being walked on
 * every frame.
 */
const MAX_TEXT = 8192;
const CACHE_MAX = 1024;
const prepared = { unicode: new Map<string, string>(), ascii: new Map<string, string>() };

/** The text as it will be drawn, before cutting: unsafe characters gone, widths settled, ASCII if asked. */
export function screenText(text: string, ascii = false): string {
  const cache = ascii ? prepared.ascii : prepared.unicode;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let safe = stripUnsafe(text);
  if (safe.length > MAX_TEXT) {
    // Never keep half of a surrogate pair.
    const end = /[\ud800-\udbff]/.test(safe[MAX_TEXT - 1]!) ? MAX_TEXT - 1 : MAX_TEXT;
    safe = safe.slice(0, end);
  }
  const settled = forTerminal(safe);
  const out = ascii ? toAscii(settled) : settled;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(text, out);
  return out;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Longest prefix of already-prepared `text` within `width` cells, whole clusters only; `all` if nothing was left. */
function head(text: string, width: number): { text: string; all: boolean } {
  if (/^[\x20-\x7e]*$/.test(text)) return { text: text.slice(0, width), all: text.length <= width };
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = clusterWidth(segment);
    if (used + w > width) return { text: out, all: false };
    out += segment;
    used += w;
  }
  return { text: out, all: true };
}

/** Longest suffix of already-prepared `text` within `width` cells, whole clusters only. */
function tail(text: string, width: number): { text: string; all: boolean } {
  const clusters = Array.from(segmenter.segment(text), (s) => s.segment);
  let used = 0;
  let from = clusters.length;
  while (from > 0) {
    const w = clusterWidth(clusters[from - 1]!);
    if (used + w > width) break;
    used += w;
    from--;
  }
  return { text: clusters.slice(from).join(''), all: from === 0 };
}

/** The one fitting function: prepared, cut to `width` cells with an ellipsis, padded if asked. */
export function fitText(text: string, width: number, opts: FitOptions = {}): string {
  const cells = Math.max(0, Math.floor(width));
  const ascii = opts.ascii === true;
  const full = screenText(text, ascii);
  const mark = () => screenText(opts.ellipsis ?? (ascii ? '~' : '\u2026'), ascii);
  let shown: string;
  if (opts.keep === 'end') {
    const end = tail(full, cells);
    shown = end.text;
    if (!end.all) {
      const room = cells - displayWidth(mark());
      if (room >= 0) shown = mark() + tail(full, room).text;
    }
  } else {
    // Walks at most `width` cells of the text: a long title costs what a short one does.
    const whole = head(full, cells);
    shown = whole.text;
    if (!whole.all) {
      const room = cells - displayWidth(mark());
      if (room >= 0) shown = head(full, room).text + mark();
    }
  }
  if (!opts.pad) return shown;
  const gap = ' '.repeat(Math.max(0, cells - displayWidth(shown)));
  return opts.pad === 'left' ? shown + gap : gap + shown;
}

/** Cut to at most `width` cells, ending with the ellipsis when something was cut. */
export function truncate(text: string, width: number, opts: FitOptions | string = {}): string {
  return fitText(text, width, typeof opts === 'string' ? { ellipsis: opts } : opts);
}

/** Exactly `width` cells: cut, then padded (left-aligned, or right-aligned for numbers). */
export function padTo(
  text: string,
  width: number,
  align: 'left' | 'right' = 'left',
  opts: FitOptions | string = {},
): string {
  const base = typeof opts === 'string' ? { ellipsis: opts } : opts;
  return fitText(text, width, { ...base, pad: align });
}

/** Pieces of at most `width` cells that a word too long for a line is broken into. */
function chop(word: string, width: number, opts: FitOptions): string[] {
  const parts: string[] = [];
  let part = '';
  let used = 0;
  for (const { segment } of segmenter.segment(word)) {
    const w = clusterWidth(segment);
    if (used + w > width && part) {
      parts.push(part);
      part = '';
      used = 0;
    }
    // A cluster wider than the line itself (CJK at width 1) cannot be drawn whole: mark it cut.
    if (w > width) {
      parts.push(fitText(segment, width, opts));
      continue;
    }
    part += segment;
    used += w;
  }
  if (part) parts.push(part);
  return parts;
}

/**
 * Word-wrapped lines of at most `width` cells each, at most `maxLines` of them (the last
 * one cut with the ellipsis when text is left over). Words longer than a line are broken
 * between clusters; runs of spaces between words become one.
 */
export function wrap(text: string, width: number, opts: FitOptions & { maxLines?: number } = {}): string[] {
  const cells = Math.max(1, Math.floor(width));
  const max = Math.max(1, opts.maxLines ?? Number.POSITIVE_INFINITY);
  const ascii = opts.ascii === true;
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of screenText(text, ascii).split(' ')) {
    if (!word) continue;
    if (lines.length > max) break;
    const w = displayWidth(word);
    if (line && used + 1 + w <= cells) {
      line += ` ${word}`;
      used += 1 + w;
      continue;
    }
    if (line) lines.push(line);
    const parts =
      w <= cells
        ? [word]
        : chop(word, cells, { ascii, ...(opts.ellipsis ? { ellipsis: opts.ellipsis } : {}) });
    lines.push(...parts.slice(0, -1));
    line = parts.at(-1) ?? '';
    used = displayWidth(line);
  }
  if (line || lines.length === 0) lines.push(line);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = fitText(`${kept[max - 1]} ${lines[max]}`, cells, {
    ascii,
    ...(opts.ellipsis ? { ellipsis: opts.ellipsis } : {}),
  });
  return kept;
}

/** Vendor text made safe for a <Text>: escape and control sequences removed, one line, widths settled. */
export function clean(text: unknown): string {
  // Settling can drop a leading cluster (a mark with no base), so trim again.
  return forTerminal(sanitizeText(text)).trim();
}
