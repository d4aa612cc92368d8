/**
 * The system clipboard, reached through the terminal (OSC 52): it works over SSH and inside
 * tmux or screen, where no local clipboard tool could. The terminal decides whether to honour
 * it and says nothing back, so the cockpit can only say it asked.
 */
import { createContext } from 'react';
import { type Multiplexer, osc52 } from './text/osc.js';

export interface Clipboard {
  /** Ask the terminal to put `text` on the clipboard. */
  copy(text: string): void;
}

/** Null outside a real run (tests and embedders pass their own). */
export const ClipboardContext = createContext<Clipboard | null>(null);

/** Writes OSC 52 straight to the terminal: it draws nothing, so Ink's frame is untouched. */
export function terminalClipboard(stdout: { write(s: string): unknown }, mux: Multiplexer): Clipboard {
  return { copy: (text) => void stdout.write(osc52(text, mux)) };
}
