import type { RecordKindId } from '../../domain/kinds.js';
import type { PanelSlot, Scope } from '../keys/commands.js';
import type { Flow } from './action-flow.js';
import type { Selection } from './selection.js';

export type { Flow } from './action-flow.js';

/**
 * What the cockpit's own screen state is: which panel has focus, what is selected in each,
 * which detail, overlay or dialog is open. Messages and writes in flight are not here: they
 * live in the store, one model for both (see `AppState.toasts` and `AppState.pending`).
 */
export interface UiState {
  /** Id of the focused panel. */
  focus: string;
  /** Selection per panel id; a panel never moved in has none yet. */
  selection: Readonly<Record<string, Selection>>;
  detail: { panel: string; key: string } | null;
  /** The related record the cursor is on in the open detail's related list (0 = first). */
  related: number;
  /**
   * The key of the related record the cursor was put on: a poll that reorders the list keeps the
   * cursor on that record (see `relatedCursor`), so Enter opens what the user chose.
   */
  relatedKey: string | null;
  /**
   * Details opened from a related list, oldest first: Escape goes back along it to the detail
   * (and panel) it was opened from before it returns to the list.
   */
  trail: readonly { panel: string; key: string }[];
  help: boolean;
  /** The status and messages view is open. */
  status: boolean;
  /** Where the status view opens: its top (sources) or its message log. */
  statusAt?: 'messages';
  flow: Flow | null;
  /** Filter text per panel id, for panels whose list can be filtered. */
  filters: Readonly<Record<string, string>>;
  /** The panel whose filter is being typed (the field owns the keyboard), or null. */
  filtering: string | null;
  /** The sort chosen per panel id (a `ListSort` id); none: the panel's own order. */
  sorts: Readonly<Record<string, string>>;
  /** Row keys marked for a bulk action, per panel id. */
  marks: Readonly<Record<string, ReadonlySet<string>>>;
  /** The `:` command line is open. */
  commandLine: boolean;
}

export type UiAction =
  | { type: 'focus'; panel: string }
  | { type: 'select'; panel: string; selection: Selection }
  | { type: 'detail'; open: { panel: string; key: string } | null }
  /** Open a related record's detail (on the panel that shows its kind), remembering this one. */
  | { type: 'openRelated'; open: { panel: string; key: string } }
  /** Escape from a detail: the previous detail of the trail, else the list. */
  | { type: 'back' }
  | { type: 'related'; index: number; key?: string }
  | { type: 'help'; open: boolean }
  | { type: 'status'; open: boolean; at?: 'messages' }
  | { type: 'flow'; flow: Flow | null }
  | { type: 'filter'; panel: string; text: string }
  | { type: 'filtering'; panel: string | null }
  | { type: 'sort'; panel: string; sort: string }
  | { type: 'marks'; panel: string; keys: ReadonlySet<string> }
  /** Take these rows' marks off (the ones a bulk write went through for). */
  | { type: 'unmark'; panel: string; keys: ReadonlySet<string> }
  | { type: 'commandLine'; open: boolean };

/** A named filter and sort on a panel, from config `ui.views`; `:view:<name>` applies it. */
export interface SavedView {
  name: string;
  panel: string;
  filter?: string;
  sort?: string;
}

export const NO_SELECTION: Selection = { key: null, index: 0 };
const NO_MARKS: ReadonlySet<string> = new Set();

/** The rows marked in a panel (none: an empty set). */
export function marksOf(ui: Pick<UiState, 'marks'>, panel: string): ReadonlySet<string> {
  return ui.marks[panel] ?? NO_MARKS;
}

/**
 * The detail of a related record whose kind no panel lists (a monitor): drawn by the cockpit's
 * generic record view over the focused panel, its keys those of the record's kind.
 */
export const RECORD_DETAIL = '@record';

/** The first screen: the first panel focused (the queue, in the cockpit), nothing open. */
export function initialUi(focus = 'queue'): UiState {
  return {
    focus,
    selection: {},
    detail: null,
    related: 0,
    relatedKey: null,
    trail: [],
    help: false,
    status: false,
    flow: null,
    filters: {},
    filtering: null,
    sorts: {},
    marks: {},
    commandLine: false,
  };
}

export function selectionOf(ui: Pick<UiState, 'selection'>, panel: string): Selection {
  return ui.selection[panel] ?? NO_SELECTION;
}

