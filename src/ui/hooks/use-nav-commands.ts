import { useCommand } from '../keys/use-command.js';
import { type Move, moveSelection } from '../view/selection.js';
import { cycleFocus, selectionOf } from '../view/ui-state.js';
import { useCockpit, useCockpitActions } from './use-cockpit.js';

/** Focus, list movement, detail, help, refresh and quit. `page` is the rows one page key moves. */
export function useNavCommands(page: number) {
  const m = useCockpit();
  const act = useCockpitActions();
  const { ui, panels } = m;
  const { dispatch } = act;
  const order = panels.map((p) => p.id);
  const focus = (panel: string | undefined) => {
    if (panel === undefined) return 'pass' as const;
    dispatch({ type: 'focus', panel });
    return 'handled' as const;
  };
  useCommand('nav.nextPanel', () => focus(cycleFocus(ui.focus, 1, order)));
  useCommand('nav.prevPanel', () => focus(cycleFocus(ui.focus, -1, order)));
  // One focus command per panel of the layout (nav.panel1…): the registry made exactly these,
  // and the panel list does not change while the cockpit runs, so the hook count is fixed.
  for (const [i, p] of panels.entries()) {
    // biome-ignore lint/correctness/useHookAtTopLevel: fixed-length list for the cockpit's lifetime
    useCommand(`nav.panel${i + 1}`, () => focus(p.id));
  }

  const move = (by: Move) => {
    if (m.list.length === 0) return 'pass' as const;
    dispatch({
      type: 'select',
      panel: ui.focus,
      selection: moveSelection(m.list, selectionOf(ui, ui.focus), by, m.focused?.cursor === 'record'),
    });
    return 'handled' as const;
  };
  useCommand('nav.down', () => move(1));
  useCommand('nav.up', () => move(-1));
  useCommand('nav.pageDown', () => move(page));
  useCommand('nav.pageUp', () => move(-page));
  useCommand('nav.top', () => move('top'));
  useCommand('nav.bottom', () => move('bottom'));

  useCommand('nav.open', () => {
    const row = m.list[m.selected];
    if (!row || !m.focused?.Detail) return 'pass';
    dispatch({ type: 'detail', open: { panel: ui.focus, key: row.detailKey ?? row.key } });
    return 'handled';
  });
  useCommand('app.help', () => {
    dispatch({ type: 'help', open: true });
    return 'handled';
  });
  useCommand('app.messages', () => {
    dispatch({ type: 'status', open: true, at: 'messages' });
    return 'handled';
  });
  useCommand('app.status', () => {
    dispatch({ type: 'status', open: true });
    return 'handled';
  });
  useCommand('app.refresh', () => {
    act.refresh();
    act.notify('info', 'Refreshing every source…');
    return 'handled';
  });
  const quit = () => {
    act.quit();
    return 'handled' as const;
  };
  useCommand('app.quit', quit);
  useCommand('app.forceQuit', quit);
}
