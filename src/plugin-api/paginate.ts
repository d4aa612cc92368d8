/**
 * One paging loop for every connector: you write how to fetch one page; the loop asks for the
 * pages in the vendor's paging style, parses each row on its own (a malformed row is skipped
 * and reported, not fatal), and keeps the issue-7 guard in charge (no position read twice, no
 * page of nothing but repeats, a request budget).
 *
 * The styles are in paging-styles.ts: `offsetPaging`, `keysetPaging` (steps by offset within
 * one key past a page emptied by rows hidden after paging) and `cursorPaging`. Both built-in
 * connectors page through here: PagerDuty by offset, ServiceNow by keyset on sys_id.
 *
 * @experimental added within plugin API v1 (issue 8).
 */
import type { ZodType } from 'zod';
import { PluginError } from './errors.js';
import type { PluginLogger } from './index.js';
import { createPageGuard, pageBudget } from './paging.js';
import type { PageResult, PagingStyle } from './paging-styles.js';

export {
  cursorPaging,
  type KeysetPosition,
  keysetPaging,
  nextLink,
  offsetPaging,
  type PageResult,
  type PagingStyle,
} from './paging-styles.js';

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
  /** Why `maxRecords` is what it is, for the budget message (default: "N rows at L per page"). */
  budgetReason?: string;
  /**
   * Why the budget is what it is once the server counted the rows, for the budget message
   * (default: "the server counted N rows at L per page, plus headroom …"). Name the count's
   * source if it helps the reader ("X-Total-Count 30 at 10 per page …").
   */
  totalReason?(total: number): string;
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
  const noun = o.noun ?? 'rows';
  const perPage = style.requestsPerPage ?? 1;
  const thinned =
    perPage > 1 ? `, ${perPage} requests a page for pages thinned out by rows hidden after paging` : '';
  const guard = createPageGuard({
    endpoint,
    maxRequests: perPage * pageBudget({ records: o.maxRecords, pageSize: style.limit }),
    budgetReason: o.budgetReason ?? `${o.maxRecords} ${noun} at ${style.limit} per page${thinned}`,
    ...(o.hint ? { hint: o.hint } : {}),
  });
  const idOf = o.idOf ?? defaultId;
  let position: P | undefined = style.first();
  let counted = false;
  let index = 0;
  while (position !== undefined) {
    style.check?.(position);
    guard.beforeRequest(style.describe(position));
    const page = await o.fetchPage({ position, limit: style.limit }, signal);
    // The count first: a listing too big to finish is refused whatever its first page holds.
    if (page.total !== undefined && !counted) {
      counted = true;
      o.onTotal?.(page.total);
      const left = style.remaining?.(position, page);
      if (left !== undefined) {
        // The pages the count needs from the start of the listing, each at its cost in requests,
        // plus headroom for rows added while paging: 10 % of the pages, at least 2 requests.
        const pages = guard.requests + Math.ceil(left / style.limit);
        guard.limitTo(
          perPage * pages + Math.max(2, Math.ceil(pages / 10)),
          o.totalReason?.(page.total) ??
            `the server counted ${page.total} ${noun} at ${style.limit} per page${thinned}, plus headroom for ${noun} added while paging`,
        );
      }
    }
    guard.afterPage(page.rows.map(idOf));
    style.checkPage?.(position, page, endpoint);
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
