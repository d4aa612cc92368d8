import { bindingId, type KeyBinding, KeyBindingError, parseBinding } from './binding.js';
import { COMMAND_IDS, type CommandId, isCommandId, MODAL_SCOPES, type Scope, specOf } from './commands.js';
import { defaultBindings } from './defaults.js';

/** Parsed, validated bindings for every command, primary binding first. */
export type Keymap = Readonly<Record<CommandId, readonly KeyBinding[]>>;

/** User overrides as they come from config `keys:`: command id → one binding or a list. */
export type KeyOverrides = Readonly<Record<string, string | readonly string[]>>;

const isModal = (s: Scope) => MODAL_SCOPES.includes(s);

/**
 * Whether two commands can both be live for one key press, given how the cockpit
 * stacks scopes: one focused panel at a time, a list or a detail view (never both),
 * and modal scopes that shadow everything except `passesModal` commands.
 */
export function canBeActiveTogether(a: CommandId, b: CommandId): boolean {
  const sa = specOf(a);
  const sb = specOf(b);
  if (sa.scope === sb.scope) return true;
  if (isModal(sa.scope) || isModal(sb.scope)) {
    const other = isModal(sa.scope) ? sb : sa;
    return !isModal(other.scope) && other.passesModal === true;
  }
  if (sa.scope === 'global' || sb.scope === 'global') return true;
  const pair = new Set([sa.scope, sb.scope]);
  if (pair.has('list') && pair.has('detail')) return false;
  // The incident scope only stacks under the panels whose rows are incidents.
  if (pair.has('incident') && (pair.has('panel:oncall') || pair.has('panel:compliance'))) return false;
  // Two different panels are never focused at once.
  return !(sa.scope.startsWith('panel:') && sb.scope.startsWith('panel:'));
}

function didYouMean(id: string): string {
  const stem = id.split('.').pop() ?? id;
  const near = COMMAND_IDS.filter((c) => c.includes(stem) || stem.includes(c.split('.').pop() ?? c));
  return near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
}

/**
 * Merge user overrides over the defaults, then refuse bindings that cannot work:
 * unknown command ids, unparseable keys, and one key bound to two commands that
 * can be active together. Every error names the `keys.<id>` path to fix.
 */
export function buildKeymap(overrides: KeyOverrides = {}): Keymap {
  const map = {} as Record<CommandId, KeyBinding[]>;
  for (const id of COMMAND_IDS) map[id] = defaultBindings[id].map((b) => parseBinding(b));
  for (const [id, value] of Object.entries(overrides)) {
    if (!isCommandId(id)) {
      throw new KeyBindingError(`keys.${id}: unknown command "${id}".${didYouMean(id)}`);
    }
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0) {
      throw new KeyBindingError(`keys.${id}: give one binding or a list of bindings, e.g. ["a"]`);
    }
    map[id] = list.map((text, i) => {
      try {
        return parseBinding(text);
      } catch (err) {
        const where = typeof value === 'string' ? `keys.${id}` : `keys.${id}[${i}]`;
        throw new KeyBindingError(`${where}: ${(err as Error).message}`);
      }
    });
  }
  for (const id of COMMAND_IDS) {
    const seen = new Set<string>();
    map[id] = map[id].filter((b) => !seen.has(bindingId(b)) && seen.add(bindingId(b)));
  }
  assertNoConflicts(map);
  return map;
}

/** Throw on the first key shared by two commands whose scopes can be active together. */
export function assertNoConflicts(map: Keymap): void {
  const owners = new Map<string, CommandId[]>();
  for (const id of COMMAND_IDS) {
    for (const b of map[id]) {
      const key = bindingId(b);
      const prior = owners.get(key) ?? [];
      for (const other of prior) {
        if (canBeActiveTogether(id, other)) {
          throw new KeyBindingError(
            `key conflict: "${key}" is bound to both ${other} (scope ${specOf(other).scope}) and ${id} ` +
              `(scope ${specOf(id).scope}), which can be active at the same time. ` +
              `Change keys.${other} or keys.${id}.`,
          );
        }
      }
      owners.set(key, [...prior, id]);
    }
  }
}

/** Commands bound to `event` among the given scopes, in scope order (top of the stack first). */
export function commandsFor(map: Keymap, event: KeyBinding, scopes: readonly Scope[]): CommandId[] {
  const key = bindingId(event);
  const out: CommandId[] = [];
  for (const scope of scopes) {
    for (const id of COMMAND_IDS) {
      if (specOf(id).scope === scope && map[id].some((b) => bindingId(b) === key)) out.push(id);
    }
  }
  return out;
}
