/**
 * One paging loop for every connector: you write how to fetch one page; the loop asks for the
 * pages in the vendor's paging style, parses each row on its own (a malformed row is skipped
 * and reported, not fatal), and keeps the issue-7 guard in charge (no position read twice, no
 * page of nothing but repeats, a request budget).
 *
 * Styles: `offsetPaging` (offset + limit, with `more` or a total), `keysetPaging` (rows after
 * the last key; steps by offset within one key when a page comes back empty but the server
 * says there is more) and `cursorPaging` (a cursor or a `Link: rel="next"` URL).
 *
 * @experimental added within plugin API v1 (issue 8).
 */
import type { ZodType } from 'zod';
import { PluginError } from './errors.js';
import type { PluginLogger } from './index.js';
import { createPageGuard, pageBudget } from './paging.js';

/** What the connector's fetch returns for one page. */
export interface PageResult {
  /** The page's rows as the vendor sent them; each is parsed with `item` on its own. */
  rows: readonly unknown[];
  /** The vendor says more follow (PagerDuty `more`, a `Link: rel="next"`); false: this is the last page. */
  more?: boolean;
  /** Records the request matches, when the vendor counts them (X-Total-Count, PagerDuty `total=true`). */
  total?: number;
  /** Page size the server applied, when it says (PagerDuty echoes `limit`). Offset paging steps by it. */
  limit?: number;
  /** Cursor paging: the next cursor or next-page URL; null, undefined or '' at the end. */
  next?: string | null;
}

export interface PagingStyle<P> {
  readonly kind: 'offset' | 'keyset' | 'cursor';
  /** Rows asked for per page. */
  readonly limit: number;
  first(): P;
  /** A label for the position, used by the guard and in messages: "offset 200". */
  describe(position: P): string;
  /** Throw (a PluginError) if this position must not be requested, e.g. past an offset window. */
  check?(position: P): void;
  /** The position after this page, or undefined when the listing is complete. */
  next(position: P, page: PageResult, endpoint: string): P | undefined;
  /** Records still unread after this page, when the page's `total` tells. */
  remaining?(position: P, page: PageResult): number | undefined;
}

/** Offset paging: `offset` is a record index. Steps by the page size, never by the rows returned. */
export function offsetPaging(options: {
  limit: number;
  /** Vendor cap on offset + limit (PagerDuty 10 000), and the error to throw instead of crossing it. */
  window?: { max: number; error(offset: number): PluginError };
}): PagingStyle<number> {
  const { limit, window } = options;
  const step = (page: PageResult) => (page.limit && page.limit > 0 ? page.limit : limit);
  return {
    kind: 'offset',
    limit,
    first: () => 0,
    describe: (offset) => `offset ${offset}`,
    check(offset) {
      if (window && offset + limit > window.max) throw window.error(offset);
    },
    next(offset, page) {
      // A short or empty page is not the end: rows hidden after paging (ServiceNow ACLs) make them.
      const after = offset + step(page);
      if (page.more !== undefined) return page.more ? after : undefined;
      if (page.total !== undefined) return after < page.total ? after : undefined;
      return page.rows.length > 0 ? after : undefined;
    },
    remaining: (offset, page) =>
      page.total === undefined ? undefined : Math.max(0, page.total - offset - step(page)),
  };
}

/** A keyset position: rows whose key sorts after `after`, skipping `skip` of them. */
export interface KeysetPosition {
  after?: string;
  skip: number;
}

/**
 * Keyset paging: ask for rows with a key after the last one read, sorted by that key. The key
 * must never change (ServiceNow `sys_id`, not `sys_updated_on`). `total`, when given, counts the
 * rows after `after` — as ServiceNow's X-Total-Count does for `sys_id>last`. A page emptied by
 * rows hidden after paging continues within the same key by `skip` (send it as the offset).
 */
export function keysetPaging(options: {
  limit: number;
  /** The key of a raw row (undefined if it has none). */
  keyOf(row: unknown): string | undefined;
}): PagingStyle<KeysetPosition> {
  const { limit, keyOf } = options;
  const moreAfter = (pos: KeysetPosition, page: PageResult) =>
    page.more ?? (page.total !== undefined ? pos.skip + limit < page.total : undefined);
  return {
    kind: 'keyset',
    limit,
    first: () => ({ skip: 0 }),
    describe: (pos) =>
      `${pos.after === undefined ? 'the start' : `key ${pos.after}`}${pos.skip ? ` + ${pos.skip}` : ''}`,
    next(pos, page, endpoint) {
      const more = moreAfter(pos, page);
      if (more === false) return undefined;
      const last = page.rows[page.rows.length - 1];
      if (last === undefined) {
        // Nothing visible on this page (rows hidden after paging): step past it within the same key.
        return more
          ? { ...(pos.after === undefined ? {} : { after: pos.after }), skip: pos.skip + limit }
          : undefined;
      }
      const key = keyOf(last);
      if (key === undefined) {
        throw new PluginError(
          'BAD_RESPONSE',
          `${endpoint}: the last row of a page has no key to continue after`,
        );
      }
      return { after: key, skip: 0 };
    },
    // No `remaining`: rows hidden after paging are read again from the last visible key, so a
    // count does not bound the requests; the budget stays at maxRecords / limit.
  };
}

/** Cursor paging: the first page has no cursor (null); each page names the next (a token or a URL). */
export function cursorPaging(options: { limit: number }): PagingStyle<string | null> {
  return {
    kind: 'cursor',
    limit: options.limit,
    first: () => null,
    describe: (cursor) => (cursor === null ? 'the first page' : `cursor ${cursor}`),
    next(_cursor, page, endpoint) {
      if (page.next) return page.next;
      if (page.more === true) {
        throw new PluginError(
          'BAD_RESPONSE',
          `${endpoint}: the server said there is more but named no next page`,
        );
      }
      return undefined;
    },
  };
}

