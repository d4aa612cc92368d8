import { useInput } from 'ink';
import { type ReactNode, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { isInScope, type KeyContext, refusal, resolveKey } from './availability.js';
import { toKeyEvent } from './binding.js';
import { type CommandId, MODAL_SCOPES } from './commands.js';
import type { Keymap } from './keymap.js';
import {
  type CommandHandler,
  type CommandRegistry,
  CommandRegistryContext,
  type KeySink,
} from './use-command.js';

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

interface QueuedKey {
  input: string;
  key: InkKey;
  /** Set for keys split out of one multi-key chunk. */
  chunk?: number;
  modalAtStart?: boolean;
}

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
  const sinks = useRef<{ current: KeySink }[]>([]);
  const latest = useRef({ keymap, context, capture, onRefused });
  const chunks = useRef(0);
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
      sink(handler) {
        sinks.current = [...sinks.current, handler];
        return () => {
          sinks.current = sinks.current.filter((h) => h !== handler);
        };
      },
      invoke(id, context) {
        const map = latest.current.keymap;
        if (!map.registry.has(id)) return `No command "${id}".`;
        if (!isInScope(map, id, context)) return `${map.registry.spec(id).title} does not apply here.`;
        const why = refusal(map, id, context);
        if (why) return why;
        for (const handler of [...(handlers.current.get(id) ?? [])].reverse()) {
          if (handler.current() === 'handled') return null;
        }
        return `${map.registry.spec(id).title}: nothing to do here.`;
      },
    }),
    [],
  );

  const dispatch = (input: string, key: InkKey) => {
    // A key queued behind the one that opened a text field or a chooser belongs to it.
    const sink = sinks.current.at(-1);
    if (sink && !key.ctrl) {
      sink.current(input, key);
      return;
    }
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

  // Every key goes through one FIFO that yields between keys, so each one sees the screen the
  // previous one produced. Several keys can arrive in one tick (fast typing, SSH coalescing,
  // several chunks read at once); handled back to back they would all act on a stale selection.
  const queue = useRef<QueuedKey[]>([]);
  const pumping = useRef(false);
  const waiting = useRef<NodeJS.Timeout | null>(null);
  const pump = () => {
    const next = queue.current.shift();
    if (!next) {
      pumping.current = false;
      return;
    }
    // Keys buffered in one chunk before a dialog opened never answer that dialog.
    if (next.chunk !== undefined && !next.modalAtStart && isModal(latest.current.context)) {
      queue.current = queue.current.filter((k) => k.chunk !== next.chunk);
    } else {
      dispatch(next.input, next.key);
    }
    // Wait for the render this key caused (the layout effect below resumes the pump), or give
    // up waiting shortly when the key changed nothing. The first key of a burst runs at once.
    waiting.current = setTimeout(resume, 40);
  };
  const resume = () => {
    if (!waiting.current) return;
    clearTimeout(waiting.current);
    waiting.current = null;
    setTimeout(pump, 0);
  };
  // Runs after every commit: the screen now reflects the last key, so the next one may go.
  useLayoutEffect(() => {
    if (waiting.current) resume();
  });
  useEffect(() => () => clearTimeout(waiting.current ?? undefined), []);

  useInput((input, key) => {
    // A text field has the keyboard: plain keys are its text and must never be queued, or they
    // would replay as commands once the field closes (a typed "n" cancelling the next dialog).
    if (!key.ctrl && (sinks.current.length > 0 || latest.current.capture)) {
      sinks.current.at(-1)?.current(input, key);
      return;
    }
    // A Ctrl chord reaches the field (Ctrl-U clears it) and still goes on to commands (Ctrl-C).
    if (key.ctrl) sinks.current.at(-1)?.current(input, key);
    const chars = [...input];
    if (chars.length <= 1 || key.ctrl || key.meta) {
      queue.current.push({ input, key });
    } else {
      // Ink passes several plain keystrokes read together as one string: split them.
      const chunk = ++chunks.current;
      const modalAtStart = isModal(latest.current.context);
      for (const ch of chars) {
        queue.current.push({
          input: ch === '\r' || ch === '\t' ? '' : ch,
          key: keystroke(key, ch),
          chunk,
          modalAtStart,
        });
      }
    }
    if (!pumping.current) {
      pumping.current = true;
      pump();
    }
  });

  return <CommandRegistryContext.Provider value={registry}>{children}</CommandRegistryContext.Provider>;
}
