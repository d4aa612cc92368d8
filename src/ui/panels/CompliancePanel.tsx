import { Box, Text } from 'ink';
import { keyOfRecord, subjectOf } from '../../domain/kinds.js';
import { parseHostFilter } from '../../domain/panels/compliance.js';
import { deriveCompliancePanel, PANEL_NEEDS, type PanelsView, sourceOf } from '../../store/selectors.js';
import { EmptyState } from '../components/EmptyState.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { Segments } from '../components/Segments.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useCorrelation } from '../hooks/use-correlation.js';
import { useNow } from '../hooks/use-now.js';
import { HostDetail } from '../kinds/HostDetail.js';
import { useTheme } from '../theme/use-theme.js';
import {
  complianceTone,
  hostColumns,
  hostList,
  hostRow,
  percent,
  platformLine,
  ruleLine,
  shareBar,
  stalestLine,
} from '../view/compliance-text.js';
import { detailStaleNote } from '../view/freshness-text.js';
import { complianceHeadline, type Segment } from '../view/summaries.js';
import { complianceTile } from '../view/wall-tiles.js';
import { definePanel, type PanelBodyProps, type PanelDetailProps } from './types.js';

type View = PanelsView['compliance'];
const ID = 'compliance';

/** Rows the summary above the list may take: share bar, failing rules, platforms, stalest. */
function summaryLines(
  view: View,
  rows: number,
  cols: number,
  now: number,
  g: ReturnType<typeof useTheme>['glyph'],
) {
  const barWidth = Math.max(5, Math.min(30, cols - 40));
  const tone = complianceTone(view.share);
  const share: Segment[] = [
    { text: `Compliant ${percent(view.share)}`, bold: true, ...(tone ? { tone } : {}) },
    { text: shareBar(view.share ?? 0, barWidth, g), ...(tone ? { tone } : {}) },
    { text: `${view.compliant}/${view.hosts} hosts` },
  ];
  const all = [share, ruleLine(view), platformLine(view), stalestLine(view, now)];
  // Keep at least 4 rows for the list (heading, two hosts, the where-am-I line).
  return all.slice(0, Math.max(1, Math.min(all.length, rows - 4)));
}

/**
 * Endpoint compliance: the fleet's compliant share, the rules most hosts fail, platforms, the
 * stalest hosts, then the non-compliant hosts (worst first), filtered with `/`.
 */
function ComplianceBody({
  view,
  number,
  focused,
  width,
  height,
  selected,
  filter = '',
}: PanelBodyProps<View>) {
  const theme = useTheme();
  const g = theme.glyph;
  const now = useNow();
  const links = useCorrelation();
  const { verdicts } = hostList(view, filter);
  const parsed = parseHostFilter(filter);
  return (
    <PanelFrame
      number={number}
      title={compliancePanel.title}
      focused={focused}
      width={width}
      height={height}
      sources={view}
      headline={complianceHeadline(view, g)}
    >
      {(size) => {
        if (view.hosts === 0) {
          return <EmptyState sources={view} claim="No hosts reported" cols={size.cols} rows={size.rows} />;
        }
        const input = 0;
        const filterRow = filter.trim() ? 1 : 0;
        const lines = summaryLines(view, size.rows - input - filterRow, size.cols, now, g);
        const listRows = size.rows - lines.length - input - filterRow;
        return (
          <>
            <Box flexDirection="column" height={lines.length} flexShrink={0}>
              {lines.map((segments) => (
                <Segments key={segments[0]?.text ?? ''} segments={segments} width={size.cols} />
              ))}
            </Box>
            {filterRow ? (
              <Text wrap="truncate-end" color={theme.c('accent')}>
                {theme.fit(
                  `Filter: ${filter.trim()} ${g.dot} ${verdicts.length} host${verdicts.length === 1 ? '' : 's'}${parsed.filter.all ? '' : ' failing'} ${g.dot} / to change`,
                  size.cols,
                )}
              </Text>
            ) : null}
            {verdicts.length === 0 ? (
              <Text wrap="truncate-end">
                {theme.fit(
                  filter.trim()
                    ? `No ${parsed.filter.all ? '' : 'non-compliant '}host matches "${filter.trim()}" (/ to change).`
                    : `${g.ok} Every host is compliant.`,
                  size.cols,
                )}
              </Text>
            ) : (
              <WindowedTable
                items={verdicts}
                selected={focused ? selected : -1}
                rows={listRows}
                width={size.cols}
                columns={hostColumns(size.cols)}
                toRow={(v, isSelected) => hostRow(v, isSelected, now, g, links.hasRelated(v.host))}
                empty=""
              />
            )}
          </>
        );
      }}
    </PanelFrame>
  );
}

function ComplianceDetail({ view, detailKey, width, height, footer }: PanelDetailProps<View>) {
  const { glyph: g } = useTheme();
  const verdict = view.items.find((v) => keyOfRecord(v.host) === detailKey);
  const stale = verdict ? detailStaleNote(sourceOf(view, verdict.host.source, 'hosts'), g) : undefined;
  return <HostDetail verdict={verdict} stale={stale} width={width} height={height} footer={footer} />;
}

export const compliancePanel = definePanel<View>({
  id: ID,
  title: 'Endpoint compliance',
  streams: PANEL_NEEDS.compliance.streams,
  rowKind: 'host',
  list: true,
  derive: deriveCompliancePanel,
  headline: (view, g) => complianceHeadline(view, g),
  wall: (view, g, now) => complianceTile(view, g, now),
  rows: (view, filter = '') => hostList(view, filter).rows,
  filter: {
    command: 'hosts.filter',
    label: 'Filter non-compliant hosts: platform:win rule:sensor tag:prod name (add "all" for every host)',
    placeholder: 'platform:windows rule:zta',
    problem: (text) => parseHostFilter(text).problem ?? null,
  },
  Body: ComplianceBody,
  Detail: ComplianceDetail,
  detailSubject: (key, _state, view) => {
    const v = view.items.find((i) => keyOfRecord(i.host) === key);
    return v ? subjectOf(v.host) : undefined;
  },
  detailKeyFor: (record) => (record.kind === 'host' ? keyOfRecord(record) : undefined),
});
