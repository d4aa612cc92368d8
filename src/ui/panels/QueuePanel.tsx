import { Box } from 'ink';
import { keyOfRecord, subjectOf } from '../../domain/kinds.js';
import { memoOn } from '../../domain/memo.js';
import type { Incident } from '../../domain/model.js';
import { type QueueEntry, queueRowAt } from '../../domain/panels/queue-health.js';
import type { SlaEntry } from '../../domain/panels/sla-risk.js';
import {
  deriveQueuePanel,
  deriveSlaPanel,
  PANEL_NEEDS,
  type PanelViews,
  selectRecords,
} from '../../store/selectors.js';
import { EmptyState } from '../components/EmptyState.js';
import { crumbRows, ListCrumb } from '../components/ListCrumb.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { Segments } from '../components/Segments.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useCorrelation } from '../hooks/use-correlation.js';
import { useNow } from '../hooks/use-now.js';
import { useTimeline } from '../hooks/use-timeline.js';
import { IncidentDetail } from '../kinds/IncidentDetail.js';
import { useTheme } from '../theme/use-theme.js';
import { queueColumns, queueRow, withLook } from '../view/columns.js';
import { detailStaleNote, incidentSource } from '../view/freshness-text.js';
import { byNumber, byText, fieldText, type ListSort, panelList } from '../view/list-query.js';
import { groupLines } from '../view/queue-groups-text.js';
import { recordByKey } from '../view/selection.js';
import { mttaText, queueHeadline } from '../view/summaries.js';
import { queueTile } from '../view/wall-tiles.js';
import { definePanel, type ListRow, type PanelBodyProps, type PanelDetailProps } from './types.js';

/** The queue's model, with when each incident's earliest running SLA clock breaches (for the sort). */
type View = PanelViews['queue'] & { slaDue?: ReadonlyMap<string, number> };

/** A queue row of the list: the entry it draws. */
type QueueListRow = ListRow & { entry: QueueEntry };

/**
 * Open incidents, with per-group figures above the table for ticket queues when there is room.
 * Rows from a stale source are marked; an empty queue says "all clear" only when every source is fresh.
 */
