import { useApp } from 'ink';
import type { Store } from '../store/types.js';
import { Cockpit } from './Cockpit.js';
import { type Clipboard, ClipboardContext } from './clipboard.js';
import { ClockProvider } from './components/ClockProvider.js';
import { RenderErrorContext } from './components/RenderBoundary.js';
import { SafeRoot } from './components/SafeRoot.js';
import { type AttentionSettings, type AttentionSink, useAttention } from './hooks/use-attention.js';
import { StoreContext } from './hooks/use-store.js';
import type { Keymap } from './keys/keymap.js';
import { CockpitLayout } from './layouts/CockpitLayout.js';
import { COCKPIT_PANELS } from './panels/registry.js';
import type { PanelModule } from './panels/types.js';
import type { Theme } from './theme/theme.js';
import { ThemeContext } from './theme/use-theme.js';
import type { SavedView, UiState } from './view/ui-state.js';
import { Wall, type WallSettings } from './Wall.js';

/**
 * The layouts the root can choose, each with its panel registry. The cockpit is the on-call
 * engineer's screen; the wall (`itops-tui wall`) is the same panels, read-only, in large type,
 * with no dialogs, for a screen nobody sits at.
 */
export const LAYOUTS = {
  cockpit: { panels: COCKPIT_PANELS, Component: CockpitLayout },
  wall: { panels: COCKPIT_PANELS },
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
  /** The terminal's clipboard (OSC 52); without one the copy key says it is unavailable. */
  clipboard?: Clipboard;
  /**
   * Bell and window title on a new P1 or high-urgency incident. Off unless given: the cockpit
   * passes the config's `ui.attention`, a wall screen leaves it off (nobody is at its keyboard).
   */
  attention?: AttentionSettings;
  /** Where the bell and title go (the terminal); without one, attention is off. */
  attentionSink?: AttentionSink;
  /** The wall's rotation and staleness settings (`layout: 'wall'` only). */
  wall?: WallSettings;
  /** Saved views (config `ui.views`), for the `:` command line. */
  savedViews?: readonly SavedView[];
}

/** A page every 20 s; stale by the cockpit's own rule. */
export const DEFAULT_WALL: WallSettings = { rotateMs: 20_000, staleAfterMs: null };

/** Root: store, theme and clock providers, and the layout chosen here. */
export function App(props: AppProps) {
  const { store, keymap, theme, clock, realClock, version, demo, readOnly, onQuit, onRenderError } = props;
  const { exit } = useApp();
  const quit = () => {
    onQuit?.();
    exit();
  };
  const layoutId = props.layout ?? 'cockpit';
  // Nobody sits at a wall's keyboard: no bell, no retitled window there.
  useAttention(
    store,
    layoutId === 'wall' ? { bell: false, title: false } : (props.attention ?? { bell: false, title: false }),
    props.attentionSink,
  );
  const panels = props.panels ?? LAYOUTS[layoutId].panels;
  return (
    <StoreContext.Provider value={store}>
      <ThemeContext.Provider value={theme}>
        <RenderErrorContext.Provider value={onRenderError ?? ignore}>
          <ClockProvider clock={clock} {...(realClock ? { realClock } : {})}>
            <ClipboardContext.Provider value={props.clipboard ?? null}>
              <SafeRoot keymap={keymap} quit={quit}>
                {layoutId === 'wall' ? (
                  <Wall
                    keymap={keymap}
                    panels={panels}
                    version={version}
                    demo={demo}
                    quit={quit}
                    {...(props.wall ?? DEFAULT_WALL)}
                  />
                ) : (
                  <Cockpit
                    keymap={keymap}
                    panels={panels}
                    readOnly={readOnly}
                    quit={quit}
                    initialUi={props.initialUi}
                    savedViews={props.savedViews ?? NO_VIEWS}
                  >
                    <CockpitLayout version={version} demo={demo} />
                  </Cockpit>
                )}
              </SafeRoot>
            </ClipboardContext.Provider>
          </ClockProvider>
        </RenderErrorContext.Provider>
      </ThemeContext.Provider>
    </StoreContext.Provider>
  );
}

const ignore = () => {};
const NO_VIEWS: readonly SavedView[] = [];
