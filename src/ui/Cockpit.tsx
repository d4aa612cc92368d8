import { type ReactNode, useEffect, useMemo } from 'react';
import { type CockpitActions, CockpitActionsContext, CockpitStateContext } from './hooks/use-cockpit.js';
import { useCockpitModel } from './hooks/use-cockpit-model.js';
import { KeyLabelsContext } from './hooks/use-key-labels.js';
import { useStore } from './hooks/use-store.js';
import { formatBinding } from './keys/binding.js';
import { KeyProvider } from './keys/KeyProvider.js';
import type { Keymap } from './keys/keymap.js';
import { primaryKey } from './keys/keymap.js';
import type { PanelModule } from './panels/types.js';
import { isTypedConfirm } from './view/action-text.js';
import { TOAST_MS } from './view/toasts.js';
import type { SavedView, UiState } from './view/ui-state.js';

interface Props {
  keymap: Keymap;
  panels: readonly PanelModule[];
  readOnly: boolean;
  quit(): void;
  /** Start on this screen instead of the first panel (tests). */
  initialUi?: UiState | undefined;
  savedViews?: readonly SavedView[];
  /** The layout that draws it all. */
  children: ReactNode;
}

/**
 * Owns UI state and the key dispatcher, and provides the cockpit's state and actions to every
 * part below it. What is drawn is the layout's business (`layouts/`).
 */
export function Cockpit({ keymap, panels, readOnly, quit, initialUi, savedViews = [], children }: Props) {
  const store = useStore();
  const [model, dispatch] = useCockpitModel({ panels, keymap, readOnly, initialUi, savedViews });
  const { realNow, state, ui } = model;

  // Messages expire on the app's 1 Hz tick rather than with a timer each (real time, not vendor time).
  useEffect(() => {
    for (const t of state.toasts) if (realNow - t.at >= TOAST_MS) store.dismissToast(t.id);
  }, [realNow, state.toasts, store]);

  // Where the screen tells people which key retries and which opens the full text: the live map.
  const labels = useMemo(
    () => ({
      retry: `press ${formatBinding(primaryKey(keymap, 'app.refresh')!)}`,
      status: formatBinding(primaryKey(keymap, 'app.status')!),
    }),
    [keymap],
  );

  const actions = useMemo<CockpitActions>(
    () => ({
      dispatch,
      notify: (level, text) => store.notify(level, text),
      refresh: (instance) => store.refresh(instance),
      run: (request) => store.runAction(request),
      quit,
    }),
    [store, quit, dispatch],
  );

  // Config warnings flash once at start; the header keeps their count and the status view their text.
  useEffect(() => {
    for (const w of store.getState().warnings)
      store.notify('warn', `Config warning: ${w} (${labels.status}: all messages)`);
  }, [store, labels.status]);

  const flow = ui.flow;
  // Text fields, choosers and typed confirmations own plain keys: a typed "1" is text or an
  // option, not panel 1, and a typed "y" is a letter of the name, not a yes.
  // The "discard what you typed?" question is a plain y/N confirm, whatever step it was asked on.
  const capture =
    (!flow?.askDiscard &&
      (flow?.step === 'input' || flow?.step === 'choose' || (flow !== null && isTypedConfirm(flow)))) ||
    ui.filtering !== null ||
    ui.commandLine;
  return (
    <CockpitActionsContext.Provider value={actions}>
      <CockpitStateContext.Provider value={model}>
        <KeyProvider
          keymap={keymap}
          context={model.keys}
          capture={capture}
          onRefused={(text) => store.notify('warn', text)}
        >
          <KeyLabelsContext.Provider value={labels}>{children}</KeyLabelsContext.Provider>
        </KeyProvider>
      </CockpitStateContext.Provider>
    </CockpitActionsContext.Provider>
  );
}
