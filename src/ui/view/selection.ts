import type { Incident } from '../../domain/model.js';
import type { PanelId, PanelsView } from '../../store/selectors.js';

/** Selection remembers the entity, so a refresh that reorders rows keeps the cursor on the same incident. */
export interface Selection {
  key: string | null;
  /** Where the cursor was, used when the selected entity disappears. */
  index: number;
}

export interface ListRow {
  key: string;
  incident?: Incident;
  /** A vendor SLA clock: its detail shows the clock, not just the ticket. */
  sla?: boolean;
}

export function listRows(panel: PanelId, view: PanelsView): ListRow[] {
  switch (panel) {
    case 'queue':
      return view.queue.rows.map((r) => ({ key: r.key, incident: r.incident }));
    case 'sla':
      return view.sla.items.map((i) => ({
        key: i.key,
        ...(i.incident ? { incident: i.incident } : {}),
        ...(i.clock === 'sla' ? { sla: true } : {}),
      }));
    case 'oncall':
      return view.oncall.policies.map((p) => ({ key: p.key }));
    default:
      return [];
  }
}

/** Index of the selection in `rows`, falling back to the old position clamped; -1 for an empty list. */
export function selectedIndex(rows: readonly ListRow[], sel: Selection): number {
  if (rows.length === 0) return -1;
  const byKey = sel.key === null ? -1 : rows.findIndex((r) => r.key === sel.key);
  return byKey >= 0 ? byKey : Math.min(Math.max(0, sel.index), rows.length - 1);
}

export type Move = number | 'top' | 'bottom';

export function moveSelection(rows: readonly ListRow[], sel: Selection, move: Move): Selection {
  if (rows.length === 0) return { key: null, index: 0 };
  const from = selectedIndex(rows, sel);
  const to =
    move === 'top'
      ? 0
      : move === 'bottom'
        ? rows.length - 1
        : Math.min(rows.length - 1, Math.max(0, from + move));
  return { key: rows[to]!.key, index: to };
}

export function selectedRow(rows: readonly ListRow[], sel: Selection): ListRow | undefined {
  const i = selectedIndex(rows, sel);
  return i >= 0 ? rows[i] : undefined;
}
