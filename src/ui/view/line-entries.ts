import type { CockpitActions, CockpitState } from '../hooks/use-cockpit.js';
import { asciiSafe, availableCommands, keysLabel } from '../keys/availability.js';
import type { CommandRegistry } from '../keys/use-command.js';
import { clean } from '../text/fit.js';
import type { LineEntry } from './command-line.js';

/** A command-line entry and what choosing it does: null when done, else why it could not run. */
export interface RunnableEntry extends LineEntry {
  run(act: CockpitActions, invoke: CommandRegistry['invoke']): string | null;
}

/**
 * Everything the `:` line can reach from the screen under it: the commands that can run there
 * (the keymap registry is the source, so a plugin's own action is here too), each panel, each
 * connector (its status), and the saved views.
 */
export function lineEntries(m: CockpitState, ascii: boolean): RunnableEntry[] {
  const map = m.keymap;
  const out: RunnableEntry[] = [];
  for (const id of availableCommands(map, m.baseKeys)) {
    const spec = map.registry.spec(id);
    if (id === 'app.command' || spec.scope === 'dialog') continue;
    const keys = keysLabel(map, id, ascii);
    out.push({
      name: id,
      about: `${asciiSafe(spec.title, ascii)}${keys ? ` (${keys})` : ''}`,
      run: (_act, invoke) => invoke(id, m.baseKeys),
    });
  }
  for (const p of m.panels) {
    out.push({
      name: `panel:${p.id}`,
      about: `Go to ${p.title}`,
      run: (act) => {
        act.dispatch({ type: 'focus', panel: p.id });
        return null;
      },
    });
  }
  for (const [name, c] of Object.entries(m.state.connectors)) {
    out.push({
      name: `connector:${clean(name)}`,
      about: `${clean(c.displayName)}: ${c.health}; open its status and errors`,
      run: (act) => {
        act.dispatch({ type: 'status', open: true });
        return null;
      },
    });
  }
  for (const v of m.savedViews) {
    const panel = m.panels.find((p) => p.id === v.panel);
    out.push({
      name: `view:${clean(v.name)}`,
      about: `${panel?.title ?? v.panel}: ${[v.filter ? `filter ${clean(v.filter)}` : '', v.sort ? `sort ${v.sort}` : ''].filter(Boolean).join(', ') || 'as it comes'}`,
      run: (act) => {
        if (!panel) return `View "${clean(v.name)}": no panel "${clean(v.panel)}" in this layout.`;
        act.dispatch({ type: 'focus', panel: panel.id });
        act.dispatch({ type: 'filter', panel: panel.id, text: v.filter ?? '' });
        if (v.sort) {
          if (!panel.filter?.sorts?.some((s) => s.id === v.sort)) {
            return `View "${clean(v.name)}": ${panel.title} has no sort "${v.sort}" (${(panel.filter?.sorts ?? []).map((s) => s.id).join(', ')}).`;
          }
          act.dispatch({ type: 'sort', panel: panel.id, sort: v.sort });
        }
        return null;
      },
    });
  }
  return out;
}
