/**
 * Two terminal features the cockpit uses beyond drawing: clickable links (OSC 8) and
 * writing the system clipboard (OSC 52). Both put text from a vendor inside an escape
 * sequence, so both only ever carry a URL that has been parsed and re-serialised as
 * printable ASCII: an ESC, BEL or C1 string terminator in a vendor's URL cannot end the
 * sequence early and smuggle in one of its own.
 *
 * Detection is conservative. A terminal that does not know OSC 8 prints nothing for it (the
 * text still shows), but some old ones print garbage, so links are on only where the terminal
 * says who it is, and `ITOPS_HYPERLINKS=1|0` (or config `ui.hyperlinks`) decides otherwise.
 */

import { sanitizeText } from '../../domain/sanitize.js';

const ESC = '\u001B';
const ST = `${ESC}\\`;
/** Longest link target sent; terminals cap URIs near 2 KB (VTE: 2083 bytes). */
export const MAX_LINK_CHARS = 2000;

/**
 * The URL as a terminal may receive it: escape sequences and controls removed first (so the
 * target is the URL the screen shows), http(s) only, parsed by the WHATWG URL parser (which
 * percent-encodes what is left of controls and non-ASCII), printable ASCII without spaces,
 * and not too long. Undefined for anything else: the caller shows the text without a link.
 */
export function safeLinkTarget(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let href: string;
  try {
    const parsed = new URL(sanitizeText(url));
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    href = parsed.href;
  } catch {
    return undefined;
  }
  if (href.length > MAX_LINK_CHARS || !/^[\x21-\x7e]+$/.test(href)) return undefined;
  return href;
}

/** `text` as a clickable link to `url` (OSC 8), or `text` alone when the URL is not safe to send. */
export function osc8(text: string, url: string | undefined): string {
  const href = safeLinkTarget(url);
  if (!href) return text;
  return `${ESC}]8;;${href}${ST}${text}${ESC}]8;;${ST}`;
}

/** A terminal multiplexer between us and the terminal, which must be asked to pass OSC 52 on. */
export type Multiplexer = 'tmux' | 'screen' | 'none';

export function detectMultiplexer(env: Readonly<Record<string, string | undefined>>): Multiplexer {
  if (env.TMUX) return 'tmux';
  if (env.STY || /^screen/.test(env.TERM ?? '')) return 'screen';
  return 'none';
}

/**
 * The sequence that puts `text` on the clipboard (OSC 52, clipboard `c`), wrapped for a
 * multiplexer. tmux gets it twice: as is (taken when `set-clipboard on`) and in a DCS
 * passthrough with its ESCs doubled (taken when `allow-passthrough on`), so one of tmux's
 * usual settings lets it through. GNU screen needs DCS chunks of at most 76 bytes.
 */
export function osc52(text: string, mux: Multiplexer = 'none'): string {
  const seq = `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${ST}`;
  if (mux === 'tmux') return `${seq}${ESC}Ptmux;${seq.replaceAll(ESC, ESC + ESC)}${ST}`;
  if (mux === 'screen') {
    const chunks = seq.match(/[\s\S]{1,76}/g) ?? [];
    return chunks.map((c) => `${ESC}P${c}${ST}`).join('');
  }
  return seq;
}

/** Terminals known to draw OSC 8 links, by what they say about themselves. */
function knownLinkTerminal(env: Readonly<Record<string, string | undefined>>): boolean {
  const program = env.TERM_PROGRAM ?? '';
  const version = env.TERM_PROGRAM_VERSION ?? '';
  const major = Number(version.split('.')[0]);
  const minor = Number(version.split('.')[1] ?? 0);
  if (program === 'iTerm.app') return major > 3 || (major === 3 && minor >= 1);
  if (program === 'vscode') return major > 1 || (major === 1 && minor >= 72);
  if (['WezTerm', 'ghostty', 'Hyper', 'rio', 'Tabby'].includes(program)) return true;
  if (env.WT_SESSION || env.KITTY_WINDOW_ID || env.KONSOLE_VERSION || env.DOMTERM) return true;
  if (env.VTE_VERSION && Number(env.VTE_VERSION) >= 5000) return true;
  const term = env.TERM ?? '';
  return term === 'xterm-kitty' || term === 'xterm-ghostty' || term === 'alacritty' || term === 'foot';
}

/**
 * Should links be clickable? `setting` is config `ui.hyperlinks`; `ITOPS_HYPERLINKS=1|0` wins
 * over it. `auto`: only in a terminal known to support them, and not inside a multiplexer
 * (tmux before 3.4 and screen drop or mangle them) or under `TERM=dumb`.
 */
export function detectHyperlinks(
  env: Readonly<Record<string, string | undefined>>,
  setting: 'auto' | 'on' | 'off' = 'auto',
): boolean {
  const forced = env.ITOPS_HYPERLINKS?.trim().toLowerCase();
  if (forced === '1' || forced === 'on' || forced === 'true') return true;
  if (forced === '0' || forced === 'off' || forced === 'false') return false;
  if (setting !== 'auto') return setting === 'on';
  if ((env.TERM ?? '') === 'dumb' || detectMultiplexer(env) !== 'none') return false;
  return knownLinkTerminal(env);
}
