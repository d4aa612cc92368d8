import { useWindowSize } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { PanelSources } from '../store/selectors.js';
import { useNow, useRealNow } from './hooks/use-now.js';
import { useAppState, useStore } from './hooks/use-store.js';
import { useTerminalCommands } from './hooks/use-terminal-commands.js';
import type { KeyContext } from './keys/availability.js';
import { formatBinding } from './keys/binding.js';
import { KeyProvider } from './keys/KeyProvider.js';
import { type Keymap, primaryKey } from './keys/keymap.js';
import { useCommand } from './keys/use-command.js';
import { WallLayout, type WallModel, wallBodyRows } from './layouts/WallLayout.js';
import type { PanelModule } from './panels/types.js';
import { useTheme } from './theme/use-theme.js';
import { wallPages } from './view/wall-plan.js';
import { msLeft, nextPage, rotate, startRotation, togglePause } from './view/wall-rotation.js';
import { outageLines, tileFreshness } from './view/wall-status.js';
import type { WallTile } from './view/wall-tiles.js';

export interface WallSettings {
  /** How long each page shows before the next (real ms). */
  rotateMs: number;
  /** Call data stale past this age (real ms); null: the cockpit's rule, twice the poll interval. */
  staleAfterMs: number | null;
}

/** The wall has one scope over global: no list, no record, nothing that writes. */
const WALL_KEYS: KeyContext = { scopes: ['wall', 'global'], readOnly: true, actions: null };

interface Props extends WallSettings {
  keymap: Keymap;
  panels: readonly PanelModule[];
  version: string;
  demo: boolean;
  quit(): void;
}

/** The wall's keys: pause, next page, refresh, quit (and Ctrl-L / Ctrl-Z). */
function WallKeys({ quit, pause, next }: { quit(): void; pause(): void; next(): void }) {
  const store = useStore();
  const done = (f: () => void) => () => {
    f();
    return 'handled' as const;
  };
  useCommand('wall.pause', done(pause));
  useCommand('wall.next', done(next));
  useCommand(
    'app.refresh',
    done(() => store.refresh()),
  );
  useCommand('app.quit', done(quit));
  useCommand('app.forceQuit', done(quit));
  // Nothing to say when Ctrl-Z cannot suspend: the wall has no message line.
  useTerminalCommands(() => {});
  return null;
}

/** A panel's tile: its own, or its headline alone for a panel without one. */
function tileOf(
  panel: PanelModule,
  view: PanelSources,
  g: ReturnType<typeof useTheme>['glyph'],
  now: number,
): WallTile {
  // No data yet (or none at all): a zero in large type would read as an all-clear.
  if (view.state === 'loading' || view.state === 'no-data')
    return { figure: null, label: '', lines: [], weight: 0 };
  if (panel.wall) return panel.wall(view, g, now);
  return { figure: null, label: '', lines: [panel.headline(view, g)], weight: 0 };
}

/**
 * The read-only wall (`itops-tui wall`): every configured panel as a tile, pages that rotate
 * on the real clock, and nothing that can write. The store refuses writes too (`state.wall`).
 */
export function Wall({ keymap, panels, version, demo, quit, rotateMs, staleAfterMs }: Props) {
  const state = useAppState();
  const now = useNow();
  const real = useRealNow();
  const theme = useTheme();
  const { columns: cols, rows } = useWindowSize();
  const tiles = useMemo(() => {
    const out: Record<string, WallModel['tiles'][string]> = {};
    for (const p of panels) {
      const view = p.derive(state, { now, real });
      // Nothing configured for it: no tile, and no space.
      if (!view.configured) continue;
      out[p.id] = {
        title: p.title,
        tile: tileOf(p, view, theme.glyph, now),
        sources: view,
        freshness: tileFreshness(view, real, staleAfterMs),
      };
    }
    return out;
  }, [panels, state, now, real, theme.glyph, staleAfterMs]);
  const outages = useMemo(() => outageLines(state, real, theme.glyph), [state, real, theme.glyph]);
  const titles = useMemo(() => Object.fromEntries(panels.map((p) => [p.id, p.title])), [panels]);
  const pages = useMemo(
    () =>
      wallPages(
        Object.entries(tiles).map(([id, t]) => ({ id, weight: t.tile.weight })),
        cols,
        wallBodyRows(rows, outages.length),
        titles,
      ),
    [tiles, cols, rows, outages.length, titles],
  );
  const keys = pages.map((p) => p.key);
  const [stored, setRotation] = useState(() => startRotation(real));
  // The page is settled while drawing (no frame shows a page that is already due to turn).
  const rotation = rotate(stored, keys, real, rotateMs);
  // Applied to the latest state, not this render's: a key pressed between this frame and the
  // effect (n, space) must not be overwritten by the page this render settled on.
  const turned = rotation !== stored;
  useEffect(() => {
    if (turned) setRotation((r) => rotate(r, keys, real, rotateMs));
  });
  const page = pages.find((p) => p.key === rotation.key) ?? null;
  const label = (id: string) => {
    const b = primaryKey(keymap, id);
    return b ? formatBinding(b, { ascii: theme.ascii }) : '';
  };
  const hint = [
    `${label('wall.pause')} pause`,
    `${label('wall.next')} next page`,
    `${label('app.refresh')} refresh`,
    `${label('app.quit')} quit`,
  ].join(` ${theme.glyph.dot} `);
  const model: WallModel = {
    cols,
    rows,
    version,
    demo: demo || state.demo,
    now,
    real,
    page,
    pageNumber: rotation.index + 1,
    pages: pages.length,
    leftS: pages.length > 1 ? Math.ceil(msLeft(rotation, real, rotateMs) / 1000) : null,
    paused: rotation.paused,
    tiles,
    outages,
    hint,
  };
  return (
    <KeyProvider keymap={keymap} context={WALL_KEYS} onRefused={() => {}}>
      <WallKeys
        quit={quit}
        pause={() => setRotation((r) => togglePause(rotate(r, keys, real, rotateMs), real, rotateMs))}
        next={() => setRotation((r) => nextPage(rotate(r, keys, real, rotateMs), keys, real, rotateMs))}
      />
      <WallLayout m={model} />
    </KeyProvider>
  );
}
