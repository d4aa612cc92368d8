/** Messages said together take turns on the message line; none is skipped (issue 15). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState } from '../../../src/store/state.js';
import type { Toast } from '../../../src/store/types.js';
import { toastLines } from '../../../src/ui/components/ToastLine.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import { currentToast, TOAST_HOLD_MS, TOAST_MS, toastSchedule } from '../../../src/ui/view/toasts.js';

const g = { more: '…' };
const toast = (id: number, at: number, text = `m${id}`): Toast => ({ id, level: 'info', text, at });
const shown = (toasts: Toast[], now: number) => currentToast(initialState({ toasts }), now, g);

describe('the message queue', () => {
  it('shows three messages said at once one after another, saying how many wait', () => {
    const toasts = [toast(1, 0), toast(2, 0), toast(3, 0)];
    expect(shown(toasts, 0)).toMatchObject({ text: 'm1', more: 2 });
    expect(shown(toasts, TOAST_HOLD_MS)).toMatchObject({ text: 'm2', more: 1 });
    expect(shown(toasts, 2 * TOAST_HOLD_MS)).toEqual({ level: 'info', text: 'm3' });
    expect(shown(toasts, 2 * TOAST_HOLD_MS + TOAST_MS)).toBeNull();
  });

  it('a message said alone stays its full time', () => {
    expect(shown([toast(1, 0)], TOAST_MS - 1)).toMatchObject({ text: 'm1' });
    expect(shown([toast(1, 0)], TOAST_MS)).toBeNull();
  });

  it('every message gets the line for at least its hold, whatever the timing', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20_000 }), { minLength: 1, maxLength: 4 }), (gaps) => {
        const ats = gaps.map((_, i) => gaps.slice(0, i + 1).reduce((a, b) => a + b, 0));
        const toasts = ats.map((at, i) => toast(i + 1, at));
        const slots = toastSchedule(toasts);
        for (const s of slots) {
          expect(s.end - s.start).toBeGreaterThanOrEqual(Math.min(TOAST_HOLD_MS, TOAST_MS));
          expect(s.start).toBeGreaterThanOrEqual(s.toast.at);
          expect(shown(toasts, s.start)?.text).toBe(s.toast.text);
        }
        // Turns never overlap and keep the order the messages were said in.
        for (let i = 1; i < slots.length; i++)
          expect(slots[i]!.start).toBeGreaterThanOrEqual(slots[i - 1]!.end);
      }),
    );
  });

  it('a write in progress shows until something is said after it started', () => {
    const pending = { k: { action: 'incidents.ack', label: 'Acknowledging #1', seq: 2 } };
    const state = (toasts: Toast[]) => initialState({ toasts, pending });
    expect(currentToast(state([toast(1, 0)]), 0, g)).toMatchObject({ level: 'progress' });
    expect(currentToast(state([toast(2, 0)]), 0, g)).toMatchObject({ text: 'm2' });
  });
});

describe('the message line', () => {
  const theme = createTheme();
  it('wraps a long message to two rows, then cuts it with an ellipsis', () => {
    const text = `Escalated #4211 to level 2 of Payments EP; nobody further to page after that level ${'x'.repeat(5)}`;
    const lines = toastLines({ level: 'warn', text }, 60, theme);
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toContain('nobody further');
    const long = toastLines({ level: 'warn', text: `${text} `.repeat(4) }, 60, theme);
    expect(long).toHaveLength(2);
    expect(long[1]!.endsWith('…')).toBe(true);
  });

  it('names the waiting messages and the log key', () => {
    expect(toastLines({ level: 'info', text: 'done', more: 2 }, 80, theme, 'I')[0]).toBe(
      'ℹ done (+2 more I log)',
    );
  });
});
