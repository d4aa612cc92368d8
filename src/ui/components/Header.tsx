import { Box, Text } from 'ink';
import { useKeyLabels } from '../hooks/use-key-labels.js';
import { useNow, useWallNow } from '../hooks/use-now.js';
import { useAppState } from '../hooks/use-store.js';
import { clean, displayWidth } from '../text/fit.js';
import { clockTime } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { headerBadges } from '../view/badges.js';
import { clipSegments } from './Segments.js';

interface Props {
  version: string;
  width: number;
  /** From the CLI flags; OR-ed with the store's own flags. */
  demo: boolean;
  readOnly: boolean;
}

/**
 * Product, mode badges, the 1 Hz clock, one health badge per connector (freshness judged by
 * wall time, like every other freshness reading) and a count of config warnings, on one line.
 */
export function Header({ version, width, demo, readOnly }: Props) {
  const state = useAppState();
  const now = useNow();
  const wall = useWallNow();
  const theme = useTheme();
  const keys = useKeyLabels();
  const tone = { ok: 'ok', warn: 'warn', error: 'danger' } as const;
  const glyph = { ok: theme.glyph.ok, warn: theme.glyph.warn, error: theme.glyph.error } as const;
  const isDemo = demo || state.demo;
  const isReadOnly = readOnly || state.readOnly;
  const clock = clockTime(now);
  // What comes before the badges has a known width, so the badges are cut here with the
  // theme's ellipsis (ASCII-safe) instead of by Ink.
  const lead = `itops-tui ${version} ${isDemo ? ' DEMO  ' : ''}${isReadOnly ? ' READ-ONLY  ' : ''}${clock} `;
  const badges = headerBadges(state, wall, keys.retry, keys.status).map((b) => ({
    text: `${glyph[b.kind]} ${clean(b.text)}`,
    tone: tone[b.kind],
  }));
  const shown = clipSegments(badges, Math.max(0, width - displayWidth(lead) - 1), 1, theme.glyph.ellipsis);
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold color={theme.c('accent')}>
          itops-tui
        </Text>
        <Text dimColor>{` ${version} `}</Text>
        {isDemo ? <Text inverse>{' DEMO '}</Text> : null}
        {isDemo ? ' ' : ''}
        {isReadOnly ? <Text inverse>{' READ-ONLY '}</Text> : null}
        {isReadOnly ? ' ' : ''}
        {/* Writes are refused while the audit trail cannot be written; the status view says why. */}
        {state.auditProblem && !isReadOnly ? (
          <Text inverse color={theme.c('warn')}>
            {' NO AUDIT: WRITES OFF '}
          </Text>
        ) : null}
        {state.auditProblem && !isReadOnly ? ' ' : ''}
        <Text bold>{clock}</Text>{' '}
        {shown.map((b) => (
          <Text key={b.text} color={b.tone ? theme.c(b.tone) : undefined}>{` ${b.text}`}</Text>
        ))}
      </Text>
    </Box>
  );
}
