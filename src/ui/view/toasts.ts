import type { AppState, Toast } from '../../store/types.js';
import type { ToastView } from '../components/ToastLine.js';
import { clean } from '../text/fit.js';
import type { Glyphs } from '../theme/theme.js';

/** How long a message stays on the message line, checked on the 1 Hz tick. */
export const TOAST_MS = 6000;
/**
 * Least time a message keeps the line when others wait for it: several messages said at once
 * are shown one after another, each long enough to read a line of it.
 */
export const TOAST_HOLD_MS = 2500;

/**
 * Which message has the line at `now`, and how many wait for a turn. The newest message always
 * takes the line at once (it answers the key just pressed); one it displaced, or one said in the
 * same breath, comes back after it until each has had its hold. Derived from the messages alone
 * (no timers, no hidden state): the turns are replayed from the first message's time, which with
 * at most MAX_TOASTS messages is a handful of steps.
 */
export function messageAt(toasts: readonly Toast[], at: number): { toast: Toast | null; waiting: number } {
  const order = [...toasts].sort((a, b) => a.id - b.id);
  const first = order[0];
  const newest = order.at(-1);
  if (!first || !newest) return { toast: null, waiting: 0 };
  // The screen's clock ticks once a second: a message said since the last tick is already here,
  // and must show now rather than at the next tick.
  const now = Math.max(at, newest.at);
  const shown = new Map<number, number>();
  const seen = (x: Toast) => shown.get(x.id) ?? 0;
  const waitingAt = (t: number, cur: Toast | null) =>
    order.filter((x) => x.at <= t && x !== cur && seen(x) < TOAST_HOLD_MS);
  let t = first.at;
  let cur: Toast | null = null;
  // Each step either ends a turn or starts one, so a few per message bound the loop.
  for (let step = 0; step < 4 * order.length + 4; step++) {
    const next = order.find((x) => x.at > t);
    if (!cur) {
      cur = waitingAt(t, null).at(-1) ?? null;
      if (!cur) {
        if (!next || next.at > now) return { toast: null, waiting: 0 };
        t = next.at;
        continue;
      }
    }
    const others = waitingAt(t, cur).length > 0;
    const end = t + Math.max(0, (others ? TOAST_HOLD_MS : TOAST_MS) - seen(cur));
    const until = Math.min(end, next?.at ?? Number.POSITIVE_INFINITY);
    if (now < until) return { toast: cur, waiting: waitingAt(now, cur).length };
    shown.set(cur.id, seen(cur) + (until - t));
    t = until;
    cur = null;
  }
  return { toast: null, waiting: 0 };
}

/**
 * What the message line shows: the message whose turn it is (with how many wait for theirs),
 * unless a write is in progress and nothing was said since it started (then its progress). One
 * model for both, in the store: messages are numbered in the order they were said, and a write
 * remembers the number the next message would get when it started.
 */
export function currentToast(state: AppState, realNow: number, g: Pick<Glyphs, 'more'>): ToastView | null {
  const { toast: slot, waiting } = messageAt(state.toasts, realNow);
  const view = (t: Toast): ToastView => ({
    level: t.level,
    text: clean(t.text),
    ...(waiting > 0 ? { more: waiting } : {}),
  });
  const pending = Object.values(state.pending)[0];
  if (pending) {
    return slot && slot.id >= pending.seq
      ? view(slot)
      : { level: 'progress', text: `${clean(pending.label)}${g.more}` };
  }
  return slot ? view(slot) : null;
}
