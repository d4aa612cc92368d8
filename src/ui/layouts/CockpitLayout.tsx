import { Box } from 'ink';
import type { ReactNode } from 'react';
import { ActionDialog, flowHeight } from '../components/ActionDialog.js';
import { ActionKeys } from '../components/ActionKeys.js';
import { CommandLine, commandLineHeight } from '../components/CommandLine.js';
import { Footer } from '../components/Footer.js';
import { Header } from '../components/Header.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { errorSummary, RenderBoundary } from '../components/RenderBoundary.js';
import { Segments } from '../components/Segments.js';
import { StatusView } from '../components/StatusView.js';
import { TEXT_INPUT_HEIGHT, TextInput } from '../components/TextInput.js';
import { ToastLine, type ToastView, toastRows } from '../components/ToastLine.js';
import { TooSmall } from '../components/TooSmall.js';
import { useCockpit, useCockpitActions } from '../hooks/use-cockpit.js';
import { useCopyLink } from '../hooks/use-copy-link.js';
import { useListCommands } from '../hooks/use-list-commands.js';
import { useNavCommands } from '../hooks/use-nav-commands.js';
import { useRelatedCommands } from '../hooks/use-related.js';
import { useTerminalCommands } from '../hooks/use-terminal-commands.js';
import { helpGroups } from '../keys/availability.js';
import { formatBinding } from '../keys/binding.js';
import { primaryKey } from '../keys/keymap.js';
import { useCommand, useInvoke } from '../keys/use-command.js';
import { useTheme } from '../theme/use-theme.js';
import { footerFor } from '../view/footer.js';
import { bodyRows } from '../view/layout.js';
import { lineEntries } from '../view/line-entries.js';
import { parseQuery } from '../view/list-query.js';
import { currentToast } from '../view/toasts.js';
import { PanelArea } from './PanelArea.js';

/** The message line, its text derived inside its own boundary. */
function Toast({ width, logKey }: { width: number; logKey: string }) {
  const { glyph } = useTheme();
  const m = useCockpit();
  return <ToastLine toast={currentToast(m.state, m.realNow, glyph)} width={width} logKey={logKey} />;
}

