/**
 * Where the wall's tiles go (pure). Only panels with something configured get a tile; the
 * space between them follows what they have to say (`WallTile.weight`): a panel with breaches
 * gets the wider half and the taller row, an all-clear one still shows its figure. When every
 * tile does not fit legibly, the overview spreads over several pages; after the overview each
 * panel with something to say gets a page of its own, so the rotation always shows detail.
 */

/** Below this the wall cannot draw a tile with its figure in large type, and says so. */
export const WALL_MIN_COLS = 80;
export const WALL_MIN_ROWS = 20;
/** The smallest tile that still holds a title, a large figure and two lines. */
export const TILE_MIN_COLS = 44;
export const TILE_MIN_ROWS = 10;

export interface TileNeed {
  id: string;
  /** How much it has to say now (see `WallTile.weight`); 0 is all clear. */
  weight: number;
}

export interface PlacedTile {
  id: string;
  width: number;
  height: number;
}

export interface WallPage {
  /** Stable across data changes, so the rotation keeps its place when pages come and go. */
  key: string;
  /** For the header: "Overview", "Queue health". */
  title: string;
  /** Rows of tiles, top to bottom; each row fills the width. */
  rows: PlacedTile[][];
}

/** Share `total` cells by weights, each part at least `min` (when that fits), summing to `total`. */
export function share(total: number, weights: readonly number[], min: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const floor = Math.min(min, Math.floor(total / n));
  const spare = total - floor * n;
  const sum = weights.reduce((a, w) => a + w, 0);
  const parts = weights.map((w) => floor + Math.floor((spare * w) / sum));
  // Rounding leftovers go to the heaviest parts first (then the first), so the sum is exact.
  let left = total - parts.reduce((a, p) => a + p, 0);
  const order = weights.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]![1]]! += 1;
  return parts;
}

/** Tiles per row that keep each at least TILE_MIN_COLS wide (at most two: a wall is read from afar). */
function perRow(cols: number, n: number): number {
  return Math.max(1, Math.min(2, n, Math.floor(cols / TILE_MIN_COLS)));
}

function layoutRows(tiles: readonly TileNeed[], cols: number, rows: number): PlacedTile[][] {
  const across = perRow(cols, tiles.length);
  const groups: TileNeed[][] = [];
  for (let i = 0; i < tiles.length; i += across) groups.push(tiles.slice(i, i + across));
  // A row's weight is its busiest tile's: one tile with breaches makes its row taller.
  const heights = share(
    rows,
    groups.map((g) => 1 + Math.max(...g.map((t) => t.weight))),
    TILE_MIN_ROWS,
  );
  return groups.map((g, r) => {
    const widths = share(
      cols,
      g.map((t) => 1 + t.weight),
      TILE_MIN_COLS,
    );
    return g.map((t, i) => ({ id: t.id, width: widths[i]!, height: heights[r]! }));
  });
}

/**
 * The pages for tiles in registry order, on a body of `cols`×`rows`. `titles` names a panel's
 * own page. Nothing configured: no pages (the wall says what to configure instead).
 */
export function wallPages(
  tiles: readonly TileNeed[],
  cols: number,
  rows: number,
  titles: Readonly<Record<string, string>>,
): WallPage[] {
  if (tiles.length === 0 || cols <= 0 || rows <= 0) return [];
  const across = perRow(cols, tiles.length);
  const down = Math.max(1, Math.floor(rows / TILE_MIN_ROWS));
  const perPage = across * down;
  const pages: WallPage[] = [];
  const overviews = Math.ceil(tiles.length / perPage);
  for (let p = 0; p < overviews; p++) {
    const part = tiles.slice(p * perPage, (p + 1) * perPage);
    pages.push({
      key: `overview:${p}`,
      title: overviews > 1 ? `Overview ${p + 1}/${overviews}` : 'Overview',
      rows: layoutRows(part, cols, rows),
    });
  }
  // A page of its own for each panel with something to say, when the overview shows several.
  if (tiles.length > 1) {
    for (const t of tiles) {
      if (t.weight <= 0) continue;
      pages.push({
        key: `panel:${t.id}`,
        title: titles[t.id] ?? t.id,
        rows: [[{ id: t.id, width: cols, height: rows }]],
      });
    }
  }
  return pages;
}
