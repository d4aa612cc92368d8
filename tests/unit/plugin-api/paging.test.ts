import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPageGuard, PluginError, pageBudget } from '../../../src/plugin-api/index.js';

function caught(fn: () => unknown): PluginError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PluginError);
    return err as PluginError;
  }
  throw new Error('expected a PluginError');
}

describe('pageBudget', () => {
  it('is the pages needed for the records at the page size, plus headroom, at least 1', () => {
    expect(pageBudget({ records: 10_000, pageSize: 100 })).toBe(100);
    expect(pageBudget({ records: 10_001, pageSize: 100 })).toBe(101);
    expect(pageBudget({ records: 250, pageSize: 100, headroom: 2 })).toBe(5);
    expect(pageBudget({ records: 0, pageSize: 100 })).toBe(1);
    expect(pageBudget({ records: 10, pageSize: 0 })).toBe(10);
  });
});

describe('createPageGuard', () => {
  const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `R${from + i}`);

  it('lets an honest listing through and counts its requests', () => {
    const g = createPageGuard({ endpoint: 'Acme GET /items', maxRequests: 3 });
    for (let page = 0; page < 3; page++) {
      g.beforeRequest(`offset ${page * 10}`);
      expect(g.afterPage(ids(page * 10, 10))).toBe(10);
    }
    expect(g.requests).toBe(3);
  });

  it('stops a page that repeats only records already received, naming the endpoint and the page', () => {
    const g = createPageGuard({ endpoint: 'Acme GET /items', maxRequests: 100 });
    g.beforeRequest('offset 0');
    g.afterPage(ids(0, 10));
    g.beforeRequest('offset 10');
    const err = caught(() => g.afterPage(ids(0, 10)));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(
      /^Acme GET \/items: the page at offset 10 repeated 10 records already received/,
    );
    expect(err.message).toMatch(/stopped after 2 requests/);
  });

  it('accepts overlap (paging drift) as long as a page brings something new', () => {
    const g = createPageGuard({ endpoint: 'x', maxRequests: 10 });
    g.beforeRequest('offset 0');
    g.afterPage(ids(0, 10));
    g.beforeRequest('offset 10');
    expect(g.afterPage([...ids(1, 9), 'NEW'])).toBe(1);
  });

  it('ignores records without an id, and an empty page', () => {
    const g = createPageGuard({ endpoint: 'x', maxRequests: 10 });
    g.beforeRequest('a');
    g.afterPage([undefined, undefined]);
    g.beforeRequest('b');
    expect(g.afterPage([undefined])).toBe(0);
    g.beforeRequest('c');
    expect(g.afterPage([])).toBe(0);
  });

  it('stops a cursor that comes back to a position already read', () => {
    const g = createPageGuard({ endpoint: 'Acme GET /items', maxRequests: 10 });
    g.beforeRequest('cursor "abc"');
    g.afterPage(['1']);
    g.beforeRequest('cursor "def"');
    g.afterPage(['2']);
    const err = caught(() => g.beforeRequest('cursor "abc"'));
    expect(err.message).toMatch(/back to cursor "abc", which was already read; stopped after 2 requests/);
  });

  it('refuses the request past the budget, saying why the budget is what it is and what to do', () => {
    const g = createPageGuard({
      endpoint: 'Acme GET /items',
      maxRequests: 2,
      budgetReason: '200 records at 100 per page',
      hint: 'Narrow acme.query.',
    });
    g.beforeRequest('offset 0');
    g.afterPage(['a']);
    g.beforeRequest('offset 1');
    g.afterPage(['b']);
    const err = caught(() => g.beforeRequest('offset 2'));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toBe(
      'Acme GET /items: stopped after 2 requests, the most one listing may send (200 records at 100 per page), ' +
        'and the server still said there was more. Narrow acme.query.',
    );
    expect(g.requests).toBe(2);
  });

  it('limitTo only ever lowers the budget', () => {
    const g = createPageGuard({ endpoint: 'x', maxRequests: 10 });
    g.limitTo(50, 'more');
    expect(g.maxRequests).toBe(10);
    g.limitTo(3, 'X-Total-Count 250');
    expect(g.maxRequests).toBe(3);
    for (const p of ['a', 'b', 'c']) {
      g.beforeRequest(p);
      g.afterPage([p]);
    }
    expect(caught(() => g.beforeRequest('d')).message).toMatch(/\(X-Total-Count 250\)/);
  });

  it('rejects a budget below 1 as a programming error', () => {
    expect(() => createPageGuard({ endpoint: 'x', maxRequests: 0 })).toThrow(TypeError);
  });

  it('property: whatever a server answers, a listing never sends more than its budget', () => {
    // Each page: a position (maybe repeated) and ids drawn from a small pool (so repeats happen).
    const page = fc.record({
      position: fc.integer({ min: 0, max: 30 }),
      ids: fc.array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(page, { maxLength: 60 }), (budget, pages) => {
        const g = createPageGuard({ endpoint: 'x', maxRequests: budget });
        let sent = 0;
        const positions = new Set<number>();
        const seen = new Set<number>();
        for (const p of pages) {
          try {
            g.beforeRequest(`offset ${p.position}`);
          } catch (err) {
            expect((err as PluginError).code).toBe('BAD_RESPONSE');
            // Refused only for a repeated position or a spent budget.
            expect(positions.has(p.position) || sent >= budget).toBe(true);
            break;
          }
          sent++;
          positions.add(p.position);
          const present = p.ids.filter((x): x is number => x !== undefined);
          const fresh = present.filter((x) => !seen.has(x));
          try {
            g.afterPage(p.ids.map((x) => (x === undefined ? undefined : String(x))));
          } catch {
            // Refused only when the page had ids and none was new.
            expect(present.length > 0 && fresh.length === 0).toBe(true);
            break;
          }
          for (const x of present) seen.add(x);
        }
        expect(sent).toBeLessThanOrEqual(budget);
        expect(g.requests).toBe(sent);
      }),
    );
  });
});
