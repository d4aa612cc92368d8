import { Box, Text } from 'ink';
import { formatDuration } from '../../domain/format.js';
import type { PanelSources } from '../../store/selectors.js';
import { displayWidth } from '../text/fit.js';
import { ago } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { BIG_ROWS, bigText, bigWidth } from '../view/big-text.js';
import type { TileFreshness } from '../view/wall-status.js';
import type { WallTile } from '../view/wall-tiles.js';
import { type Piece, Pieces, Segments } from './Segments.js';

interface Props {
  title: string;
  tile: WallTile;
  sources: PanelSources;
  freshness: TileFreshness;
  real: number;
  width: number;
  height: number;
}

/**
 * When the data came, in steps a wall needs: under ten seconds is "just now", under a minute
 * in tens of seconds. Read from across a room a ticking seconds count is noise, and each tick
 * is a redraw (the soak counts the bytes).
 */
export function updatedWords(at: number | null, real: number): string {
  if (at === null) return 'not updated yet';
  const age = Math.max(0, real - at);
  if (age < 10_000) return 'updated just now';
  if (age < 60_000) return `updated ${Math.floor(age / 10_000) * 10}s ago`;
  return `updated ${ago(at, real)}`;
}

/** Words for a tile that has no figure yet: loading, or no data because every source failed. */
function waitingWords(sources: PanelSources): string {
  if (sources.state === 'no-data') return 'no data: every source failed (see the outage line)';
  return 'waiting for the first answer…';
}

/**
 * One panel on the wall: title with its last-updated time (or a STALE badge), the headline
 * figure in large type when it fits, its words beside it, then as many explaining lines as
 * the tile holds. No cursor and no selection: nothing here can be acted on.
 */
export function WallTileBox({ title, tile, sources, freshness, real, width, height }: Props) {
  const theme = useTheme();
  const g = theme.glyph;
  const inner = Math.max(0, width - 2);
  const innerRows = Math.max(0, height - 2);
  const stale = freshness.staleMs !== null;
  const right: Piece[] = stale
    ? [
        {
          text: ` ${g.stale} STALE ${formatDuration(freshness.staleMs ?? 0)} `,
          inverse: true,
          tone: 'warn',
          bold: true,
        },
      ]
    : [
        {
          text: updatedWords(freshness.updatedAt, real),
          dim: true,
        },
      ];
  const rightWidth = displayWidth(right[0]!.text);
  const titleRoom = Math.max(0, inner - rightWidth - 1);
  const titlePieces: Piece[] = [
    { text: theme.fit(title, titleRoom), bold: true },
    { text: ' '.repeat(Math.max(1, inner - Math.min(displayWidth(title), titleRoom) - rightWidth)) },
    ...right,
  ];
  // Stale data stays readable, dimmed, and the badge says why in words.
  const figure = tile.figure ?? null;
  // Twice the size when the tile is tall enough to keep a few lines under it as well.
  const fits = (scale: number) =>
    figure !== null &&
    innerRows >= BIG_ROWS * scale + 2 + (scale > 1 ? 6 : 0) &&
    bigWidth(figure, scale) + 20 <= inner;
  const scale = fits(2) ? 2 : 1;
  const big = fits(scale);
  const figureRows = figure === null ? 1 : big ? BIG_ROWS * scale : 1;
  const bigLines = big ? bigText(figure!, theme.ascii ? '#' : '█', scale) : [];
  const labelCol = big ? bigWidth(figure!, scale) + 2 : 0;
  const color = tile.tone ? theme.c(tile.tone) : undefined;
  const linesRoom = Math.max(0, innerRows - 1 - figureRows - 1);
  const lines = tile.lines.slice(0, linesRoom);
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle={theme.border(false)}
      borderDimColor={stale}
      overflow="hidden"
    >
      <Box height={1} width={inner}>
        <Pieces pieces={titlePieces} width={inner} />
      </Box>
      {figure === null ? (
        <Text dimColor>{theme.fit(waitingWords(sources), inner)}</Text>
      ) : big ? (
        <Box height={figureRows} width={inner}>
          <Box flexDirection="column" width={labelCol} flexShrink={0}>
            {bigLines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the rows of one drawn figure
              <Text key={i} color={color} dimColor={stale}>
                {l}
              </Text>
            ))}
          </Box>
          <Box flexDirection="column" width={inner - labelCol} justifyContent="flex-end">
            <Text bold dimColor={stale}>
              {theme.fit(tile.label, inner - labelCol)}
            </Text>
          </Box>
        </Box>
      ) : (
        <Text>
          <Text bold color={color} dimColor={stale}>
            {figure}
          </Text>
          <Text bold>{theme.fit(` ${tile.label}`, Math.max(0, inner - displayWidth(figure!)))}</Text>
        </Text>
      )}
      {linesRoom > 0 ? <Text> </Text> : null}
      {lines.map((segments, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are positions in a tile, redrawn whole
        <Box key={i} height={1} width={inner}>
          <Segments segments={stale ? segments.map((s) => ({ ...s, dim: true })) : segments} width={inner} />
        </Box>
      ))}
    </Box>
  );
}
