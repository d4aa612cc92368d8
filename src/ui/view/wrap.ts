import { wrap } from '../text/fit.js';

/** Word-wraps one paragraph to lines of at most `width` cells; a theme's `wrap` has this shape. */
export type Wrap = (text: string, width: number) => string[];

/**
 * Word-wrap one paragraph to `width` display columns with the one fitting function
 * (`ui/text/fit.ts`): never inside a grapheme cluster, words longer than a line broken
 * between clusters. Components pass `theme.wrap` instead, so ASCII mode applies too.
 */
export const wrapText: Wrap = (text, width) => (width <= 0 ? [] : wrap(text, width));
