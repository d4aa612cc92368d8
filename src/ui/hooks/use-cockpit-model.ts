import { useWindowSize } from 'ink';
import { type Dispatch, useEffect, useMemo, useReducer } from 'react';
import { keyOfRecord, recordKey, subjectOf } from '../../domain/kinds.js';
import type { DomainRecord } from '../../domain/model.js';
import type { PanelSources } from '../../store/selectors.js';
import type { KeyContext } from '../keys/availability.js';
import type { Keymap } from '../keys/keymap.js';
import type { ListRow, PanelModule } from '../panels/types.js';
import { layoutMode } from '../view/layout.js';
import { panelList, parseQuery, type ShownList } from '../view/list-query.js';
import { rowGroup, selectedIndex } from '../view/selection.js';
import {
  initialUi,
  marksOf,
  RECORD_DETAIL,
  type SavedView,
  scopeStack,
  selectionOf,
  type UiAction,
  type UiState,
  uiReducer,
} from '../view/ui-state.js';
import type { CockpitState } from './use-cockpit.js';
import { useNow, useRealNow } from './use-now.js';
import { useAppState } from './use-store.js';

const NO_ROWS: readonly ListRow[] = [];
/**
 * Who "me" is, lower-case names and emails, for the `@me` filter. No connector says yet, so
 * `@me` matches nothing and the filter's breadcrumb says why.
 */
const ME: readonly string[] = [];

/**
 * Derive what the cockpit's parts read: every panel's model (memoized per state and clock
 * tick), the focused panel's rows and selection, the subject actions apply to, and the key
 * context. `readOnly` from the CLI flag is OR-ed with the store's: either refuses writes.
 * `initialUi` starts on a given screen; tests use it to reach every screen without keys.
 */
export function useCockpitModel(opts: {
  panels: readonly PanelModule[];
  keymap: Keymap;
  readOnly: boolean;
  initialUi?: UiState | undefined;
  savedViews?: readonly SavedView[];
}): [CockpitState, Dispatch<UiAction>] {
  const { panels, keymap } = opts;
  const state = useAppState();
  const now = useNow();
  const realNow = useRealNow();
  const { columns: cols, rows } = useWindowSize();
  const [ui, dispatch] = useReducer(uiReducer, opts.initialUi, (start) => start ?? initialUi(panels[0]?.id));
  const views = useMemo(() => {
    const out: Record<string, PanelSources> = {};
    for (const p of panels) out[p.id] = p.derive(state, { now, real: realNow });
    return out;
  }, [panels, state, now, realNow]);
  // Every list filtered and sorted once per data change, filter text or sort: a clock tick
  // reuses them (queryRows keeps its results per rows array).
  const lists = useMemo(() => {
    const out: Record<string, ShownList> = {};
    for (const p of panels) {
      if (!p.list) continue;
      try {
        out[p.id] = panelList(p, views[p.id]!, ui.filters[p.id] ?? '', ui.sorts[p.id], ME);
      } catch {
        // A panel whose rows cannot be made shows its own error (its boundary); its list is empty.
        out[p.id] = { query: parseQuery(''), all: NO_ROWS, rows: NO_ROWS, sort: undefined };
      }
    }
    return out;
  }, [panels, views, ui.filters, ui.sorts]);
  const focused = panels.find((p) => p.id === ui.focus);
  const view = focused ? views[focused.id] : undefined;
  const list = (focused && lists[focused.id]?.rows) || NO_ROWS;
  const sel = selectionOf(ui, ui.focus);
  const selected = selectedIndex(list, sel, focused?.cursor === 'record');
  // When the selected record leaves the list (resolved, reassigned), the cursor falls back to
  // the same position; lock it onto the record now there, so it stays put as the list keeps
  // changing instead of drifting from ticket to ticket under the user's next keypress.
  // Until every source of the panel has answered once (and the user has not moved), the cursor
  // stays on the top row: a source that answers later and sorts above must not leave it on
  // whatever arrived first. Then it locks onto the record shown, so a re-sort never changes what
  // Enter or an action key acts on.
  const shown = selected >= 0 ? list[selected] : undefined;
  const shownKey = shown?.key ?? null;
  const shownGroup = rowGroup(shown);
  const settled = !(view?.sources ?? []).some((s) => s.coverage === 'loading');
  useEffect(() => {
    if (
      shownKey !== null &&
      (sel.key !== shownKey || sel.index !== selected) &&
      (sel.key !== null || settled)
    ) {
      dispatch({
        type: 'select',
        panel: ui.focus,
        selection: { key: shownKey, index: selected, group: shownGroup },
      });
    }
  }, [shownKey, shownGroup, sel.key, sel.index, selected, ui.focus, settled]);
  const detailPanel = ui.detail ? panels.find((p) => p.id === ui.detail!.panel) : undefined;
  const detailView = detailPanel ? views[detailPanel.id] : undefined;
  const subject = useMemo(() => {
    if (ui.detail?.panel === RECORD_DETAIL) {
      const record = recordAnywhere(state, ui.detail.key);
      return record ? subjectOf(record) : undefined;
    }
    if (ui.detail) return detailPanel?.detailSubject?.(ui.detail.key, state, detailView!);
    return list[selected]?.subject;
  }, [ui.detail, detailPanel, detailView, state, list, selected]);
  const noSubject = subject
    ? undefined
    : ui.detail
      ? detailPanel?.detailNoSubject?.(ui.detail.key, detailView!)
      : list[selected]?.noSubject;
  const source = subject?.ref.source;
  // A record detail's keys are those of its record's kind (a related monitor in the queue's place).
  const detailKind = ui.detail?.panel === RECORD_DETAIL ? subject?.kind : undefined;
  const base: Omit<KeyContext, 'scopes'> = {
    readOnly: state.readOnly || opts.readOnly,
    actions: source ? (state.connectors[source]?.actions.filter((a) => a.kind === subject.kind) ?? []) : null,
    ...(source ? { source } : {}),
    ...(noSubject ? { noSubject } : {}),
  };
  const model: CockpitState = {
    state,
    panels,
    views,
    now,
    realNow,
    ui,
    cols,
    rows,
    mode: layoutMode(cols, rows),
    focused,
    list,
    lists,
    marks: marksOf(ui, ui.focus),
    selected,
    subject,
    keys: { ...base, scopes: scopeStack(ui, focused, detailKind) },
    baseKeys: {
      ...base,
      scopes: scopeStack(
        { ...ui, help: false, flow: null, filtering: null, commandLine: false },
        focused,
        detailKind,
      ),
    },
    keymap,
    savedViews: opts.savedViews ?? [],
  };
  return [model, dispatch];
}

/** The record key of the current subject, for the pending-write and repeat checks. */
export function subjectKey(model: Pick<CockpitState, 'subject'>): string | undefined {
  return model.subject ? recordKey(model.subject.ref) : undefined;
}

/** A record by its key in any stream of any connector (a related record no panel lists). */
export function recordAnywhere(state: CockpitState['state'], key: string): DomainRecord | undefined {
  for (const c of Object.values(state.connectors)) {
    for (const s of Object.values(c.streams)) {
      const found = s?.records.find((r) => keyOfRecord(r) === key);
      if (found) return found;
    }
  }
  return undefined;
}
