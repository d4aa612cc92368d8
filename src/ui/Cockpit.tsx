import { useEffect, useMemo } from 'react';
import { useCockpitModel } from './hooks/use-cockpit-model.js';
import { KeyLabelsContext } from './hooks/use-key-labels.js';
import { useStore } from './hooks/use-store.js';
import { formatBinding } from './keys/binding.js';
import { KeyProvider } from './keys/KeyProvider.js';
import type { Keymap } from './keys/keymap.js';
import { TOAST_MS } from './view/toasts.js';
import type { UiState } from './view/ui-state.js';
import { Workspace } from './Workspace.js';

interface Props {
  keymap: Keymap;
  version: string;
  demo: boolean;
  readOnly: boolean;
  /** Real time: stamps UI messages and toasts. */
  clock: { now(): number };
  quit(): void;
  /** Start on this screen instead of the queue (tests). */
  initialUi?: UiState;
}

/** Owns UI state and the key dispatcher; everything visible is in <Workspace>. */
export function Cockpit({ keymap, version, demo, readOnly, clock, quit, initialUi }: Props) {
  const store = useStore();
  const model = useCockpitModel({ readOnly, ...(initialUi ? { initialUi } : {}) });
  const { wall, state, dispatch } = model;

  // Toasts expire on the app's 1 Hz tick rather than with a timer each (real time, not vendor time).
  useEffect(() => {
    for (const t of state.toasts) if (wall - t.at >= TOAST_MS) store.dismissToast(t.id);
    dispatch({ type: 'expire', before: wall - TOAST_MS });
  }, [wall, state.toasts, store, dispatch]);

  // Where the screen tells people which key retries and which opens the full text: the live map.
  const labels = useMemo(
    () => ({
      retry: `press ${formatBinding(keymap['app.refresh'][0]!)}`,
      status: formatBinding(keymap['app.status'][0]!),
    }),
    [keymap],
  );

  // Config warnings flash once at start; the header keeps their count and the status view their text.
  useEffect(() => {
    const at = clock.now();
    for (const w of store.getState().warnings)
      dispatch({
        type: 'message',
        level: 'warn',
        text: `Config warning: ${w} (${labels.status}: all messages)`,
        at,
      });
  }, [store, clock, dispatch, labels.status]);

  return (
    <KeyProvider
      keymap={keymap}
      context={model.keys}
      // Text fields and choosers own plain keys: a typed "1" is text or an option, not panel 1.
      capture={model.ui.flow?.step === 'input' || model.ui.flow?.step === 'choose'}
      onRefused={(text) => dispatch({ type: 'message', level: 'warn', text, at: clock.now() })}
    >
      <KeyLabelsContext.Provider value={labels}>
        <Workspace model={model} keymap={keymap} version={version} demo={demo} clock={clock} quit={quit} />
      </KeyLabelsContext.Provider>
    </KeyProvider>
  );
}
