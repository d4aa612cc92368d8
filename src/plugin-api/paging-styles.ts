/**
 * The paging styles `paginate` asks for pages in: where a listing starts, what position comes
 * after a page, when it ends, and what a page must look like. `offsetPaging` (PagerDuty),
 * `keysetPaging` (ServiceNow, on sys_id) and `cursorPaging` (a token or a `Link: rel="next"`
 * URL, read with `nextLink`). A vendor with another scheme can write its own `PagingStyle`.
 *
 * @experimental added within plugin API v1 (issue 8).
 */
import { PluginError } from './errors.js';

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
  /**
   * Throw (a PluginError) if a page breaks what the style relies on, e.g. keys out of order;
   * called before its rows are parsed.
   */
  checkPage?(position: P, page: PageResult, endpoint: string): void;
  /**
   * Requests one page of rows may cost (default 1). Keyset paging: 2, because a page whose last
   * rows were hidden after paging advances less than a page. Multiplies the request budget.
   */
  readonly requestsPerPage?: number;
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
  /** With neither `more` nor `total`, a page shorter than the limit ends the listing (see `keysetPaging`). */
  shortPageEnds?: boolean;
}): PagingStyle<number> {
  const { limit, window, shortPageEnds = false } = options;
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
      return unsignalledMore(page, step(page), shortPageEnds) ? after : undefined;
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
 * Without `more` or `total`, does this page hint at more? An empty page never does; a short one
 * does unless `shortPageEnds` (rows hidden after paging make short pages that are not the end,
 * but a server that sends no signal at all may prefer one request less per listing).
 */
function unsignalledMore(page: PageResult, limit: number, shortPageEnds: boolean): boolean {
  return shortPageEnds ? page.rows.length >= limit : page.rows.length > 0;
}

/**
 * Keyset paging: ask for rows with a key after the last one read, sorted by that key. The key
 * must never change (ServiceNow `sys_id`, not `sys_updated_on`). `total`, when given, counts the
 * rows after `after` — as ServiceNow's X-Total-Count does for `sys_id>last` — and ends the
 * listing once `skip + limit` reaches it. A page with no keyed row (emptied by rows hidden after
 * paging) continues within the same key by `skip` (send it as the offset). A page whose keys do
 * not rise, or do not follow `after`, is refused: continuing over it would skip rows silently.
 *
 * Budget: two requests a page. A page whose last rows were hidden advances only to its last
 * visible key, but the page after it then starts inside the hidden run and reaches past the
 * first page's end, so any two requests advance at least `limit` rows.
 */
export function keysetPaging(options: {
  limit: number;
  /** The key of a raw row (undefined if it has none). */
  keyOf(row: unknown): string | undefined;
  /** The key's name in positions and messages ("sys_id>…"); default "key". */
  keyName?: string;
  /** The server's key order (default: by UTF-16 code unit, as `<` on strings). */
  compare?(a: string, b: string): number;
  /** With neither `more` nor `total`, a page shorter than the limit ends the listing. */
  shortPageEnds?: boolean;
}): PagingStyle<KeysetPosition> {
  const { limit, keyOf, keyName = 'key', shortPageEnds = false } = options;
  const compare = options.compare ?? ((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    kind: 'keyset',
    limit,
    requestsPerPage: 2,
    first: () => ({ skip: 0 }),
    describe: (pos) =>
      `${pos.after === undefined ? 'the start' : `${keyName}>${pos.after}`}${pos.skip ? ` +${pos.skip}` : ''}`,
    checkPage(pos, page, endpoint) {
      let prev = pos.after;
      for (const row of page.rows) {
        const key = keyOf(row);
        if (key === undefined) continue;
        if (prev !== undefined && compare(key, prev) <= 0) {
          throw new PluginError(
            'BAD_RESPONSE',
            `${endpoint}: rows are not in ${keyName} order (${keyName} ${key} came after ${prev}); ` +
              `paging relies on the server sorting by ${keyName}, stopped rather than skip rows`,
          );
        }
        prev = key;
      }
    },
    next(pos, page) {
      const more =
        page.more ??
        (page.total !== undefined
          ? pos.skip + limit < page.total
          : unsignalledMore(page, limit, shortPageEnds));
      if (!more) return undefined;
      // The last row that has a key: rows without one are skipped as malformed, not followed.
      const key = page.rows.map(keyOf).findLast((k) => k !== undefined);
      if (key === undefined) {
        // Nothing keyed on this page (rows hidden after paging): step past it within the same key.
        return { ...(pos.after === undefined ? {} : { after: pos.after }), skip: pos.skip + limit };
      }
      return { after: key, skip: 0 };
    },
    // Rows after this page as if it advanced a whole page; `requestsPerPage` covers one that did not.
    remaining: (pos, page) =>
      page.total === undefined ? undefined : Math.max(0, page.total - pos.skip - limit),
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
