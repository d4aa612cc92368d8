import { ACTION_SPECS, type ActionCapability } from '../../plugin-api/actions.js';
import type { ActionDescriptor } from '../../store/types.js';
import { bindingId, type KeyBinding, KeyBindingError, parseBinding } from './binding.js';
import {
  type CommandId,
  type CommandRegistry,
  createCommandRegistry,
  MODAL_SCOPES,
  type PanelSlot,
  type Scope,
} from './commands.js';

/** Parsed, validated bindings for every command of one registry, primary binding first. */
export interface Keymap {
  readonly registry: CommandRegistry;
  readonly bindings: Readonly<Record<CommandId, readonly KeyBinding[]>>;
}

/** The standard actions with no plugin's adjustments: their commands exist in every cockpit. */
export function standardActions(): ActionDescriptor[] {
  return (Object.keys(ACTION_SPECS) as ActionCapability[]).map((id) => {
    const { args: _a, audit: _b, ...spec } = ACTION_SPECS[id];
    return { id, custom: false, ...spec, refresh: [...spec.refresh] } as ActionDescriptor;
  });
}

/**
 * The registry of a cockpit: its panels (undefined: any of nine, when checking config), the
 * standard actions, and the actions of its connectors (their own ones bring their commands).
 */
export function registryFor(
  panels: readonly PanelSlot[] | undefined,
  connectorActions: readonly ActionDescriptor[] = [],
): CommandRegistry {
  return createCommandRegistry({
    ...(panels ? { panels } : {}),
    actions: [...standardActions(), ...connectorActions.filter((a) => a.custom)],
  });
}

/** The registry without panels or plugins' own actions known: config checks and tests. */
export const DEFAULT_REGISTRY: CommandRegistry = registryFor(undefined);

/** User overrides as they come from config `keys:`: command id → one binding or a list. */
export type KeyOverrides = Readonly<Record<string, string | readonly string[]>>;

const isModal = (s: Scope) => MODAL_SCOPES.includes(s);

/**
 * Whether two commands can both be live for one key press, given how the cockpit
 * stacks scopes: one focused panel at a time, a list or a detail view (never both),
 * and modal scopes that shadow everything except `passesModal` commands.
 */
const FIXED: readonly string[] = ['global', 'list', 'detail', 'dialog', 'help', 'status', 'wall'];
const isPanel = (s: Scope) => s.startsWith('panel:');
const isKind = (s: Scope) => !FIXED.includes(s) && !isPanel(s);

export function canBeActiveTogether(
  a: CommandId,
  b: CommandId,
  registry: CommandRegistry = DEFAULT_REGISTRY,
): boolean {
  const sa = registry.spec(a);
  const sb = registry.spec(b);
  if (sa.scope === sb.scope) return true;
  if (isModal(sa.scope) || isModal(sb.scope)) {
    const other = isModal(sa.scope) ? sb : sa;
    return !isModal(other.scope) && other.passesModal === true;
  }
  if (sa.scope === 'global' || sb.scope === 'global') return true;
  // The wall stacks only over global: its keys never meet a list's, a panel's or a record's.
  if (sa.scope === 'wall' || sb.scope === 'wall') return false;
  const pair = [sa.scope, sb.scope];
  if (pair.includes('list') && pair.includes('detail')) return false;
  // A record kind's scope stacks only under the panels whose rows are of that kind; with the
  // panels unknown (config checks), any panel may hold any kind.
  const kind = pair.find(isKind);
  const panel = pair.find(isPanel);
  if (kind && panel && registry.panels.length > 0) {
    return registry.panels.some((p) => `panel:${p.id}` === panel && p.rowKind === kind);
  }
  // One record is selected at a time, and one panel is focused.
  if (pair.every(isKind)) return false;
  return !pair.every(isPanel);
}

function nearCommands(id: string, registry: CommandRegistry): string[] {
  const stem = id.split('.').pop() ?? id;
  return registry.ids.filter((c) => c.includes(stem) || stem.includes(c.split('.').pop() ?? c));
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
export function keymapIssues(
  overrides: Readonly<Record<string, unknown>> = {},
  registry: CommandRegistry = DEFAULT_REGISTRY,
): {
  map: Keymap;
  issues: KeymapIssue[];
} {
  const map: Record<CommandId, KeyBinding[]> = {};
  const issues: KeymapIssue[] = [];
  for (const id of registry.ids) {
    map[id] = [];
    for (const b of registry.spec(id).keys) {
      try {
        map[id].push(parseBinding(b));
      } catch (err) {
        // Only a plugin's own action can bring a default key we did not write.
        issues.push({
          kind: 'bad-binding',
          path: ['keys', id],
          message: `the default key of ${id}, from its plugin: ${(err as Error).message}`,
        });
      }
    }
  }
  for (const [id, value] of Object.entries(overrides)) {
    if (!registry.has(id)) {
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
  for (const id of registry.ids) {
    const seen = new Set<string>();
    map[id] = map[id]!.filter((b) => !seen.has(bindingId(b)) && seen.add(bindingId(b)));
  }
  for (const conflict of findConflicts({ registry, bindings: map })) {
    const [a, b] = conflict.commands;
    // Point at the binding the user wrote (a default cannot be the typo).
    const owner = Object.hasOwn(overrides, b) ? b : Object.hasOwn(overrides, a) ? a : b;
    issues.push({ kind: 'conflict', path: ['keys', owner], message: conflict.message });
  }
  return { map: { registry, bindings: map }, issues };
}

/** `keys.<id>` the way the key registry has always printed it. */
function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Merge user overrides over the defaults, then refuse bindings that cannot work
 * (the first problem `keymapIssues` finds). Every error names the `keys.<id>` path.
 */
export function buildKeymap(
  overrides: KeyOverrides = {},
  registry: CommandRegistry = DEFAULT_REGISTRY,
): Keymap {
  const { map, issues } = keymapIssues(overrides, registry);
  const first = issues[0];
  if (first) {
    const near = first.unknownCommand ? nearCommands(first.unknownCommand, registry) : [];
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
  const { registry } = map;
  const owners = new Map<string, CommandId[]>();
  const out: Conflict[] = [];
  for (const id of registry.ids) {
    for (const b of map.bindings[id] ?? []) {
      const key = bindingId(b);
      const prior = owners.get(key) ?? [];
      for (const other of prior) {
        if (canBeActiveTogether(id, other, registry)) {
          out.push({
            key,
            commands: [other, id],
            message:
              `key conflict: "${key}" is bound to both ${other} (scope ${registry.spec(other).scope}) and ${id} ` +
              `(scope ${registry.spec(id).scope}), which can be active at the same time. ` +
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
    for (const id of map.registry.ids) {
      if (map.registry.spec(id).scope === scope && (map.bindings[id] ?? []).some((b) => bindingId(b) === key))
        out.push(id);
    }
  }
  return out;
}

/** The primary binding of a command, if it has any. */
export function primaryKey(map: Keymap, id: CommandId): KeyBinding | undefined {
  return map.bindings[id]?.[0];
}
