import { useContext } from 'react';
import { useCommand } from '../keys/use-command.js';
import { TerminalContext } from '../terminal-control.js';

/** Ctrl-Z (suspend to the shell) and Ctrl-L (repaint everything); inert outside a real run. */
export function useTerminalCommands(): void {
  const terminal = useContext(TerminalContext);
  useCommand('app.suspend', () => {
    if (!terminal) return 'pass';
    void terminal.suspend();
    return 'handled';
  });
  useCommand('app.redraw', () => {
    if (!terminal) return 'pass';
    terminal.redraw();
    return 'handled';
  });
}
