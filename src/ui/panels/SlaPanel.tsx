import { Box, Text } from 'ink';
import type { ComponentProps } from 'react';
import { keyOfRecord, subjectOf } from '../../domain/kinds.js';
import { memoOn } from '../../domain/memo.js';
import type { Incident, SlaClock } from '../../domain/model.js';
import { type SlaEntry, slaAt } from '../../domain/panels/sla-risk.js';
import { deriveSlaPanel, PANEL_NEEDS, type PanelViews, selectRecords } from '../../store/selectors.js';
import type { AppState } from '../../store/types.js';
import { EmptyState } from '../components/EmptyState.js';
import { crumbRows, ListCrumb } from '../components/ListCrumb.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useCorrelation } from '../hooks/use-correlation.js';
import { useNow } from '../hooks/use-now.js';
import { useTimeline } from '../hooks/use-timeline.js';
import { IncidentDetail } from '../kinds/IncidentDetail.js';
import { SlaDetail } from '../kinds/SlaDetail.js';
import { clean } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import { slaColumns, slaRow, withLook } from '../view/columns.js';
import { detailStaleNote, incidentSource, slaItemSource } from '../view/freshness-text.js';
import { byNumber, byText, fieldText, type ListSort, panelList } from '../view/list-query.js';
import { indexOfKey, recordByKey } from '../view/selection.js';
import { slaHeadline } from '../view/summaries.js';
import { slaTile } from '../view/wall-tiles.js';
import { priorityRank } from './QueuePanel.js';
import { definePanel, type ListRow, type PanelBodyProps, type PanelDetailProps } from './types.js';

type View = PanelViews['sla'];

/** Vendor SLA rows are keyed `source:sla:id`; config-target rows `source:id:clock`. */
export function isSlaKey(key: string): boolean {
  return key.split(':')[1] === 'sla';
}

/** Below this many rows the panel is one list; from it up, breached and the rest get a part each. */
export const SPLIT_MIN_ROWS = 8;

/**
 * Rows of the breached part when the list is split (`rows` is the whole body): what the other
 * part needs up to half the space is kept for it, the breached part gets the rest (at least
 * three rows: heading and two rows, or a row and the "more below" line).
 */
export function breachedPartRows(breached: number, rest: number, rows: number): number {
  const tables = rows - 2; // one caption line per part
  const below = Math.min(rest + 1, Math.ceil(tables / 2));
  return Math.min(breached + 1, Math.max(3, tables - below));
}

/**
 * Everything that can breach in one order by time to breach: breached first, then the next to
 * breach. Once some have breached, the list is drawn in two parts (each with its count and its
 * own window over the one order), so a long breached list cannot push the at-risk rows — the
 * ones that can still be saved — off the first screen.
 */
