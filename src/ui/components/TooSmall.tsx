import { Box, Text } from 'ink';
import { useTheme } from '../theme/use-theme.js';
import { MIN_COLS, MIN_ROWS } from '../view/layout.js';

interface Props {
  cols: number;
  rows: number;
}

/** Shown instead of a garbled cockpit when the terminal is below the minimum size. */
export function TooSmall({ cols, rows }: Props) {
  const { ascii, glyph } = useTheme();
  const x = ascii ? 'x' : '×';
  return (
    <Box width={cols} height={rows} flexDirection="column" overflow="hidden">
      <Text wrap="wrap">{`Terminal too small (${cols}${x}${rows}) ${glyph.dash} need at least ${MIN_COLS}${x}${MIN_ROWS}`}</Text>
      <Text wrap="wrap" dimColor>
        Resize the window, or press q to quit.
      </Text>
    </Box>
  );
}
