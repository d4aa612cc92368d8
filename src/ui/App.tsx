import { useApp } from 'ink';
import type { Store } from '../store/types.js';
import { Cockpit } from './Cockpit.js';
import { ClockProvider } from './components/ClockProvider.js';
import { StoreContext } from './hooks/use-store.js';
import type { Keymap } from './keys/keymap.js';
import type { Theme } from './theme/theme.js';
import { ThemeContext } from './theme/use-theme.js';

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
}

const REAL_TIME = { now: () => Date.now() };

/** Root: store, theme and clock providers around the cockpit. */
export function App({ store, keymap, theme, clock, wallClock, version, demo, readOnly, onQuit }: AppProps) {
  const { exit } = useApp();
  return (
    <StoreContext.Provider value={store}>
      <ThemeContext.Provider value={theme}>
        <ClockProvider clock={clock} {...(wallClock ? { wallClock } : {})}>
          <Cockpit
            keymap={keymap}
            version={version}
            demo={demo}
            readOnly={readOnly}
            clock={wallClock ?? REAL_TIME}
            quit={() => {
              onQuit?.();
              exit();
            }}
          />
        </ClockProvider>
      </ThemeContext.Provider>
    </StoreContext.Provider>
  );
}
