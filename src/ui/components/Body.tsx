import { Box } from 'ink';
import type { ReactNode } from 'react';
import type { PanelId } from '../../store/selectors.js';
import type { CockpitModel } from '../hooks/use-cockpit-model.js';
import { DetailView } from '../panels/DetailView.js';
import { PanelView } from '../panels/PanelView.js';
import { useTheme } from '../theme/use-theme.js';
import { PANEL_ORDER, PANEL_TITLES } from '../view/layout.js';
import { headlineFor } from '../view/summaries.js';
import { PanelSummary } from './PanelSummary.js';
import { RenderBoundary } from './RenderBoundary.js';

interface Props {
  model: CockpitModel;
  width: number;
  height: number;
  detailFooter?: ReactNode;
}

/** An unfocused panel's one-line summary; its headline is derived inside the boundary. */
function Summary({
  id,
  number,
  model,
  width,
}: {
  id: PanelId;
  number: number;
  model: CockpitModel;
  width: number;
}) {
  const theme = useTheme();
  return (
    <PanelSummary
      number={number}
      title={PANEL_TITLES[id]}
      width={width}
      sources={model.view[id]}
      headline={headlineFor(id, model.view, theme.glyph)}
    />
  );
}

/** Below this the focused panel cannot show a table, so the summaries give way. */
const MIN_FOCUSED = 6;

/** The panels area: a 2×2 grid when there is room, else the focused panel large and the rest as one-liners. */
export function Body({ model, width, height, detailFooter }: Props) {
  const { ui, view } = model;
  if (height <= 0) return null;
  // Each part of the screen fails alone: one record that cannot be drawn costs its panel, not
  // the cockpit. The 1 Hz clock is the retry key, so a panel comes back once its data does.
  if (ui.detail) {
    return (
      <RenderBoundary label="The detail view" width={width} height={height} retryKey={model.wall}>
        <DetailView model={model} width={width} height={height} footer={detailFooter} />
      </RenderBoundary>
    );
  }
  const panel = (id: (typeof PANEL_ORDER)[number], w: number, h: number) => (
    <RenderBoundary key={id} label={PANEL_TITLES[id]} width={w} height={h} retryKey={model.wall}>
      <PanelView
        id={id}
        view={view}
        focused={id === ui.focus}
        width={w}
        height={h}
        selected={id === ui.focus ? model.selected : -1}
      />
    </RenderBoundary>
  );
  if (model.mode === 'grid') {
    const top = Math.floor(height / 2);
    const left = Math.floor(width / 2);
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Box height={top}>
          {panel(PANEL_ORDER[0]!, left, top)}
          {panel(PANEL_ORDER[1]!, width - left, top)}
        </Box>
        <Box height={height - top}>
          {panel(PANEL_ORDER[2]!, left, height - top)}
          {panel(PANEL_ORDER[3]!, width - left, height - top)}
        </Box>
      </Box>
    );
  }
  const big = height - (PANEL_ORDER.length - 1);
  if (big < MIN_FOCUSED) {
    return (
      <Box width={width} height={height}>
        {panel(ui.focus, width, height)}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {PANEL_ORDER.map((id, i) =>
        id === ui.focus ? (
          panel(id, width, big)
        ) : (
          <RenderBoundary key={id} label={PANEL_TITLES[id]} width={width} height={1} retryKey={model.wall}>
            <Summary id={id} number={i + 1} model={model} width={width} />
          </RenderBoundary>
        ),
      )}
    </Box>
  );
}
