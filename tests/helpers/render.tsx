import { EventEmitter } from 'node:events';
import { render as inkRender } from 'ink';
import type { ReactElement } from 'react';

/** A stdout Ink can size: `columns`/`rows` per test, every frame recorded. */
export class SizedStdout extends EventEmitter {
  readonly frames: string[] = [];
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string, encodingOrDone?: unknown, done?: unknown) => {
    this.frames.push(chunk);
    // Ink waits for write callbacks before it reports the app as exited.
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') callback();
    return true;
  };
}

/** A stdin that looks like a raw-mode TTY and delivers what tests write. */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  write = (data: string) => {
    this.queue.push(data);
    this.emit('readable');
  };
  read = () => this.queue.shift() ?? null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

// Ink keeps one instance per stdout; unmount what a failed test left behind.
const mounted = new Set<() => void>();

export interface Rendered {
  /** The last frame; throws on an empty one unless `allowEmpty`, so a blank screen never passes silently. */
  lastFrame(opts?: { allowEmpty?: boolean }): string;
  frames: string[];
  stdin: { write(data: string): void };
  rerender(tree: ReactElement): void;
  unmount(): void;
  resize(cols: number, rows: number): void;
  waitUntilExit(): Promise<unknown>;
}

/** Render at a given terminal size (80×24 unless told), through Ink's real renderer in debug mode. */
export function render(tree: ReactElement, size: { cols?: number; rows?: number } = {}): Rendered {
  const stdout = new SizedStdout(size.cols ?? 80, size.rows ?? 24);
  const stderr = new SizedStdout(size.cols ?? 80, size.rows ?? 24);
  const stdin = new FakeStdin();
  const instance = inkRender(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: true,
  });
  const unmount = () => {
    if (!mounted.has(unmount)) return;
    mounted.delete(unmount);
    instance.unmount();
    instance.cleanup();
  };
  mounted.add(unmount);
  return {
    lastFrame(opts = {}) {
      const frame = stdout.frames[stdout.frames.length - 1] ?? '';
      if (frame === '' && !opts.allowEmpty) throw new Error('lastFrame(): nothing rendered yet');
      return frame;
    },
    frames: stdout.frames,
    stdin,
    rerender: (t) => instance.rerender(t),
    unmount,
    resize(cols, rows) {
      stdout.columns = cols;
      stdout.rows = rows;
      stdout.emit('resize');
    },
    waitUntilExit: () => instance.waitUntilExit(),
  };
}

/** Unmount everything still mounted; call from afterEach. */
export function cleanup(): void {
  for (const unmount of [...mounted]) unmount();
}

/** Remove SGR and other CSI sequences so assertions and snapshots see what a reader sees. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g, '');
}

import type { Store } from '../../src/store/types.js';
import { App, LAYOUTS, type LayoutId } from '../../src/ui/App.js';
import type { Clipboard } from '../../src/ui/clipboard.js';
import { cockpitKeymap } from '../../src/ui/keys/cockpit-keys.js';
import type { KeyOverrides } from '../../src/ui/keys/keymap.js';
import type { PanelModule } from '../../src/ui/panels/types.js';
import { createTheme, type ThemeName } from '../../src/ui/theme/theme.js';
import type { SavedView, UiState } from '../../src/ui/view/ui-state.js';
import type { WallSettings } from '../../src/ui/Wall.js';

export interface AppHarnessOptions {
  cols?: number;
  rows?: number;
  now?: () => number;
  /** Real time; defaults to `now` (fixtures stamp fetchedAt and toasts on the same fixed clock). */
  real?: () => number;
  /** Panels instead of the cockpit's registry. */
  panels?: readonly PanelModule[];
  readOnly?: boolean;
  demo?: boolean;
  ascii?: boolean;
  noColor?: boolean;
  /** Colour theme; dark unless told. */
  theme?: ThemeName;
  /** Send links as OSC 8. */
  hyperlinks?: boolean;
  /** The terminal's clipboard (OSC 52); none unless told. */
  clipboard?: Clipboard;
  keys?: KeyOverrides;
  /** Start on this screen (a panel, a detail, a dialog) instead of the queue. */
  initialUi?: UiState;
  /** Saved views (config `ui.views`) for the `:` command line. */
  savedViews?: readonly SavedView[];
  /** Told about render errors the screen's boundaries caught. */
  onRenderError?(error: Error, where: string): void;
  /** The wall instead of the cockpit, with its settings. */
  layout?: LayoutId;
  wall?: WallSettings;
}

/** The store's state, or nothing when reading it throws (a test of a broken store). */
function stateOrNothing(store: Store) {
  try {
    return store.getState();
  } catch {
    return undefined;
  }
}

/** The whole cockpit over a store, at a size, with a fixed clock unless told. */
export function renderApp(store: Store, opts: AppHarnessOptions = {}): Rendered & { frame(): string } {
  const clock = { now: opts.now ?? (() => Date.parse('2026-11-23T03:12:45Z')) };
  const r = render(
    <App
      store={store}
      keymap={cockpitKeymap(stateOrNothing(store), opts.panels ?? LAYOUTS.cockpit.panels, opts.keys)}
      {...(opts.panels ? { panels: opts.panels } : {})}
      theme={createTheme({
        ascii: opts.ascii ?? false,
        noColor: opts.noColor ?? false,
        ...(opts.theme ? { name: opts.theme } : {}),
        ...(opts.hyperlinks ? { hyperlinks: true } : {}),
      })}
      {...(opts.clipboard ? { clipboard: opts.clipboard } : {})}
      clock={clock}
      realClock={{ now: opts.real ?? clock.now }}
      version="0.1.0"
      demo={opts.demo ?? false}
      readOnly={opts.readOnly ?? false}
      {...(opts.initialUi ? { initialUi: opts.initialUi } : {})}
      {...(opts.savedViews ? { savedViews: opts.savedViews } : {})}
      {...(opts.onRenderError ? { onRenderError: opts.onRenderError } : {})}
      {...(opts.layout ? { layout: opts.layout } : {})}
      {...(opts.wall ? { wall: opts.wall } : {})}
    />,
    { cols: opts.cols ?? 80, rows: opts.rows ?? 24 },
  );
  return { ...r, frame: () => stripAnsi(r.lastFrame()) };
}

/**
 * Let React run the last render's passive effects before the next key. Ink subscribes a newly
 * drawn chooser's or text field's input handler in a passive effect, which React runs on a later
 * macrotask; a key written the instant its frame appears can reach the screen before the handler
 * does. This waits for that ordering (a few turns of the event loop), not for an amount of time.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}
