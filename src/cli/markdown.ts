/**
 * Vendor text made safe to paste into chat and tickets (CommonMark / GitHub-flavoured
 * Markdown, which Teams, Mattermost, Discord, GitLab and GitHub all read).
 *
 * A ticket title is untrusted: `|` would split a table cell, `*` and `_` start emphasis,
 * `` ` `` a code span, `[x](y)` or `<http://…>` a link the reader did not expect, `@channel`
 * a mention, and a newline or escape sequence a new block (or a terminal trick). After
 * `sanitizeText` (no controls, no escape sequences, one line), every character that can start
 * markup is backslash-escaped, and bare URLs and e-mail addresses are shown as inert code so
 * no chat turns them into links.
 */
import { sanitizeText } from '../domain/sanitize.js';

/** ASCII punctuation that starts or ends Markdown markup anywhere in a line. */
const SPECIAL = /[\\`*_~[\]<>|#&@]/g;
/** Text a GFM renderer or chat client would turn into a link by itself. */
const LINKISH =
  /(?:\b(?:https?|ftp|file|mailto|ssh|tel):[^\s`]*|\bwww\.[^\s`]+|[^\s`@]+@[^\s`@]+\.[^\s`@]+)/giu;

function escapePlain(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`);
}

/** One line of vendor text as inert Markdown: what it said, never markup. */
export function escapeMarkdown(input: unknown): string {
  const text = sanitizeText(input);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(LINKISH)) {
    out += escapePlain(text.slice(last, m.index));
    // A code span: no link, no emphasis, no mention inside. The match holds no backtick.
    out += `\`${m[0]}\``;
    last = m.index + m[0].length;
  }
  return out + escapePlain(text.slice(last));
}

/**
 * A link whose target came from a vendor: `[label](<url>)` when the URL is a plain http(s)
 * address with nothing that could close the destination, else the label alone.
 */
export function markdownLink(label: string, url: string | undefined): string {
  const text = escapeMarkdown(label);
  const clean = url === undefined ? '' : sanitizeText(url);
  if (!/^https?:\/\/[^\s<>()\\`]+$/i.test(clean)) return text;
  return `[${text}](<${clean}>)`;
}
