import { Box, Text } from 'ink';
import { keyOfRecord, subjectOf } from '../../domain/kinds.js';
import { memoOn } from '../../domain/memo.js';
import { deriveCompliancePanel, PANEL_NEEDS, type PanelsView, sourceOf } from '../../store/selectors.js';
import { EmptyState } from '../components/EmptyState.js';
import { crumbRows, ListCrumb } from '../components/ListCrumb.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { Segments } from '../components/Segments.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useCorrelation } from '../hooks/use-correlation.js';
import { useNow } from '../hooks/use-now.js';
import { HostDetail } from '../kinds/HostDetail.js';
import { useTheme } from '../theme/use-theme.js';
import { withLook } from '../view/columns.js';
import {
  complianceTone,
  HOST_DIALECT,
  type HostListRow,
  hostColumns,
  hostRow,
  hostRows,
  percent,
  platformLine,
  ruleLine,
  shareBar,
  stalestLine,
} from '../view/compliance-text.js';
import { detailStaleNote } from '../view/freshness-text.js';
import { panelList } from '../view/list-query.js';
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
  list,
  marks,
  sort,
}: PanelBodyProps<View>) {
  const theme = useTheme();
  const g = theme.glyph;
  const now = useNow();
  const links = useCorrelation();
  const shown = panelList(compliancePanel, view, filter, sort?.id);
  const verdicts = versOf((list ?? shown.rows) as readonly HostListRow[]);
  const all = shown.query.flags.has('all');
  const anyMarked = marks !== undefined && marks.size > 0;
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
        const filterRow = crumbRows(shown, marks);
        const lines = summaryLines(view, size.rows - filterRow, size.cols, now, g);
        const listRows = size.rows - lines.length - filterRow;
        return (
          <>
            <Box flexDirection="column" height={lines.length} flexShrink={0}>
              {lines.map((segments) => (
                <Segments key={segments[0]?.text ?? ''} segments={segments} width={size.cols} />
              ))}
            </Box>
            <ListCrumb
              shown={shown}
              count={hostCount(verdicts.length, shown.query.flags)}
              marks={marks}
              width={size.cols}
            />
            {verdicts.length === 0 ? (
              <Text wrap="truncate-end">
                {theme.fit(
                  shown.query.text
                    ? `No ${all ? '' : 'non-compliant '}host matches "${shown.query.text}" (/ to change).`
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
                columns={withLook(hostColumns(size.cols), { marks: anyMarked }, g)}
                toRow={(v, isSelected) =>
                  hostRow(
                    v,
                    isSelected,
                    now,
                    g,
                    links.hasRelated(v.host),
                    anyMarked ? marks.has(keyOfRecord(v.host)) : undefined,
                  )
                }
                empty=""
              />
            )}
          </>
        );
      }}
    </PanelFrame>
  );
}

const versOf = memoOn((rows: readonly HostListRow[]) => rows.map((r) => r.verdict));
const hostCount = (n: number, flags: ReadonlySet<string>) =>
  `${n} host${n === 1 ? '' : 's'}${flags.has('all') || flags.has('is:all') ? '' : ' failing'}`;

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
  rows: (view, flags) => hostRows(view, flags?.has('all') === true || flags?.has('is:all') === true),
  filter: {
    label: 'Filter non-compliant hosts: platform:win rule:sensor tag:prod name (add "all" for every host)',
    placeholder: 'platform:windows rule:zta',
    dialect: HOST_DIALECT,
    count: hostCount,
  },
  Body: ComplianceBody,
  Detail: ComplianceDetail,
  detailSubject: (key, _state, view) => {
    const v = view.items.find((i) => keyOfRecord(i.host) === key);
    return v ? subjectOf(v.host) : undefined;
  },
  detailKeyFor: (record) => (record.kind === 'host' ? keyOfRecord(record) : undefined),
});
