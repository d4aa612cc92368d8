import { useApp } from 'ink';
import { type ReactNode, useEffect, useState } from 'react';
import { TerminalContext, type TerminalOwner } from './terminal-control.js';

interface Props {
  owner: TerminalOwner;
  children: ReactNode;
}

/**
 * Connects the terminal owner to Ink from inside the tree: Ink's `suspendTerminal` is only
 * reachable through `useApp()`, and a forced commit (a state tick here) is what makes Ink
 * paint again after `clear()`. Also offers the owner to the key commands.
 */
export function TerminalBridge({ owner, children }: Props) {
  const { suspendTerminal } = useApp();
  const [, setEpoch] = useState(0);
  useEffect(
    () => owner.attach({ suspendTerminal, repaint: () => setEpoch((n) => n + 1) }),
    [owner, suspendTerminal],
  );
  return <TerminalContext.Provider value={owner}>{children}</TerminalContext.Provider>;
}
