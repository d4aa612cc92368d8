import { Box } from 'ink';
import { ActionDialog, flowHeight } from './components/ActionDialog.js';
import { Body } from './components/Body.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { Segments } from './components/Segments.js';
import { ToastLine } from './components/ToastLine.js';
import { TooSmall } from './components/TooSmall.js';
import { useActionCommands } from './hooks/use-action-commands.js';
import type { CockpitModel } from './hooks/use-cockpit-model.js';
import { useNavCommands } from './hooks/use-nav-commands.js';
import { useStore } from './hooks/use-store.js';
import { useTerminalCommands } from './hooks/use-terminal-commands.js';
import { footerHints, helpGroups } from './keys/availability.js';
import { specOf } from './keys/commands.js';
import type { Keymap } from './keys/keymap.js';
import { useTheme } from './theme/use-theme.js';
import { bodyRows } from './view/layout.js';
import { currentToast } from './view/toasts.js';

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
  const hints = footerHints(keymap, model.keys, 6, theme.ascii).filter(
    (h) => !ui.flow || ui.flow.step === 'confirm' || specOf(h.id).scope !== 'dialog',
  );
  const actions = hints
    .filter((h) => specOf(h.id).category === 'Incident')
    .map((h) => ({ text: `${h.key} ${h.label}` }));
  const dialog = ui.flow ? Math.min(flowHeight(ui.flow, cols), body) : 0;
  return (
    <Box flexDirection="column" width={cols} height={rows} overflow="hidden">
      <Header version={version} width={cols} demo={demo} readOnly={model.keys.readOnly} />
      {ui.help ? (
        <HelpOverlay
          groups={helpGroups(keymap, model.baseKeys, theme.ascii)}
          width={cols}
          height={body}
          onClose={() => model.dispatch({ type: 'help', open: false })}
        />
      ) : (
        <Box flexDirection="column" width={cols} height={body} overflow="hidden">
          {ui.flow ? (
            <ActionDialog
              flow={ui.flow}
              width={cols}
              store={store}
              dispatch={model.dispatch}
              now={() => clock.now()}
            />
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
      <ToastLine toast={currentToast(model.state, ui, model.wall)} width={cols} />
      <Footer hints={hints} width={cols} />
    </Box>
  );
}
