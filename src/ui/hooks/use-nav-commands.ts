import type { PanelId } from '../../store/selectors.js';
import type { Store } from '../../store/types.js';
import { useCommand } from '../keys/use-command.js';
import { PANEL_ORDER } from '../view/layout.js';
import { type Move, moveSelection } from '../view/selection.js';
import { cycleFocus } from '../view/ui-state.js';
import type { CockpitModel } from './use-cockpit-model.js';

/** Focus, list movement, detail, help, refresh and quit. */
export function useNavCommands(
  m: CockpitModel,
  store: Store,
  opts: { page: number; quit(): void; now(): number },
) {
  const { ui, dispatch } = m;
  const focus = (panel: PanelId) => {
    dispatch({ type: 'focus', panel });
    return 'handled' as const;
  };
  useCommand('nav.nextPanel', () => focus(cycleFocus(ui.focus, 1)));
  useCommand('nav.prevPanel', () => focus(cycleFocus(ui.focus, -1)));
  useCommand('nav.panel1', () => focus(PANEL_ORDER[0]!));
  useCommand('nav.panel2', () => focus(PANEL_ORDER[1]!));
  useCommand('nav.panel3', () => focus(PANEL_ORDER[2]!));
  useCommand('nav.panel4', () => focus(PANEL_ORDER[3]!));

  const move = (by: Move) => {
    if (m.list.length === 0) return 'pass' as const;
    dispatch({
      type: 'select',
      panel: ui.focus,
      selection: moveSelection(m.list, ui.selection[ui.focus], by),
    });
    return 'handled' as const;
  };
  useCommand('nav.down', () => move(1));
  useCommand('nav.up', () => move(-1));
  useCommand('nav.pageDown', () => move(opts.page));
  useCommand('nav.pageUp', () => move(-opts.page));
  useCommand('nav.top', () => move('top'));
  useCommand('nav.bottom', () => move('bottom'));

  useCommand('nav.open', () => {
    const row = m.list[m.selected];
    if (!row) return 'pass';
    // Incidents are opened by record key so the SLA and queue rows of one incident share a detail;
    // a vendor SLA clock has facts of its own (stage, planned end), so it opens by its own key.
    const key = row.incident && !row.sla ? `${row.incident.source}:${row.incident.id}` : row.key;
    dispatch({ type: 'detail', open: { panel: ui.focus, key } });
    return 'handled';
  });
  useCommand('nav.back', () => {
    dispatch({ type: 'detail', open: null });
    return 'handled';
  });
  useCommand('app.help', () => {
    dispatch({ type: 'help', open: true });
    return 'handled';
  });
  useCommand('app.status', () => {
    dispatch({ type: 'status', open: true });
    return 'handled';
  });
  useCommand('app.refresh', () => {
    store.refresh();
    dispatch({ type: 'message', level: 'info', text: 'Refreshing every source…', at: opts.now() });
    return 'handled';
  });
  const quit = () => {
    opts.quit();
    return 'handled' as const;
  };
  useCommand('app.quit', quit);
  useCommand('app.forceQuit', quit);
}
