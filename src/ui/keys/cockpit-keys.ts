import type { AppState } from '../../store/types.js';
import type { PanelModule } from '../panels/types.js';
import type { PanelSlot } from './commands.js';
import { buildKeymap, type Keymap, type KeyOverrides, registryFor } from './keymap.js';

/** What the key registry needs of a panel. */
export function slotsOf(panels: readonly PanelModule[]): PanelSlot[] {
  return panels.map((p) => ({
    id: p.id,
    title: p.title,
    list: p.list,
    ...(p.rowKind ? { rowKind: p.rowKind } : {}),
  }));
}

/**
 * The key map of one cockpit: focus keys for its panels, the standard actions, and the actions
 * its connectors' plugins brought (their default keys, then the user's `keys:` overrides).
 * Throws `KeyBindingError` for a bad override or a conflict, before the screen is touched.
 */
export function cockpitKeymap(
  state: Pick<AppState, 'connectors'> | undefined,
  panels: readonly PanelModule[],
  overrides: KeyOverrides = {},
): Keymap {
  const actions = Object.values(state?.connectors ?? {}).flatMap((c) => c.actions);
  return buildKeymap(overrides, registryFor(slotsOf(panels), actions));
}
