/**
 * Table API handlers: list (query, sort, fields, display modes, offset paging
 * with X-Total-Count and Link), read one, and update an incident.
 */
import type { SimRequest, SimResponse } from '../http/server.js';
import { hidden, type InstanceBehaviour } from './behaviour.js';
import { compareValues, EncodedQueryError, matches, type Order, parseEncodedQuery } from './encoded-query.js';
import { aclDenied, badQuery, badRequest, noRecord, snError } from './errors.js';
import { type DisplayMode, type RenderOptions, renderRow } from './render.js';
import { accessor, type Ctx, type Registry, type Table } from './table-kit.js';
import { patchIncident } from './writes.js';

export interface TableCtx extends Ctx {
  tables: Registry;
  /** Instance base URL for links. */
  base: string;
  behaviour: InstanceBehaviour;
}

type Reader = (row: unknown, c: Ctx) => string;
const readers = new WeakMap<Table, Map<string, Reader | undefined>>();

/** Dot-walk readers are built once per table and path. */
function reader(tables: Registry, table: Table, path: string): Reader | undefined {
  let byPath = readers.get(table);
  if (!byPath) {
    byPath = new Map();
    readers.set(table, byPath);
  }
  if (!byPath.has(path)) byPath.set(path, accessor(tables, table, path));
  return byPath.get(path);
}

/**
 * The last filtered, sorted result per table: a client paging through 40,000 rows asks the same
 * query again and again, and while the data and the clock stand still the answer is the same.
 * Kept per data set (tables are shared definitions) and per table name.
 */
const lastResults = new WeakMap<object, Map<string, { key: string; rows: unknown[] }>>();

const flag = (q: URLSearchParams, name: string) => (q.get(name) ?? '').toLowerCase() === 'true';

function intParam(q: URLSearchParams, name: string, fallback: number, min: number): number | string {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min ? n : `${name} must be an integer >= ${min}, got "${raw}"`;
}

