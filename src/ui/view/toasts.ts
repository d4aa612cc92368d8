import type { AppState } from '../../store/types.js';
import type { ToastView } from '../components/ToastLine.js';
import { clean } from '../text/fit.js';
import type { Glyphs } from '../theme/theme.js';

/** How long a message stays on the message line, checked on the 1 Hz tick. */
export const TOAST_MS = 6000;

/**
 * What the message line shows: the newest unexpired message, unless a write is in progress and
 * nothing was said since it started (then its progress). One model for both, in the store:
 * messages are numbered in the order they were said, and a write remembers the number the
 * next message would get when it started.
 */
export function currentToast(state: AppState, realNow: number, g: Pick<Glyphs, 'more'>): ToastView | null {
  const fresh = state.toasts.filter((t) => realNow - t.at < TOAST_MS);
  const last = fresh.reduce<(typeof fresh)[number] | undefined>(
    (a, t) => (!a || t.id > a.id ? t : a),
    undefined,
  );
  const pending = Object.values(state.pending)[0];
  if (pending) {
    return last && last.id >= pending.seq
      ? { level: last.level, text: clean(last.text) }
      : { level: 'progress', text: `${clean(pending.label)}${g.more}` };
  }
  return last ? { level: last.level, text: clean(last.text) } : null;
}
