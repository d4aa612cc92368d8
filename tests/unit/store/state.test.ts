import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PANEL_SETTINGS } from '../../../src/domain/settings.js';
import { createStateContainer, initialState, MAX_TOASTS } from '../../../src/store/state.js';

describe('initialState', () => {
  it('starts empty and writable with default panel settings, overridable in part', () => {
    expect(initialState()).toMatchObject({
      connectors: {},
      toasts: [],
      pending: {},
      readOnly: false,
      demo: false,
    });
    expect(initialState().settings).toBe(DEFAULT_PANEL_SETTINGS);
    expect(initialState({ readOnly: true }).readOnly).toBe(true);
  });
});

describe('createStateContainer', () => {
  it('keeps only the newest MAX_TOASTS toasts, with increasing ids', () => {
    const c = createStateContainer();
    for (let i = 1; i <= MAX_TOASTS + 2; i++) c.toast('info', `t${i}`, i);
    const toasts = c.get().toasts;
    expect(toasts.map((t) => t.text)).toEqual(['t3', 't4', 't5', 't6']);
    expect(toasts.map((t) => t.id)).toEqual([3, 4, 5, 6]);
    expect(toasts[0]).toEqual({ id: 3, level: 'info', text: 't3', at: 3 });
  });

  it('dismisses one toast by id and leaves the rest', () => {
    const c = createStateContainer();
    c.toast('error', 'a', 1);
    c.toast('success', 'b', 2);
    c.dismissToast(1);
    expect(c.get().toasts.map((t) => t.text)).toEqual(['b']);
  });

  it('does not notify or replace state when dismissing an unknown toast', () => {
    const c = createStateContainer();
    c.toast('info', 'a', 1);
    const before = c.get();
    const listener = vi.fn();
    c.subscribe(listener);
    c.dismissToast(99);
    expect(listener).not.toHaveBeenCalled();
    expect(c.get()).toBe(before);
  });

  it('does not notify when an update returns the same state', () => {
    const c = createStateContainer();
    const listener = vi.fn();
    c.subscribe(listener);
    c.set((s) => s);
    expect(listener).not.toHaveBeenCalled();
    c.set((s) => ({ ...s, demo: true }));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(c.get().demo).toBe(true);
  });

  it('stops notifying after unsubscribe, and tolerates a listener unsubscribing during notify', () => {
    const c = createStateContainer();
    const late = vi.fn();
    const unsubscribeSelf: () => void = c.subscribe(() => unsubscribeSelf());
    const unsubscribe = c.subscribe(late);
    c.toast('info', 'x', 1);
    expect(late).toHaveBeenCalledTimes(1);
    unsubscribe();
    c.toast('info', 'y', 2);
    expect(late).toHaveBeenCalledTimes(1);
  });
});
