import type { AppState, Toast } from '../../store/types.js';
import type { ToastView } from '../components/ToastLine.js';
import { clean } from '../text/fit.js';
import type { Glyphs } from '../theme/theme.js';

/** How long a message stays on the message line, checked on the 1 Hz tick. */
export const TOAST_MS = 6000;
/**
 * Least time a message keeps the line when others are waiting behind it: several messages said
 * at once are shown one after another, each long enough to read a line of it.
 */
export const TOAST_HOLD_MS = 2500;

interface Slot {
  toast: Toast;
  start: number;
  end: number;
}

/**
 * When each message has the line: in the order they were said, each from when it was said or
 * when the one before it has had its hold, whichever is later, until the next one takes over
 * or its time is up.
 */
export function toastSchedule(toasts: readonly Toast[]): Slot[] {
  const sorted = [...toasts].sort((a, b) => a.id - b.id);
  const starts: number[] = [];
  for (const [i, t] of sorted.entries()) {
    starts.push(i === 0 ? t.at : Math.max(t.at, starts[i - 1]! + TOAST_HOLD_MS));
  }
  return sorted.map((toast, i) => {
    const own = starts[i]! + TOAST_MS;
    const next = starts[i + 1];
    return { toast, start: starts[i]!, end: next === undefined ? own : Math.min(own, next) };
  });
}

/**
 * What the message line shows: the message whose turn it is (with how many wait behind it),
 * unless a write is in progress and nothing was said since it started (then its progress). One
 * model for both, in the store: messages are numbered in the order they were said, and a write
 * remembers the number the next message would get when it started.
 */
export function currentToast(state: AppState, realNow: number, g: Pick<Glyphs, 'more'>): ToastView | null {
  const slots = toastSchedule(state.toasts);
  const slot = slots.find((s) => s.start <= realNow && realNow < s.end);
  const waiting = slots.filter((s) => s.start > realNow).length;
  const view = (t: Toast): ToastView => ({
    level: t.level,
    text: clean(t.text),
    ...(waiting > 0 ? { more: waiting } : {}),
  });
  const pending = Object.values(state.pending)[0];
  if (pending) {
    return slot && slot.toast.id >= pending.seq
      ? view(slot.toast)
      : { level: 'progress', text: `${clean(pending.label)}${g.more}` };
  }
  return slot ? view(slot.toast) : null;
}
