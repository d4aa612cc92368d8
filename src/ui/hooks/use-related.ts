import type { Related } from '../../domain/correlation.js';
import { useCommand } from '../keys/use-command.js';
import { RECORD_DETAIL, relatedCursor } from '../view/ui-state.js';
import { useCockpit, useCockpitActions } from './use-cockpit.js';
import { useCorrelation } from './use-correlation.js';

const NONE: readonly Related[] = [];

/** Records related to the open detail's record, in the order its related list shows them. */
export function useRelated(): readonly Related[] {
  const m = useCockpit();
  const links = useCorrelation();
  const record = m.ui.detail ? m.subject?.record : undefined;
  return record ? links.related(record) : NONE;
}

/**
 * Keys of a detail's related list: move the cursor, open the record under it in the panel that
 * shows its kind (its actions then act on it), and Escape back along the trail.
 */
export function useRelatedCommands(): void {
  const m = useCockpit();
  const act = useCockpitActions();
  const related = useRelated();
  const { ui } = m;
  const at = relatedCursor(ui, related);
  const move = (by: number) => {
    if (!ui.detail || related.length === 0) return 'pass' as const;
    const index = Math.min(related.length - 1, Math.max(0, at + by));
    act.dispatch({ type: 'related', index, key: related[index]!.key });
    return 'handled' as const;
  };
  useCommand('related.down', () => move(1));
  useCommand('related.up', () => move(-1));
  useCommand('related.open', () => {
    const r = related[at];
    if (!ui.detail || !r) return 'pass';
    for (const p of m.panels) {
      const key = p.Detail ? p.detailKeyFor?.(r.record) : undefined;
      if (key === undefined) continue;
      act.dispatch({ type: 'openRelated', open: { panel: p.id, key } });
      return 'handled';
    }
    // No panel lists its kind: the generic record view shows it, with its kind's actions.
    act.dispatch({ type: 'openRelated', open: { panel: RECORD_DETAIL, key: r.key } });
    return 'handled';
  });
  useCommand('nav.back', () => {
    act.dispatch({ type: 'back' });
    return 'handled';
  });
}
