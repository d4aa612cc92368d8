import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { PanelSources } from '../../store/selectors.js';
import { useWallNow } from '../hooks/use-now.js';
import { displayWidth } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import { loadingText, type Segment, sourceProblems, updatedAgo } from '../view/summaries.js';
import { Segments } from './Segments.js';

interface Props {
  number: number;
  title: string;
  focused: boolean;
  width: number;
  height: number;
  sources: PanelSources;
  headline: readonly Segment[];
  /** Short fact shown on the title row, before the data age (e.g. MTTA). */
  aside?: string;
  /** Body renderer, given the rows and columns left inside the frame. */
  children(size: { rows: number; cols: number }): ReactNode;
}

/**
 * Border, title, freshness and source health shared by every panel. Failing or
 * stale sources get a warning line while the last good data stays on screen.
 */
export function PanelFrame({
  number,
  title,
  focused,
  width,
  height,
  sources,
  headline,
  aside,
  children,
}: Props) {
  const theme = useTheme();
  const wall = useWallNow();
  const innerCols = Math.max(0, width - 2);
  const innerRows = Math.max(0, height - 2);
  const problems = sourceProblems(sources, wall, theme.glyph).slice(0, 2);
  const age = [aside, updatedAgo(sources, wall)].filter(Boolean).join(` ${theme.glyph.dot} `);
  const titleText = `${focused ? theme.glyph.pointer : ' '} ${number} ${title}`;
  let body: ReactNode;
  let used = 1;
  if (!sources.configured) {
    body = (
      <Box flexDirection="column">
        <Text wrap="truncate-end" dimColor>
          {theme.fit('Not configured.', innerCols)}
        </Text>
        {theme.wrap(sources.hint, innerCols, Math.max(1, innerRows - 2)).map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one hint
          <Text key={i}>{line}</Text>
        ))}
      </Box>
    );
  } else {
    used += 1 + problems.length + (sources.loading ? 1 : 0);
    body = (
      <>
        <Segments segments={headline} width={innerCols} />
        {sources.loading ? (
          <Text wrap="truncate-end" color={theme.c('info')}>
            {theme.fit(loadingText(sources, theme.glyph), innerCols)}
          </Text>
        ) : null}
        {problems.map((p) => (
          <Text key={p} wrap="truncate-end" color={theme.c('warn')}>
            {theme.fit(`${theme.glyph.caution} ${p}`, innerCols)}
          </Text>
        ))}
        {children({ rows: Math.max(0, innerRows - used), cols: innerCols })}
      </>
    );
  }
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle={theme.border(focused)}
      borderColor={focused ? theme.c('accent') : theme.c('muted')}
      overflow="hidden"
    >
      <Box width={innerCols} height={1} justifyContent="space-between">
        <Text wrap="truncate-end" bold={focused}>
          {theme.fit(titleText, innerCols)}
        </Text>
        {age &&
        innerCols >
          displayWidth(theme.fit(titleText, innerCols)) + displayWidth(theme.fit(age, innerCols)) + 1 ? (
          <Text dimColor>{theme.fit(age, innerCols)}</Text>
        ) : null}
      </Box>
      <Box flexDirection="column" width={innerCols} height={Math.max(0, innerRows - 1)} overflow="hidden">
        {body}
      </Box>
    </Box>
  );
}
