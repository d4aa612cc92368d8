import { Text } from 'ink';
import { keyOfRecord, subjectOf } from '../../domain/kinds.js';
import { memoOn } from '../../domain/memo.js';
import type { Monitor } from '../../domain/model.js';
import { type MonitorCounts, monitorCounts } from '../../domain/panels/monitor-counts.js';
import { firingMonitors } from '../../domain/panels/monitor-list.js';
import {
  type Clocks,
  type PanelNeeds,
  type PanelSources,
  panelSources,
  selectRecords,
  sourceOf,
} from '../../store/selectors.js';
import type { AppState } from '../../store/types.js';
import { EmptyState } from '../components/EmptyState.js';
import { crumbRows, ListCrumb } from '../components/ListCrumb.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useCorrelation } from '../hooks/use-correlation.js';
import { MonitorDetail } from '../kinds/MonitorDetail.js';
import { clean } from '../text/fit.js';
import type { Glyphs } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';
import { detailStaleNote } from '../view/freshness-text.js';
import { fieldText, panelList } from '../view/list-query.js';
import { monitorColumns, monitorRow, monitorStateCell } from '../view/monitor-text.js';
import { monitorSegments, type Segment } from '../view/summaries.js';
import type { WallTile } from '../view/wall-tiles.js';
import { definePanel, type ListRow, type PanelBodyProps, type PanelDetailProps } from './types.js';

/** A monitor row of the list: the monitor it draws. */
type MonitorListRow = ListRow & { monitor: Monitor };

/** What the `/` filter looks in, made once per monitor record. */
const rowOf = memoOn(
  (m: Monitor): MonitorListRow => ({
    key: keyOfRecord(m),
    monitor: m,
    subject: subjectOf(m),
    fields: {
      title: fieldText(m.name),
      key: fieldText(m.monitorId),
      service: fieldText(m.service),
      host: fieldText(m.hosts),
      group: fieldText(m.groups.map((g) => g.name)),
      priority: fieldText(m.priority ?? 'none'),
      status: `${fieldText(m.state) ?? ''} ${fieldText(m.vendorState) ?? ''}${m.muted ? ' muted' : ''}`,
      tag: fieldText(m.tags),
    },
  }),
);
const listOf = memoOn((items: readonly Monitor[]) => items.map(rowOf));
const monitorsOf = memoOn((rows: readonly MonitorListRow[]) => rows.map((r) => r.monitor));

const ID = 'monitors';

const NEEDS: PanelNeeds = {
  streams: ['monitors'],
  hint: 'Add a monitoring connector (one with monitors) under `connectors:` to see firing monitors.',
};

export interface MonitorsView extends PanelSources {
  /** Firing monitors (alert, warn, no data; muted ones too), most urgent first. */
  items: Monitor[];
  counts: MonitorCounts;
}

function deriveMonitors(state: AppState, { real }: Clocks): MonitorsView {
  const all = selectRecords<Monitor>(state, 'monitors');
  const items = firingMonitors(all);
  const counts = monitorCounts(all);
  const sources = panelSources(state, NEEDS, real);
  // Muted alerts are known, not forgotten: all clear only when nothing fires at all.
  return { ...sources, allClear: sources.allClear && items.length === 0, items, counts };
}

function headline(view: MonitorsView, g: Glyphs): Segment[] {
  if (view.items.length === 0) return [{ text: `${g.ok} no monitor firing` }];
  return monitorSegments(view.counts, g);
}

/** Its wall tile: alerting monitors in large type, then the firing ones, most urgent first. */
function monitorsTile(view: MonitorsView, g: Glyphs): WallTile {
  const lines: Segment[][] = [headline(view, g)];
  for (const m of view.items.slice(0, 40)) {
    const state = monitorStateCell(m.state, g);
    lines.push([
      { text: state.text, ...(state.tone && !m.muted ? { tone: state.tone } : {}) },
      { text: ` ${m.priority ?? ''} ${clean(m.name)}${m.muted ? ` ${g.dot} muted` : ''}` },
    ]);
  }
  const alerting = view.counts.alert;
  return {
    figure: view.loading ? null : String(alerting),
    label: alerting === 1 ? 'monitor alerting' : 'monitors alerting',
    ...(alerting > 0 ? { tone: 'danger' as const } : { tone: 'ok' as const }),
    lines,
    weight: Math.min(12, alerting + view.counts.warn + view.counts.noData),
  };
}

