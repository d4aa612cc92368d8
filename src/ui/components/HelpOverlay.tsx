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
  unavailable?: string;
}

/**
 * Keys of the focused panel and its rows, from the registry: grouped by category, flowed into
 * as many columns as the height needs. Keys that do nothing on the selected row are dimmed and
 * say why in words (another connector's action, read-only mode), so nothing hides.
 */
export function HelpOverlay({ groups, width, height, onClose }: Props) {
  const theme = useTheme();
  useCommand('help.close', () => {
    onClose();
    return 'handled';
  });
  const perColumn = Math.max(1, height - 3);
  const keyWidth = Math.min(
    14,
    Math.max(...groups.flatMap((g) => g.entries.map((e) => displayWidth(theme.fit(e.keys, 99)))), 4),
  );
  // A reason that does not fit beside its title goes on the line below, indented under the
  // title; the column count grows until every line has a place.
  const layout = (columns: number) => {
    const colWidth = Math.floor((width - 2) / columns);
    const room = Math.max(0, colWidth - keyWidth - 2);
    const lines: Line[] = groups.flatMap((g) => [
      { id: `h:${g.category}`, head: g.category },
      ...g.entries.flatMap((e): Line[] => {
        if (!e.unavailable) return [{ id: e.id, keys: e.keys, title: e.title }];
        const both = `${e.title} (${e.unavailable})`;
        if (displayWidth(theme.fit(both, 999)) <= room)
          return [{ id: e.id, keys: e.keys, title: both, unavailable: e.unavailable }];
        return [
          { id: e.id, keys: e.keys, title: e.title, unavailable: e.unavailable },
          { id: `${e.id}:why`, keys: '', title: `(${e.unavailable})`, unavailable: e.unavailable },
        ];
      }),
    ]);
    return { colWidth, lines };
  };
  let columns = 1;
  let { colWidth, lines } = layout(columns);
  while (lines.length > perColumn * columns && columns < 4) {
    columns++;
    ({ colWidth, lines } = layout(columns));
  }
  columns = Math.max(1, Math.ceil(lines.length / perColumn));
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
        {theme.fit(
          `Keys ${theme.glyph.dot} Esc closes ${theme.glyph.dot} (dim: not on the selected row, and why)`,
          width - 2,
        )}
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
                <Text key={l.id} wrap="truncate-end" dimColor={l.unavailable !== undefined && theme.dim}>
                  <Text bold={l.unavailable === undefined}>
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
