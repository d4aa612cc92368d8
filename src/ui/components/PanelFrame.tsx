import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { PanelSources } from '../../store/selectors.js';
import { useKeyLabels } from '../hooks/use-key-labels.js';
import { useRealNow } from '../hooks/use-now.js';
import { clean, displayWidth } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import {
  notAnsweringWords,
  panelReading,
  problemBlock,
  problemsOf,
  worstWaiting,
} from '../view/freshness-text.js';
import type { Segment } from '../view/summaries.js';
import { Segments } from './Segments.js';

interface Props {
  number: number;
  title: string;
  focused: boolean;
  width: number;
  height: number;
  sources: PanelSources;
  headline: readonly Segment[];
  /** Short fact shown on the title row, before the freshness reading (e.g. MTTA). */
  aside?: string;
  /** Body renderer, given the rows and columns left inside the frame. */
  children(size: { rows: number; cols: number }): ReactNode;
}

/**
 * Border, title, freshness and source health shared by every panel. The title carries the
 * panel's freshness reading; failing, stale or paused sources get problem lines (wrapped,
 * with what to do) while the last good data stays on screen. With no data at all the body
 * says so instead of showing counts of zero.
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
  const g = theme.glyph;
  const real = useRealNow();
  const keys = useKeyLabels();
  const innerCols = Math.max(0, width - 2);
  const innerRows = Math.max(0, height - 2);
  const bodyRows = Math.max(0, innerRows - 1);
  const reading = panelReading(sources, real, g);
  const titleText = `${focused ? g.pointer : ' '} ${number} ${title}`;
  // The reading outranks the aside: when both do not fit, the aside goes, then the reading is cut.
  const room = innerCols - displayWidth(titleText) - 1;
  const sep = ` ${g.dot} `;
  const both = aside && reading && displayWidth(aside) + sep.length + displayWidth(reading.text) <= room;
  const asideShown = aside && (!reading || both) && displayWidth(aside) <= room ? aside : undefined;
  const readingText = reading
    ? theme.fit(reading.text, room - (asideShown ? displayWidth(asideShown) + sep.length : 0))
    : '';
  const showRight = room > 0 && (asideShown !== undefined || readingText !== '');
  const problems = problemsOf(sources, g);
  const block = (budget: number) =>
    problemBlock(problems, innerCols, budget, {
      retry: keys.retry,
      statusKey: keys.status,
      real,
      g,
      streams: sources.sources.length > 1,
      wrap: (text, w) => theme.wrap(text, w),
    }).map((l) => (
      <Text key={l.id} color={theme.c(l.tone)}>
        {l.text}
      </Text>
    ));
  let body: ReactNode;
  if (sources.state === 'unconfigured') {
    body = (
      <Box flexDirection="column">
        <Text wrap="truncate-end" dimColor={theme.dim}>
          {theme.fit('Not configured.', innerCols)}
        </Text>
        {theme.wrap(sources.hint, innerCols, Math.max(1, innerRows - 2)).map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one hint
          <Text key={i}>{line}</Text>
        ))}
      </Box>
    );
  } else if (sources.state === 'loading' || sources.state === 'no-data') {
    // No data yet: no headline (its zeros would read as an all-clear), just where it comes from.
    const names = [...new Set(sources.sources.map((s) => clean(s.instance)))].join(', ');
    // After a few seconds "loading" is not the truth any more: say who is silent, and for how long.
    const silent = [
      ...new Set(sources.sources.filter((s) => s.notAnsweringMs !== null).map((s) => clean(s.instance))),
    ];
    const waiting = worstWaiting(sources.sources);
    const lead =
      sources.state === 'no-data'
        ? `${g.error} No data from ${names}: this is not an all-clear.`
        : waiting !== null
          ? `${silent.join(', ')} ${notAnsweringWords(waiting)}. Nothing is known yet.`
          : `Loading from ${names}${g.ellipsis} Nothing is known yet.`;
    const leadLines = theme.wrap(lead, innerCols);
    body = (
      <>
        {leadLines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one sentence, in order
          <Text key={i} bold color={theme.c(sources.state === 'loading' ? 'info' : 'danger')}>
            {l}
          </Text>
        ))}
        {block(Math.max(0, bodyRows - leadLines.length))}
      </>
    );
  } else {
    const lines = block(Math.max(1, Math.min(6, Math.floor(innerRows / 3))));
    body = (
      <>
        <Segments segments={headline} width={innerCols} />
        {lines}
        {children({ rows: Math.max(0, bodyRows - 1 - lines.length), cols: innerCols })}
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
        {showRight ? (
          <Text>
            {asideShown ? (
              <Text dimColor={theme.dim}>{theme.fit(`${asideShown}${readingText ? sep : ''}`, room)}</Text>
            ) : null}
            {reading && readingText ? (
              <Text
                dimColor={theme.dim && !reading.tone}
                color={reading.tone ? theme.c(reading.tone) : undefined}
              >
                {readingText}
              </Text>
            ) : null}
          </Text>
        ) : null}
      </Box>
      <Box flexDirection="column" width={innerCols} height={bodyRows} overflow="hidden">
        {body}
      </Box>
    </Box>
  );
}
