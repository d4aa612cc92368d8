import type { PanelsView } from '../../store/selectors.js';
import { EmptyState } from '../components/EmptyState.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useTheme } from '../theme/use-theme.js';
import { slaColumns, slaRow } from '../view/columns.js';
import { slaItemSource } from '../view/freshness-text.js';
import { slaHeadline } from '../view/summaries.js';

interface Props {
  view: PanelsView['sla'];
  focused: boolean;
  width: number;
  height: number;
  selected: number;
}

/** Everything that can breach, breached first, then the next to breach. */
export function SlaPanel({ view, focused, width, height, selected }: Props) {
  const theme = useTheme();
  return (
    <PanelFrame
      number={4}
      title="SLA risk"
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
            columns={slaColumns(size.cols, view.items, theme.glyph)}
            toRow={(item, isSelected) =>
              slaRow(item, isSelected, theme.glyph, slaItemSource(view, item)?.coverage === 'stale')
            }
            empty=""
          />
        )
      }
    </PanelFrame>
  );
}
