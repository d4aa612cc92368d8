/**
 * What the `:` command line offers: every command of the keymap registry that can run on the
 * screen under it, each panel, each connector, and the saved views. Matching is by words:
 * every typed word must appear in the entry's name or description, names that start with the
 * text first, so `:ack`, `:sla` and `:pd-demo` find what a k9s user expects.
 */
export interface LineEntry {
  /** What is typed (`incident.ack`, `panel:sla`, `connector:pd-demo`, `view:my-p1s`). */
  name: string;
  /** What it does, with its key when it has one. */
  about: string;
}

export function matchEntries<E extends LineEntry>(entries: readonly E[], text: string): E[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  const scored: { e: E; score: number }[] = [];
  for (const e of entries) {
    const name = e.name.toLowerCase();
    const hay = `${name} ${e.about.toLowerCase()}`;
    if (!words.every((w) => hay.includes(w))) continue;
    const first = words[0]!;
    const score = name === first ? 0 : name.startsWith(first) ? 1 : name.includes(first) ? 2 : 3;
    scored.push({ e, score });
  }
  // Stable: equal scores keep the registry's order (help's order).
  return scored.sort((a, b) => a.score - b.score).map((s) => s.e);
}

/** Tab: the longest start every match shares, or the first match's name when they share nothing more. */
export function complete(matches: readonly LineEntry[], text: string): string {
  const first = matches[0];
  if (!first) return text;
  let common = first.name;
  for (const m of matches.slice(1)) {
    let i = 0;
    while (i < common.length && i < m.name.length && common[i] === m.name[i]) i++;
    common = common.slice(0, i);
  }
  return common.length > text.length && common.toLowerCase().startsWith(text.toLowerCase())
    ? common
    : first.name;
}
