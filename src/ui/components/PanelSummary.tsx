import { Box, Text } from 'ink';
import type { PanelSources } from '../../store/selectors.js';
import { useWallNow } from '../hooks/use-now.js';
import { useTheme } from '../theme/use-theme.js';
import { type Segment, sourceProblems } from '../view/summaries.js';
import { Segments } from './Segments.js';

interface Props {
  number: number;
  title: string;
  width: number;
  sources: PanelSources;
  headline: readonly Segment[];
}

/** An unfocused panel in the compact layout: number, title and headline on one row. */
export function PanelSummary({ number, title, width, sources, headline }: Props) {
  const theme = useTheme();
  const wall = useWallNow();
  const problems = sourceProblems(sources, wall, theme.glyph);
  const segments: Segment[] = !sources.configured
    ? [{ text: 'not configured', tone: 'muted' }]
    : sources.loading
      ? [{ text: `loading${theme.glyph.more}`, tone: 'info' }]
      : [...headline];
  if (problems.length > 0) segments.push({ text: `${theme.glyph.caution} ${problems[0]}`, tone: 'warn' });
  return (
    <Box width={width} height={1} overflow="hidden">
      <Box flexShrink={0}>
        <Text bold>{theme.fit(`  ${number} ${theme.fit(title, 20, { pad: 'left' })} `, width)}</Text>
      </Box>
      <Segments segments={segments} width={Math.max(0, width - 25)} />
    </Box>
  );
}
