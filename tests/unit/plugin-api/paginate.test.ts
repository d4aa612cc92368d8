/**
 * The paging loop and its three styles, against in-memory "servers" written the way the
 * vendors behave: PagerDuty's offset + `more`, ServiceNow's rows hidden after paging with an
 * X-Total-Count, keyset on an id that never changes, and Link rel="next" cursors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  collectPages,
  cursorPaging,
  type KeysetPosition,
  keysetPaging,
  nextLink,
  offsetPaging,
  type PageResult,
  type PaginateOptions,
  PluginError,
  paginate,
} from '../../../src/plugin-api/index.js';

const row = z.object({ id: z.string(), n: z.number() });
type Row = z.infer<typeof row>;
const rows = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `R${String(i).padStart(5, '0')}`, n: i }));
const signal = () => AbortSignal.timeout(5_000);

async function failure(p: Promise<unknown>): Promise<PluginError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PluginError);
  return err as PluginError;
}

function options<P>(
  style: PaginateOptions<Row, P>['style'],
  fetchPage: PaginateOptions<Row, P>['fetchPage'],
  extra: Partial<PaginateOptions<Row, P>> = {},
): PaginateOptions<Row, P> {
  return {
    endpoint: 'Acme GET /items',
    style,
    fetchPage,
    item: row,
    maxRecords: 10_000,
    noun: 'items',
    ...extra,
  };
}

/** Rows a read ACL hides after the page was fetched: the page comes back short (or empty). */
const visible = (r: Row, hidden: ReadonlySet<number>) => !hidden.has(r.n);

