import { sanitizeText, stripUnsafe } from '../../domain/sanitize.js';
import { toAscii } from './ascii.js';
import { clusterWidth, displayWidth, forTerminal, graphemes } from './width.js';

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
}

/** The text as it will be drawn, before cutting: unsafe characters gone, widths settled, ASCII if asked. */
export function screenText(text: string, ascii = false): string {
  const safe = forTerminal(stripUnsafe(text));
  return ascii ? toAscii(safe) : safe;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Longest prefix of already-prepared `text` within `width` cells, whole clusters only. */
function head(text: string, width: number): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text.slice(0, width);
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = clusterWidth(segment);
    if (used + w > width) break;
    out += segment;
    used += w;
  }
  return out;
}

/** The one fitting function: prepared, cut to `width` cells with an ellipsis, padded if asked. */
export function fitText(text: string, width: number, opts: FitOptions = {}): string {
  const cells = Math.max(0, Math.floor(width));
  const ascii = opts.ascii === true;
  const prepared = screenText(text, ascii);
  // Measuring stops a little past the width: a megabyte title costs as much as a short one.
  let shown = head(prepared, cells + 1);
  if (displayWidth(shown) > cells) {
    const mark = screenText(opts.ellipsis ?? (ascii ? '~' : '\u2026'), ascii);
    const room = cells - displayWidth(mark);
    shown = room >= 0 ? head(prepared, room) + mark : head(prepared, cells);
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

/**
 * Word-wrapped lines of at most `width` cells each, at most `maxLines` of them (the last
 * one cut with the ellipsis when text is left over). Words longer than a line are broken
 * between clusters.
 */
export function wrap(text: string, width: number, opts: FitOptions & { maxLines?: number } = {}): string[] {
  const cells = Math.max(1, Math.floor(width));
  const max = Math.max(1, opts.maxLines ?? Number.POSITIVE_INFINITY);
  const prepared = screenText(text, opts.ascii === true);
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
  };
  for (const word of prepared.split(/(?<= )/)) {
    if (displayWidth(line + word.trimEnd()) <= cells) {
      line += word;
      continue;
    }
    if (line.trim()) push();
    let rest = word;
    while (displayWidth(rest.trimEnd()) > cells) {
      // A cluster wider than the whole line (a CJK character at width 1) is cut like any text.
      const part = head(rest, cells) || (graphemes(rest)[0] ?? rest);
      lines.push(fitText(part, cells, { ascii: opts.ascii === true }));
      rest = rest.slice(part.length);
      if (lines.length > max) break;
    }
    line = rest;
    if (lines.length > max) break;
  }
  if (line.trim() || lines.length === 0) push();
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = fitText(`${kept[max - 1]} ${lines[max]}`, cells, opts);
  return kept;
}

/** Vendor text made safe for a <Text>: escape and control sequences removed, one line, widths settled. */
export function clean(text: unknown): string {
  return forTerminal(sanitizeText(text));
}
