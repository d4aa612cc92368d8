import { Box } from 'ink';
import { useKeyLabels } from '../hooks/use-key-labels.js';
import { useNow, useRealNow } from '../hooks/use-now.js';
import { useAppState } from '../hooks/use-store.js';
import { clean } from '../text/fit.js';
import { clockTime } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { headerBadges } from '../view/badges.js';
import { type Piece, Pieces } from './Segments.js';

interface Props {
  version: string;
  width: number;
  /** From the CLI flags; OR-ed with the store's own flags. */
  demo: boolean;
  readOnly: boolean;
}

/** Product, mode badges, the 1 Hz clock and one health badge per connector, on one line. */
export function Header({ version, width, demo, readOnly }: Props) {
  const state = useAppState();
  const now = useNow();
  const real = useRealNow();
  const theme = useTheme();
  const keys = useKeyLabels();
  const glyph = { ok: theme.glyph.ok, warn: theme.glyph.warn, error: theme.glyph.error } as const;
  const tone = { ok: 'ok', warn: 'warn', error: 'danger' } as const;
  const isReadOnly = readOnly || state.readOnly;
  const pieces: Piece[] = [
    { text: 'itops-tui', bold: true, tone: 'accent' },
    { text: ` ${version} `, dim: true },
  ];
  if (demo || state.demo) pieces.push({ text: ' DEMO ', inverse: true }, { text: ' ' });
  if (isReadOnly) pieces.push({ text: ' READ-ONLY ', inverse: true }, { text: ' ' });
  // Writes are refused while the audit trail cannot be written; the status view says why.
  if (state.auditProblem && !isReadOnly)
    pieces.push({ text: ' NO AUDIT: WRITES OFF ', inverse: true, tone: 'warn' }, { text: ' ' });
  pieces.push({ text: clockTime(now), bold: true }, { text: ' ' });
  for (const b of headerBadges(state, real, keys.retry, keys.status)) {
    pieces.push({ text: ` ${glyph[b.kind]} ${clean(b.text)}`, tone: tone[b.kind] });
  }
  return (
    <Box width={width} height={1} overflow="hidden">
      <Pieces pieces={pieces} width={width} />
    </Box>
  );
}