const monitorSource = (view: MonitorsView, m: Monitor) => sourceOf(view, m.source, 'monitors');

/**
 * Firing monitors: state, priority, name, where it fires and until when it is muted; the related
 * marker when other sources have records of the same outage. `/` narrows by words.
 */
function MonitorsBody({
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
}: PanelBodyProps<MonitorsView>) {
  const theme = useTheme();
  const g = theme.glyph;
  const links = useCorrelation();
  const shown = panelList(monitorsPanel, view, filter, sort?.id);
  const monitors = monitorsOf((list ?? shown.rows) as readonly MonitorListRow[]);
  const text = shown.query.text;
  return (
    <PanelFrame
      number={number}
      title={monitorsPanel.title}
      focused={focused}
      width={width}
      height={height}
      sources={view}
      headline={headline(view, g)}
    >
      {(size) => {
        if (view.items.length === 0) {
          return <EmptyState sources={view} claim="No monitor firing" cols={size.cols} rows={size.rows} />;
        }
        const filterRow = crumbRows(shown, marks);
        return (
          <>
            <ListCrumb
              shown={shown}
              count={`${monitors.length} of ${view.items.length} monitor${view.items.length === 1 ? '' : 's'}`}
              marks={marks}
              width={size.cols}
            />
            {monitors.length === 0 ? (
              <Text wrap="truncate-end">
                {theme.fit(`No firing monitor matches "${text}" (/ to change).`, size.cols)}
              </Text>
            ) : (
              <WindowedTable
                items={monitors}
                selected={focused ? selected : -1}
                rows={size.rows - filterRow}
                width={size.cols}
                columns={monitorColumns(size.cols)}
                toRow={(m, isSelected) =>
                  monitorRow(
                    m,
                    isSelected,
                    g,
                    links.hasRelated(m),
                    monitorSource(view, m)?.coverage === 'stale',
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

/** Looked up in the raw stream: a monitor back to OK leaves the list but its detail stays readable. */
function monitorAt(state: AppState, key: string): Monitor | undefined {
  return selectRecords<Monitor>(state, 'monitors').find((m) => keyOfRecord(m) === key);
}

function MonitorsDetail({ view, detailKey, state, width, height, footer }: PanelDetailProps<MonitorsView>) {
  const { glyph: g } = useTheme();
  const monitor = monitorAt(state, detailKey);
  const stale = monitor ? detailStaleNote(monitorSource(view, monitor), g) : undefined;
  return <MonitorDetail monitor={monitor} stale={stale} width={width} height={height} footer={footer} />;
}

export const monitorsPanel = definePanel<MonitorsView>({
  id: ID,
  title: 'Monitors',
  streams: NEEDS.streams,
  rowKind: 'monitor',
  list: true,
  derive: deriveMonitors,
  headline,
  wall: (view, g) => monitorsTile(view, g),
  rows: (view) => listOf(view.items),
  filter: {
    label: 'Filter firing monitors: words (name, host, group, service), p:1, status:muted, tag:, !word',
    placeholder: 'db-07 p:1',
    dialect: { fields: { tag: 'tag', host: 'host' } },
    count: (n) => `${n} monitor${n === 1 ? '' : 's'}`,
  },
  Body: MonitorsBody,
  Detail: MonitorsDetail,
  detailSubject: (key, state) => {
    const m = monitorAt(state, key);
    return m ? subjectOf(m) : undefined;
  },
  detailKeyFor: (record) => (record.kind === 'monitor' ? keyOfRecord(record) : undefined),
});
