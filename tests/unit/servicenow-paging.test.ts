/**
 * Keyset paging over sys_id — the toolkit's keyset style as the ServiceNow client sets it up
 * (`sysIdPaging`) — against a model of ServiceNow: rows in sys_id order, read ACLs applied
 * after the page is cut, X-Total-Count and Link counting hidden rows, rows inserted between pages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysetQuery, sysIdPaging } from '../../plugins/servicenow/client.js';
import { createPageGuard, type KeysetPosition, type PageResult } from '../../src/plugin-api/index.js';

const id = (n: number) => n.toString(16).padStart(32, '0');
const START: KeysetPosition = { skip: 0 };

/** One page as the model answers it: the sys_ids the page returned, its count and its link. */
interface PageAnswer {
  ids: readonly (string | undefined)[];
  total?: number;
  next?: boolean;
}

/** The answer as the client hands it to the toolkit: rows, and X-Total-Count before Link. */
const asPage = (page: PageAnswer): PageResult => ({
  rows: page.ids.map((sys_id) => (sys_id === undefined ? {} : { sys_id })),
  ...(page.total !== undefined ? { total: page.total } : page.next !== undefined ? { more: page.next } : {}),
});

const nextPosition = (pos: KeysetPosition, page: PageAnswer, limit: number) =>
  sysIdPaging(limit).next(pos, asPage(page), 'model');
const positionLabel = (pos: KeysetPosition) => sysIdPaging(1).describe(pos);
/** Why a page breaks keyset order, or undefined when it does not. */
function orderProblem(pos: KeysetPosition, ids: readonly (string | undefined)[]): string | undefined {
  try {
    sysIdPaging(1).checkPage?.(pos, asPage({ ids }), 'model');
    return undefined;
  } catch (err) {
    return /\((sys_id .*? came after .*?)\)/.exec((err as Error).message)?.[1] ?? (err as Error).message;
  }
}

interface Model {
  ids: string[];
  hidden: Set<string>;
}

/** One page as ServiceNow answers it: cut first, ACL after; count and link see every row. */
function answer(
  m: Model,
  pos: KeysetPosition,
  limit: number,
  signals: 'count' | 'link' | 'both',
): PageAnswer {
  const rest = m.ids.filter((x) => pos.after === undefined || x > pos.after);
  const cut = rest.slice(pos.skip, pos.skip + limit);
  const ids = cut.filter((x) => !m.hidden.has(x));
  const next = pos.skip + limit < rest.length;
  if (signals === 'count') return { ids, total: rest.length };
  if (signals === 'link') return { ids, next };
  return { ids, total: rest.length, next };
}

function walk(m: Model, limit: number, signals: 'count' | 'link' | 'both', between?: (n: number) => void) {
  const guard = createPageGuard({
    endpoint: 'model',
    maxRequests: 2 * Math.ceil((m.ids.length + 50) / limit) + 2,
  });
  const read: string[] = [];
  let pos: KeysetPosition | undefined = START;
  for (let n = 0; pos; n++) {
    guard.beforeRequest(positionLabel(pos));
    const page = answer(m, pos, limit, signals);
    guard.afterPage(page.ids);
    expect(orderProblem(pos, page.ids)).toBeUndefined();
    read.push(...(page.ids as string[]));
    between?.(n);
    pos = nextPosition(pos, page, limit);
  }
  return { read, requests: guard.requests };
}

describe('keyset paging', () => {
  it('builds the page query on the conditions, the key and the sys_id order', () => {
    expect(keysetQuery('active=true', START)).toBe('active=true^ORDERBYsys_id');
    expect(keysetQuery('active=true', { after: id(7), skip: 20 })).toBe(
      `active=true^sys_id>${id(7)}^ORDERBYsys_id`,
    );
    expect(keysetQuery('', START)).toBe('ORDERBYsys_id');
    expect(positionLabel({ after: 'abc', skip: 500 })).toBe('sys_id>abc +500');
  });

  it('never ends on a short or empty page while the count or the link says more', () => {
    expect(nextPosition(START, { ids: [], total: 30 }, 10)).toEqual({ skip: 10 });
    expect(nextPosition({ after: 'k', skip: 10 }, { ids: [], total: 30 }, 10)).toEqual({
      after: 'k',
      skip: 20,
    });
    expect(nextPosition({ after: 'k', skip: 20 }, { ids: [], total: 30 }, 10)).toBeUndefined();
    expect(nextPosition(START, { ids: ['a'], next: true }, 10)).toEqual({ after: 'a', skip: 0 });
    expect(nextPosition(START, { ids: ['a'], next: false }, 10)).toBeUndefined();
    // No count, no link: only a full page hints at more.
    expect(nextPosition(START, { ids: ['a', 'b'] }, 2)).toEqual({ after: 'b', skip: 0 });
    expect(nextPosition(START, { ids: ['a'] }, 2)).toBeUndefined();
  });

  it('reads every visible row exactly once, in order, whatever the ACL hides', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 12 }),
        fc.func(fc.boolean()),
        fc.constantFrom('count', 'link', 'both') as fc.Arbitrary<'count' | 'link' | 'both'>,
        (n, limit, hides, signals) => {
          const ids = Array.from({ length: n }, (_, i) => id(i * 3 + 1));
          const hidden = new Set(ids.filter((x) => hides(x)));
          const { read, requests } = walk({ ids, hidden }, limit, signals);
          expect(read).toEqual(ids.filter((x) => !hidden.has(x)));
          // A page thinned out by the ACL still advances at least half a page on average.
          expect(requests).toBeLessThanOrEqual(2 * Math.ceil(n / limit) + 1);
        },
      ),
    );
  });

  it('keeps every row that existed at the start when rows are inserted between pages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }),
        (n, limit, inserts) => {
          const ids = Array.from({ length: n }, (_, i) => id(i * 4 + 2));
          const m: Model = { ids: [...ids], hidden: new Set() };
          const { read } = walk(m, limit, 'count', (k) => {
            const at = inserts[k];
            if (at === undefined || m.ids.includes(id(at))) return;
            m.ids = [...m.ids, id(at)].sort();
          });
          for (const x of ids) expect(read.filter((r) => r === x)).toHaveLength(1);
          expect(new Set(read).size).toBe(read.length);
        },
      ),
    );
  });

  it('names a page that breaks sys_id order', () => {
    expect(orderProblem(START, ['a', 'c', 'b'])).toBe('sys_id b came after c');
    expect(orderProblem({ after: 'c', skip: 0 }, ['b'])).toBe('sys_id b came after c');
    expect(orderProblem({ after: 'a', skip: 0 }, ['b', undefined, 'c'])).toBeUndefined();
  });
});
