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
import { useNow } from '../hooks/use-now.js';
import { IncidentDetail } from '../kinds/IncidentDetail.js';
import { SlaDetail } from '../kinds/SlaDetail.js';
import { clean } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import { slaColumns, slaRow, withLook } from '../view/columns.js';
import { detailStaleNote, incidentSource, slaItemSource } from '../view/freshness-text.js';
import { byNumber, byText, fieldText, type ListSort, panelList } from '../view/list-query.js';
import { indexOfKey, recordByKey } from '../view/selection.js';
import { slaHeadline } from '../view/summaries.js';
import { priorityRank } from './QueuePanel.js';
import { definePanel, type ListRow, type PanelBodyProps, type PanelDetailProps } from './types.js';

type View = PanelViews['sla'];

/** Vendor SLA rows are keyed `source:sla:id`; config-target rows `source:id:clock`. */
export function isSlaKey(key: string): boolean {
  return key.split(':')[1] === 'sla';
}

/** Everything that can breach, breached first, then the next to breach. */
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
  const now = useNow();
  const shown = panelList(slaPanel, view, filter, sort?.id);
  const items = itemsOf((list ?? shown.rows) as readonly SlaListRow[]);
  const crumb = crumbRows(shown, marks, SLA_SORTS[0]!.id);
  const anyMarked = marks !== undefined && marks.size > 0;
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
      {(size) =>
        view.items.length === 0 ? (
          <EmptyState sources={view} claim="Nothing at risk" cols={size.cols} rows={size.rows} />
        ) : (
          <>
            <ListCrumb
              shown={shown}
              count={`${items.length} of ${view.items.length} clocks`}
              marks={marks}
              defaultSort={SLA_SORTS[0]!.id}
              width={size.cols}
            />
            <WindowedTable
              items={items}
              selected={focused ? selected : -1}
              rows={size.rows - crumb}
              width={size.cols}
              columns={withLook(
                slaColumns(size.cols, view.entries ?? view.items, theme.glyph),
                { marks: anyMarked, ...(sort?.column ? { sortedBy: sort.column } : {}) },
                theme.glyph,
              )}
              toRow={(item, isSelected) =>
                slaRow(
                  slaAt(item, now),
                  isSelected,
                  theme.glyph,
                  slaItemSource(view, item)?.coverage === 'stale',
                  anyMarked ? marks.has(item.key) : undefined,
                )
              }
              empty="No SLA clock matches the filter."
            />
          </>
        )
      }
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
  return <IncidentDetail incident={incident} stale={stale} {...size} />;
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
});
