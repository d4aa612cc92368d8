import { Box } from 'ink';
import type { PanelsView } from '../../store/selectors.js';
import { EmptyState } from '../components/EmptyState.js';
import { PanelFrame } from '../components/PanelFrame.js';
import { Segments } from '../components/Segments.js';
import { WindowedTable } from '../components/WindowedTable.js';
import { useTheme } from '../theme/use-theme.js';
import { queueColumns, queueRow } from '../view/columns.js';
import { incidentSource } from '../view/freshness-text.js';
import { groupLines } from '../view/queue-groups-text.js';
import { mttaText, queueHeadline } from '../view/summaries.js';

interface Props {
  view: PanelsView['queue'];
  focused: boolean;
  width: number;
  height: number;
  /** Index of the selected row, -1 when the list is empty. */
  selected: number;
}

/**
 * Open incidents, with per-group ServiceNow figures above the table when there is room.
 * Rows from a stale source are marked; an empty queue says "all clear" only when every source is fresh.
 */
export function QueuePanel({ view, focused, width, height, selected }: Props) {
  const theme = useTheme();
  return (
    <PanelFrame
      number={1}
      title="Queue health"
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
                    row,
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