function QueueBody({
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
  const now = useNow();
  const links = useCorrelation();
  const shown = panelList(queuePanel, view, filter, sort?.id);
  const items = entriesOf((list ?? shown.rows) as readonly QueueListRow[]);
  const crumb = crumbRows(shown, marks, QUEUE_SORTS[0]!.id);
  const anyMarked = marks !== undefined && marks.size > 0;
  const bySla = sort?.id === 'sla';
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
        const lines = groupLines(view.groups, size.rows - crumb, theme.glyph);
        return (
          <>
            <ListCrumb
              shown={shown}
              count={`${items.length} of ${view.rows.length} incidents`}
              marks={marks}
              defaultSort={QUEUE_SORTS[0]!.id}
              width={size.cols}
            />
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
                rows={size.rows - lines.length - crumb}
              />
            ) : (
              <WindowedTable
                items={items}
                selected={focused ? selected : -1}
                rows={size.rows - lines.length - crumb}
                width={size.cols}
                columns={withLook(
                  bySla
                    ? queueColumns(size.cols, items).map((c) =>
                        c.key === 'age' ? { ...c, title: 'SLA' } : c,
                      )
                    : queueColumns(size.cols, items),
                  { marks: anyMarked, ...(sort?.column ? { sortedBy: sort.column } : {}) },
                  theme.glyph,
                )}
                toRow={(row, isSelected) => {
                  const due = bySla ? view.slaDue?.get(row.key) : undefined;
                  return queueRow(
                    queueRowAt(row, now),
                    isSelected,
                    theme.glyph,
                    incidentSource(view, row.incident)?.coverage === 'stale',
                    {
                      ...(anyMarked ? { marked: marks.has(row.key) } : {}),
                      ...(bySla ? { slaLeftMs: due === undefined ? null : due - now } : {}),
                      linked: links.hasRelated(row.incident),
                    },
                  );
                }}
                empty="No incident matches the filter."
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

/**
 * Where an incident sorts by priority: P1, P2, then an unprioritised high-urgency incident (it
 * pages someone now), P3–P5, then unprioritised low urgency; high urgency first within a rank.
 */
export function priorityRank(i: Pick<Incident, 'priority' | 'urgency'>): number {
  const rank = i.priority ? Number(i.priority.slice(1)) : i.urgency === 'high' ? 2.5 : 6;
  return rank * 10 + (i.urgency === 'high' ? 0 : 1);
}

/** What the filter looks in and what the sorts compare, made once per incident record. */
const rowOf = memoOn((entry: QueueEntry): Omit<QueueListRow, 'order'> => {
  const i = entry.incident;
  const status = i.onHold ? 'hold on-hold' : i.status === 'triggered' ? 'triggered trig' : 'acknowledged ack';
  return {
    key: entry.key,
    entry,
    subject: subjectOf(i),
    fields: {
      title: fieldText(i.title),
      key: fieldText(i.key),
      service: fieldText(i.service),
      assignee: fieldText(i.assignees),
      group: fieldText(i.group),
      priority: fieldText([i.priority ?? 'none', i.priorityLabel ?? '']),
      urgency: fieldText(i.urgency),
      status: `${status} ${fieldText(i.vendorStatus) ?? ''}`,
    },
  };
});

/** One list row per queue entry, kept per entries array and SLA map: a key press or a tick builds nothing. */
const rowsBySla = memoOn((rows: readonly QueueEntry[]) =>
  memoOn((due: ReadonlyMap<string, number>): QueueListRow[] =>
    rows.map((r) => {
      const row = rowOf(r);
      return {
        ...row,
        order: {
          age: r.openedMs,
          priority: priorityRank(r.incident),
          sla: due.get(r.key),
          service: row.fields?.service,
        },
      };
    }),
  ),
);
/** No SLA clock known (a view made without the SLA map, as `snapshot` and tests make it). */
const NO_DUE: ReadonlyMap<string, number> = new Map();
const listOf = (view: View): readonly QueueListRow[] => rowsBySla(view.rows)(view.slaDue ?? NO_DUE);
const entriesOf = memoOn((rows: readonly QueueListRow[]) => rows.map((r) => r.entry));

const num = (id: string) => (a: ListRow, b: ListRow) =>
  byNumber(a.order?.[id] as number | undefined, b.order?.[id] as number | undefined);
/** The queue's orders: its own first (triggered, then priority and urgency, then oldest). */
export const QUEUE_SORTS: readonly ListSort[] = [
  { id: 'queue', label: 'triggered first, then priority' },
  { id: 'sla', label: 'SLA remaining', column: 'age', compare: num('sla') },
  {
    id: 'priority',
    label: 'priority, then urgency',
    column: 'priority',
    compare: (a, b) => num('priority')(a, b) || num('age')(a, b),
  },
  { id: 'age', label: 'age, oldest first', column: 'age', compare: num('age') },
  {
    id: 'service',
    label: 'service',
    column: 'service',
    compare: (a, b) =>
      byText(a.order?.service as string | undefined, b.order?.service as string | undefined) ||
      num('priority')(a, b),
  },
];

/** When each incident's earliest running SLA clock breaches, by record key; kept per SLA entries. */
const dueOf = memoOn((entries: readonly SlaEntry[]) => {
  const due = new Map<string, number>();
  for (const e of entries) {
    if (!e.incident || e.paused) continue;
    const key = keyOfRecord(e.incident);
    const known = due.get(key);
    if (known === undefined || e.targetAt < known) due.set(key, e.targetAt);
  }
  return due as ReadonlyMap<string, number>;
});

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
  derive: (state, clocks) => {
    const sla = deriveSlaPanel(state, clocks);
    return { ...deriveQueuePanel(state, clocks), slaDue: dueOf(sla.entries ?? sla.items) };
  },
  headline: (view, g) => queueHeadline(view, g),
  wall: (view, g, now) => queueTile(view, g, now),
  rows: (view) => listOf(view),
  filter: {
    label: 'Filter incidents: words, svc: p: status: group: @name @me, !word to exclude',
    placeholder: 'svc:payments status:trig',
    count: (n) => `${n} incident${n === 1 ? '' : 's'}`,
    sorts: QUEUE_SORTS,
  },
  Body: QueueBody,
  Detail: QueueDetail,
  detailSubject: (key, state) => {
    const incident = incidentAt(state, key);
    return incident ? subjectOf(incident) : undefined;
  },
  detailKeyFor: (record) => (record.kind === 'incident' ? keyOfRecord(record) : undefined),
});
