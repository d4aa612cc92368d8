import { Box } from 'ink';
import { subjectOf } from '../../domain/kinds.js';
import { memoOn } from '../../domain/memo.js';
import type { Incident } from '../../domain/model.js';
import { type QueueEntry, queueRowAt } from '../../domain/panels/queue-health.js';
import { deriveQueuePanel, PANEL_NEEDS, type PanelViews, selectRecords } from '../../store/selectors.js';
import { EmptyState } from '../components/EmptyState.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { Segments } from '../components/Segments.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useNow } from '../hooks/use-now.js';
import { useTimeline } from '../hooks/use-timeline.js';
import { IncidentDetail } from '../kinds/IncidentDetail.js';
import { useTheme } from '../theme/use-theme.js';
import { queueColumns, queueRow } from '../view/columns.js';
import { detailStaleNote, incidentSource } from '../view/freshness-text.js';
import { groupLines } from '../view/queue-groups-text.js';
import { recordByKey } from '../view/selection.js';
import { mttaText, queueHeadline } from '../view/summaries.js';
import { definePanel, type PanelBodyProps, type PanelDetailProps } from './types.js';

type View = PanelViews['queue'];

/**
 * Open incidents, with per-group figures above the table for ticket queues when there is room.
 * Rows from a stale source are marked; an empty queue says "all clear" only when every source is fresh.
 */
function QueueBody({ view, number, focused, width, height, selected }: PanelBodyProps<View>) {
  const theme = useTheme();
  const now = useNow();
  return (
    <PanelFrame
      number={number}
      title={queuePanel.title}
      focused={focused}
      width={width}
      height={height}
      sources={view}
      headline={queueHeadline(view, theme.glyph)}
      // MTTA over no data would be a made-up figure.
      aside={['fresh', 'partial', 'stale'].includes(view.state) ? mttaText(view, theme.glyph) : undefined}
    >
      {(size) => {
        const lines = groupLines(view.groups, size.rows, theme.glyph);
        return (
          <>
            {lines.length > 0 ? (
              <Box flexDirection="column" height={lines.length} flexShrink={0}>
                {lines.map((segments) => (
                  <Segments key={segments[0]?.text ?? ''} segments={segments} width={size.cols} />
                ))}
              </Box>
            ) : null}
            {view.rows.length === 0 ? (
              <EmptyState
                sources={view}
                claim="No open incidents"
                cols={size.cols}
                rows={size.rows - lines.length}
              />
            ) : (
              <WindowedTable
                items={view.rows}
                selected={focused ? selected : -1}
                rows={size.rows - lines.length}
                width={size.cols}
                columns={queueColumns(size.cols, view.rows)}
                toRow={(row, isSelected) =>
                  queueRow(
                    queueRowAt(row, now),
                    isSelected,
                    theme.glyph,
                    incidentSource(view, row.incident)?.coverage === 'stale',
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

/** Looked up in the raw stream: a resolved incident leaves the list but its detail stays readable. */
function incidentAt(state: PanelDetailProps<View>['state'], key: string): Incident | undefined {
  return recordByKey(selectRecords<Incident>(state, 'incidents'), key);
}

/** One list row per queue entry, kept per entries array: a key press or a tick builds nothing. */
const listOf = memoOn((rows: readonly QueueEntry[]) =>
  rows.map((r) => ({ key: r.key, subject: subjectOf(r.incident) })),
);

function QueueDetail({ view, detailKey, state, width, height, footer }: PanelDetailProps<View>) {
  const { glyph: g } = useTheme();
  const incident = incidentAt(state, detailKey);
  const stale = incident ? detailStaleNote(incidentSource(view, incident), g) : undefined;
  const timeline = useTimeline(incident);
  return (
    <IncidentDetail
      incident={incident}
      stale={stale}
      timeline={timeline}
      width={width}
      height={height}
      footer={footer}
    />
  );
}

export const queuePanel = definePanel<View>({
  id: 'queue',
  title: 'Queue health',
  streams: PANEL_NEEDS.queue.streams,
  rowKind: 'incident',
  list: true,
  derive: deriveQueuePanel,
  headline: (view, g) => queueHeadline(view, g),
  rows: (view) => listOf(view.rows),
  Body: QueueBody,
  Detail: QueueDetail,
  detailSubject: (key, state) => {
    const incident = incidentAt(state, key);
    return incident ? subjectOf(incident) : undefined;
  },
});