function renderOptions(c: TableCtx, q: URLSearchParams): RenderOptions | string {
  const mode = (q.get('sysparm_display_value') ?? 'false').toLowerCase();
  if (mode !== 'false' && mode !== 'true' && mode !== 'all')
    return `sysparm_display_value must be true, false or all, got "${mode}"`;
  const fields = (q.get('sysparm_fields') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  return {
    mode: mode as DisplayMode,
    excludeLinks: flag(q, 'sysparm_exclude_reference_link'),
    base: c.base,
    blank: c.behaviour.hiddenFields,
    ...(fields.length > 0 ? { fields } : {}),
  };
}

/** Sort by precomputed keys: formatting dates inside the comparator would redo it n·log n times. */
function sortRows(
  rows: unknown[],
  orderBy: Order[],
  read: (row: unknown, field: string) => string,
): unknown[] {
  const keyed = rows.map((row, i) => ({ row, i, keys: orderBy.map((o) => read(row, o.field)) }));
  keyed.sort((a, b) => {
    for (let k = 0; k < orderBy.length; k++) {
      const d = compareValues(a.keys[k]!, b.keys[k]!);
      if (d !== 0) return orderBy[k]!.desc ? -d : d;
    }
    return a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

function linkHeader(
  c: TableCtx,
  req: SimRequest,
  offset: number,
  limit: number,
  total: number | null,
  pageLen: number,
) {
  const at = (o: number) => {
    const params = new URLSearchParams(req.query);
    params.set('sysparm_offset', String(o));
    params.set('sysparm_limit', String(limit));
    return `<${c.base}${req.path}?${params.toString()}>`;
  };
  const parts = [`${at(0)};rel="first"`];
  if (offset > 0) parts.push(`${at(Math.max(0, offset - limit))};rel="prev"`);
  const more = total === null ? pageLen === limit : offset + limit < total;
  if (more) parts.push(`${at(offset + limit)};rel="next"`);
  if (total !== null) parts.push(`${at(total > 0 ? Math.floor((total - 1) / limit) * limit : 0)};rel="last"`);
  return parts.join(',');
}

export function listRows(c: TableCtx, table: Table, req: SimRequest): SimResponse {
  const q = req.query;
  const render = renderOptions(c, q);
  if (typeof render === 'string') return badRequest(render);
  const limit = intParam(q, 'sysparm_limit', 10_000, 1);
  const offset = intParam(q, 'sysparm_offset', 0, 0);
  if (typeof limit === 'string') return badRequest(limit);
  if (typeof offset === 'string') return badRequest(offset);
  const text = q.get('sysparm_query') ?? '';
  let query: ReturnType<typeof parseEncodedQuery>;
  let invalid = false;
  try {
    query = parseEncodedQuery(text, {
      isField: (path) => reader(c.tables, table, path) !== undefined,
      onUnknownField: () => {
        invalid = true;
      },
    });
  } catch (err) {
    if (err instanceof EncodedQueryError) return badQuery(err.message);
    throw err;
  }
  c.behaviour.beforeListPage?.({ table: table.name, query: text, offset, limit });
  const read = (row: unknown, field: string) => reader(c.tables, table, field)!(row, c);
  const key = `${c.data.revision}|${c.now}|${text}|${invalid}`;
  let cache = lastResults.get(c.data);
  if (!cache) {
    cache = new Map();
    lastResults.set(c.data, cache);
  }
  const hit = cache.get(table.name);
  let rows = hit?.key === key ? hit.rows : undefined;
  if (!rows) {
    rows =
      invalid && c.behaviour.invalidQueryReturnsNoRows
        ? []
        : table.rows(c).filter((row) => matches(query, (field) => read(row, field)));
    if (query.orderBy.length > 0) rows = sortRows(rows, query.orderBy, read);
    cache.set(table.name, { key, rows });
  }
  // The page is cut first and read ACLs applied after, as ServiceNow does: the count and the
  // links still include rows the caller cannot see.
  const page = rows.slice(offset, offset + limit);
  const visible = page.filter((row) => !hidden(c.behaviour, table.name, row, c));
  const total = flag(q, 'sysparm_no_count') ? null : rows.length;
  const headers: Record<string, string> = {};
  if (total !== null) headers['X-Total-Count'] = String(total);
  if (!flag(q, 'sysparm_suppress_pagination_header'))
    headers.Link = linkHeader(c, req, offset, limit, total, page.length);
  return {
    status: 200,
    headers,
    json: { result: visible.map((row) => renderRow(c.tables, table, row, render, c)) },
  };
}

export function getRow(c: TableCtx, table: Table, id: string, req: SimRequest): SimResponse {
  const render = renderOptions(c, req.query);
  if (typeof render === 'string') return badRequest(render);
  const row = table.byId(id, c);
  if (row === undefined || hidden(c.behaviour, table.name, row, c)) return noRecord();
  return { status: 200, json: { result: renderRow(c.tables, table, row, render, c) } };
}

export function updateRow(c: TableCtx, table: Table, id: string, req: SimRequest): SimResponse {
  if (c.user.readOnly || table.name !== 'incident') return aclDenied();
  const render = renderOptions(c, req.query);
  if (typeof render === 'string') return badRequest(render);
  const inc = c.data.incident(id);
  if (!inc || hidden(c.behaviour, table.name, inc, c)) return noRecord();
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return badRequest('Exception while reading request', 'The payload is not valid JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return badRequest('Exception while reading request', 'The payload must be a JSON object.');
  // A field write ACL drops the column without a word; the answer shows it unchanged.
  const allowed = Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter(
      ([k]) => !c.behaviour.readOnlyFields.has(`incident.${k}`),
    ),
  );
  const refused = patchIncident(c.data, inc, allowed, c.user, c.data.at(c.now), c.behaviour);
  if (refused?.kind === 'invalid') return badRequest('Operation Failed', refused.text);
  // Data policies and aborted business rules answer 403, the reason in the error body.
  if (refused?.kind === 'data_policy')
    return snError(
      403,
      'Operation Failed',
      `Data Policy Exception: \n\tThe following fields are mandatory: ${refused.text}`,
    );
  if (refused?.kind === 'business_rule')
    return snError(403, refused.text, `Error during update of incident (${inc.number})`);
  return { status: 200, json: { result: renderRow(c.tables, table, inc, render, c) } };
}
