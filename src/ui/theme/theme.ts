import { type FitOptions, fitText, wrap } from '../text/fit.js';
import { osc8 } from '../text/osc.js';

/**
 * Colours and glyphs in one place. Severity is always glyph + word; colour only
 * reinforces it, so `noColor` (NO_COLOR) loses nothing, and `ascii` swaps every
 * glyph for one a 7-bit terminal can draw.
 */

export type Tone = 'danger' | 'warn' | 'ok' | 'info' | 'accent' | 'muted';

/** The colour themes (`--theme`, config `ui.theme`). */
export type ThemeName = 'dark' | 'light' | 'mono' | 'high-contrast';
export const THEME_NAMES: readonly ThemeName[] = ['dark', 'light', 'mono', 'high-contrast'];

const PALETTES: Record<Exclude<ThemeName, 'mono'>, Record<Tone, string>> = {
  dark: { danger: 'red', warn: 'yellow', ok: 'green', info: 'cyan', accent: 'blueBright', muted: 'gray' },
  // Yellow and cyan vanish on a white background.
  light: { danger: 'red', warn: 'magenta', ok: 'green', info: 'blue', accent: 'blue', muted: 'gray' },
  // Bright colours only, no grey and no faint text: readable on a projector or with low vision.
  'high-contrast': {
    danger: 'redBright',
    warn: 'yellowBright',
    ok: 'greenBright',
    info: 'cyanBright',
    accent: 'whiteBright',
    muted: 'white',
  },
};

const UNICODE = {
  ok: '●',
  warn: '▲',
  error: '✖',
  pointer: '▶',
  triggered: '▲',
  acknowledged: '◐',
  resolved: '✔',
  caution: '⚠',
  /** Marks data older than twice its poll interval (rows, titles, detail views). */
  stale: '◷',
  /** Marks a record with related records in other sources (correlation: same host, cited ticket). */
  related: '⇄',
  success: '✔',
  info: 'ℹ',
  barFull: '█',
  barEmpty: '░',
  ellipsis: '…',
  /** Prose "and so on": a label that leads to more (`Escalate…`), "loading…". */
  more: '…',
  dot: '·',
  dash: '—',
  /** Between the ends of a range: "12–30 of 42". */
  range: '–',
  /** Between the sides of a size: "80×24". */
  times: '×',
  /** Up and down keys in a hint. */
  upDown: '↑↓',
  cursor: '█',
  /** A row marked for a bulk action (Space): a glyph, so it shows without colour. */
  marked: '✓',
  /** After a column header: the list is sorted by this column. */
  sorted: '↓',
} as const;

export type Glyphs = Record<keyof typeof UNICODE, string>;

const ASCII: Glyphs = {
  ok: '*',
  warn: '!',
  error: 'x',
  pointer: '>',
  triggered: '!',
  acknowledged: 'o',
  resolved: 'v',
  caution: '!',
  stale: '?',
  related: '&',
  success: '+',
  info: 'i',
  barFull: '#',
  barEmpty: '-',
  ellipsis: '~',
  more: '...',
  dot: '|',
  dash: '-',
  range: '-',
  times: 'x',
  upDown: 'Up/Down',
  cursor: '_',
  marked: '*',
  sorted: 'v',
};

/** Ink accepts a custom border as an object of the eight pieces. */
export interface BorderChars {
  topLeft: string;
  top: string;
  topRight: string;
  right: string;
  bottomRight: string;
  bottom: string;
  bottomLeft: string;
  left: string;
}

const box = (c: string, h: string, v: string): BorderChars => ({
  topLeft: c[0]!,
  top: h,
  topRight: c[1]!,
  right: v,
  bottomRight: c[2]!,
  bottom: h,
  bottomLeft: c[3]!,
  left: v,
});

export interface Theme {
  name: ThemeName;
  ascii: boolean;
  color: boolean;
  /**
   * Faint text is allowed (labels, separators, stale values). Off in high contrast, where
   * faint grey on black is what the theme exists to avoid; meaning never rests on it alone.
   */
  dim: boolean;
  /** Links are sent as OSC 8 (the terminal makes them clickable). */
  hyperlinks: boolean;
  /** `text` as a clickable link to `url` when links are on and the URL is safe to send; else `text`. */
  link(text: string, url: string | undefined): string;
  glyph: Glyphs;
  /** Ink colour for a tone, or undefined when colours are off. */
  c(tone: Tone): string | undefined;
  /** Focused panels get a heavier border so focus survives NO_COLOR. */
  border(focused: boolean): BorderChars;
  /** `text` as one line of at most `width` cells in this theme's character set (see `ui/text/fit.ts`). */
  fit(text: string, width: number, opts?: FitOptions): string;
  /** `text` word-wrapped to lines of at most `width` cells, at most `maxLines` of them. */
  wrap(text: string, width: number, maxLines?: number): string[];
}

export interface ThemeOptions {
  ascii?: boolean;
  noColor?: boolean;
  /** Default `dark`. `mono` draws without colour, like NO_COLOR. */
  name?: ThemeName;
  hyperlinks?: boolean;
}

export function createTheme(opts: ThemeOptions = {}): Theme {
  const ascii = opts.ascii === true;
  const name = opts.name ?? 'dark';
  const color = opts.noColor !== true && name !== 'mono';
  const palette = PALETTES[name === 'mono' ? 'dark' : name];
  const glyph = ascii ? ASCII : UNICODE;
  const base = { ascii, ellipsis: glyph.ellipsis };
  const hyperlinks = opts.hyperlinks === true;
  return {
    name,
    ascii,
    color,
    dim: name !== 'high-contrast',
    hyperlinks,
    link: (text, url) => (hyperlinks ? osc8(text, url) : text),
    glyph,
    fit: (text, width, opts) => fitText(text, width, { ...base, ...opts }),
    wrap: (text, width, maxLines) => wrap(text, width, { ...base, ...(maxLines ? { maxLines } : {}) }),
    c: (tone) => (color ? palette[tone] : undefined),
    border: (focused) =>
      ascii
        ? focused
          ? box('####', '=', '#')
          : box('++++', '-', '|')
        : focused
          ? box('╔╗╝╚', '═', '║')
          : box('╭╮╯╰', '─', '│'),
  };
}

/** Terminal capabilities from the environment: ASCII unless the locale says UTF-8; NO_COLOR per no-color.org. */
export function detectTerminal(env: Readonly<Record<string, string | undefined>>): {
  ascii: boolean;
  noColor: boolean;
} {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return { ascii: !/utf-?8/i.test(locale), noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '' };
}