function SlaBody({
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
  const shown = panelList(slaPanel, view, filter, sort?.id);
  const items = itemsOf((list ?? shown.rows) as readonly SlaListRow[]);
  const crumb = crumbRows(shown, marks, SLA_SORTS[0]!.id);
  const anyMarked = marks !== undefined && marks.size > 0;
  const toRow = (item: SlaEntry, isSelected: boolean) =>
    slaRow(
      slaAt(item, now),
      isSelected,
      g,
      slaItemSource(view, item)?.coverage === 'stale',
      item.incident ? links.hasRelated(item.incident) : false,
      anyMarked ? marks.has(item.key) : undefined,
    );
  // The split (breached above, the rest below) follows the panel's own order; a filter that
  // drops rows or another sort shows one list under its breadcrumb.
  const ownOrder = items.length === view.items.length && (!sort || sort.id === SLA_SORTS[0]!.id);
  const body = (size: { cols: number; rows: number }) => {
    if (view.items.length === 0) {
      return <EmptyState sources={view} claim="Nothing at risk" cols={size.cols} rows={size.rows} />;
    }
    const columns = withLook(
      slaColumns(size.cols, view.entries ?? view.items, g),
      { marks: anyMarked, ...(sort?.column ? { sortedBy: sort.column } : {}) },
      g,
    );
    const pick = focused ? selected : -1;
    const b = ownOrder ? Math.min(view.breached, items.length) : 0;
    const rest = items.length - b;
    const rows = size.rows - crumb;
    const breadcrumb = (
      <ListCrumb
        shown={shown}
        count={`${items.length} of ${view.items.length} clocks`}
        marks={marks}
        defaultSort={SLA_SORTS[0]!.id}
        width={size.cols}
      />
    );
    if (b === 0 || rest === 0 || rows < SPLIT_MIN_ROWS) {
      return (
        <>
          {breadcrumb}
          <WindowedTable
            items={items}
            selected={pick}
            rows={rows}
            width={size.cols}
            columns={columns}
            toRow={toRow}
            empty="No SLA clock matches the filter."
          />
        </>
      );
    }
    const top = breachedPartRows(b, rest, rows);
    const bottom = rows - 2 - top;
    const paused = view.paused > 0 ? ` ${g.dot} ${view.paused} paused last` : '';
    return (
      <Box flexDirection="column">
        {breadcrumb}
        <Text color={theme.c('danger')} bold>
          {theme.fit(`${g.error} Breached (${b}), longest ago first`, size.cols)}
        </Text>
        <WindowedTable
          items={items.slice(0, b)}
          selected={pick >= 0 && pick < b ? pick : -1}
          rows={top}
          width={size.cols}
          columns={columns}
          toRow={toRow}
          empty=""
        />
        <Text color={view.atRisk > 0 ? theme.c('warn') : undefined} bold={view.atRisk > 0}>
          {theme.fit(
            `${g.warn} Not breached yet (${rest}), ${view.atRisk} at risk, soonest first${paused}`,
            size.cols,
          )}
        </Text>
        <WindowedTable
          items={items.slice(b)}
          selected={pick >= b ? pick - b : -1}
          rows={bottom}
          width={size.cols}
          columns={columns}
          toRow={toRow}
          empty=""
        />
      </Box>
    );
  };
  return (
    <PanelFrame
      number={number}
      title={slaPanel.title}
      focused={focused}
      width={width}
      height={height}
      sources={view}
      headline={slaHeadline(view, theme.glyph)}
    >
      {body}
    </PanelFrame>
  );
}

const incidentAt = (state: AppState, key: string) =>
  recordByKey(selectRecords<Incident>(state, 'incidents'), key);

/** The entry behind a row key, through the list's key index. */
const entryAt = (view: View, key: string): SlaEntry | undefined => view.items[indexOfKey(view.items, key)];

/** Why actions have nothing to act on: an SLA on a ticket outside the incidents feed (the queue filter). */
const orphan = (item: SlaEntry | undefined) =>
  item && !item.incident ? `${clean(item.taskKey)} is not in the incidents feed` : undefined;

/** A vendor SLA clock has facts of its own (stage, planned end); a config-target row opens its incident. */
function SlaPanelDetail({ view, detailKey, state, width, height, footer }: PanelDetailProps<View>) {
  const { glyph: g } = useTheme();
  const now = useNow();
  const size = { width, height, footer };
  if (isSlaKey(detailKey)) {
    const entry = entryAt(view, detailKey);
    const item = entry ? slaAt(entry, now) : undefined;
    const clock = recordByKey(selectRecords<SlaClock>(state, 'slas'), detailKey.replace(':sla:', ':'));
    const stale = item ? detailStaleNote(slaItemSource(view, item), g) : undefined;
    const vendor = item ? state.connectors[item.source]?.displayName : undefined;
    return <SlaDetail item={item} clock={clock} vendor={vendor} stale={stale} {...size} />;
  }
  const incident = incidentAt(state, detailKey);
  const stale = incident ? detailStaleNote(incidentSource(view, incident), g) : undefined;
  return <SlaIncidentDetail incident={incident} stale={stale} {...size} />;
}

/** An incident opened from SLA risk: the same detail as in the queue, its timeline included. */
function SlaIncidentDetail(props: Omit<ComponentProps<typeof IncidentDetail>, 'timeline'>) {
  const timeline = useTimeline(props.incident);
  return <IncidentDetail {...props} timeline={timeline} />;
}

type SlaListRow = ListRow & { entry: SlaEntry };

/** One list row per entry, made once per entry; the list once per order (it changes when a clock breaches). */
const rowOf = memoOn((i: SlaEntry): SlaListRow => {
  const reason = orphan(i);
  const incident = i.incident;
  return {
    key: i.key,
    entry: i,
    ...(incident ? { subject: subjectOf(incident) } : {}),
    // Incidents open by record key, so an incident's queue and SLA rows share a detail.
    ...(incident && i.clock !== 'sla' ? { detailKey: keyOfRecord(incident) } : {}),
    ...(reason ? { noSubject: reason } : {}),
    fields: {
      title: fieldText([i.title, i.name]),
      key: fieldText(i.taskKey),
      service: fieldText(incident?.service),
      assignee: fieldText(i.assignee ?? incident?.assignees),
      group: fieldText(i.group ?? incident?.group),
      priority: fieldText([incident?.priority ?? 'none', incident?.priorityLabel ?? '']),
      urgency: fieldText(incident?.urgency),
      status: `${i.paused ? 'paused ' : ''}${incident ? (incident.status === 'triggered' ? 'triggered trig' : 'acknowledged ack') : ''}`,
    },
    order: {
      age: incident ? Date.parse(incident.openedAt) : undefined,
      priority: incident ? priorityRank(incident) : undefined,
      service: fieldText(incident?.service),
      due: i.targetAt,
    },
  };
});
const listOf = memoOn((items: readonly SlaEntry[]) => items.map(rowOf));
const itemsOf = memoOn((rows: readonly SlaListRow[]) => rows.map((r) => r.entry));

const num = (id: string) => (a: ListRow, b: ListRow) =>
  byNumber(a.order?.[id] as number | undefined, b.order?.[id] as number | undefined);
/** Its own order is breached first, then the next to breach: SLA remaining already. */
const SLA_SORTS: readonly ListSort[] = [
  { id: 'sla', label: 'SLA remaining (breached first)' },
  {
    id: 'priority',
    label: 'priority, then urgency',
    compare: (a, b) => num('priority')(a, b) || num('due')(a, b),
  },
  { id: 'age', label: 'age, oldest first', compare: num('age') },
  {
    id: 'service',
    label: 'service',
    compare: (a, b) =>
      byText(a.order?.service as string | undefined, b.order?.service as string | undefined) ||
      num('due')(a, b),
  },
];

export const slaPanel = definePanel<View>({
  id: 'sla',
  title: 'SLA risk',
  streams: PANEL_NEEDS.sla.streams,
  rowKind: 'incident',
  list: true,
  // Countdowns reorder this list as time passes: the cursor stays with its clock.
  cursor: 'record',
  derive: deriveSlaPanel,
  headline: (view, g) => slaHeadline(view, g),
  wall: (view, g, now) => slaTile(view, g, now),
  rows: (view) => listOf(view.items),
  filter: {
    label: 'Filter SLA clocks: words, svc: p: status: group: @name, !word to exclude',
    placeholder: 'svc:payments p:1',
    count: (n) => `${n} clock${n === 1 ? '' : 's'}`,
    sorts: SLA_SORTS,
  },
  Body: SlaBody,
  Detail: SlaPanelDetail,
  detailSubject: (key, state, view) => {
    // A vendor SLA's detail is keyed by the SLA; its ticket, if in the feed, is what actions apply to.
    if (isSlaKey(key)) {
      const incident = entryAt(view, key)?.incident;
      return incident ? subjectOf(incident) : undefined;
    }
    const incident = incidentAt(state, key);
    return incident ? subjectOf(incident) : undefined;
  },
  detailNoSubject: (key, view) => (isSlaKey(key) ? orphan(entryAt(view, key)) : undefined),
  // A vendor SLA clock opens here; incidents open in the queue, which comes first.
  detailKeyFor: (record) => (record.kind === 'sla' ? `${record.source}:sla:${record.id}` : undefined),
});
