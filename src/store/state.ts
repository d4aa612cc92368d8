import { DEFAULT_PANEL_SETTINGS } from '../domain/settings.js';
import type { AppState, Toast } from './types.js';

/** A minimal external store: immutable state, shallow listeners, no framework. */
export interface StateContainer {
  get(): AppState;
  /**
   * Replace the state. `quiet`: nothing anyone sees changes now (poll bookkeeping over fresh,
   * unchanged data: fetchedAt, nextPollAt): listeners are not called, and the UI picks the
   * new state up at its next render (the 1 Hz clock), so an unchanged poll costs no render.
   */
  set(update: (s: AppState) => AppState, opts?: { quiet?: boolean }): void;
  subscribe(listener: () => void): () => void;
  toast(level: Toast['level'], text: string, at: number): void;
  /** Record a message in the history only (no toast): poll failures and recoveries. */
  note(level: Toast['level'], text: string, at: number): void;
  dismissToast(id: number): void;
  /** The id the next message will get (without taking it). */
  nextId(): number;
}

export const MAX_TOASTS = 4;
/** Messages kept for the status view. */
export const MAX_HISTORY = 100;
/**
 * Longest message kept, in UTF-16 units. The cockpit runs for weeks and a vendor can answer a
 * poll with a megabyte of error page: the log stays bounded by MAX_HISTORY × this.
 */
export const MAX_MESSAGE = 4000;

/** A message cut to MAX_MESSAGE (never inside a surrogate pair), marked when cut. */
function bounded(text: string): string {
  if (text.length <= MAX_MESSAGE) return text;
  const end = /[\ud800-\udbff]/.test(text[MAX_MESSAGE - 1]!) ? MAX_MESSAGE - 1 : MAX_MESSAGE;
  return `${text.slice(0, end)}… (${text.length - end} more characters not kept)`;
}

export function initialState(partial: Partial<AppState> = {}): AppState {
  return {
    connectors: {},
    refused: [],
    toasts: [],
    pending: {},
    readOnly: false,
    wall: false,
    demo: false,
    settings: DEFAULT_PANEL_SETTINGS,
    warnings: [],
    history: [],
    uncertain: [],
    auditProblem: null,
    ...partial,
  };
}

export function createStateContainer(initial: AppState = initialState()): StateContainer {
  let state = initial;
  let nextToast = 1;
  const listeners = new Set<() => void>();
  const set = (update: (s: AppState) => AppState, opts?: { quiet?: boolean }) => {
    const next = update(state);
    if (next === state) return;
    state = next;
    if (opts?.quiet) return;
    for (const l of [...listeners]) l();
  };
  return {
    get: () => state,
    set,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    toast(level, text, at) {
      const toast: Toast = { id: nextToast++, level, text: bounded(text), at };
      set((s) => ({
        ...s,
        toasts: [...s.toasts, toast].slice(-MAX_TOASTS),
        history: [...s.history, toast].slice(-MAX_HISTORY),
      }));
    },
    note(level, text, at) {
      const entry: Toast = { id: nextToast++, level, text: bounded(text), at };
      set((s) => ({ ...s, history: [...s.history, entry].slice(-MAX_HISTORY) }));
    },
    nextId: () => nextToast,
    dismissToast(id) {
      set((s) =>
        s.toasts.some((t) => t.id === id) ? { ...s, toasts: s.toasts.filter((t) => t.id !== id) } : s,
      );
    },
  };
}
