import { Box } from 'ink';
import type { ReactNode } from 'react';
import { PanelSummary } from '../components/PanelSummary.js';
import { RelatedList, relatedRows } from '../components/RelatedList.js';
import { RenderBoundary } from '../components/RenderBoundary.js';
import { useCockpit } from '../hooks/use-cockpit.js';
import { useRelated } from '../hooks/use-related.js';
import { RecordDetail } from '../kinds/RecordDetail.js';
import type { PanelModule } from '../panels/types.js';
import { useTheme } from '../theme/use-theme.js';
import { marksOf, RECORD_DETAIL, relatedCursor } from '../view/ui-state.js';

interface Props {
  width: number;
  height: number;
  detailFooter?: ReactNode;
}

/** An unfocused panel's one-line summary; its headline is derived inside the boundary. */
function Summary({ panel, number, width }: { panel: PanelModule; number: number; width: number }) {
  const theme = useTheme();
  const { views } = useCockpit();
  const view = views[panel.id]!;
  return (
    <PanelSummary
      number={number}
      title={panel.title}
      width={width}
      sources={view}
      headline={panel.headline(view, theme.glyph)}
    />
  );
}

/** The open detail, drawn by the panel it was opened from. */
function Detail({ width, height, footer }: { width: number; height: number; footer?: ReactNode }) {
  const m = useCockpit();
  const open = m.ui.detail!;
  const panel = m.panels.find((p) => p.id === open.panel);
  const related = useRelated();
  const listRows = relatedRows(related.length, height);
  if (open.panel === RECORD_DETAIL) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <RecordDetail record={m.subject?.record} width={width} height={height - listRows} footer={footer} />
        <RelatedList items={related} cursor={m.ui.related} width={width} height={listRows} />
      </Box>
    );
  }
  if (!panel?.Detail) return null;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <panel.Detail
        view={m.views[panel.id]!}
        detailKey={open.key}
        state={m.state}
        width={width}
        height={height - listRows}
        footer={footer}
      />
      <RelatedList items={related} cursor={relatedCursor(m.ui, related)} width={width} height={listRows} />
    </Box>
  );
}

/** Below this the focused panel cannot show a table, so the summaries give way. */
const MIN_FOCUSED = 6;

/**
 * The panels: a grid of two columns when there is room, else the focused panel large and the
 * others as one-liners. Numbers (and focus keys) are positions in the layout's panel list.
 */
export function PanelArea({ width, height, detailFooter }: Props) {
  const m = useCockpit();
  const { ui, panels } = m;
  if (height <= 0) return null;
  // Each part of the screen fails alone: one record that cannot be drawn costs its panel, not
  // the cockpit. The 1 Hz clock is the retry key, so a panel comes back once its data does.
  if (ui.detail) {
    return (
      <RenderBoundary label="The detail view" width={width} height={height} retryKey={m.realNow}>
        <Detail width={width} height={height} footer={detailFooter} />
      </RenderBoundary>
    );
  }
  const panel = (p: PanelModule, w: number, h: number) => (
    <RenderBoundary key={p.id} label={p.title} width={w} height={h} retryKey={m.realNow}>
      <p.Body
        view={m.views[p.id]!}
        number={panels.indexOf(p) + 1}
        focused={p.id === ui.focus}
        width={w}
        height={h}
        selected={p.id === ui.focus ? m.selected : -1}
        filter={ui.filters[p.id] ?? ''}
        {...(m.lists[p.id] ? { list: m.lists[p.id]!.rows } : {})}
        marks={marksOf(ui, p.id)}
        {...(m.lists[p.id]?.sort ? { sort: m.lists[p.id]!.sort! } : {})}
      />
    </RenderBoundary>
  );
  if (m.mode === 'grid') {
    // Two per row; an odd last one takes the whole row.
    const pairs: PanelModule[][] = [];
    for (let i = 0; i < panels.length; i += 2) pairs.push(panels.slice(i, i + 2));
    const rowHeight = Math.floor(height / Math.max(1, pairs.length));
    const left = Math.floor(width / 2);
    return (
      <Box flexDirection="column" width={width} height={height}>
        {pairs.map((pair, i) => {
          const h = i === pairs.length - 1 ? height - rowHeight * (pairs.length - 1) : rowHeight;
          return (
            <Box key={pair.map((p) => p.id).join('+')} height={h}>
              {pair.length === 2
                ? [panel(pair[0]!, left, h), panel(pair[1]!, width - left, h)]
                : panel(pair[0]!, width, h)}
            </Box>
          );
        })}
      </Box>
    );
  }
  const focused = m.focused ?? panels[0];
  const big = height - (panels.length - 1);
  if (!focused) return null;
  if (big < MIN_FOCUSED) {
    return (
      <Box width={width} height={height}>
        {panel(focused, width, height)}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {panels.map((p, i) =>
        p === focused ? (
          panel(p, width, big)
        ) : (
          <RenderBoundary key={p.id} label={p.title} width={width} height={1} retryKey={m.realNow}>
            <Summary panel={p} number={i + 1} width={width} />
          </RenderBoundary>
        ),
      )}
    </Box>
  );
}