/** The URL of `rel="next"` in a Link header (RFC 8288), or undefined. */
export function nextLink(link: string | readonly string[] | undefined): string | undefined {
  const value = typeof link === 'string' ? link : (link ?? []).join(',');
  for (const part of value.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    const rel = m && /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(m[2]!);
    // rel may list several relation types: rel="next last".
    if (rel && (rel[1] ?? rel[2] ?? '').toLowerCase().split(/\s+/).includes('next')) return m![1];
  }
  return undefined;
}

export interface SkippedRows {
  count: number;
  /** Where the first one failed and why: "incidents[3].created_at: expected string". */
  first?: string;
}

export interface PaginateOptions<T, P> {
  /** What is listed, starting every message: "PagerDuty GET /incidents". */
  endpoint: string;
  style: PagingStyle<P>;
  /** Fetch one page. Throw a PluginError on failure (see `toPluginError`). */
  fetchPage(request: { position: P; limit: number }, signal: AbortSignal): Promise<PageResult>;
  /** Schema of one row; rows that fail it are skipped. */
  item: ZodType<T>;
  /** A raw row's id, for the guard's "nothing new" check (default: its string `id`). */
  idOf?(row: unknown): string | undefined;
  /** Most records the listing may hold (the vendor's cap or a user's ceiling); sets the request budget. */
  maxRecords: number;
  /** Why `maxRecords` is what it is, for the budget message. */
  budgetReason?: string;
  /** What the user can do when a limit is hit, naming the config keys that apply to this endpoint. */
  hint?: string;
  /** Called with the first count the server gives; throw to refuse a listing too big to finish. */
  onTotal?(total: number): void;
  /** Rows' name in messages ("incidents"); default "rows". */
  noun?: string;
  /** Read only the first page. */
  onePage?: boolean;
}

export interface PageOf<T, P> {
  items: T[];
  position: P;
  /** The page's count, when the server gave one. */
  total?: number;
  skipped: SkippedRows;
}

const defaultId = (row: unknown) => {
  const id = (row as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
};

/** The pages of a listing, parsed; stops with BAD_RESPONSE when the guard sees a server that does not page. */
export async function* paginate<T, P>(
  o: PaginateOptions<T, P>,
  signal: AbortSignal,
): AsyncGenerator<PageOf<T, P>> {
  const { style, endpoint } = o;
  const guard = createPageGuard({
    endpoint,
    maxRequests: pageBudget({ records: o.maxRecords, pageSize: style.limit }),
    ...(o.budgetReason ? { budgetReason: o.budgetReason } : {}),
    ...(o.hint ? { hint: o.hint } : {}),
  });
  const noun = o.noun ?? 'rows';
  const idOf = o.idOf ?? defaultId;
  let position: P | undefined = style.first();
  let counted = false;
  let index = 0;
  while (position !== undefined) {
    style.check?.(position);
    guard.beforeRequest(style.describe(position));
    const page = await o.fetchPage({ position, limit: style.limit }, signal);
    guard.afterPage(page.rows.map(idOf));
    const items: T[] = [];
    const skipped: SkippedRows = { count: 0 };
    for (const row of page.rows) {
      const parsed = o.item.safeParse(row);
      if (parsed.success) items.push(parsed.data);
      else {
        skipped.count++;
        const issue = parsed.error.issues[0];
        skipped.first ??= `${noun}[${index}].${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
      }
      index++;
    }
    if (page.total !== undefined && !counted) {
      counted = true;
      o.onTotal?.(page.total);
      const left = style.remaining?.(position, page);
      if (left !== undefined) {
        const pages = Math.ceil(left / style.limit);
        // Headroom for rows added while paging: 10 %, at least 2 requests.
        guard.limitTo(
          guard.requests + pages + Math.max(2, Math.ceil(pages / 10)),
          `the server counted ${page.total} ${noun} at ${style.limit} per page, plus headroom for ${noun} added while paging`,
        );
      }
    }
    yield { items, position, ...(page.total === undefined ? {} : { total: page.total }), skipped };
    position = o.onePage ? undefined : style.next(position, page, endpoint);
  }
}

export interface Collected<T> {
  items: T[];
  /** The first count the server gave, if any. */
  total?: number;
  skipped: SkippedRows;
}

/**
 * Every page of a listing in one array. Skipped rows are logged once (`log.warn`); when every
 * row was malformed the listing fails with BAD_RESPONSE rather than return a silent empty list.
 */
export async function collectPages<T, P>(
  o: PaginateOptions<T, P> & { log?: Pick<PluginLogger, 'warn'> },
  signal: AbortSignal,
): Promise<Collected<T>> {
  const items: T[] = [];
  const skipped: SkippedRows = { count: 0 };
  let total: number | undefined;
  for await (const page of paginate(o, signal)) {
    items.push(...page.items);
    total ??= page.total;
    skipped.count += page.skipped.count;
    skipped.first ??= page.skipped.first;
  }
  if (skipped.count > 0) {
    const text = `skipped ${skipped.count} malformed ${o.noun ?? 'rows'} from ${o.endpoint} (${skipped.first})`;
    if (items.length === 0) throw new PluginError('BAD_RESPONSE', text);
    o.log?.warn(text);
  }
  return { items, ...(total === undefined ? {} : { total }), skipped };
}
