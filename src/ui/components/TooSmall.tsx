import { Box, Text } from 'ink';
import { useTheme } from '../theme/use-theme.js';
import { MIN_COLS, MIN_ROWS } from '../view/layout.js';

interface Props {
  cols: number;
  rows: number;
  /** The layout's minimum; the cockpit's unless told (the wall needs more). */
  min?: { cols: number; rows: number };
  /** What is too big for the terminal: "the wall". */
  what?: string;
}

/** Shown instead of a garbled cockpit when the terminal is below the minimum size. */
export function TooSmall({ cols, rows, min = { cols: MIN_COLS, rows: MIN_ROWS }, what }: Props) {
  const theme = useTheme();
  const { times: x, dash } = theme.glyph;
  const say = theme.wrap(
    `Terminal too small${what ? ` for ${what}` : ''} (${cols}${x}${rows}) ${dash} need at least ${min.cols}${x}${min.rows}`,
    cols,
  );
  const hint = theme.wrap('Resize the window, or press q to quit.', cols);
  return (
    <Box width={cols} height={rows} flexDirection="column" overflow="hidden">
      {say.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one sentence
        <Text key={`s${i}`}>{line}</Text>
      ))}
      {hint.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one sentence
        <Text key={`h${i}`} dimColor={theme.dim}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