export function uiReducer(s: UiState, a: UiAction): UiState {
  switch (a.type) {
    case 'focus':
      return s.focus === a.panel && !s.detail
        ? s
        : { ...s, focus: a.panel, detail: null, trail: [], related: 0, relatedKey: null };
    case 'select':
      return { ...s, selection: { ...s.selection, [a.panel]: a.selection } };
    case 'detail':
      return { ...s, detail: a.open, trail: [], related: 0, relatedKey: null };
    case 'openRelated':
      return {
        ...s,
        trail: s.detail ? [...s.trail, s.detail] : s.trail,
        focus: a.open.panel === RECORD_DETAIL ? s.focus : a.open.panel,
        detail: a.open,
        related: 0,
        relatedKey: null,
      };
    case 'back': {
      const previous = s.trail.at(-1);
      if (!previous) return { ...s, detail: null, related: 0, relatedKey: null };
      const focus = previous.panel === RECORD_DETAIL ? s.focus : previous.panel;
      return { ...s, trail: s.trail.slice(0, -1), focus, detail: previous, related: 0, relatedKey: null };
    }
    case 'related':
      return { ...s, related: Math.max(0, a.index), relatedKey: a.key ?? null };
    case 'help':
      return { ...s, help: a.open };
    case 'status': {
      const { statusAt: _at, ...rest } = s;
      return { ...rest, status: a.open, ...(a.open && a.at ? { statusAt: a.at } : {}) };
    }
    case 'flow':
      return { ...s, flow: a.flow };
    case 'filter':
      // A new filter starts the list at its top.
      if ((s.filters[a.panel] ?? '') === a.text) return s;
      return {
        ...s,
        filters: { ...s.filters, [a.panel]: a.text },
        selection: { ...s.selection, [a.panel]: NO_SELECTION },
      };
    case 'filtering':
      return { ...s, filtering: a.panel };
    case 'sort':
      // A new order starts at the top, as a new filter does: the old position means nothing in it.
      return {
        ...s,
        sorts: { ...s.sorts, [a.panel]: a.sort },
        selection: { ...s.selection, [a.panel]: NO_SELECTION },
      };
    case 'marks':
      return { ...s, marks: { ...s.marks, [a.panel]: a.keys } };
    case 'unmark': {
      const left = new Set([...(s.marks[a.panel] ?? [])].filter((k) => !a.keys.has(k)));
      return { ...s, marks: { ...s.marks, [a.panel]: left } };
    }
    case 'commandLine':
      return { ...s, commandLine: a.open };
  }
}

/**
 * The scope stack for dispatch, top first. Modal layers sit over `global` only. Under a panel
 * whose rows are records of a kind, that kind's scope (its action keys) stacks too.
 */
export function scopeStack(
  ui: Pick<UiState, 'flow' | 'help' | 'detail' | 'focus'> & {
    status?: boolean;
    filtering?: string | null;
    commandLine?: boolean;
  },
  panel: Pick<PanelSlot, 'rowKind' | 'list'> | undefined,
  /** The kind of the record an open detail shows, when it is not the panel's row kind. */
  detailKind?: RecordKindId,
): Scope[] {
  // A filter field or the command line is modal like a dialog's text step: its keys are text.
  if (ui.flow || ui.filtering || ui.commandLine) return ['dialog', 'global'];
  if (ui.help) return ['help', 'global'];
  if (ui.status) return ['status', 'global'];
  const own = `panel:${ui.focus}` as const;
  const kind: Scope[] = panel?.rowKind ? [panel.rowKind] : [];
  if (ui.detail) return ['detail', own, ...(detailKind ? [detailKind] : kind), 'global'];
  return panel?.list ? [own, ...kind, 'list', 'global'] : [own, 'global'];
}

export function cycleFocus(current: string, step: 1 | -1, order: readonly string[]): string {
  const i = order.indexOf(current);
  return order[(i + step + order.length) % order.length] ?? current;
}

/**
 * Where the related list's cursor is: on the record it was put on while that record is still
 * listed (wherever a poll moved it), else at the same place, clamped to the list.
 */
export function relatedCursor(
  ui: Pick<UiState, 'related' | 'relatedKey'>,
  related: readonly { key: string }[],
): number {
  if (ui.relatedKey !== null) {
    const at = related.findIndex((r) => r.key === ui.relatedKey);
    if (at >= 0) return at;
  }
  return Math.min(ui.related, Math.max(0, related.length - 1));
}
