/** Spelling suggestions for config keys: "conectors" → "connectors". */

/** Classic Levenshtein edit distance (insert, delete, substitute each cost 1). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Two rolling rows keep memory at O(min) instead of a full matrix.
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let curr = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/**
 * The closest known word, or undefined when nothing is close enough to be a
 * plausible typo. Case is ignored so `readonly` suggests `readOnly`.
 */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const needle = word.toLowerCase();
  // Allow roughly one edit per three characters, never fewer than two, so short
  // keys (`ui`, `log`) still match their typos without everything matching everything.
  const limit = Math.max(2, Math.floor(needle.length / 3));
  let best: { word: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = levenshtein(needle, candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word;
}
