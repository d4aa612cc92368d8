import { useWindowSize } from 'ink';
import { type Dispatch, useEffect, useMemo, useReducer } from 'react';
import type { Incident } from '../../domain/model.js';
import { capabilitiesOf, type PanelsView, selectPanels, selectRecords } from '../../store/selectors.js';
import type { AppState } from '../../store/types.js';
import type { KeyContext } from '../keys/availability.js';
import { clean } from '../text/fit.js';
import { type LayoutMode, layoutMode } from '../view/layout.js';
import { type ListRow, listRows, selectedIndex } from '../view/selection.js';
import { initialUi, scopeStack, type UiAction, type UiState, uiReducer } from '../view/ui-state.js';
import { useNow, useWallNow } from './use-now.js';
import { useAppState } from './use-store.js';

/** Everything the cockpit's parts read, derived once per render from store state, UI state and the clock. */
export interface CockpitModel {
  state: AppState;
  view: PanelsView;
  now: number;
  /** Real time, for freshness and toasts. */
  wall: number;
  ui: UiState;
  dispatch: Dispatch<UiAction>;
  cols: number;
  rows: number;
  mode: LayoutMode;
  /** Rows of the focused panel's list. */
  list: ListRow[];
  /** Selected index in `list`, -1 when empty. */
  selected: number;
  /** The incident actions would apply to: the open detail's, else the selected row's. */
  subject: Incident | undefined;
  /** Key context for dispatch. */
  keys: KeyContext;
  /** Key context of what lies under the help overlay, for its content. */
  baseKeys: KeyContext;
}

/** Vendor SLA rows are keyed `source:sla:id`; config-target rows `source:id:clock`. */
export function isSlaKey(key: string): boolean {
  return key.split(':')[1] === 'sla';
}

/**
 * Why actions have nothing to act on when an SLA row is selected (or open) whose
 * ticket is not in the incidents feed, e.g. an SLA on a ticket outside the queue filter.
 */
function orphanSla(ui: UiState, view: PanelsView, selectedKey: string | undefined): string | undefined {
  const key = ui.detail
    ? ui.detail.panel === 'sla'
      ? ui.detail.key
      : undefined
    : ui.focus === 'sla'
      ? selectedKey
      : undefined;
  const item = key === undefined ? undefined : view.sla.items.find((i) => i.key === key);
  return item && !item.incident ? `${clean(item.taskKey)} is not in the incidents feed` : undefined;
}

/**
 * `readOnly` from the CLI flag is OR-ed with the store's: either one refuses writes.
 * `initialUi` starts on a given screen (a panel, a detail, a dialog); tests use it to reach
 * every screen without replaying keys.
 */
export function useCockpitModel(opts: { readOnly: boolean; initialUi?: UiState }): CockpitModel {
  const state = useAppState();
  const now = useNow();
  const wall = useWallNow();
  const { columns: cols, rows } = useWindowSize();
  const [ui, dispatch] = useReducer(uiReducer, opts.initialUi, (start) => start ?? initialUi());
  const view = useMemo(() => selectPanels(state, now, wall), [state, now, wall]);
  const list = listRows(ui.focus, view);
  const sel = ui.selection[ui.focus];
  const selected = selectedIndex(list, sel);
  // When the selected record leaves the list (resolved, reassigned), the cursor falls back to
  // the same position; lock it onto the record now there, so it stays put as the list keeps
  // changing instead of drifting from ticket to ticket under the user's next keypress.
  const shownKey = selected >= 0 ? list[selected]!.key : null;
  useEffect(() => {
    if (shownKey !== null && sel.key !== shownKey) {
      dispatch({ type: 'select', panel: ui.focus, selection: { key: shownKey, index: selected } });
    }
  }, [shownKey, sel.key, selected, ui.focus]);
  const subject = useMemo(() => {
    if (ui.detail) {
      if (ui.detail.panel === 'oncall') return undefined;
      const key = ui.detail.key;
      // A vendor SLA's detail is keyed by the SLA; its ticket, if in the feed, is what actions apply to.
      if (ui.detail.panel === 'sla' && isSlaKey(key))
        return view.sla.items.find((i) => i.key === key)?.incident;
      // Looked up in the raw stream: a resolved incident leaves the lists but its detail stays readable.
      return selectRecords<Incident>(state, 'incidents').find((i) => `${i.source}:${i.id}` === key);
    }
    return list[selected]?.incident;
  }, [ui.detail, state, view, list, selected]);
  const orphan = subject ? undefined : orphanSla(ui, view, list[selected]?.key);
  const base = {
    readOnly: state.readOnly || opts.readOnly,
    capabilities: subject ? capabilitiesOf(state, subject.source) : null,
    ...(subject ? { source: subject.source } : {}),
    ...(orphan ? { noSubject: orphan } : {}),
  };
  return {
    state,
    view,
    now,
    wall,
    ui,
    dispatch,
    cols,
    rows,
    mode: layoutMode(cols, rows),
    list,
    selected,
    subject,
    keys: { ...base, scopes: scopeStack(ui) },
    baseKeys: { ...base, scopes: scopeStack({ ...ui, help: false, flow: null }) },
  };
}
