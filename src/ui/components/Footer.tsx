import { Box } from 'ink';
import { useTheme } from '../theme/use-theme.js';
import { type Piece, Pieces } from './Segments.js';

interface Props {
  hints: readonly { id: string; key: string; label: string }[];
  width: number;
}

/** The keys that work right now, generated from the registry for the active scope. */
export function Footer({ hints, width }: Props) {
  const theme = useTheme();
  const pieces: Piece[] = hints.flatMap((h, i) => [
    ...(i > 0 ? [{ text: '  ' }] : []),
    // Without colour the key is shown inverse, so it still stands apart from its label.
    { text: h.key, bold: true, tone: 'accent' as const, inverse: !theme.color },
    { text: ` ${h.label}` },
  ]);
  return (
    <Box width={width} height={1} overflow="hidden">
      <Pieces pieces={pieces} width={width} />
    </Box>
  );
}
