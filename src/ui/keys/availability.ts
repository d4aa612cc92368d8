import type { Capability } from '../../store/types.js';
import { formatBinding, type KeyEvent } from './binding.js';
import { type Category, COMMAND_IDS, type CommandId, MODAL_SCOPES, type Scope, specOf } from './commands.js';
import { commandsFor, type Keymap } from './keymap.js';

/** What decides which commands are live right now. */
export interface KeyContext {
  /** Active scope stack, top first: `['panel:queue', 'incident', 'list', 'global']`, `['dialog', 'global']`. */
  scopes: readonly Scope[];
  readOnly: boolean;
  /** Capabilities of the selected record's connector; null when nothing is selected. */
  capabilities: readonly Capability[] | null;
  /** Connector instance of the selected record, for refusal messages. */
  source?: string;
  /** Why there is no incident to act on, when the selected row is not one (an SLA whose ticket is not in the feed). */
  noSubject?: string;
}

/** In the stack, and not shadowed by a modal scope above it. */
export function isInScope(id: CommandId, ctx: KeyContext): boolean {
  const spec = specOf(id);
  const top = ctx.scopes[0];
  if (!ctx.scopes.includes(spec.scope)) return false;
  if (top && MODAL_SCOPES.includes(top) && spec.scope !== top) return spec.passesModal === true;
  return true;
}

/** Why a command in scope cannot run now (read-only mode, missing capability), or null. */
export function refusal(id: CommandId, ctx: KeyContext): string | null {
  const spec = specOf(id);
  const verb = spec.verb ?? spec.title.toLowerCase();
  if (spec.mutates && ctx.readOnly) return `Read-only mode: cannot ${verb} (started with --read-only).`;
  if (spec.needs) {
    if (!ctx.capabilities)
      return ctx.noSubject ? `${ctx.noSubject}: cannot ${verb}.` : `Select an incident to ${verb}.`;
    if (!ctx.capabilities.includes(spec.needs)) {
      return `${ctx.source ?? 'This connector'} cannot ${verb} (connector lacks ${spec.needs})`;
    }
  }
  return null;
}

/** Commands a user can use right now: in scope and not refused. Drives footer and help. */
export function availableCommands(ctx: KeyContext): CommandId[] {
  return COMMAND_IDS.filter((id) => isInScope(id, ctx) && refusal(id, ctx) === null);
}

export type Resolution =
  | { kind: 'run'; ids: CommandId[] }
  | { kind: 'refused'; id: CommandId; message: string }
  | { kind: 'none' };

/** Decide what a key press means in this context; refusals carry the status-bar message. */
export function resolveKey(map: Keymap, event: KeyEvent, ctx: KeyContext): Resolution {
  const ids = commandsFor(map, event, ctx.scopes).filter((id) => isInScope(id, ctx));
  if (ids.length === 0) return { kind: 'none' };
  const first = ids[0]!;
  const why = refusal(first, ctx);
  if (why) return { kind: 'refused', id: first, message: why };
  return { kind: 'run', ids: ids.filter((id) => refusal(id, ctx) === null) };
}

export interface HelpEntry {
  id: CommandId;
  keys: string;
  title: string;
}

export interface HelpGroup {
  category: Category;
  entries: HelpEntry[];
}

const CATEGORY_ORDER: Category[] = ['Incident', 'Navigation', 'Dialog', 'App'];

/** Keys column text: every binding of a command, primary first. */
export function keysLabel(map: Keymap, id: CommandId, ascii = false): string {
  return map[id].map((b) => formatBinding(b, { ascii })).join(' ');
}

/** Titles end in "…" for "asks first"; spell it with dots on ASCII terminals. */
export function asciiSafe(text: string, ascii: boolean): string {
  return ascii ? text.replace(/…/g, '...') : text;
}

/** Help overlay content: available commands grouped by category. */
export function helpGroups(map: Keymap, ctx: KeyContext, ascii = false): HelpGroup[] {
  const ids = availableCommands(ctx);
  return CATEGORY_ORDER.map((category) => ({
    category,
    entries: ids
      .filter((id) => specOf(id).category === category)
      .map((id) => ({ id, keys: keysLabel(map, id, ascii), title: asciiSafe(specOf(id).title, ascii) })),
  })).filter((g) => g.entries.length > 0);
}

/** Footer hints: up to `max` available commands that have a short label, primary binding only. */
export function footerHints(
  map: Keymap,
  ctx: KeyContext,
  max = 6,
  ascii = false,
): { id: CommandId; key: string; label: string }[] {
  return availableCommands(ctx)
    .filter((id) => specOf(id).short && map[id].length > 0)
    .sort((a, b) => (specOf(a).hint ?? 99) - (specOf(b).hint ?? 99))
    .slice(0, max)
    .map((id) => ({
      id,
      key: formatBinding(map[id][0]!, { ascii }),
      label: asciiSafe(specOf(id).short ?? id, ascii),
    }));
}
