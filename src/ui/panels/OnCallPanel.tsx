import { Box, Text } from 'ink';
import { useRef } from 'react';
import { keyOfRecord } from '../../domain/kinds.js';
import type { EscalationPolicy } from '../../domain/model.js';
import {
  deriveOnCallPanel,
  PANEL_NEEDS,
  type PanelsView,
  selectRecords,
  sourceOf,
} from '../../store/selectors.js';
import { EmptyState } from '../components/EmptyState.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { Segments } from '../components/Segments.js';
import { PolicyDetail } from '../kinds/PolicyDetail.js';
import { clean } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import { detailStaleNote, staleMark } from '../view/freshness-text.js';
import { windowStart } from '../view/layout.js';
import { oncallLines } from '../view/oncall-lines.js';
import { oncallHeadline } from '../view/summaries.js';
import { oncallTile } from '../view/wall-tiles.js';
import { definePanel, type PanelBodyProps, type PanelDetailProps } from './types.js';

type View = PanelsView['oncall'];

/** Shifts and policies of one source are one picture: stale if either stream is. */
const staleFrom = (view: View, instance: string | undefined) =>
  instance !== undefined &&
  (['oncall', 'policies'] as const).some((s) => sourceOf(view, instance, s)?.coverage === 'stale');

/**
 * Who is on call per policy and level; policies nobody covers come first, in red, with words.
 * A policy from a stale source is drawn dim and its header says so.
 */
function OnCallBody({ view, number, focused, width, height, selected }: PanelBodyProps<View>) {
  const theme = useTheme();
  const start = useRef(0);
  const lines = oncallLines(view, theme.glyph);
  return (
    <PanelFrame
      number={number}
      title={oncallPanel.title}
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

/** One escalation policy; stale when either of its source's streams is. */
function OnCallDetail({ view, detailKey, state, width, height, footer }: PanelDetailProps<View>) {
  const { glyph: g } = useTheme();
  const policyView = view.policies.find((p) => p.key === detailKey);
  const policy = selectRecords<EscalationPolicy>(state, 'policies').find((p) => keyOfRecord(p) === detailKey);
  const source = policyView?.source ?? policy?.source;
  const stale = source
    ? (['oncall', 'policies'] as const)
        .map((s) => sourceOf(view, source, s))
        .find((s) => s?.coverage === 'stale')
    : undefined;
  return (
    <PolicyDetail
      view={policyView}
      policy={policy}
      stale={detailStaleNote(stale, g)}
      width={width}
      height={height}
      footer={footer}
    />
  );
}

export const oncallPanel = definePanel<View>({
  id: 'oncall',
  title: 'On-call',
  streams: PANEL_NEEDS.oncall.streams,
  list: true,
  derive: deriveOnCallPanel,
  headline: (view, g) => oncallHeadline(view, g),
  wall: (view, g, now) => oncallTile(view, g, now),
  rows: (view) => view.policies.map((p) => ({ key: p.key })),
  Body: OnCallBody,
  Detail: OnCallDetail,
});
