import { createContext, useContext } from 'react';

/**
 * The keys the screen tells people to press ("press r to retry", "i: full text"),
 * read from the live key map so a rebound key is named correctly.
 */
export interface KeyLabels {
  /** "press r": how a paused or failing source is retried. */
  retry: string;
  /** The key that opens the status and messages view. */
  status: string;
}

export const DEFAULT_KEY_LABELS: KeyLabels = { retry: 'press r', status: 'i' };

export const KeyLabelsContext = createContext<KeyLabels>(DEFAULT_KEY_LABELS);

export function useKeyLabels(): KeyLabels {
  return useContext(KeyLabelsContext);
}
