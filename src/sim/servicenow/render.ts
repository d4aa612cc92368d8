/**
 * One row as the Table API sends it, for the three sysparm_display_value modes:
 * false → stored strings, references `{link, value}`; true → labels, names and
 * local-time dates, references `{display_value, link}`; all → every column as
 * `{display_value, value}` (+ `link` on references). exclude_reference_link
 * drops the link (and the wrapper where only the id or name would remain).
 */
import { type Ctx, displayOf, type Field, type Registry, type Table } from './table-kit.js';

export type DisplayMode = 'false' | 'true' | 'all';

export interface RenderOptions {
  mode: DisplayMode;
  excludeLinks: boolean;
  /** Instance base for reference links, e.g. http://127.0.0.1:1234. */
  base: string;
  /** Requested columns (sysparm_fields), or every column of the table. */
  fields?: readonly string[];
  /** `table.column` names a field read ACL hides: they read back as "". */
  blank?: ReadonlySet<string>;
}

/** Follow `path` from `row`: the last column and the row it belongs to (undefined row: a broken walk). */
function walk(
  tables: Registry,
  table: Table,
  row: unknown,
  path: string,
  c: Ctx,
): { field: Field<unknown>; row: unknown } | undefined {
  const parts = path.split('.');
  let owner = table;
  let current: unknown = row;
  for (let i = 0; i < parts.length - 1; i++) {
    const f = owner.fields[parts[i]!];
    const target = f?.ref ? tables.get(f.ref) : undefined;
    if (!f || !target) return undefined;
    const id = current === undefined ? '' : f.raw(current, c);
    current = id ? target.byId(id, c) : undefined;
    owner = target;
  }
  const field = owner.fields[parts[parts.length - 1]!];
  return field ? { field, row: current } : undefined;
}

export function renderRow(
  tables: Registry,
  table: Table,
  row: unknown,
  o: RenderOptions,
  c: Ctx,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of o.fields ?? Object.keys(table.fields)) {
    const found = walk(tables, table, row, path, c);
    // ServiceNow leaves unknown columns out of the answer rather than failing.
    if (!found) continue;
    const { field } = found;
    const denied = o.blank?.has(`${table.name}.${path.split('.')[0]}`) === true;
    const owner = denied ? undefined : found.row;
    const raw = owner === undefined ? '' : field.raw(owner, c);
    const display = () => (owner === undefined ? '' : displayOf(tables, field, owner, raw, c));
    const link =
      field.type === 'ref' && raw !== '' && !o.excludeLinks
        ? `${o.base}/api/now/table/${field.ref}/${raw}`
        : undefined;
    if (o.mode === 'all') {
      out[path] = { display_value: display(), value: raw, ...(link ? { link } : {}) };
    } else if (o.mode === 'true') {
      out[path] = link ? { display_value: display(), link } : display();
    } else {
      out[path] = link ? { link, value: raw } : raw;
    }
  }
  return out;
}
