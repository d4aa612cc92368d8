import { Box } from 'ink';
import { ActionDialog, flowHeight } from './components/ActionDialog.js';
import { Body } from './components/Body.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { errorSummary, RenderBoundary } from './components/RenderBoundary.js';
import { Segments } from './components/Segments.js';
import { StatusView } from './components/StatusView.js';
import { ToastLine } from './components/ToastLine.js';
import { TooSmall } from './components/TooSmall.js';
import { useActionCommands } from './hooks/use-action-commands.js';
import type { CockpitModel } from './hooks/use-cockpit-model.js';
import { useNavCommands } from './hooks/use-nav-commands.js';
import { useStore } from './hooks/use-store.js';
import { useTerminalCommands } from './hooks/use-terminal-commands.js';
import { footerHints, helpGroups } from './keys/availability.js';
import { formatBinding } from './keys/binding.js';
import { specOf } from './keys/commands.js';
import type { Keymap } from './keys/keymap.js';
import { useTheme } from './theme/use-theme.js';
import { bodyRows } from './view/layout.js';
import { currentToast } from './view/toasts.js';

/** The toast line, its text derived inside its own boundary. */
function Toast({ model, width }: { model: CockpitModel; width: number }) {
  const { glyph } = useTheme();
  return <ToastLine toast={currentToast(model.state, model.ui, model.wall, glyph)} width={width} />;
}

/**
 * Rows for the dialog. Its text comes from vendor data; if sizing it throws, the dialog's own
 * boundary will show why, so give it a few rows rather than fail the whole screen here.
 */
function dialogRows(height: () => number, body: number): number {
  try {
    return Math.min(height(), body);
  } catch {
    return Math.min(5, body);
  }
}

interface Props {
  model: CockpitModel;
  keymap: Keymap;
  version: string;
  demo: boolean;
  clock: { now(): number };
  quit(): void;
}

/** The screen: header, panels (or help, or a dialog over them), toast line and footer. */
export function Workspace({ model, keymap, version, demo, clock, quit }: Props) {
  const store = useStore();
  const theme = useTheme();
  const { cols, rows, ui } = model;
  const body = bodyRows(rows);
  useNavCommands(model, store, { page: Math.max(1, body - 10), quit, now: () => clock.now() });
  useActionCommands(model, () => clock.now());
  useTerminalCommands((text) => model.dispatch({ type: 'message', level: 'warn', text, at: clock.now() }));
  if (model.mode === 'too-small') return <TooSmall cols={cols} rows={rows} />;
  // Choosers and text fields say their own keys; y/n only mean something once the confirm shows.
  const all = footerHints(keymap, model.keys, 99, theme.ascii).filter(
    (h) => !ui.flow || ui.flow.step === 'confirm' || specOf(h.id).scope !== 'dialog',
  );
  let hints = all.slice(0, 6);
  // When a source is not fresh, or config warned, the way to the full story earns a footer slot.
  const trouble =
    model.state.warnings.length > 0 ||
    model.state.refused.length > 0 ||
    (['queue', 'oncall', 'sla'] as const).some(
      (p) => !['fresh', 'unconfigured'].includes(model.view[p].state),
    );
  const status = all.find((h) => h.id === 'app.status');
  // It goes before the last hint rather than replacing it: `? Keys` stays too where the width
  // allows (80 columns do), and a narrow footer cuts the last hint, not the way to the errors.
  if (trouble && status && !hints.includes(status)) hints = [...hints.slice(0, 5), status, ...hints.slice(5)];
  const actions = hints
    .filter((h) => specOf(h.id).category === 'Incident')
    .map((h) => ({ text: `${h.key} ${h.label}` }));
  const dialog = ui.flow ? dialogRows(() => flowHeight(ui.flow!, cols, theme, body), body) : 0;
  const retry = model.wall;
  // A dialog or the help overlay that cannot be drawn cannot be answered either: close it and say
  // so, rather than leave the keyboard in a scope nobody handles. Nothing was sent.
  const closeBroken = (what: 'dialog' | 'help') => (error: Error) => {
    model.dispatch(what === 'dialog' ? { type: 'flow', flow: null } : { type: 'help', open: false });
    const text = `The ${what === 'dialog' ? 'dialog' : 'help screen'} could not be drawn (${errorSummary(error)})${what === 'dialog' ? '; nothing was sent' : ''}.`;
    model.dispatch({ type: 'message', level: 'error', text, at: clock.now() });
  };
  return (
    <Box flexDirection="column" width={cols} height={rows} overflow="hidden">
      <RenderBoundary label="The header" width={cols} height={1} retryKey={retry}>
        <Header version={version} width={cols} demo={demo} readOnly={model.keys.readOnly} />
      </RenderBoundary>
      {ui.status && !ui.help ? (
        <RenderBoundary
          label="The status view"
          width={cols}
          height={body}
          retryKey={retry}
          onCatch={() => model.dispatch({ type: 'status', open: false })}
        >
          <StatusView
            width={cols}
            height={body}
            messages={ui.history}
            keys={{
              close: formatBinding(keymap['status.close'][0]!, { ascii: theme.ascii }),
              retry: formatBinding(keymap['status.retry'][0]!, { ascii: theme.ascii }),
            }}
            onClose={() => model.dispatch({ type: 'status', open: false })}
            onRetry={() => {
              store.refresh();
              model.dispatch({
                type: 'message',
                level: 'info',
                text: 'Retrying every source…',
                at: clock.now(),
              });
            }}
          />
        </RenderBoundary>
      ) : ui.help ? (
        <RenderBoundary
          label="Help"
          width={cols}
          height={body}
          retryKey={retry}
          onCatch={closeBroken('help')}
        >
          <HelpOverlay
            groups={helpGroups(keymap, model.baseKeys, theme.ascii)}
            width={cols}
            height={body}
            onClose={() => model.dispatch({ type: 'help', open: false })}
          />
        </RenderBoundary>
      ) : (
        <Box flexDirection="column" width={cols} height={body} overflow="hidden">
          {ui.flow ? (
            <RenderBoundary
              label="The dialog"
              width={cols}
              height={dialog}
              retryKey={retry}
              onCatch={closeBroken('dialog')}
            >
              <ActionDialog
                flow={ui.flow}
                width={cols}
                maxHeight={body}
                store={store}
                dispatch={model.dispatch}
                now={() => clock.now()}
              />
            </RenderBoundary>
          ) : null}
          <Body
            model={model}
            width={cols}
            height={body - dialog}
            detailFooter={
              actions.length > 0 ? (
                <Segments prefix="Actions: " segments={actions} width={cols - 2} />
              ) : undefined
            }
          />
        </Box>
      )}
      <RenderBoundary label="The message line" width={cols} height={1} retryKey={retry}>
        <Toast model={model} width={cols} />
      </RenderBoundary>
      <RenderBoundary label="The key hints" width={cols} height={1} retryKey={retry}>
        <Footer hints={hints} width={cols} />
      </RenderBoundary>
    </Box>
  );
}
