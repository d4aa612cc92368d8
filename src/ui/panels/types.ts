/**
 * A panel is one module: what it is called, what it reads, how it derives its model from the
 * store, its one-line summary, its rows, and how it draws itself and its detail view. Layouts
 * number, focus and place the panels of a registry (`panels/registry.ts`); the keys, scopes and
 * help follow from the same modules. Adding a panel is one module plus one registry line.
 */
import type { ComponentType, ReactNode } from 'react';
import type { RecordKindId, Subject } from '../../domain/kinds.js';
import type { DomainRecord } from '../../domain/model.js';
import type { Clocks, PanelSources } from '../../store/selectors.js';
import type { AppState, StreamName } from '../../store/types.js';
import type { Glyphs } from '../theme/theme.js';
import type { ListSort, QueryDialect, RowFields } from '../view/list-query.js';
import type { Segment } from '../view/summaries.js';
import type { WallTile } from '../view/wall-tiles.js';

/** One selectable row of a panel's list. */
export interface ListRow {
  /** Stable row key (entity ids, never positions): the selection follows it. */
  key: string;
  /** What actions on this row act on; absent when the row is not a record one can act on. */
  subject?: Subject;
  /** The key of the detail this row opens; defaults to `key`. */
  detailKey?: string;
  /** Why this row has nothing to act on, for refusals ("INC0010099 is not in the incidents feed"). */
  noSubject?: string;
  /** What the `/` filter looks in: lower-case text per field (see `view/list-query.ts`). */
  fields?: RowFields;
  /** What the list's sorts compare, by sort id: numbers or text, absent sorts last. */
  order?: Readonly<Record<string, number | string | undefined>>;
}

export interface PanelBodyProps<V> {
  view: V;
  /** Its position in the layout: the digit that focuses it. */
  number: number;
  focused: boolean;
  width: number;
  height: number;
  /** Index of the selected row, -1 when none. */
  selected: number;
  /** Its list's filter text ('' when none), for panels with a `filter`. */
  filter?: string;
  /**
   * The rows to draw, filtered and sorted (the focused panel's are the cockpit's `list`);
   * absent: the panel's own rows. A panel maps them back to its items by key.
   */
  list?: readonly ListRow[];
  /** Row keys marked for a bulk action (Space). */
  marks?: ReadonlySet<string>;
  /** The list's current sort, for the column header's arrow. */
  sort?: ListSort;
}

export interface PanelDetailProps<V> {
  view: V;
  /** The open detail's key (a row's `detailKey`). */
  detailKey: string;
  state: AppState;
  width: number;
  height: number;
  /** The actions line, drawn at the bottom. */
  footer?: ReactNode;
}

export interface PanelModule<V extends PanelSources = PanelSources> {
  id: string;
  title: string;
  /** Streams it reads. */
  streams: readonly StreamName[];
  /** Kind of the records its rows are: that kind's action keys work on its rows and details. */
  rowKind?: RecordKindId;
  /** Its rows can be moved through and opened. */
  list: boolean;
  /**
   * `record`: the cursor follows its record when the list reorders (a list the clock reorders,
   * like SLA countdowns, would otherwise change what is selected with nobody touching a key).
   * Default: the cursor keeps its screen row (issue 15).
   */
  cursor?: 'position' | 'record';
  /** Its model, from store state and the clocks. Pure; memoized by the cockpit. */
  derive(state: AppState, clocks: Clocks): V;
  /** One line: shown in its title row when focused and as its summary when not. */
  headline(view: V, g: Glyphs): Segment[];
  /**
   * Its list before the `/` filter and the sort. `flags` are the panel's own filter words that
   * were typed (`all` on the hosts list, which widens the pool rather than narrowing it).
   */
  rows(view: V, flags?: ReadonlySet<string>): readonly ListRow[];
  /**
   * The list can be filtered with `/` (see `view/list-query.ts`): the field's label and
   * example, the panel's own words, how a count of matches reads ("3 hosts failing"), and the
   * orders it offers (the first is its own order).
   */
  filter?: {
    label: string;
    placeholder: string;
    dialect?: QueryDialect;
    count(n: number, flags: ReadonlySet<string>): string;
    sorts?: readonly ListSort[];
  };
  /**
   * Its tile on the wall (`itops-tui wall`): a figure in large type and the lines that explain
   * it, at vendor time `now`. Without it the wall shows the headline alone.
   */
  wall?(view: V, g: Glyphs, now: number): WallTile;
  Body: ComponentType<PanelBodyProps<V>>;
  Detail?: ComponentType<PanelDetailProps<V>>;
  /** The subject of an open detail (a resolved record's detail stays readable, and actionable). */
  detailSubject?(detailKey: string, state: AppState, view: V): Subject | undefined;
  /**
   * The detail key this panel opens for a record of another panel's list (a related record),
   * when it shows records of that kind; undefined when it does not.
   */
  detailKeyFor?(record: DomainRecord): string | undefined;
  /** Why an open detail has nothing to act on, when it has not. */
  detailNoSubject?(detailKey: string, view: V): string | undefined;
}

/** Keep a module's own view type while listing it beside others. */
export function definePanel<V extends PanelSources>(panel: PanelModule<V>): PanelModule {
  return panel as unknown as PanelModule;
}
