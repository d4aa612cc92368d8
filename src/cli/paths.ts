import { homedir } from 'node:os';
import { join } from 'node:path';

/** XDG state dir for logs and the audit trail: $XDG_STATE_HOME/itops-tui or ~/.local/state/itops-tui. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'itops-tui');
}
