import { useInput } from 'ink';
import { type ReactNode, useMemo, useRef } from 'react';
import { type KeyContext, resolveKey } from './availability.js';
import { toKeyEvent } from './binding.js';
import { type CommandId, MODAL_SCOPES } from './commands.js';
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

type InkKey = Parameters<Parameters<typeof useInput>[0]>[1];

function isModal(ctx: KeyContext): boolean {
  const top = ctx.scopes[0];
  return top !== undefined && (MODAL_SCOPES as readonly string[]).includes(top);
}

/** The Ink key flags one plain character of a coalesced chunk would have had on its own. */
function keystroke(template: InkKey, ch: string): InkKey {
  const flags = Object.fromEntries(Object.keys(template).map((k) => [k, false])) as unknown as InkKey;
  return { ...flags, return: ch === '\r', tab: ch === '\t', shift: ch !== ch.toLowerCase() };
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

  const dispatch = (input: string, key: InkKey) => {
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
  };

  useInput((input, key) => {
    const chars = [...input];
    if (latest.current.capture || chars.length <= 1 || key.ctrl || key.meta) {
      dispatch(input, key);
      return;
    }
    // Several plain keystrokes in one read (fast typing, SSH coalescing): Ink passes them as
    // one string. Run them one at a time, yielding so each sees the screen the previous one
    // produced — but keystrokes buffered before a dialog opened never answer that dialog.
    const modalAtStart = isModal(latest.current.context);
    const step = () => {
      const ch = chars.shift();
      if (ch === undefined || (!modalAtStart && isModal(latest.current.context))) return;
      dispatch(ch === '\r' || ch === '\t' ? '' : ch, keystroke(key, ch));
      if (chars.length > 0) setTimeout(step, 0);
    };
    step();
  });

  return <CommandRegistryContext.Provider value={registry}>{children}</CommandRegistryContext.Provider>;
}