describe('offsetPaging', () => {
  it('follows `more`, stepping by the limit the server applied (PagerDuty)', async () => {
    const all = rows(250);
    const seen: number[] = [];
    const { items } = await collectPages(
      options(offsetPaging({ limit: 100 }), async ({ position }) => {
        seen.push(position);
        const page = all.slice(position, position + 50); // the server lowers the limit to 50
        return { rows: page, more: position + 50 < all.length, limit: 50 };
      }),
      signal(),
    );
    expect(seen).toEqual([0, 50, 100, 150, 200]);
    expect(items).toEqual(all);
  });

  it('never stops at a short or empty page when the total says there is more (ServiceNow ACLs)', async () => {
    const all = rows(120);
    const hidden = new Set([...Array.from({ length: 40 }, (_, i) => i + 40), 3, 119]);
    const { items } = await collectPages(
      options(offsetPaging({ limit: 20 }), async ({ position, limit }) => ({
        rows: all.slice(position, position + limit).filter((r) => visible(r, hidden)),
        total: all.length,
      })),
      signal(),
    );
    expect(items).toEqual(all.filter((r) => visible(r, hidden)));
  });

  it('with no signal at all, reads until an empty page (one request more, never one short)', async () => {
    const all = rows(45);
    const seen: number[] = [];
    const { items } = await collectPages(
      options(offsetPaging({ limit: 20 }), async ({ position, limit }) => {
        seen.push(position);
        return { rows: all.slice(position, position + limit) };
      }),
      signal(),
    );
    expect(items).toEqual(all);
    expect(seen).toEqual([0, 20, 40, 60]);
  });

  it('throws the vendor’s error instead of crossing an offset window', async () => {
    const err = await failure(
      collectPages(
        options(
          offsetPaging({
            limit: 100,
            window: { max: 300, error: (o) => new PluginError('INVALID', `past the window at ${o}`) },
          }),
          async ({ position }) => ({
            rows: rows(100).map((r) => ({ ...r, id: `${r.id}-${position}` })),
            more: true,
          }),
        ),
        signal(),
      ),
    );
    expect(err).toMatchObject({ code: 'INVALID', message: 'past the window at 300' });
  });

  it('the issue-7 guard stops a server that answers every page with the same rows', async () => {
    const err = await failure(
      collectPages(
        options(offsetPaging({ limit: 10 }), async () => ({ rows: rows(10), more: true })),
        signal(),
      ),
    );
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(/^Acme GET \/items: the page at offset 10 repeated 10 records/);
  });

  it('tightens the budget once a total is known, and lets onTotal refuse a listing too big to finish', async () => {
    const endless = async ({ position }: { position: number }): Promise<PageResult> => ({
      rows: rows(10).map((r) => ({ ...r, id: `${r.id}-${position}` })),
      total: 30,
      more: true,
    });
    const err = await failure(collectPages(options(offsetPaging({ limit: 10 }), endless), signal()));
    // 3 pages counted, plus 2 headroom: stopped after 5 requests, not 1 000.
    expect(err.message).toMatch(/stopped after 5 requests.*counted 30 items/);
    const refused = await failure(
      collectPages(
        options(offsetPaging({ limit: 10 }), endless, {
          onTotal: (n) => {
            throw new PluginError('INVALID', `${n} is more than connectors.acme.maxRecords`);
          },
        }),
        signal(),
      ),
    );
    expect(refused.message).toBe('30 is more than connectors.acme.maxRecords');
  });

  it('property: whatever rows ACLs hide and whatever page size, offset paging with a total misses none', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 50 }),
        fc.func(fc.boolean()),
        async (count, limit, hides) => {
          const all = rows(count);
          const hidden = new Set(all.filter((r) => hides(r.n)).map((r) => r.n));
          const { items } = await collectPages(
            options(offsetPaging({ limit }), async ({ position }) => ({
              rows: all.slice(position, position + limit).filter((r) => visible(r, hidden)),
              total: count,
            })),
            signal(),
          );
          expect(items).toEqual(all.filter((r) => visible(r, hidden)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('keysetPaging', () => {
  /** A keyset server: rows with id > after, sorted by id, then skip/limit; total counts rows after `after`. */
  const server =
    (all: Row[], hidden: ReadonlySet<number>, seen: KeysetPosition[] = []) =>
    async ({ position, limit }: { position: KeysetPosition; limit: number }): Promise<PageResult> => {
      seen.push(position);
      const after = all.filter((r) => position.after === undefined || r.id > position.after);
      return {
        rows: after.slice(position.skip, position.skip + limit).filter((r) => visible(r, hidden)),
        total: after.length,
      };
    };
  const keyOf = (r: unknown) => (r as { id?: string }).id;

  it('continues after the last key read, and steps within a key past a page ACLs emptied', async () => {
    const all = rows(50);
    const hidden = new Set(Array.from({ length: 15 }, (_, i) => i + 10)); // rows 10..24 hidden
    const seen: KeysetPosition[] = [];
    const { items } = await collectPages(
      options(keysetPaging({ limit: 10, keyOf }), server(all, hidden, seen)),
      signal(),
    );
    expect(items).toEqual(all.filter((r) => visible(r, hidden)));
    expect(seen).toEqual([
      { skip: 0 },
      { after: 'R00009', skip: 0 }, // rows 10-19: all hidden, an empty page
      { after: 'R00009', skip: 10 }, // so step past them within the same key
      { after: 'R00029', skip: 0 },
      { after: 'R00039', skip: 0 }, // X-Total-Count 10 after R00039: this page is the last
    ]);
  });

  it('a row updated mid-load: offset over a changing sort key misses a row, keyset on the id does not', async () => {
    // `n` plays sys_updated_on: after the first page, row 0 is updated and sorts last.
    const load = async <P>(
      style: PaginateOptions<Row, P>['style'],
      page: (data: Row[], p: P, limit: number) => Row[],
    ) => {
      const data = rows(30);
      let calls = 0;
      const { items } = await collectPages(
        options(style, async ({ position, limit }) => {
          if (calls++ === 1) data[0] = { ...data[0]!, n: 99 };
          return { rows: page(data, position, limit), total: 30 };
        }),
        signal(),
      );
      return new Set(items.map((r) => r.id)).size;
    };
    const byUpdated = (data: Row[]) => [...data].sort((a, b) => a.n - b.n);
    const missed = await load(offsetPaging({ limit: 10 }), (data, offset: number, limit) =>
      byUpdated(data).slice(offset, offset + limit),
    );
    expect(missed).toBe(29); // R00010 slid back across the boundary and was never read
    const complete = await load(keysetPaging({ limit: 10, keyOf }), (data, pos: KeysetPosition, limit) =>
      data.filter((r) => pos.after === undefined || r.id > pos.after).slice(pos.skip, pos.skip + limit),
    );
    expect(complete).toBe(30);
  });

  it('continues after the last row that has a key; a row without one is skipped and reported', async () => {
    const all = rows(9);
    const seen: KeysetPosition[] = [];
    const warned: string[] = [];
    const { items, skipped } = await collectPages(
      {
        ...options(keysetPaging({ limit: 3, keyOf }), async ({ position, limit }) => {
          seen.push(position);
          const page = all.filter((r) => position.after === undefined || r.id > position.after);
          // Row 5 comes without its id (a blanked field): the page's last key is R00004.
          return {
            rows: page.slice(0, limit).map((r) => (r.n === 5 ? { n: 5 } : r)),
            more: page.length > limit,
          };
        }),
        log: { warn: (m: string) => warned.push(m) },
      },
      signal(),
    );
    expect(items).toEqual(all.filter((r) => r.n !== 5));
    expect(seen.map((p) => p.after)).toEqual([undefined, 'R00002', 'R00004', 'R00007']);
    expect(skipped.count).toBe(2); // read twice: once on each page it stood on
    expect(warned[0]).toMatch(/^skipped 2 malformed items from Acme GET \/items \(items\[5\]\.id: /);
  });

  it('refuses a page whose keys do not rise, naming the key and the rows', async () => {
    const style = keysetPaging({ limit: 3, keyOf, keyName: 'sys_id' });
    const err = await failure(
      collectPages(
        options(style, async () => ({ rows: [rows(3)[0], rows(3)[2], rows(3)[1]], more: true })),
        signal(),
      ),
    );
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(
      /^Acme GET \/items: rows are not in sys_id order \(sys_id R00001 came after R00002\); paging relies on the server sorting by sys_id/,
    );
    // Rows before the key read last are out of order too: continuing would skip rows.
    expect(() => style.checkPage?.({ after: 'R00005', skip: 0 }, { rows: [rows(3)[2]] }, 'x')).toThrow(
      /sys_id R00002 came after R00005/,
    );
    expect(style.describe({ after: 'R00005', skip: 6 })).toBe('sys_id>R00005 +6');
    expect(style.describe({ skip: 0 })).toBe('the start');
  });

  it('without a count or links: an empty page ends it, or a short one with shortPageEnds', async () => {
    const all = rows(25);
    const positions = async (shortPageEnds: boolean) => {
      const seen: (string | undefined)[] = [];
      const { items } = await collectPages(
        options(keysetPaging({ limit: 10, keyOf, shortPageEnds }), async ({ position, limit }) => {
          seen.push(position.after);
          return {
            rows: all.filter((r) => position.after === undefined || r.id > position.after).slice(0, limit),
          };
        }),
        signal(),
      );
      expect(items).toEqual(all);
      return seen;
    };
    expect(await positions(false)).toEqual([undefined, 'R00009', 'R00019', 'R00024']);
    expect(await positions(true)).toEqual([undefined, 'R00009', 'R00019']);
  });

  it('budgets two requests a page, before and after the count, and says why', async () => {
    // New keys for ever: only the budget stops it.
    const endless =
      (total?: number) =>
      async ({ position, limit }: { position: KeysetPosition; limit: number }): Promise<PageResult> => {
        const from = position.after === undefined ? 0 : Number(position.after.slice(1)) + 1;
        return {
          rows: rows(from + limit).slice(from),
          ...(total === undefined ? { more: true } : { total }),
        };
      };
    const uncounted = await failure(
      collectPages(options(keysetPaging({ limit: 10, keyOf }), endless(), { maxRecords: 55 }), signal()),
    );
    expect(uncounted.message).toMatch(
      /stopped after 12 requests, the most one listing may send \(55 items at 10 per page, 2 requests a page for pages thinned out by rows hidden after paging\)/,
    );
    const counted = await failure(
      collectPages(
        options(keysetPaging({ limit: 10, keyOf }), endless(30), {
          totalReason: (n) => `X-Total-Count ${n} at 10 per page, twice, plus headroom`,
        }),
        signal(),
      ),
    );
    // 3 pages for 30 rows, doubled, plus 2 of headroom.
    expect(counted.message).toMatch(
      /stopped after 8 requests.*\(X-Total-Count 30 at 10 per page, twice, plus headroom\)/,
    );
  });

  it('property: keyset paging with hidden rows misses none and repeats none', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 40 }),
        fc.func(fc.boolean()),
        async (count, limit, hides) => {
          const all = rows(count);
          const hidden = new Set(all.filter((r) => hides(r.n)).map((r) => r.n));
          const { items } = await collectPages(
            options(keysetPaging({ limit, keyOf }), server(all, hidden)),
            signal(),
          );
          expect(items).toEqual(all.filter((r) => visible(r, hidden)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('cursorPaging and Link rel="next"', () => {
  it('follows next links until there is none', async () => {
    const all = rows(25);
    const pages = new Map<string | null, PageResult>([
      [null, { rows: all.slice(0, 10), next: 'https://x/items?offset=10' }],
      ['https://x/items?offset=10', { rows: all.slice(10, 20), next: 'https://x/items?offset=20' }],
      ['https://x/items?offset=20', { rows: all.slice(20), next: null }],
    ]);
    const { items } = await collectPages(
      options(cursorPaging({ limit: 10 }), async ({ position }) => pages.get(position)!),
      signal(),
    );
    expect(items).toEqual(all);
  });

  it('stops a cursor that leads back to a page already read, and a "more" without a next', async () => {
    const loop = await failure(
      collectPages(
        options(cursorPaging({ limit: 1 }), async ({ position }) => ({
          rows: [{ id: `R-${position}`, n: 0 }],
          next: position === 'b' ? 'a' : position === 'a' ? 'b' : 'a',
        })),
        signal(),
      ),
    );
    expect(loop.message).toMatch(/sent the listing back to cursor a/);
    const lost = await failure(
      collectPages(
        options(cursorPaging({ limit: 1 }), async () => ({ rows: [], more: true })),
        signal(),
      ),
    );
    expect(lost.message).toMatch(/said there is more but named no next page/);
  });

  it('nextLink reads rel="next" the way ServiceNow and GitHub write Link', () => {
    const sn =
      '<https://x.service-now.com/api/now/table/incident?sysparm_offset=0&sysparm_limit=2>;rel="first",' +
      '<https://x.service-now.com/api/now/table/incident?sysparm_offset=2&sysparm_limit=2>;rel="next",' +
      '<https://x.service-now.com/api/now/table/incident?sysparm_offset=40&sysparm_limit=2>;rel="last"';
    expect(nextLink(sn)).toBe(
      'https://x.service-now.com/api/now/table/incident?sysparm_offset=2&sysparm_limit=2',
    );
    expect(nextLink('<https://a/2>; rel="next last"')).toBe('https://a/2');
    expect(nextLink('<https://a/2>; rel=next')).toBe('https://a/2');
    expect(nextLink(['<https://a/1>; rel="prev"', '<https://a/3>; rel="next"'])).toBe('https://a/3');
    expect(nextLink('<https://a/1>; rel="prev", <https://a/9>; rel="last"')).toBeUndefined();
    expect(nextLink('<https://a/nextpage>; rel="prev"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});

describe('skipped rows', () => {
  it('skips and reports a malformed row with where it was; fails only when every row is malformed', async () => {
    const warned: string[] = [];
    const good = rows(3);
    const { items, skipped } = await collectPages(
      {
        ...options(offsetPaging({ limit: 10 }), async () => ({
          rows: [good[0], { id: 'X', n: 'two' }, good[2]],
          more: false,
        })),
        log: { warn: (m: string) => warned.push(m) },
      },
      signal(),
    );
    expect(items).toEqual([good[0], good[2]]);
    expect(skipped).toEqual({
      count: 1,
      first: 'items[1].n: Invalid input: expected number, received string',
    });
    expect(warned).toEqual([
      'skipped 1 malformed items from Acme GET /items (items[1].n: Invalid input: expected number, received string)',
    ]);
    const err = await failure(
      collectPages(
        options(offsetPaging({ limit: 10 }), async () => ({ rows: [{ id: 'X' }], more: false })),
        signal(),
      ),
    );
    expect(err.code).toBe('BAD_RESPONSE');
  });

  it('paginate yields page by page, and onePage reads one', async () => {
    const all = rows(30);
    const fetch = async ({ position, limit }: { position: number; limit: number }) => ({
      rows: all.slice(position, position + limit),
      total: 30,
    });
    const pages: number[] = [];
    for await (const page of paginate(options(offsetPaging({ limit: 10 }), fetch), signal()))
      pages.push(page.items.length);
    expect(pages).toEqual([10, 10, 10]);
    const one: number[] = [];
    for await (const page of paginate(
      options(offsetPaging({ limit: 10 }), fetch, { onePage: true }),
      signal(),
    ))
      one.push(page.position);
    expect(one).toEqual([0]);
  });
});
