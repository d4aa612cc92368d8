import type { useInput } from 'ink';
import { createContext, useContext, useLayoutEffect, useRef } from 'react';
import type { KeyContext } from './availability.js';
import type { CommandId } from './commands.js';

/** Handlers must say whether they consumed the key, so a forgotten return cannot swallow Escape. */
export type CommandResult = 'handled' | 'pass';
export type CommandHandler = () => CommandResult;

/** A raw keystroke as Ink reports it. */
export type RawKey = Parameters<Parameters<typeof useInput>[0]>[1];
export type KeySink = (input: string, key: RawKey) => void;

export interface CommandRegistry {
  register(id: CommandId, handler: { current: CommandHandler }): () => void;
  /** A component that owns the keyboard while mounted; the newest one gets every plain key. */
  sink(handler: { current: KeySink }): () => void;
  /**
   * Run a command by id as its key would in `context` (the `:` command line): null when it
   * ran, else why not (refused here, or nothing handles it on this screen).
   */
  invoke(id: CommandId, context: KeyContext): string | null;
}

export const CommandRegistryContext = createContext<CommandRegistry | null>(null);

/**
 * Attach a handler to a registered command. Components never see raw keys: the
 * KeyProvider decides which command a key means in the current scope stack.
 */
export function useCommand(id: CommandId, handler: CommandHandler, opts: { active?: boolean } = {}): void {
  const registry = useContext(CommandRegistryContext);
  if (!registry) throw new Error(`useCommand('${id}') outside <KeyProvider>.`);
  const ref = useRef(handler);
  ref.current = handler;
  const active = opts.active ?? true;
  // A layout effect runs in the same commit that draws the component: a passive effect would
  // leave a gap, longer on a busy machine, in which a dialog is on screen but its `y` is not
  // yet registered, and a key typed in that gap would be dropped.
  useLayoutEffect(() => (active ? registry.register(id, ref) : undefined), [registry, id, active]);
}

/**
 * Own the keyboard while mounted (text entry, a pick-one list): every key that is not a Ctrl
 * chord comes here instead of becoming a command. Registered in a layout effect for the same
 * reason as `useCommand`: Ink's own `useInput` subscribes in a passive effect, and a key typed
 * right after the field appeared (type-ahead, a busy machine) reached nobody and was lost.
 */
export function useKeySink(handler: KeySink): void {
  const registry = useContext(CommandRegistryContext);
  if (!registry) throw new Error('useKeySink() outside <KeyProvider>.');
  const ref = useRef(handler);
  ref.current = handler;
  useLayoutEffect(() => registry.sink(ref), [registry]);
}

/** Run commands by id (the `:` command line). */
export function useInvoke(): CommandRegistry['invoke'] {
  const registry = useContext(CommandRegistryContext);
  if (!registry) throw new Error('useInvoke() outside <KeyProvider>.');
  return registry.invoke;
}
