import { Box, Text } from 'ink';
import { useState } from 'react';
import { useKeyLabels } from '../hooks/use-key-labels.js';
import { useRealNow } from '../hooks/use-now.js';
import { useAppState } from '../hooks/use-store.js';
import { useCommand } from '../keys/use-command.js';
import { useTheme } from '../theme/use-theme.js';
import { statusLines } from '../view/status-lines.js';

interface Props {
  width: number;
  height: number;
  /** Keys to name in the title line, from the live key map. */
  keys: { close: string; retry: string };
  onClose(): void;
  onRetry(): void;
  /** Open scrolled to the message log instead of the top. */
  at?: 'messages';
}

/**
 * Status and messages: where the full text of every error lives (banners are cut to fit),
 * with what to do, plus config warnings and past messages. Scrolls; retries from here.
 */
export function StatusView({ width, height, keys, onClose, onRetry, at }: Props) {
  const theme = useTheme();
  const real = useRealNow();
  const labels = useKeyLabels();
  const inner = Math.max(0, width - 2);
  const rows = Math.max(1, height - 3);
  const lines = statusLines(useAppState(), [], {
    width: inner,
    real: real,
    g: theme.glyph,
    retry: labels.retry,
    wrap: (text, width) => theme.wrap(text, width),
  });
  // Opened as the message log: start at its heading (the first render's lines decide it).
  const [top, setTop] = useState(() =>
    at === 'messages'
      ? Math.max(
          0,
          lines.findIndex((l) => l.id === 'h:messages'),
        )
      : 0,
  );
  const maxTop = Math.max(0, lines.length - rows);
  const from = Math.min(top, maxTop);
  const scroll = (by: number) => {
    setTop(Math.max(0, Math.min(maxTop, from + by)));
    return 'handled' as const;
  };
  useCommand('status.close', () => {
    onClose();
    return 'handled';
  });
  useCommand('status.retry', () => {
    onRetry();
    return 'handled';
  });
  useCommand('status.down', () => scroll(1));
  useCommand('status.up', () => scroll(-1));
  useCommand('status.pageDown', () => scroll(Math.max(1, rows - 1)));
  useCommand('status.pageUp', () => scroll(-Math.max(1, rows - 1)));
  const g = theme.glyph;
  const where =
    lines.length > rows
      ? ` ${g.dot} lines ${from + 1}-${Math.min(lines.length, from + rows)} of ${lines.length}`
      : '';
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle={theme.border(true)}
      borderColor={theme.c('accent')}
      overflow="hidden"
    >
      <Text bold wrap="truncate-end">
        {theme.fit(
          `Status ${g.dot} ${keys.close} closes ${g.dot} ${keys.retry} retries every source${where}`,
          inner,
        )}
      </Text>
      <Box flexDirection="column" height={rows} overflow="hidden">
        {lines.slice(from, from + rows).map((l) => (
          <Text
            key={l.id}
            wrap="truncate-end"
            bold={l.bold === true}
            color={l.tone ? theme.c(l.tone) : undefined}
          >
            {l.text === '' ? ' ' : theme.fit(l.text, inner)}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
