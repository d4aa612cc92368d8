import { useApp } from 'ink';
import type { Store } from '../store/types.js';
import { Cockpit } from './Cockpit.js';
import { ClockProvider } from './components/ClockProvider.js';
import { RenderErrorContext } from './components/RenderBoundary.js';
import { SafeRoot } from './components/SafeRoot.js';
import { StoreContext } from './hooks/use-store.js';
import type { Keymap } from './keys/keymap.js';
import { CockpitLayout } from './layouts/CockpitLayout.js';
import { COCKPIT_PANELS } from './panels/registry.js';
import type { PanelModule } from './panels/types.js';
import type { Theme } from './theme/theme.js';
import { ThemeContext } from './theme/use-theme.js';
import type { SavedView, UiState } from './view/ui-state.js';

/**
 * The layouts the root can choose, each with its panel registry. The cockpit is the on-call
 * engineer's screen; a wall layout (read-only, large, no dialogs) will be the second entry.
 */
export const LAYOUTS = {
  cockpit: { panels: COCKPIT_PANELS, Component: CockpitLayout },
} as const;
export type LayoutId = keyof typeof LAYOUTS;

export interface AppProps {
  store: Store;
  /** Built for this layout's panels and the store's connectors (see `cockpitKeymap`). */
  keymap: Keymap;
  theme: Theme;
  clock: { now(): number };
  /** Real time for freshness and messages; defaults to Date.now. */
  realClock?: { now(): number };
  version: string;
  demo: boolean;
  readOnly: boolean;
  /** Which layout draws the screen; the cockpit unless told. */
  layout?: LayoutId;
  /** Panels instead of the layout's registry (tests add a panel this way). */
  panels?: readonly PanelModule[];
  /** Called before Ink exits, e.g. to record why. */
  onQuit?(): void;
  /** Told about each distinct render error a part of the screen caught. */
  onRenderError?(error: Error, where: string): void;
  /** Start on this screen instead of the first panel (tests). */
  initialUi?: UiState;
  /** Saved views (config `ui.views`), for the `:` command line. */
  savedViews?: readonly SavedView[];
}

/** Root: store, theme and clock providers, and the layout chosen here. */
export function App(props: AppProps) {
  const { store, keymap, theme, clock, realClock, version, demo, readOnly, onQuit, onRenderError } = props;
  const { exit } = useApp();
  const quit = () => {
    onQuit?.();
    exit();
  };
  const layout = LAYOUTS[props.layout ?? 'cockpit'];
  const panels = props.panels ?? layout.panels;
  return (
    <StoreContext.Provider value={store}>
      <ThemeContext.Provider value={theme}>
        <RenderErrorContext.Provider value={onRenderError ?? ignore}>
          <ClockProvider clock={clock} {...(realClock ? { realClock } : {})}>
            <SafeRoot keymap={keymap} quit={quit}>
              <Cockpit
                keymap={keymap}
                panels={panels}
                readOnly={readOnly}
                quit={quit}
                initialUi={props.initialUi}
                savedViews={props.savedViews ?? NO_VIEWS}
              >
                <layout.Component version={version} demo={demo} />
              </Cockpit>
            </SafeRoot>
          </ClockProvider>
        </RenderErrorContext.Provider>
      </ThemeContext.Provider>
    </StoreContext.Provider>
  );
}

const ignore = () => {};
const NO_VIEWS: readonly SavedView[] = [];
