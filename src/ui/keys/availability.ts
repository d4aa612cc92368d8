import { RECORD_KINDS, type RecordKindId } from '../../domain/kinds.js';
import { STANDARD_ALTERNATIVES } from '../../plugin-api/actions.js';
import type { ActionDescriptor } from '../../store/types.js';
import { formatBinding, type KeyEvent } from './binding.js';
import { type Category, type CommandId, type CommandSpec, MODAL_SCOPES, type Scope } from './commands.js';
import { commandsFor, type Keymap } from './keymap.js';

/** What decides which commands are live right now. */
export interface KeyContext {
  /** Active scope stack, top first: `['panel:queue', 'incident', 'list', 'global']`, `['dialog', 'global']`. */
  scopes: readonly Scope[];
  readOnly: boolean;
  /** Actions of the selected record's connector; null when nothing is selected. */
  actions: readonly ActionDescriptor[] | null;
  /** Connector instance of the selected record, for refusal messages. */
  source?: string;
  /** Why there is no record to act on, when the selected row has none (an SLA whose ticket is not in the feed). */
  noSubject?: string;
}

/** In the stack, and not shadowed by a modal scope above it. */
export function isInScope(map: Keymap, id: CommandId, ctx: KeyContext): boolean {
  const spec = map.registry.spec(id);
  const top = ctx.scopes[0];
  if (!ctx.scopes.includes(spec.scope)) return false;
  if (top && MODAL_SCOPES.includes(top) && spec.scope !== top) return spec.passesModal === true;
  return true;
}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

/** "m Assign to me" for the actions of the selected record's connector that stand in for `action`. */
function insteadOf(map: Keymap, action: string, ctx: KeyContext): string[] {
  const own = ctx.actions ?? [];
  return (STANDARD_ALTERNATIVES[action] ?? []).flatMap((id) => {
    const a = own.find((x) => x.id === id);
    const binding = a ? map.bindings[a.command]?.[0] : undefined;
    return a && binding ? [`${formatBinding(binding)} ${a.wording.title}`] : [];
  });
}

/** The key that opens help, for "press ? to see what works here". */
function helpKey(map: Keymap): string {
  const b = map.bindings['app.help']?.[0];
  return b ? formatBinding(b) : 'the help key';
}

/** Why a command in scope cannot run now (read-only mode, an action the connector lacks), or null. */
export function refusal(map: Keymap, id: CommandId, ctx: KeyContext): string | null {
  const spec = map.registry.spec(id);
  const verb = spec.verb ?? spec.title.toLowerCase();
  if (spec.mutates && ctx.readOnly) return `Read-only mode: cannot ${verb} (started with --read-only).`;
  if (spec.action) {
    if (!ctx.actions) {
      const noun = RECORD_KINDS[spec.scope as RecordKindId]?.noun ?? 'record';
      return ctx.noSubject ? `${ctx.noSubject}: cannot ${verb}.` : `Select ${article(noun)} to ${verb}.`;
    }
    if (!ctx.actions.some((a) => a.id === spec.action)) {
      const who = ctx.source ?? 'This connector';
      const instead = insteadOf(map, spec.action, ctx);
      return instead.length > 0
        ? `${who} cannot ${verb}. Instead: ${instead.join(', ')}.`
        : `${who} cannot ${verb}; ${helpKey(map)} lists what works on this row.`;
    }
  }
  return null;
}

/** Commands a user can use right now: in scope and not refused. Drives footer and help. */
export function availableCommands(map: Keymap, ctx: KeyContext): CommandId[] {
  return map.registry.ids.filter((id) => isInScope(map, id, ctx) && refusal(map, id, ctx) === null);
}

export type Resolution =
  | { kind: 'run'; ids: CommandId[] }
  | { kind: 'refused'; id: CommandId; message: string }
  | { kind: 'none' };

/** Decide what a key press means in this context; refusals carry the status-bar message. */
export function resolveKey(map: Keymap, event: KeyEvent, ctx: KeyContext): Resolution {
  const ids = commandsFor(map, event, ctx.scopes).filter((id) => isInScope(map, id, ctx));
  if (ids.length === 0) return { kind: 'none' };
  const first = ids[0]!;
  const why = refusal(map, first, ctx);
  if (why) return { kind: 'refused', id: first, message: why };
  return { kind: 'run', ids: ids.filter((id) => refusal(map, id, ctx) === null) };
}

