import { render } from 'ink';
import type { Store } from '../store/types.js';
import { App, LAYOUTS, type LayoutId } from './App.js';
import { terminalClipboard } from './clipboard.js';
import { type AttentionSettings, terminalAttention } from './hooks/use-attention.js';
import { cockpitKeymap } from './keys/cockpit-keys.js';
import type { KeyOverrides } from './keys/keymap.js';
import { TerminalBridge } from './TerminalBridge.js';
import { createTerminalOwner, type JobControl, NO_JOB_CONTROL } from './terminal-control.js';
import { compactingStream } from './terminal-output.js';
import { detectHyperlinks, detectMultiplexer } from './text/osc.js';
import { createTheme, detectTerminal, type ThemeName } from './theme/theme.js';
import type { SavedView } from './view/ui-state.js';
import type { WallSettings } from './Wall.js';

export interface CockpitOptions {
  clock: { now(): number };
  version: string;
  demo: boolean;
  readOnly: boolean;
  /** Saved views (config `ui.views`), for the `:` command line. */
  savedViews?: readonly SavedView[];
  /** Force ASCII glyphs; default: ASCII unless the locale is UTF-8. */
  ascii?: boolean;
  /** Disable colours; default: on unless NO_COLOR is set. */
  noColor?: boolean;
  /** Colour theme (`--theme`, config `ui.theme`); default dark. */
  theme?: ThemeName;
  /** Clickable links (config `ui.hyperlinks`); `ITOPS_HYPERLINKS` overrides; default auto-detected. */
  hyperlinks?: 'auto' | 'on' | 'off';
  /** Environment to detect the terminal from (tests); default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** User key overrides from config `keys:`; bad ones throw `KeyBindingError` before the screen is touched. */
  keys?: KeyOverrides;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Abort to unmount (SIGTERM/SIGHUP in the CLI); the promise then resolves with the terminal restored. */
  signal?: AbortSignal;
  /** Told about each distinct render error a part of the screen caught (for the log file). */
  onRenderError?(error: Error, where: string): void;
  /**
   * SIGTSTP/SIGCONT and stopping the process (the CLI passes the real one); without it Ctrl-Z
   * explains it is unavailable. Tests pass a fake so the runner is never stopped.
   */
  jobControl?: JobControl;
  /** Bell and window title on a new urgent incident (config `ui.attention`); off when not given. */
  attention?: AttentionSettings;
  /** Which layout: the cockpit unless told. The wall is read-only in the store too. */
  layout?: LayoutId;
  /** The wall's rotation and staleness settings. */
  wall?: WallSettings;
  /**
   * Most frames a second Ink may draw (default 30). Ink draws only when the output changed;
   * this caps how often even a busy stream of changes reaches the terminal.
   */
  maxFps?: number;
}

/**
 * Run the cockpit until the user quits (q or Ctrl-C) or `signal` aborts. Resolves
 * after Ink has unmounted and left the alternate screen. Key configuration is
 * validated first, so a bad `keys:` entry fails before the terminal changes mode.
 */
export async function runCockpit(store: Store, opts: CockpitOptions): Promise<void> {
  // The plugins' own actions bring commands (and default keys) of their own: the key map is this
  // cockpit's, checked for conflicts before the terminal changes mode.
  const layout = opts.layout ?? 'cockpit';
  const keymap = cockpitKeymap(store.getState(), LAYOUTS[layout].panels, opts.keys);
  const env = opts.env ?? process.env;
  const detected = detectTerminal(env);
  const theme = createTheme({
    ascii: opts.ascii ?? detected.ascii,
    noColor: opts.noColor ?? detected.noColor,
    name: opts.theme ?? 'dark',
    hyperlinks: detectHyperlinks(env, opts.hyperlinks ?? 'auto'),
  });
  if (opts.signal?.aborted) return;
  const stdout = opts.stdout ?? process.stdout;
  const clipboard = terminalClipboard(stdout, detectMultiplexer(env));
  let clearInk = () => {};
  const owner = createTerminalOwner({
    stdout,
    jobs: opts.jobControl ?? NO_JOB_CONTROL,
    clearInk: () => clearInk(),
  });
  const instance = render(
    <TerminalBridge owner={owner}>
      <App
        store={store}
        keymap={keymap}
        theme={theme}
        clock={opts.clock}
        version={opts.version}
        demo={opts.demo}
        readOnly={opts.readOnly}
        clipboard={clipboard}
        {...(opts.attention ? { attention: opts.attention, attentionSink: terminalAttention(stdout) } : {})}
        layout={layout}
        {...(opts.wall ? { wall: opts.wall } : {})}
        {...(opts.savedViews ? { savedViews: opts.savedViews } : {})}
      />
    </TerminalBridge>,
    {
      stdout: compactingStream(stdout),
      ...(opts.stdin ? { stdin: opts.stdin } : {}),
      alternateScreen: true,
      // Ctrl-C is a registered command (app.forceQuit) so it unmounts cleanly like q.
      exitOnCtrlC: false,
      // Only Ink writes to the terminal; logs go to a file.
      patchConsole: false,
      maxFps: opts.maxFps ?? 30,
      incrementalRendering: true,
      // Ink turns non-interactive under CI=1 and would draw nothing until exit.
      interactive: true,
    },
  );
  clearInk = () => instance.clear();
  // Job control and resize are ours from the first frame to the last: Ctrl-Z, `fg` and a
  // resize each leave the screen whole (see terminal-control.ts).
  owner.listen();
  const onAbort = () => instance.unmount();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    owner.dispose();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
