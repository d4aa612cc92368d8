/**
 * How the cockpit's parts reach its state and its actions: two contexts, provided once by
 * <Cockpit>. Reading either outside its provider is a programming error and throws, so a part
 * rendered in the wrong place fails loudly in tests instead of drawing from defaults.
 */
import { createContext, type Dispatch, useContext } from 'react';
import type { Subject } from '../../domain/kinds.js';
import type { PanelSources } from '../../store/selectors.js';
import type { ActionOutcome, ActionRequest, AppState, Toast } from '../../store/types.js';
import type { KeyContext } from '../keys/availability.js';
import type { Keymap } from '../keys/keymap.js';
import type { ListRow, PanelModule } from '../panels/types.js';
import type { LayoutMode } from '../view/layout.js';
import type { ShownList } from '../view/list-query.js';
import type { SavedView, UiAction, UiState } from '../view/ui-state.js';

/** Everything the cockpit's parts read, derived once per render from store state, UI state and the clocks. */
export interface CockpitState {
  state: AppState;
  /** The layout's panels, in order (number = position + 1). */
  panels: readonly PanelModule[];
  /** Each panel's model, by panel id. */
  views: Readonly<Record<string, PanelSources>>;
  /** Vendor time: ages, countdowns. */
  now: number;
  /** Real time: freshness, messages. */
  realNow: number;
  ui: UiState;
  cols: number;
  rows: number;
  mode: LayoutMode;
  /** The focused panel. */
  focused: PanelModule | undefined;
  /** Rows of the focused panel's list, filtered and sorted. */
  list: readonly ListRow[];
  /** Per list panel id: its parsed filter, its rows before it (`all`) and after it and the sort (`rows`). */
  lists: Readonly<Record<string, ShownList>>;
  /** Row keys marked in the focused panel. */
  marks: ReadonlySet<string>;
  /** Selected index in `list`, -1 when empty. */
  selected: number;
  /** What actions apply to: the open detail's record, else the selected row's. */
  subject: Subject | undefined;
  /** Key context for dispatch. */
  keys: KeyContext;
  /** Key context of what lies under the help overlay, for its content. */
  baseKeys: KeyContext;
  keymap: Keymap;
  /** Saved views (config `ui.views`), for the `:` command line. */
  savedViews: readonly SavedView[];
}

/** What the cockpit's parts may do. */
export interface CockpitActions {
  dispatch: Dispatch<UiAction>;
  /** Say something on the message line (kept in the status view's history too). */
  notify(level: Toast['level'], text: string): void;
  refresh(instance?: string): void;
  run(request: ActionRequest): Promise<ActionOutcome>;
  quit(): void;
}

export const CockpitStateContext = createContext<CockpitState | null>(null);
export const CockpitActionsContext = createContext<CockpitActions | null>(null);

export function useCockpit(): CockpitState {
  const value = useContext(CockpitStateContext);
  if (!value) throw new Error('useCockpit() outside <Cockpit>: render the part inside the cockpit.');
  return value;
}

export function useCockpitActions(): CockpitActions {
  const value = useContext(CockpitActionsContext);
  if (!value) throw new Error('useCockpitActions() outside <Cockpit>: render the part inside the cockpit.');
  return value;
}
