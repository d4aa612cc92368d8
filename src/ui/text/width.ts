import stringWidth from 'string-width';

/**
 * How many terminal cells text takes, measured the way Ink lays it out and writes it.
 *
 * Ink sizes boxes with `string-width` (grapheme clusters via Intl.Segmenter) and then
 * writes cluster by cluster, giving each at least one cell and dropping clusters made
 * only of default-ignorable code points. `clusterWidth` follows the writer, so a
 * measure here never undercounts what reaches the screen.
 *
 * A terminal is a third party with its own idea of width: most count code point by
 * code point (wcwidth tables), some by cluster. `forTerminal` rewrites the few
 * clusters where the two disagree (emoji ZWJ sequences, skin tones, VS16 on a text
 * symbol, keycaps, Indic conjuncts) into parts every kind of terminal and Ink measure
 * alike, so a row Ink fits is a row the terminal draws without wrapping. See
 * docs/decisions.md "Text width".
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ALL_IGNORABLE = /^\p{Default_Ignorable_Code_Point}+$/u;
// Conjoining Hangul vowels and finals: width 0 in wcwidth tables (they join the leading consonant).
const HANGUL_MEDIAL_FINAL = /^[\u1160-\u11ff\ud7b0-\ud7ff]$/;
// Joiners, variation selectors, emoji modifiers, tag characters and the keycap mark: the parts
// that turn several code points into one emoji cluster. Dropping them leaves the plain symbols.
const COMPOSERS = /[\u200d\ufe0e\ufe0f\u20e3\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/gu;

/** Grapheme clusters of `text`, in order. */
export function graphemes(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) out.push(segment);
  return out;
}

// string-width costs microseconds a call (it segments and runs emoji regexes each time) and
// text repeats the same clusters over and over: remember the answers, within a bound.
const MEMO_MAX = 20_000;
const widths = new Map<string, number>();
const agreements = new Map<string, boolean>();
function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}

/** Cells Ink writes for one grapheme cluster: 0 if it drops it, else at least 1. */
export function clusterWidth(cluster: string): number {
  if (PRINTABLE_ASCII.test(cluster)) return cluster.length;
  const known = widths.get(cluster);
  if (known !== undefined) return known;
  return remember(widths, cluster, ALL_IGNORABLE.test(cluster) ? 0 : Math.max(1, stringWidth(cluster)));
}

/** The one measure of text on screen, in terminal cells. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += clusterWidth(segment);
  return width;
}

/** Width a code-point-at-a-time terminal gives a cluster: the sum of its code points' widths. */
function perCodePoint(cluster: string): number {
  let width = 0;
  for (const cp of cluster) width += HANGUL_MEDIAL_FINAL.test(cp) ? 0 : stringWidth(cp);
  return width;
}

/** True when Ink (by cluster) and a code-point terminal give the cluster the same, non-zero width. */
function agreed(cluster: string): boolean {
  const known = agreements.get(cluster);
  if (known !== undefined) return known;
  const width = stringWidth(cluster);
  return remember(agreements, cluster, width > 0 && width === perCodePoint(cluster));
}

/**
 * Longest cluster kept, in code points. Real ones (an emoji family, an Indic syllable) stay
 * well under it; a base with thousands of stacked marks is cut so it cannot smear over the
 * rows above and below or cost a measurement per mark on every frame.
 */
const MAX_CLUSTER = 16;

/** A cluster both kinds of measurer agree on, or the parts of it they agree on. */
function settle(whole: string): string {
  const cps = [...whole];
  const cluster = cps.length > MAX_CLUSTER ? cps.slice(0, MAX_CLUSTER).join('') : whole;
  if (PRINTABLE_ASCII.test(cluster) || agreed(cluster)) return cluster;
  // Invisible on its own (a mark with nothing to sit on, a lone selector): Ink would still give
  // it a cell, a terminal none. Nothing is lost by dropping it.
  if (stringWidth(cluster) === 0) return '';
  const plain = cluster.replace(COMPOSERS, '');
  if (plain !== cluster) return graphemes(plain).map(settleParts).join('');
  return settleParts(cluster);
}

// A code point that belongs to the base before it: marks, joiners, variation selectors.
const ATTACHES = /^(?:\p{M}|\u200c|\u200d|[\ufe00-\ufe0f])$/u;

/**
 * Last resort for a cluster that still disagrees, typically an Indic conjunct (consonant,
 * virama, consonant), which the segmenter joins into one cluster that Ink counts as one
 * cell and a terminal as two. Split it into base-plus-marks runs, keep each run (or its
 * base) that the two agree on, and put a zero-width non-joiner where the segmenter would
 * join runs again: the text stays readable (an explicit virama instead of a ligature).
 */
function settleParts(cluster: string): string {
  if (PRINTABLE_ASCII.test(cluster) || agreed(cluster)) return cluster;
  const runs: string[] = [];
  for (const cp of cluster) {
    if (runs.length > 0 && ATTACHES.test(cp)) runs[runs.length - 1] += cp;
    else runs.push(cp);
  }
  const kept = runs
    .map((run) => (agreed(run) ? run : [...run][0]!))
    .filter((run) => agreed(run) || PRINTABLE_ASCII.test(run));
  let out = kept[0] ?? '';
  for (let i = 1; i < kept.length; i++) {
    const joined = graphemes(kept[i - 1]! + kept[i]!).length < 2;
    out += joined ? `\u200c${kept[i]}` : kept[i];
  }
  return out;
}

const cache = new Map<string, string>();
const CACHE_MAX = 4096;

/**
 * Text rewritten so Ink and the terminal agree on its width: canonical composition
 * (NFC: `e` + U+0308 becomes `ë`), then cluster by cluster as `settle` says. Plain
 * ASCII passes untouched. Expects text with controls already removed.
 */
export function forTerminal(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let out = '';
  for (const { segment } of segmenter.segment(text.normalize('NFC'))) out += settle(segment);
  // Dropping a part can make neighbours join into a new cluster (rare); settle once more.
  if (!graphemes(out).every((c) => PRINTABLE_ASCII.test(c) || agreed(c))) {
    out = graphemes(out).map(settleParts).join('');
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(text, out);
  return out;
}
