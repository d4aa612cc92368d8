import { Text, useWindowSize } from 'ink';
import type { ReactNode } from 'react';
import { useRealNow } from '../hooks/use-now.js';
import { KeyProvider } from '../keys/KeyProvider.js';
import type { Keymap } from '../keys/keymap.js';
import { useCommand } from '../keys/use-command.js';
import { useTheme } from '../theme/use-theme.js';
import { RenderBoundary } from './RenderBoundary.js';

/** Quit still works when nothing else does. */
function QuitKeys({ quit }: { quit(): void }) {
  const handler = () => {
    quit();
    return 'handled' as const;
  };
  useCommand('app.quit', handler);
  useCommand('app.forceQuit', handler);
  return null;
}

const ROOT_KEYS = { scopes: ['global'] as const, readOnly: true, actions: null };

/**
 * The last line of defence: an error no panel boundary caught (in the cockpit's own state or
 * key handling) fills the screen with what happened instead of ending the process, keeps
 * `q`/Ctrl-C working through a key provider of its own, and retries every second.
 */
export function SafeRoot({ keymap, quit, children }: { keymap: Keymap; quit(): void; children: ReactNode }) {
  const { columns, rows } = useWindowSize();
  const realNow = useRealNow();
  const theme = useTheme();
  return (
    <RenderBoundary
      label="The cockpit"
      width={columns}
      height={rows}
      retryKey={realNow}
      extra={
        <KeyProvider keymap={keymap} context={ROOT_KEYS} onRefused={() => {}}>
          <QuitKeys quit={quit} />
          <Text>{theme.fit('Press q to quit; the log file has the details.', columns - 2)}</Text>
        </KeyProvider>
      }
    >
      {children}
    </RenderBoundary>
  );
}
