import { Box, Text } from 'ink';
import type { PanelSources } from '../../store/selectors.js';
import { useKeyLabels } from '../hooks/use-key-labels.js';
import { useTheme } from '../theme/use-theme.js';
import { PROBLEM_TONE, problemShort, problemsOf, stateSegment } from '../view/freshness-text.js';
import type { Segment } from '../view/summaries.js';
import { Segments } from './Segments.js';

interface Props {
  number: number;
  title: string;
  width: number;
  sources: PanelSources;
  headline: readonly Segment[];
}

/**
 * An unfocused panel in the compact layout: number, title and headline on one row. The
 * freshness reading leads (a cut line must keep it), a paused source's fix comes next,
 * and with no data there is no headline at all: its zeros would read as an all-clear.
 */
export function PanelSummary({ number, title, width, sources, headline }: Props) {
  const theme = useTheme();
  const g = theme.glyph;
  const keys = useKeyLabels();
  const problems = problemsOf(sources, g);
  const shortOf = (kind: 'paused' | 'failing'): Segment[] =>
    problems
      .filter((p) => p.kind === kind)
      .slice(0, 1)
      .map((p) => ({
        text: `${kind === 'paused' ? g.error : g.caution} ${problemShort(p, keys.retry)}`,
        tone: PROBLEM_TONE[kind],
      }));
  const lead = stateSegment(sources, g, keys.retry);
  let segments: Segment[];
  if (sources.state === 'unconfigured') segments = [{ text: 'not configured', tone: 'muted' }];
  else if (sources.state === 'loading' || sources.state === 'no-data') segments = lead ? [lead] : [];
  else segments = [...(lead ? [lead] : []), ...shortOf('paused'), ...headline, ...shortOf('failing')];
  return (
    <Box width={width} height={1} overflow="hidden">
      <Box flexShrink={0}>
        <Text bold>{theme.fit(`  ${number} ${theme.fit(title, 20, { pad: 'left' })} `, width)}</Text>
      </Box>
      <Segments segments={segments} width={Math.max(0, width - 25)} />
    </Box>
  );
}
