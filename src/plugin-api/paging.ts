/**
 * Bounded paging for connectors (plugin API v1, additive).
 *
 * A vendor list is read page by page until the server says there is no more. A
 * server or proxy that ignores the paging parameters answers every page with the
 * same records and "more", and a naive loop then sends thousands of requests in
 * one poll. A `PageGuard` tracks one listing and stops it with a `BAD_RESPONSE`
 * PluginError, naming the endpoint and what went wrong, when:
 *
 * - a page position (offset, cursor, keyset) is asked for twice;
 * - a page that holds records brings no record id not already seen in this listing;
 * - the listing would send more requests than its budget (see `pageBudget`).
 *
 * @experimental
 */
import { PluginError } from './errors.js';

export interface PageGuardOptions {
  /** What is being listed, for messages: `PagerDuty GET /incidents`. */
  endpoint: string;
  /** Most requests this listing may send; must be at least 1. */
  maxRequests: number;
  /** Why the budget is what it is, for the message: `10000 records at 100 per page`. */
  budgetReason?: string;
  /** What the user can do when the budget runs out, appended to that message. */
  hint?: string;
}

export interface PageGuard {
  /**
   * Call before sending each page request with a label for its position
   * (`offset 200`, the cursor value, the last key). Throws BAD_RESPONSE when that
   * position was already requested in this listing or the request budget is spent.
   */
  beforeRequest(position: string): void;
  /**
   * Call with the ids of the records a page returned (undefined for a record without
   * one). Throws BAD_RESPONSE when the page held ids and none of them was new.
   * Returns how many of them were new.
   */
  afterPage(ids: Iterable<string | undefined>): number;
  /** Lower (never raise) the budget once the server says how much there is, e.g. X-Total-Count. */
  limitTo(maxRequests: number, reason: string): void;
  /** Requests counted so far. */
  readonly requests: number;
  /** Current budget. */
  readonly maxRequests: number;
}

/**
 * Requests needed to read `records` at `pageSize` per page, plus `headroom` pages
 * (records added while paging, a short page from a busy server). At least 1.
 */
export function pageBudget(options: { records: number; pageSize: number; headroom?: number }): number {
  const pageSize = Math.max(1, Math.floor(options.pageSize));
  const records = Math.max(0, options.records);
  const headroom = Math.max(0, Math.floor(options.headroom ?? 0));
  return Math.max(1, Math.ceil(records / pageSize) + headroom);
}

export function createPageGuard(options: PageGuardOptions): PageGuard {
  if (!Number.isFinite(options.maxRequests) || options.maxRequests < 1) {
    throw new TypeError(`createPageGuard(${options.endpoint}): maxRequests must be a number ≥ 1`);
  }
  let budget = Math.floor(options.maxRequests);
  let why = options.budgetReason;
  let requests = 0;
  let current = '';
  const positions = new Set<string>();
  const seen = new Set<string>();

  const stop = (text: string) => new PluginError('BAD_RESPONSE', `${options.endpoint}: ${text}`);

  return {
    beforeRequest(position) {
      if (positions.has(position)) {
        throw stop(
          `the server sent the listing back to ${position}, which was already read; ` +
            `stopped after ${requests} request${requests === 1 ? '' : 's'} instead of paging in a loop. ` +
            'A server or proxy that ignores the paging parameters answers like this.',
        );
      }
      if (requests >= budget) {
        throw stop(
          `stopped after ${requests} requests, the most one listing may send` +
            `${why ? ` (${why})` : ''}, and the server still said there was more.` +
            `${options.hint ? ` ${options.hint}` : ''}`,
        );
      }
      positions.add(position);
      current = position;
      requests++;
    },
    afterPage(ids) {
      let total = 0;
      let fresh = 0;
      for (const id of ids) {
        if (id === undefined) continue;
        total++;
        if (!seen.has(id)) {
          seen.add(id);
          fresh++;
        }
      }
      if (total > 0 && fresh === 0) {
        throw stop(
          `the page at ${current} repeated ${total} record${total === 1 ? '' : 's'} already received ` +
            `and nothing new, so the server is not paging; stopped after ${requests} requests. ` +
            'A server or proxy that ignores the paging parameters answers like this.',
        );
      }
      return fresh;
    },
    limitTo(maxRequests, reason) {
      const next = Math.max(1, Math.floor(maxRequests));
      if (next < budget) {
        budget = next;
        why = reason;
      }
    },
    get requests() {
      return requests;
    },
    get maxRequests() {
      return budget;
    },
  };
}
