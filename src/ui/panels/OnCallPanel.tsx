import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { PanelsView } from '../../store/selectors.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { Segments } from '../components/Segments.js';
import { useTheme } from '../theme/use-theme.js';
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

/** Who is on call per policy and level; policies nobody covers come first, in red, with words. */
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
        if (lines.length === 0)
          return <Text>{theme.fit('No escalation policies reported.', size.cols)}</Text>;
        const head = lines.findIndex((l) => l.header && l.policy === selected);
        const last = lines.findLastIndex((l) => l.policy === selected);
        let from = windowStart(start.current, Math.max(0, last), size.rows, lines.length);
        if (head >= 0 && head < from) from = head;
        start.current = from;
        return lines.slice(from, from + size.rows).map((l) => {
          const isSel = focused && l.header && l.policy === selected;
          return (
            <Box key={l.id} width={size.cols} height={1}>
              <Text inverse={isSel}>{isSel ? theme.glyph.pointer : ' '}</Text>
              <Segments segments={l.segments} width={size.cols - 1} />
            </Box>
          );
        });
      }}
    </PanelFrame>
  );
}
