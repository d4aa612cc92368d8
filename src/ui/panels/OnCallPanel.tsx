import { Box, Text } from 'ink';
import { useRef } from 'react';
import { type PanelsView, sourceOf } from '../../store/selectors.js';
import { EmptyState } from '../components/EmptyState.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { Segments } from '../components/Segments.js';
import { clean } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import { staleMark } from '../view/freshness-text.js';
import { windowStart } from '../view/layout.js';
import { oncallLines } from '../view/oncall-lines.js';
import { oncallHeadline } from '../view/summaries.js';

interface Props {
  view: PanelsView['oncall'];
  focused: boolean;
  width: number;
  height: number;
  selected: number;
}

/** Shifts and policies of one source are one picture: stale if either stream is. */
const staleFrom = (view: PanelsView['oncall'], instance: string | undefined) =>
  instance !== undefined &&
  (['oncall', 'policies'] as const).some((s) => sourceOf(view, instance, s)?.coverage === 'stale');

/**
 * Who is on call per policy and level; policies nobody covers come first, in red, with words.
 * A policy from a stale source is drawn dim and its header says so.
 */
export function OnCallPanel({ view, focused, width, height, selected }: Props) {
  const theme = useTheme();
  const start = useRef(0);
  const lines = oncallLines(view, theme.glyph);
  return (
    <PanelFrame
      number={2}
      title="On-call"
      focused={focused}
      width={width}
      height={height}
      sources={view}
      headline={oncallHeadline(view, theme.glyph)}
    >
      {(size) => {
        // A filter entry that matches nothing hides a policy, or (all of them) empties the panel:
        // never let that read as "nobody to worry about".
        const filterWarning =
          view.unmatched.length > 0
            ? theme.wrap(
                `${theme.glyph.caution} panels.oncall.policies: ${view.unmatched.map(clean).join(', ')} ${view.unmatched.length === 1 ? 'matches' : 'match'} no escalation policy; check the names or ids.`,
                size.cols,
                2,
              )
            : [];
        const warn = filterWarning.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one warning, in order
          <Text key={`filter${i}`} color={theme.c('warn')}>
            {line}
          </Text>
        ));
        if (lines.length === 0 && warn.length > 0) return warn;
        if (lines.length === 0) {
          return (
            <EmptyState
              sources={view}
              claim="No escalation policies reported"
              cols={size.cols}
              rows={size.rows}
            />
          );
        }
        const head = lines.findIndex((l) => l.header && l.policy === selected);
        const last = lines.findLastIndex((l) => l.policy === selected);
        const rows = Math.max(0, size.rows - warn.length);
        let from = windowStart(start.current, Math.max(0, last), rows, lines.length);
        if (head >= 0 && head < from) from = head;
        start.current = from;
        const shown = lines.slice(from, from + rows).map((l) => {
          const isSel = focused && l.header && l.policy === selected;
          const stale = staleFrom(view, view.policies[l.policy]?.source);
          const segments = stale
            ? [
                ...(l.header ? [{ text: staleMark(theme.glyph), tone: 'warn' as const }] : []),
                ...l.segments.map((s) => ({ ...s, dim: true })),
              ]
            : l.segments;
          return (
            <Box key={l.id} width={size.cols} height={1}>
              <Text inverse={isSel}>{isSel ? theme.glyph.pointer : ' '}</Text>
              <Segments segments={segments} width={size.cols - 1} />
            </Box>
          );
        });
        return [...warn, ...shown];
      }}
    </PanelFrame>
  );
}
