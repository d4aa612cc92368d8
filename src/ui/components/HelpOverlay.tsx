import { Box, Text } from 'ink';
import type { HelpGroup } from '../keys/availability.js';
import { useCommand } from '../keys/use-command.js';
import { displayWidth } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';

interface Props {
  groups: readonly HelpGroup[];
  width: number;
  height: number;
  onClose(): void;
}

interface Line {
  id: string;
  head?: string;
  keys?: string;
  title?: string;
}

/**
 * Keys that work where the user pressed `?`, from the registry: grouped by
 * category, flowed into as many columns as the height needs.
 */
export function HelpOverlay({ groups, width, height, onClose }: Props) {
  const theme = useTheme();
  useCommand('help.close', () => {
    onClose();
    return 'handled';
  });
  const lines: Line[] = groups.flatMap((g) => [
    { id: `h:${g.category}`, head: g.category },
    ...g.entries.map((e) => ({ id: e.id, keys: e.keys, title: e.title })),
  ]);
  const perColumn = Math.max(1, height - 3);
  const columns = Math.max(1, Math.ceil(lines.length / perColumn));
  const colWidth = Math.floor((width - 2) / columns);
  const keyWidth = Math.min(14, Math.max(...lines.map((l) => displayWidth(theme.fit(l.keys ?? '', 99))), 4));
  const chunks = Array.from({ length: columns }, (_, i) => lines.slice(i * perColumn, (i + 1) * perColumn));
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
        {theme.fit(`Keys ${theme.glyph.dot} Esc closes`, width - 2)}
      </Text>
      <Box flexDirection="row" height={perColumn} overflow="hidden">
        {chunks.map((chunk) => (
          <Box key={chunk[0]?.id ?? 'empty'} flexDirection="column" width={colWidth} overflow="hidden">
            {chunk.map((l) =>
              l.head ? (
                <Text key={l.id} bold underline color={theme.c('accent')}>
                  {theme.fit(l.head, colWidth)}
                </Text>
              ) : (
                <Text key={l.id} wrap="truncate-end">
                  <Text bold>
                    {theme.fit(` ${theme.fit(l.keys ?? '', keyWidth, { pad: 'left' })} `, colWidth)}
                  </Text>
                  {theme.fit(l.title ?? '', Math.max(0, colWidth - keyWidth - 2))}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
