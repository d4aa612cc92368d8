import { charWidth, displayWidth } from '../text/fit.js';

/**
 * Word-wrap one paragraph to `width` display columns. Words longer than a line are
 * split (a URL or a token must not push past the box). Text is expected to be clean
 * (no control characters); runs of spaces collapse.
 */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = () => {
    if (line !== '') lines.push(line);
    line = '';
    used = 0;
  };
  for (const word of text.split(/ +/).filter(Boolean)) {
    const w = displayWidth(word);
    const gap = used > 0 ? 1 : 0;
    if (used + gap + w <= width) {
      line += (gap ? ' ' : '') + word;
      used += gap + w;
      continue;
    }
    if (w <= width) {
      flush();
      line = word;
      used = w;
      continue;
    }
    // A word wider than the box: fill the current line, then cut it by columns.
    if (used > 0 && width - used - 1 >= 1) {
      line += ' ';
      used += 1;
    } else flush();
    for (const ch of word) {
      const cw = charWidth(ch);
      if (used + cw > width) flush();
      line += ch;
      used += cw;
    }
  }
  flush();
  return lines;
}
