import { Box, Text } from 'ink';
import type { PanelSources } from '../../store/selectors.js';
import { RenderBoundary } from '../components/RenderBoundary.js';
import { type Piece, Pieces } from '../components/Segments.js';
import { TooSmall } from '../components/TooSmall.js';
import { WallTileBox } from '../components/WallTileBox.js';
import { displayWidth } from '../text/fit.js';
import { clockTime } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { WALL_MIN_COLS, WALL_MIN_ROWS, type WallPage } from '../view/wall-plan.js';
import type { TileFreshness } from '../view/wall-status.js';
import type { WallTile } from '../view/wall-tiles.js';

/** Everything the wall draws, derived by `<Wall>`. */
export interface WallModel {
  cols: number;
  rows: number;
  version: string;
  demo: boolean;
  /** Vendor time, for the clock. */
  now: number;
  /** Real time, for ages. */
  real: number;
  page: WallPage | null;
  pageNumber: number;
  pages: number;
  /** Seconds until the page turns; null when there is nothing to turn to. */
  leftS: number | null;
  paused: boolean;
  tiles: Readonly<
    Record<string, { title: string; tile: WallTile; sources: PanelSources; freshness: TileFreshness }>
  >;
  outages: readonly string[];
  /** The one dim hint line ("space pause · n next · q quit"). */
  hint: string;
}

/** Outage lines at most: the tiles are what the wall is for. */
export const MAX_OUTAGE_LINES = 4;

/** Rows left for tiles under the header and the outage lines, above the hint line. */
export function wallBodyRows(rows: number, outages: number): number {
  return Math.max(0, rows - 2 - Math.min(outages, MAX_OUTAGE_LINES));
}

/**
 * The wall: a clock and the page rotation on one line, an outage line per connector in
 * trouble, the page's tiles, and one dim hint line. No cursor, no selection, no dialogs.
 */
export function WallLayout({ m }: { m: WallModel }) {
  const theme = useTheme();
  const g = theme.glyph;
  if (m.cols < WALL_MIN_COLS || m.rows < WALL_MIN_ROWS) {
    return (
      <TooSmall
        cols={m.cols}
        rows={m.rows}
        min={{ cols: WALL_MIN_COLS, rows: WALL_MIN_ROWS }}
        what="the wall"
      />
    );
  }
  const outages = m.outages.slice(0, MAX_OUTAGE_LINES);
  const body = wallBodyRows(m.rows, outages.length);
  const header: Piece[] = [
    { text: 'itops-tui wall', bold: true, tone: 'accent' },
    { text: ` ${m.version} `, dim: true },
  ];
  if (m.demo) header.push({ text: ' DEMO ', inverse: true }, { text: ' ' });
  if (m.page)
    header.push({ text: ` ${m.page.title}${m.pages > 1 ? ` (page ${m.pageNumber}/${m.pages})` : ''}` });
  // What ticks every second sits at the end of the line: a redraw then rewrites only that end.
  const right: Piece[] = [];
  if (m.page && m.paused)
    right.push({ text: ' PAUSED ', inverse: true, tone: 'warn' }, { text: ` ${g.dot} ` });
  else if (m.page && m.leftS !== null) right.push({ text: `next page in ${m.leftS}s ${g.dot} ` });
  right.push({ text: clockTime(m.now), bold: true });
  const used = header.reduce((n, p) => n + displayWidth(p.text), 0);
  const rightWidth = right.reduce((n, p) => n + displayWidth(p.text), 0);
  header.push({ text: ' '.repeat(Math.max(1, m.cols - used - rightWidth)) }, ...right);
  return (
    <Box flexDirection="column" width={m.cols} height={m.rows} overflow="hidden">
      <Box height={1} width={m.cols}>
        <Pieces pieces={header} width={m.cols} />
      </Box>
      {outages.map((line) => (
        <Text key={line.slice(0, 40)} color={theme.c('danger')} bold wrap="truncate-end">
          {theme.fit(line, m.cols)}
        </Text>
      ))}
      <Box flexDirection="column" width={m.cols} height={body} overflow="hidden">
        {m.page ? (
          m.page.rows.map((row) => (
            <Box key={row.map((t) => t.id).join('+')} height={row[0]?.height ?? 0} width={m.cols}>
              {row.map((t) => {
                const tile = m.tiles[t.id];
                if (!tile) return null;
                return (
                  <RenderBoundary
                    key={t.id}
                    label={tile.title}
                    width={t.width}
                    height={t.height}
                    retryKey={m.real}
                  >
                    <WallTileBox
                      title={tile.title}
                      tile={tile.tile}
                      sources={tile.sources}
                      freshness={tile.freshness}
                      real={m.real}
                      width={t.width}
                      height={t.height}
                    />
                  </RenderBoundary>
                );
              })}
            </Box>
          ))
        ) : (
          <Text>
            {theme.fit(
              'Nothing to show: no connector feeds any panel. Add connectors under `connectors:` in your config (see config.example.yml).',
              m.cols,
            )}
          </Text>
        )}
      </Box>
      <Text dimColor>{theme.fit(m.hint, m.cols)}</Text>
    </Box>
  );
}