export interface HelpEntry {
  id: CommandId;
  keys: string;
  title: string;
  /** Why the key does nothing on the selected row (another connector's action, read-only mode). */
  unavailable?: string;
}

export interface HelpGroup {
  category: Category;
  entries: HelpEntry[];
}

/** Keys column text: every binding of a command, primary first. */
export function keysLabel(map: Keymap, id: CommandId, ascii = false): string {
  return (map.bindings[id] ?? []).map((b) => formatBinding(b, { ascii })).join(' ');
}

/** Titles end in "…" for "asks first"; spell it with dots on ASCII terminals. */
export function asciiSafe(text: string, ascii: boolean): string {
  return ascii ? text.replace(/…/g, '...') : text;
}

/** A command's words for the selected record: its connector's own wording of the action, when it has one. */
function wordsOf(map: Keymap, id: CommandId, ctx: KeyContext): Pick<CommandSpec, 'title' | 'short'> {
  const spec = map.registry.spec(id);
  const own = spec.action ? ctx.actions?.find((a) => a.id === spec.action) : undefined;
  return own ? { title: own.wording.title, short: own.wording.short } : spec;
}

/** Why a command in scope does nothing here, in a few words for help's margin. */
function shortRefusal(map: Keymap, id: CommandId, ctx: KeyContext): string | undefined {
  const spec = map.registry.spec(id);
  if (spec.mutates && ctx.readOnly) return 'read-only mode';
  if (!spec.action) return undefined;
  if (!ctx.actions) return ctx.noSubject ?? 'no row selected';
  if (ctx.actions.some((a) => a.id === spec.action)) return undefined;
  const instead = insteadOf(map, spec.action, ctx)[0];
  const where = ctx.source ? `not on ${ctx.source}` : 'not on this row';
  return instead ? `${where}: use ${instead}` : where;
}

/**
 * Help overlay content, grouped by category: every command in scope, the action keys of every
 * connector whose rows the focused panel shows included. Those that do nothing on the selected
 * row stay listed, marked with the reason, so help never hides a key the next row will take.
 */
export function helpGroups(map: Keymap, ctx: KeyContext, ascii = false): HelpGroup[] {
  const ids = map.registry.ids.filter((id) => isInScope(map, id, ctx));
  return map.registry.categories
    .map((category) => ({
      category,
      entries: ids
        .filter((id) => map.registry.spec(id).category === category)
        .map((id) => {
          const why = shortRefusal(map, id, ctx);
          return {
            id,
            keys: keysLabel(map, id, ascii),
            title: asciiSafe(wordsOf(map, id, ctx).title, ascii),
            ...(why ? { unavailable: asciiSafe(why, ascii) } : {}),
          };
        })
        // Available keys first within a group: what works on this row is read first.
        .sort((a, b) => Number(a.unavailable !== undefined) - Number(b.unavailable !== undefined)),
    }))
    .filter((g) => g.entries.length > 0);
}

export interface FooterHint {
  id: CommandId;
  key: string;
  label: string;
}

/** Footer hints: up to `max` available commands that have a short label, primary binding only. */
export function footerHints(map: Keymap, ctx: KeyContext, max = 6, ascii = false): FooterHint[] {
  const spec = (id: CommandId) => map.registry.spec(id);
  const seen = new Set<string>();
  return (
    availableCommands(map, ctx)
      .filter((id) => spec(id).short && (map.bindings[id]?.length ?? 0) > 0)
      .sort((a, b) => (spec(a).hint ?? 99) - (spec(b).hint ?? 99))
      .map((id) => ({
        id,
        key: formatBinding(map.bindings[id]![0]!, { ascii }),
        label: asciiSafe(wordsOf(map, id, ctx).short ?? id, ascii),
      }))
      // Two commands with one label (q and Ctrl+C both quit) take one slot: the first, by hint.
      .filter((h) => !seen.has(h.label) && Boolean(seen.add(h.label)))
      .slice(0, max)
  );
}
