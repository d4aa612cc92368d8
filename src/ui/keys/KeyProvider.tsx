import { useInput } from 'ink';
import { type ReactNode, useMemo, useRef } from 'react';
import { type KeyContext, resolveKey } from './availability.js';
import { toKeyEvent } from './binding.js';
import type { CommandId } from './commands.js';
import type { Keymap } from './keymap.js';
import { type CommandHandler, type CommandRegistry, CommandRegistryContext } from './use-command.js';

interface Props {
  keymap: Keymap;
  /** Scope stack, mode and selected record: read at key time, so always current. */
  context: KeyContext;
  /** A text field has the keyboard: plain keys are text, only Ctrl chords reach commands. */
  capture?: boolean;
  /** Status-bar message when a key maps to a command that cannot run here. */
  onRefused(message: string): void;
  children: ReactNode;
}

/** Owns the app's only command-level stdin listener and dispatches keys down the scope stack. */
export function KeyProvider({ keymap, context, capture = false, onRefused, children }: Props) {
  const handlers = useRef(new Map<CommandId, { current: CommandHandler }[]>());
  const latest = useRef({ keymap, context, capture, onRefused });
  latest.current = { keymap, context, capture, onRefused };

  const registry = useMemo<CommandRegistry>(
    () => ({
      register(id, handler) {
        const list = handlers.current.get(id) ?? [];
        handlers.current.set(id, [...list, handler]);
        return () => {
          handlers.current.set(
            id,
            (handlers.current.get(id) ?? []).filter((h) => h !== handler),
          );
        };
      },
    }),
    [],
  );

  useInput((input, key) => {
    const now = latest.current;
    const event = toKeyEvent(input, key);
    if (!event || (now.capture && !event.ctrl)) return;
    const resolution = resolveKey(now.keymap, event, now.context);
    if (resolution.kind === 'refused') {
      now.onRefused(resolution.message);
      return;
    }
    if (resolution.kind !== 'run') return;
    for (const id of resolution.ids) {
      // Newest registration first: an inner component shadows an outer one for the same command.
      const list = [...(handlers.current.get(id) ?? [])].reverse();
      for (const handler of list) {
        if (handler.current() === 'handled') return;
      }
    }
  });

  return <CommandRegistryContext.Provider value={registry}>{children}</CommandRegistryContext.Provider>;
}
