import { useApp } from 'ink';
import type { Store } from '../store/types.js';
import { Cockpit } from './Cockpit.js';
import { ClockProvider } from './components/ClockProvider.js';
import { RenderErrorContext } from './components/RenderBoundary.js';
import { SafeRoot } from './components/SafeRoot.js';
import { StoreContext } from './hooks/use-store.js';
import type { Keymap } from './keys/keymap.js';
import type { Theme } from './theme/theme.js';
import { ThemeContext } from './theme/use-theme.js';
import type { UiState } from './view/ui-state.js';

export interface AppProps {
  store: Store;
  keymap: Keymap;
  theme: Theme;
  clock: { now(): number };
  /** Real time for freshness and toasts; defaults to Date.now. */
  wallClock?: { now(): number };
  version: string;
  demo: boolean;
  readOnly: boolean;
  /** Called before Ink exits, e.g. to record why. */
  onQuit?(): void;
  /** Told about each distinct render error a part of the screen caught. */
  onRenderError?(error: Error, where: string): void;
  /** Start on this screen instead of the queue (tests). */
  initialUi?: UiState;
}

const REAL_TIME = { now: () => Date.now() };

/** Root: store, theme and clock providers around the cockpit. */
export function App(props: AppProps) {
  const {
    store,
    keymap,
    theme,
    clock,
    wallClock,
    version,
    demo,
    readOnly,
    onQuit,
    onRenderError,
    initialUi,
  } = props;
  const { exit } = useApp();
  const quit = () => {
    onQuit?.();
    exit();
  };
  return (
    <StoreContext.Provider value={store}>
      <ThemeContext.Provider value={theme}>
        <RenderErrorContext.Provider value={onRenderError ?? ignore}>
          <ClockProvider clock={clock} {...(wallClock ? { wallClock } : {})}>
            <SafeRoot keymap={keymap} quit={quit}>
              <Cockpit
                keymap={keymap}
                version={version}
                demo={demo}
                readOnly={readOnly}
                clock={wallClock ?? REAL_TIME}
                quit={quit}
                {...(initialUi ? { initialUi } : {})}
              />
            </SafeRoot>
          </ClockProvider>
        </RenderErrorContext.Provider>
      </ThemeContext.Provider>
    </StoreContext.Provider>
  );
}

const ignore = () => {};