/** Rows the message line needs now; one if the message cannot even be measured (its boundary will say). */
function messageRows(
  toast: () => ToastView | null,
  width: number,
  theme: Parameters<typeof toastRows>[2],
  logKey: string,
) {
  try {
    return toastRows(toast(), width, theme, logKey);
  } catch {
    return 1;
  }
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

/**
 * The cockpit layout: header, the panels (or help, the status view, or a dialog over the
 * panels), the message line and the key hints. Panels come from the registry it is given.
 */
export function CockpitLayout({ version, demo }: { version: string; demo: boolean }) {
  const m = useCockpit();
  const act = useCockpitActions();
  const theme = useTheme();
  const { cols, rows, ui, keymap } = m;
  const logKey = formatBinding(primaryKey(keymap, 'app.messages')!, { ascii: theme.ascii });
  // A long message takes a second row from the panels while it shows.
  const toastExtra =
    messageRows(() => currentToast(m.state, m.realNow, theme.glyph), cols, theme, logKey) - 1;
  const body = Math.max(0, bodyRows(rows) - toastExtra);
  useNavCommands(Math.max(1, body - 10));
  useRelatedCommands();
  useTerminalCommands((text) => act.notify('warn', text));
  useCopyLink();
  useListCommands();
  const invoke = useInvoke();
  useCommand(
    'app.command',
    () => {
      act.dispatch({ type: 'commandLine', open: true });
      return 'handled';
    },
    { active: !ui.flow && !ui.filtering && !ui.commandLine },
  );
  if (m.mode === 'too-small') {
    return (
      <>
        <ActionKeys />
        <TooSmall cols={cols} rows={rows} />
      </>
    );
  }
  const { hints, actions } = footerFor(m, theme.ascii);
  const filtering = ui.filtering ? m.panels.find((p) => p.id === ui.filtering) : undefined;
  const dialog = ui.flow
    ? dialogRows(() => flowHeight(ui.flow!, cols, theme, body), body)
    : filtering?.filter
      ? Math.min(TEXT_INPUT_HEIGHT, body)
      : ui.commandLine
        ? Math.min(commandLineHeight(5), body)
        : 0;
  const retry = m.realNow;
  const key = (id: string) => formatBinding(primaryKey(keymap, id)!, { ascii: theme.ascii });
  // A dialog or the help overlay that cannot be drawn cannot be answered either: close it and say
  // so, rather than leave the keyboard in a scope nobody handles. Nothing was sent.
  const closeBroken = (what: 'dialog' | 'help') => (error: Error) => {
    act.dispatch(what === 'dialog' ? { type: 'flow', flow: null } : { type: 'help', open: false });
    const text = `The ${what === 'dialog' ? 'dialog' : 'help screen'} could not be drawn (${errorSummary(error)})${what === 'dialog' ? '; nothing was sent' : ''}.`;
    act.notify('error', text);
  };
  let main: ReactNode;
  if (ui.status && !ui.help) {
    main = (
      <RenderBoundary
        label="The status view"
        width={cols}
        height={body}
        retryKey={retry}
        onCatch={() => act.dispatch({ type: 'status', open: false })}
      >
        <StatusView
          width={cols}
          height={body}
          keys={{ close: key('status.close'), retry: key('status.retry') }}
          {...(ui.statusAt ? { at: ui.statusAt } : {})}
          onClose={() => act.dispatch({ type: 'status', open: false })}
          onRetry={() => {
            act.refresh();
            act.notify('info', 'Retrying every source…');
          }}
        />
      </RenderBoundary>
    );
  } else if (ui.help) {
    main = (
      <RenderBoundary label="Help" width={cols} height={body} retryKey={retry} onCatch={closeBroken('help')}>
        <HelpOverlay
          groups={helpGroups(keymap, m.baseKeys, theme.ascii)}
          width={cols}
          height={body}
          onClose={() => act.dispatch({ type: 'help', open: false })}
        />
      </RenderBoundary>
    );
  } else {
    main = (
      <Box flexDirection="column" width={cols} height={body} overflow="hidden">
        {ui.flow ? (
          <RenderBoundary
            label="The dialog"
            width={cols}
            height={dialog}
            retryKey={retry}
            onCatch={closeBroken('dialog')}
          >
            <ActionDialog flow={ui.flow} width={cols} maxHeight={body} />
          </RenderBoundary>
        ) : filtering?.filter ? (
          <TextInput
            label={filtering.filter.label}
            initial={ui.filters[filtering.id] ?? ''}
            placeholder={filtering.filter.placeholder}
            width={cols}
            hints={['Enter to keep', 'Esc to clear', 'Ctrl+U to empty']}
            // The list narrows as you type; a text with a problem narrows nothing until fixed.
            onChange={(text) => act.dispatch({ type: 'filter', panel: filtering.id, text })}
            onCancel={() => {
              act.dispatch({ type: 'filter', panel: filtering.id, text: '' });
              act.dispatch({ type: 'filtering', panel: null });
            }}
            onSubmit={(text) => {
              const problem = parseQuery(text, filtering.filter?.dialect).problem;
              if (problem) {
                act.notify('error', problem);
                return;
              }
              act.dispatch({ type: 'filter', panel: filtering.id, text });
              act.dispatch({ type: 'filtering', panel: null });
            }}
          />
        ) : ui.commandLine ? (
          <CommandLine
            entries={lineEntries(m, theme.ascii)}
            width={cols}
            onCancel={() => act.dispatch({ type: 'commandLine', open: false })}
            onRun={(entry) => {
              act.dispatch({ type: 'commandLine', open: false });
              const why = entry.run(act, invoke);
              if (why) act.notify('warn', why);
            }}
          />
        ) : null}
        <PanelArea
          width={cols}
          height={body - dialog}
          detailFooter={
            actions.length > 0 ? (
              <Segments
                prefix="Actions: "
                segments={actions.map((h) => ({ text: `${h.key} ${h.label}` }))}
                width={cols - 2}
              />
            ) : undefined
          }
        />
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={cols} height={rows} overflow="hidden">
      <ActionKeys />
      <RenderBoundary label="The header" width={cols} height={1} retryKey={retry}>
        <Header version={version} width={cols} demo={demo} readOnly={m.keys.readOnly} />
      </RenderBoundary>
      {main}
      <RenderBoundary label="The message line" width={cols} height={1 + toastExtra} retryKey={retry}>
        <Toast width={cols} logKey={logKey} />
      </RenderBoundary>
      <RenderBoundary label="The key hints" width={cols} height={1} retryKey={retry}>
        <Footer hints={hints} width={cols} />
      </RenderBoundary>
    </Box>
  );
}
