/**
 * The generic shape of a simulated table: each column knows its type, how to
 * read its stored value from a row and, for references, which table it points
 * at. Query evaluation, dot-walking and display rendering all work off this.
 */
import { parseSnDate, snDate, snDisplayDate, snDisplayDuration, snDuration } from './format.js';
import type { SnUser } from './model.js';
import type { ServiceNowData } from './world.js';

export interface Ctx {
  data: ServiceNowData;
  /** Simulated time of the request. */
  now: number;
  /** The authenticated user (time zone for display dates). */
  user: SnUser;
}

export type FieldType = 'string' | 'ref' | 'date' | 'duration' | 'choice' | 'journal';

export interface Field<R> {
  type: FieldType;
  /** Target table of a reference column. */
  ref?: string;
  choices?: Record<string, string>;
  raw(row: R, c: Ctx): string;
  /** Display value, when not derivable from the type (journals). */
  display?(row: R, c: Ctx): string;
}

export interface Table<R = unknown> {
  name: string;
  rows(c: Ctx): readonly R[];
  byId(id: string, c: Ctx): R | undefined;
  fields: Record<string, Field<R>>;
  /** A row's display value (what a reference to it shows). */
  label(row: R, c: Ctx): string;
}

export const str = <R>(raw: (r: R, c: Ctx) => string | number | boolean): Field<R> => ({
  type: 'string',
  raw: (r, c) => String(raw(r, c)),
});
export const date = <R>(ms: (r: R, c: Ctx) => number | null): Field<R> => ({
  type: 'date',
  raw: (r, c) => snDate(ms(r, c)),
});
export const duration = <R>(ms: (r: R, c: Ctx) => number): Field<R> => ({
  type: 'duration',
  raw: (r, c) => snDuration(ms(r, c)),
});
export const ref = <R>(table: string, id: (r: R, c: Ctx) => string): Field<R> => ({
  type: 'ref',
  ref: table,
  raw: id,
});
export const choice = <R>(
  choices: Record<string, string>,
  raw: (r: R, c: Ctx) => string | number,
): Field<R> => ({
  type: 'choice',
  choices,
  raw: (r, c) => String(raw(r, c)),
});

/** The columns every table has. */
export function sysFields<R extends { sys_id: string }>(
  created: (r: R) => number,
  updated: (r: R, c: Ctx) => number,
  extra: { by?: (r: R) => string; updatedBy?: (r: R) => string; mods?: (r: R) => number } = {},
): Record<string, Field<R>> {
  return {
    sys_id: str((r) => r.sys_id),
    sys_created_on: date(created),
    sys_updated_on: date(updated),
    sys_created_by: str((r) => extra.by?.(r) ?? 'admin'),
    sys_updated_by: str((r) => extra.updatedBy?.(r) ?? extra.by?.(r) ?? 'admin'),
    sys_mod_count: str((r) => extra.mods?.(r) ?? 0),
  };
}

export type Registry = Map<string, Table>;

/**
 * A reader for `path` on `table` ("state", "task.active", "assigned_to.user_name"), or undefined
 * when some part is not a column or a non-reference is walked through.
 */
export function accessor(
  tables: Registry,
  table: Table,
  path: string,
): ((row: unknown, c: Ctx) => string) | undefined {
  const [head, ...rest] = path.split('.');
  const field = table.fields[head!];
  if (!field) return undefined;
  if (rest.length === 0) return (row, c) => field.raw(row, c);
  const target = field.ref ? tables.get(field.ref) : undefined;
  if (!target) return undefined;
  const next = accessor(tables, target, rest.join('.'));
  if (!next) return undefined;
  return (row, c) => {
    const id = field.raw(row, c);
    const linked = id ? target.byId(id, c) : undefined;
    return linked === undefined ? '' : next(linked, c);
  };
}

/** Display form of one stored value of `field`. */
export function displayOf(
  tables: Registry,
  field: Field<unknown>,
  row: unknown,
  raw: string,
  c: Ctx,
): string {
  if (field.display) return field.display(row, c);
  switch (field.type) {
    case 'date':
      return raw === '' ? '' : snDisplayDate(parseSnDate(raw), c.user.time_zone);
    case 'duration':
      return raw === '' ? '' : snDisplayDuration(parseSnDate(raw));
    case 'choice':
      return field.choices?.[raw] ?? raw;
    case 'ref': {
      const target = field.ref ? tables.get(field.ref) : undefined;
      const linked = raw && target ? target.byId(raw, c) : undefined;
      return linked === undefined || !target ? '' : target.label(linked, c);
    }
    default:
      return raw;
  }
}
