import type { ComponentProps } from 'react';
import { keyOfRecord, subjectOf } from '../../domain/kinds.js';
import { memoOn } from '../../domain/memo.js';
import type { Incident, SlaClock } from '../../domain/model.js';
import { type SlaEntry, slaAt } from '../../domain/panels/sla-risk.js';
import { deriveSlaPanel, PANEL_NEEDS, type PanelViews, selectRecords } from '../../store/selectors.js';
import type { AppState } from '../../store/types.js';
import { EmptyState } from '../components/EmptyState.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useNow } from '../hooks/use-now.js';
import { useTimeline } from '../hooks/use-timeline.js';
import { IncidentDetail } from '../kinds/IncidentDetail.js';
import { SlaDetail } from '../kinds/SlaDetail.js';
import { clean } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import { slaColumns, slaRow } from '../view/columns.js';
import { detailStaleNote, incidentSource, slaItemSource } from '../view/freshness-text.js';
import { indexOfKey, recordByKey } from '../view/selection.js';
import { slaHeadline } from '../view/summaries.js';
import { definePanel, type PanelBodyProps, type PanelDetailProps } from './types.js';

type View = PanelViews['sla'];

/** Vendor SLA rows are keyed `source:sla:id`; config-target rows `source:id:clock`. */
export function isSlaKey(key: string): boolean {
  return key.split(':')[1] === 'sla';
}

/** Everything that can breach, breached first, then the next to breach. */
function SlaBody({ view, number, focused, width, height, selected }: PanelBodyProps<View>) {
  const theme = useTheme();
  const now = useNow();
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
          <WindowedTable
            items={view.items}
            selected={focused ? selected : -1}
            rows={size.rows}
            width={size.cols}
            columns={slaColumns(size.cols, view.entries ?? view.items, theme.glyph)}
            toRow={(item, isSelected) =>
              slaRow(
                slaAt(item, now),
                isSelected,
                theme.glyph,
                slaItemSource(view, item)?.coverage === 'stale',
              )
            }
            empty=""
          />
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
  return <SlaIncidentDetail incident={incident} stale={stale} {...size} />;
}

/** An incident opened from SLA risk: the same detail as in the queue, its timeline included. */
function SlaIncidentDetail(props: Omit<ComponentProps<typeof IncidentDetail>, 'timeline'>) {
  const timeline = useTimeline(props.incident);
  return <IncidentDetail {...props} timeline={timeline} />;
}

/** One list row per entry, made once per entry; the list once per order (it changes when a clock breaches). */
const rowOf = memoOn((i: SlaEntry) => {
  const reason = orphan(i);
  return {
    key: i.key,
    ...(i.incident ? { subject: subjectOf(i.incident) } : {}),
    // Incidents open by record key, so an incident's queue and SLA rows share a detail.
    ...(i.incident && i.clock !== 'sla' ? { detailKey: keyOfRecord(i.incident) } : {}),
    ...(reason ? { noSubject: reason } : {}),
  };
});
const listOf = memoOn((items: readonly SlaEntry[]) => items.map(rowOf));

export const slaPanel = definePanel<View>({
  id: 'sla',
  title: 'SLA risk',
  streams: PANEL_NEEDS.sla.streams,
  rowKind: 'incident',
  list: true,
  derive: deriveSlaPanel,
  headline: (view, g) => slaHeadline(view, g),
  rows: (view) => listOf(view.items),
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
