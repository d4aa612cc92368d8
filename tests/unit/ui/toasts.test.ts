/** Messages said together take turns on the message line; none is skipped (issue 15). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState } from '../../../src/store/state.js';
import type { Toast } from '../../../src/store/types.js';
import { toastLines } from '../../../src/ui/components/ToastLine.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import { currentToast, messageAt, TOAST_HOLD_MS, TOAST_MS } from '../../../src/ui/view/toasts.js';

const g = { more: '…' };
const toast = (id: number, at: number, text = `m${id}`): Toast => ({ id, level: 'info', text, at });
const shown = (toasts: Toast[], now: number) => currentToast(initialState({ toasts }), now, g);

describe('the message queue', () => {
  it('shows three messages said at once in turn, newest first, saying how many wait', () => {
    const toasts = [toast(1, 0), toast(2, 0), toast(3, 0)];
    expect(shown(toasts, 0)).toMatchObject({ text: 'm3', more: 2 });
    expect(shown(toasts, TOAST_HOLD_MS)).toMatchObject({ text: 'm2', more: 1 });
    expect(shown(toasts, 2 * TOAST_HOLD_MS)).toEqual({ level: 'info', text: 'm1' });
    expect(shown(toasts, 2 * TOAST_HOLD_MS + TOAST_MS)).toBeNull();
  });

  it('a new message takes the line at once; the one it cut short comes back after it', () => {
    const toasts = [toast(1, 0), toast(2, 1000)];
    expect(shown([toast(1, 0)], 999)).toMatchObject({ text: 'm1' });
    expect(shown(toasts, 1000)).toMatchObject({ text: 'm2', more: 1 });
    expect(shown(toasts, 1000 + TOAST_HOLD_MS)).toMatchObject({ text: 'm1' });
    // A message that had its hold before the next came is not shown again.
    const later = [toast(1, 0), toast(2, TOAST_HOLD_MS + 1)];
    expect(shown(later, TOAST_HOLD_MS + 1)).toEqual({ level: 'info', text: 'm2' });
    expect(shown(later, TOAST_HOLD_MS + 1 + TOAST_MS)).toBeNull();
  });

  it('a message said after the screen clock last ticked shows at once', () => {
    expect(shown([toast(1, 0), toast(2, 900)], 0)).toMatchObject({ text: 'm2', more: 1 });
  });

  it('a message said alone stays its full time', () => {
    expect(shown([toast(1, 0)], TOAST_MS - 1)).toMatchObject({ text: 'm1' });
    expect(shown([toast(1, 0)], TOAST_MS)).toBeNull();
  });

  it('every message is seen, whatever the timing', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 8000 }), { minLength: 1, maxLength: 4 }), (gaps) => {
        const ats = gaps.map((_, i) => gaps.slice(0, i + 1).reduce((a, b) => a + b, 0));
        const toasts = ats.map((at, i) => toast(i + 1, at));
        const seen = new Set<number>();
        const last = ats.at(-1)! + toasts.length * TOAST_MS;
        for (let now = 0; now <= last; now += 100) {
          // The store holds only what was said by now.
          const said = toasts.filter((t) => t.at <= now);
          const { toast: t } = messageAt(said, now);
          if (t) seen.add(t.id);
        }
        expect([...seen].sort()).toEqual(toasts.map((t) => t.id));
        expect(messageAt(toasts, last + TOAST_MS).toast).toBeNull();
      }),
      { numRuns: 60 },
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
