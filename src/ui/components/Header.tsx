import { Box, Text } from 'ink';
import { useKeyLabels } from '../hooks/use-key-labels.js';
import { useNow, useWallNow } from '../hooks/use-now.js';
import { useAppState } from '../hooks/use-store.js';
import { clean } from '../text/fit.js';
import { clockTime } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { headerBadges } from '../view/badges.js';

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
  const tone = { ok: theme.c('ok'), warn: theme.c('warn'), error: theme.c('danger') } as const;
  const glyph = { ok: theme.glyph.ok, warn: theme.glyph.warn, error: theme.glyph.error } as const;
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold color={theme.c('accent')}>
          itops-tui
        </Text>
        <Text dimColor>{` ${version} `}</Text>
        {demo || state.demo ? <Text inverse>{' DEMO '}</Text> : null}
        {demo || state.demo ? ' ' : ''}
        {readOnly || state.readOnly ? <Text inverse>{' READ-ONLY '}</Text> : null}
        {readOnly || state.readOnly ? ' ' : ''}
        <Text bold>{clockTime(now)}</Text>{' '}
        {headerBadges(state, wall, keys.retry, keys.status).map((b) => (
          <Text key={b.instance} color={tone[b.kind]}>{` ${glyph[b.kind]} ${clean(b.text)}`}</Text>
        ))}
      </Text>
    </Box>
  );
}
