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

function nearCommands(id: string): string[] {
  const stem = id.split('.').pop() ?? id;
  return COMMAND_IDS.filter((c) => c.includes(stem) || stem.includes(c.split('.').pop() ?? c));
}

/** One problem in `keys:`, addressed by its key path (`['keys', 'incident.ack', 0]`). */
export interface KeymapIssue {
  kind: 'unknown-command' | 'bad-binding' | 'conflict';
  path: (string | number)[];
  message: string;
  /** Set for an id that is no command, so a caller can add its own suggestion. */
  unknownCommand?: string;
}

/**
 * Merge user overrides over the defaults and collect every binding that cannot
 * work: unknown command ids, unparseable keys, and each key bound to two commands
 * that can be active together. Entries whose shape is wrong (not a string or a
 * list of strings) are left to the config schema, which reports them.
 */
export function keymapIssues(overrides: Readonly<Record<string, unknown>> = {}): {
  map: Keymap;
  issues: KeymapIssue[];
} {
  const map = {} as Record<CommandId, KeyBinding[]>;
  const issues: KeymapIssue[] = [];
  for (const id of COMMAND_IDS) map[id] = defaultBindings[id].map((b) => parseBinding(b));
  for (const [id, value] of Object.entries(overrides)) {
    if (!isCommandId(id)) {
      issues.push({
        kind: 'unknown-command',
        path: ['keys', id],
        message: `unknown command "${id}"`,
        unknownCommand: id,
      });
      continue;
    }
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0) {
      if (Array.isArray(list))
        issues.push({
          kind: 'bad-binding',
          path: ['keys', id],
          message: 'give one binding or a list of bindings, e.g. ["a"]',
        });
      continue;
    }
    const parsed: KeyBinding[] = [];
    list.forEach((text: unknown, i) => {
      if (typeof text !== 'string') return;
      try {
        parsed.push(parseBinding(text));
      } catch (err) {
        issues.push({
          kind: 'bad-binding',
          path: typeof value === 'string' ? ['keys', id] : ['keys', id, i],
          message: (err as Error).message,
        });
      }
    });
    map[id] = parsed;
  }
  for (const id of COMMAND_IDS) {
    const seen = new Set<string>();
    map[id] = map[id].filter((b) => !seen.has(bindingId(b)) && seen.add(bindingId(b)));
  }
  for (const conflict of findConflicts(map)) {
    const [a, b] = conflict.commands;
    // Point at the binding the user wrote (a default cannot be the typo).
    const owner = Object.hasOwn(overrides, b) ? b : Object.hasOwn(overrides, a) ? a : b;
    issues.push({ kind: 'conflict', path: ['keys', owner], message: conflict.message });
  }
  return { map, issues };
}

/** `keys.<id>` the way the key registry has always printed it. */
function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Merge user overrides over the defaults, then refuse bindings that cannot work
 * (the first problem `keymapIssues` finds). Every error names the `keys.<id>` path.
 */
export function buildKeymap(overrides: KeyOverrides = {}): Keymap {
  const { map, issues } = keymapIssues(overrides);
  const first = issues[0];
  if (first) {
    const near = first.unknownCommand ? nearCommands(first.unknownCommand) : [];
    const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
    const text = first.kind === 'conflict' ? first.message : `${pathText(first.path)}: ${first.message}`;
    throw new KeyBindingError(`${text}${first.unknownCommand ? '.' : ''}${hint}`);
  }
  return map;
}

interface Conflict {
  key: string;
  commands: [CommandId, CommandId];
  message: string;
}

/** Every key shared by two commands whose scopes can be active together. */
function findConflicts(map: Keymap): Conflict[] {
  const owners = new Map<string, CommandId[]>();
  const out: Conflict[] = [];
  for (const id of COMMAND_IDS) {
    for (const b of map[id]) {
      const key = bindingId(b);
      const prior = owners.get(key) ?? [];
      for (const other of prior) {
        if (canBeActiveTogether(id, other)) {
          out.push({
            key,
            commands: [other, id],
            message:
              `key conflict: "${key}" is bound to both ${other} (scope ${specOf(other).scope}) and ${id} ` +
              `(scope ${specOf(id).scope}), which can be active at the same time. ` +
              `Change keys.${other} or keys.${id}.`,
          });
        }
      }
      owners.set(key, [...prior, id]);
    }
  }
  return out;
}

/** Throw on the first key shared by two commands whose scopes can be active together. */
export function assertNoConflicts(map: Keymap): void {
  const first = findConflicts(map)[0];
  if (first) throw new KeyBindingError(first.message);
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
