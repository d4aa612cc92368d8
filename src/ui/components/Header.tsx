import { Box, Text } from 'ink';
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

/** Product, mode badges, the 1 Hz clock and one health badge per connector, on one line. */
export function Header({ version, width, demo, readOnly }: Props) {
  const state = useAppState();
  const now = useNow();
  const wall = useWallNow();
  const theme = useTheme();
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
        {/* Writes are refused while the audit trail cannot be written; the message log says why. */}
        {state.auditProblem && !(readOnly || state.readOnly) ? (
          <Text inverse color={theme.c('warn')}>
            {' NO AUDIT: WRITES OFF '}
          </Text>
        ) : null}
        {state.auditProblem && !(readOnly || state.readOnly) ? ' ' : ''}
        <Text bold>{clockTime(now)}</Text>{' '}
        {headerBadges(state, wall).map((b) => (
          <Text key={b.instance} color={tone[b.kind]}>{` ${glyph[b.kind]} ${clean(b.text)}`}</Text>
        ))}
      </Text>
    </Box>
  );
}
