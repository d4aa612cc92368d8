import { useContext } from 'react';
import { useCommand } from '../keys/use-command.js';
import { TerminalContext } from '../terminal-control.js';

/**
 * Ctrl-Z (suspend to the shell) and Ctrl-L (repaint everything); inert outside a real run.
 * `onRefused` shows why Ctrl-Z did nothing (no shell to return to).
 */
export function useTerminalCommands(onRefused: (text: string) => void): void {
  const terminal = useContext(TerminalContext);
  useCommand('app.suspend', () => {
    if (!terminal) return 'pass';
    void terminal.suspend().then((why) => {
      if (why) onRefused(why);
    });
    return 'handled';
  });
  useCommand('app.redraw', () => {
    if (!terminal) return 'pass';
    terminal.redraw();
    return 'handled';
  });
}
