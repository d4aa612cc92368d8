/**
 * Keyset paging over sys_id, the one key of a row that never changes.
 *
 * Offset paging over `ORDERBYsys_updated_on` loses rows on a live instance: a row
 * updated mid-load jumps to the end and an unread row slides back across a page
 * boundary. Ordered by sys_id and asking for `sys_id>last`, an update moves
 * nothing, so every row is read exactly once.
 *
 * Read ACLs make it harder: ServiceNow filters a page *after* fetching it, so a
 * page can come back short or empty while later rows are still there. So a page
 * never ends the listing by its length. The end is where the server says: the
 * `X-Total-Count` of the request (rows with `sys_id>last`, hidden ones included)
 * fits inside this page, or, without a count, `Link` has no rel="next". A page
 * whose rows were all hidden gives no new key; the next request then skips one
 * page further past the same key (`sysparm_offset`), instead of asking again.
 *
 * The shape — position in, one page of ids plus the server's count and link out,
 * next position back — is the one a shared paging iterator can take over.
 */
import { and, cond, orderBy } from './query.js';

/** Where a page starts: after this sys_id (none: the beginning), this many rows further. */
export interface KeysetPosition {
  after?: string;
  skip: number;
}

export interface PageAnswer {
  /** sys_ids of the rows the page returned, in order (undefined for a row without one). */
  ids: readonly (string | undefined)[];
  /** X-Total-Count of this request: rows matching it, rows hidden by ACLs included. */
  total?: number;
  /** Link rel="next" present; undefined when the answer had no Link header at all. */
  next?: boolean;
}

export const START: KeysetPosition = { skip: 0 };

/** The page's query: the conditions, the keyset condition, and the order it relies on. */
export function keysetQuery(conditions: string, pos: KeysetPosition): string {
  return and(conditions, pos.after !== undefined && cond('sys_id', '>', pos.after), orderBy('sys_id'));
}

/** A label for the page guard and for messages: `sys_id>…4f2a +500`. */
export function positionLabel(pos: KeysetPosition): string {
  const key = pos.after === undefined ? 'the start' : `sys_id>${pos.after}`;
  return pos.skip > 0 ? `${key} +${pos.skip}` : key;
}

/**
 * Where the next page starts, or undefined when the listing is complete. `limit` is the
 * page size asked for: a page may hold fewer rows (ACLs) without being the last.
 */
export function nextPosition(
  pos: KeysetPosition,
  page: PageAnswer,
  limit: number,
): KeysetPosition | undefined {
  let more: boolean;
  if (page.total !== undefined) more = pos.skip + limit < page.total;
  else if (page.next !== undefined) more = page.next;
  // Neither count nor links: a full page is the only hint that more may follow.
  else more = page.ids.length >= limit;
  if (!more) return undefined;
  const last = page.ids.findLast((id) => id !== undefined);
  return last !== undefined ? { after: last, skip: 0 } : { ...pos, skip: pos.skip + limit };
}

/** Why a page breaks keyset order (ids must rise, all past the key), or undefined when it does not. */
export function orderProblem(pos: KeysetPosition, ids: readonly (string | undefined)[]): string | undefined {
  let prev = pos.after;
  for (const id of ids) {
    if (id === undefined) continue;
    if (prev !== undefined && id <= prev) return `sys_id ${id} came after ${prev}`;
    prev = id;
  }
  return undefined;
}
