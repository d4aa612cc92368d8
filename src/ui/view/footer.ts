import type { CockpitState } from '../hooks/use-cockpit.js';
import { type FooterHint, footerHints } from '../keys/availability.js';
import { isTypedConfirm } from './action-text.js';

/**
 * The footer's hints for the current screen, and the actions line of a detail view. Choosers,
 * text fields and typed confirmations say their own keys; y/n only mean something once a plain
 * confirm shows.
 */
export function footerFor(m: CockpitState, ascii: boolean): { hints: FooterHint[]; actions: FooterHint[] } {
  const { ui, keymap } = m;
  const spec = (id: string) => keymap.registry.spec(id);
  const plainConfirm =
    ui.flow?.askDiscard === true || (ui.flow?.step === 'confirm' && !isTypedConfirm(ui.flow));
  const all = footerHints(keymap, m.keys, 99, ascii).filter(
    (h) => (!ui.flow && !ui.filtering && !ui.commandLine) || plainConfirm || spec(h.id).scope !== 'dialog',
  );
  let hints = all.slice(0, 6);
  // When a source is not fresh, or config warned, the way to the full story earns a footer slot.
  const trouble =
    m.state.warnings.length > 0 ||
    m.state.refused.length > 0 ||
    m.panels.some((p) => !['fresh', 'unconfigured'].includes(m.views[p.id]?.state ?? 'fresh'));
  const status = all.find((h) => h.id === 'app.status');
  // It goes before the last hint rather than replacing it: `? Keys` stays too where the width
  // allows (80 columns do), and a narrow footer cuts the last hint, not the way to the errors.
  if (trouble && status && !hints.includes(status)) hints = [...hints.slice(0, 5), status, ...hints.slice(5)];
  return { hints, actions: hints.filter((h) => spec(h.id).action !== undefined) };
}
