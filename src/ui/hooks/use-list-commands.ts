import { useCommand } from '../keys/use-command.js';
import { nextSort } from '../view/list-query.js';
import { moveSelection } from '../view/selection.js';
import { marksOf, selectionOf } from '../view/ui-state.js';
import { useCockpit, useCockpitActions } from './use-cockpit.js';

/**
 * The keys every list shares: `/` opens the filter field, `o` steps through the list's orders,
 * Space marks a row for a bulk action, `*` marks every row the filter shows, Esc takes marks
 * off first and then the filter.
 */
export function useListCommands() {
  const m = useCockpit();
  const act = useCockpitActions();
  const { ui } = m;
  const panel = m.focused;
  const spec = panel?.filter;
  const listOpen = !ui.detail && !ui.flow && !ui.filtering;
  const marks = marksOf(ui, ui.focus);
  const shown = m.lists[ui.focus];

  useCommand(
    'list.filter',
    () => {
      if (!panel) return 'pass';
      if (!spec) {
        act.notify('info', `${panel.title} cannot be filtered.`);
        return 'handled';
      }
      act.dispatch({ type: 'filtering', panel: panel.id });
      return 'handled';
    },
    { active: listOpen },
  );

  useCommand(
    'list.sort',
    () => {
      const sorts = spec?.sorts ?? [];
      const next = nextSort(sorts, shown?.sort?.id);
      if (!panel || !next || sorts.length < 2) {
        if (panel) act.notify('info', `${panel.title} has one order only.`);
        return panel ? 'handled' : 'pass';
      }
      act.dispatch({ type: 'sort', panel: panel.id, sort: next.id });
      const after = nextSort(sorts, next.id);
      act.notify('info', `Sorted by ${next.label}${after ? ` (o again: ${after.label})` : ''}.`);
      return 'handled';
    },
    { active: listOpen },
  );

  useCommand(
    'list.mark',
    () => {
      const row = m.list[m.selected];
      if (!panel || !row) return 'pass';
      if (!row.subject) {
        act.notify('warn', row.noSubject ?? 'Nothing on this row can be acted on, so it cannot be marked.');
        return 'handled';
      }
      const next = new Set(marks);
      if (next.has(row.key)) next.delete(row.key);
      else next.add(row.key);
      act.dispatch({ type: 'marks', panel: panel.id, keys: next });
      // Down one, as in a file manager: Space, Space, Space marks three in a row.
      act.dispatch({
        type: 'select',
        panel: panel.id,
        selection: moveSelection(m.list, selectionOf(ui, ui.focus), 1, panel.cursor === 'record'),
      });
      return 'handled';
    },
    { active: listOpen },
  );

  useCommand(
    'list.markAll',
    () => {
      if (!panel || m.list.length === 0) return 'pass';
      const rows = m.list.filter((r) => r.subject);
      const every = rows.length > 0 && rows.every((r) => marks.has(r.key));
      const next = new Set(marks);
      for (const r of rows) {
        if (every) next.delete(r.key);
        else next.add(r.key);
      }
      act.dispatch({ type: 'marks', panel: panel.id, keys: next });
      act.notify(
        'info',
        every
          ? `Unmarked ${rows.length} row${rows.length === 1 ? '' : 's'}.`
          : `Marked ${rows.length} row${rows.length === 1 ? '' : 's'}${shown?.query.text ? ' the filter shows' : ''}.`,
      );
      return 'handled';
    },
    { active: listOpen },
  );

  useCommand(
    'list.clear',
    () => {
      if (!panel) return 'pass';
      if (marks.size > 0) {
        act.dispatch({ type: 'marks', panel: panel.id, keys: new Set() });
        return 'handled';
      }
      if (ui.filters[panel.id]) {
        act.dispatch({ type: 'filter', panel: panel.id, text: '' });
        return 'handled';
      }
      return 'pass';
    },
    { active: listOpen },
  );
}
