/**
 * The `/` filter language and the list sorts (view/list-query.ts), and the cursor rule of
 * issue 15 (view/selection.ts): typed text of any shape never crashes, never leaks escapes into
 * the breadcrumb, and only ever narrows; urgency counts where priority is absent.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Subject } from '../../../src/domain/kinds.js';
import { priorityRank, QUEUE_SORTS } from '../../../src/ui/panels/QueuePanel.js';
import type { ListRow } from '../../../src/ui/panels/types.js';
import {
  crumbText,
  fieldText,
  nextSort,
  parseQuery,
  queryRows,
  sortOf,
} from '../../../src/ui/view/list-query.js';
import { moveSelection, selectedIndex } from '../../../src/ui/view/selection.js';

const row = (key: string, fields: Record<string, string | string[] | undefined>, order = {}): ListRow => ({
  key,
  fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fieldText(v)])),
  order,
});

const ROWS: ListRow[] = [
  row('a', {
    title: 'Checkout 5xx',
    key: '#1',
    service: 'payments-api',
    assignee: ['Ana Lima'],
    priority: ['p1'],
    status: 'triggered trig',
  }),
  row('b', {
    title: 'Disk full',
    key: 'INC001',
    service: 'db',
    group: 'Service Desk',
    priority: ['none'],
    status: 'acknowledged ack',
  }),
  row('c', {
    title: 'Latency on payments',
    key: '#3',
    service: 'edge',
    assignee: ['Bo'],
    priority: ['p10'],
    status: 'hold on-hold',
  }),
];
const keys = (rows: readonly ListRow[]) => rows.map((r) => r.key);
const filter = (text: string, me: string[] = []) => keys(queryRows(ROWS, parseQuery(text), undefined, me));

describe('the filter language', () => {
  test('bare words look in title, key, service, assignee and group; every word must match', () => {
    expect(filter('payments')).toEqual(['a', 'c']);
    expect(filter('payments latency')).toEqual(['c']);
    expect(filter('service desk')).toEqual(['b']);
    expect(filter('inc001')).toEqual(['b']);
    expect(filter('ana')).toEqual(['a']);
  });

  test('field prefixes narrow one field; ! excludes; @name is the assignee', () => {
    expect(filter('svc:pay')).toEqual(['a']);
    expect(filter('!svc:pay')).toEqual(['b', 'c']);
    expect(filter('status:ack')).toEqual(['b']);
    expect(filter('status:hold')).toEqual(['c']);
    expect(filter('@bo')).toEqual(['c']);
    expect(filter('group:desk')).toEqual(['b']);
  });

  test('p:1 means P1 and never P10', () => {
    expect(filter('p:1')).toEqual(['a']);
    expect(filter('p:P1')).toEqual(['a']);
    expect(filter('p:none')).toEqual(['b']);
  });

  test('@me keeps what is assigned to me, and nothing while nobody says who that is', () => {
    expect(filter('@me', ['bo'])).toEqual(['c']);
    expect(filter('@me')).toEqual([]);
    const crumb = crumbText(
      { query: parseQuery('@me'), sort: undefined, count: '0 incidents' },
      { marked: 0, dot: '·' },
    );
    expect(crumb).toContain('no connector says who you are');
  });

  test('an unknown field is a problem that names the fields there are', () => {
    const q = parseQuery('sev:1 disk');
    expect(q.problem).toMatch(/No field "sev:" here: use .*svc:.*p:.*status:/);
    expect(parseQuery('svc:db').problem).toBeUndefined();
  });

  test('a panel dialect adds fields and switch words, and may refuse values', () => {
    const dialect = {
      fields: { rule: 'rule' },
      flags: ['all'],
      check: (f: string, v: string) => (f === 'rule' && v !== 'zta' ? `No rule "${v}"` : undefined),
    };
    const q = parseQuery('all rule:zta', dialect);
    expect(q.flags.has('all')).toBe(true);
    expect(q.terms).toEqual([{ field: 'rule', value: 'zta', negate: false }]);
    expect(parseQuery('rule:bogus', dialect).problem).toBe('No rule "bogus"');
  });

  test('the same rows, text and sort give the same array (nothing rebuilt per tick)', () => {
    const q = parseQuery('payments');
    expect(queryRows(ROWS, q, undefined)).toBe(queryRows(ROWS, parseQuery('payments'), undefined));
    expect(queryRows(ROWS, parseQuery(''), undefined)).toBe(ROWS);
  });

  // Anything a user can type or paste: emoji, combining marks, escape sequences, controls.
  const hostile = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc
      .array(
        fc.constantFrom(
          '\u001b[31m',
          '\u001b]0;pwn\u0007',
          '\u0000',
          '\r\n',
          '👩‍💻',
          'é',
          ':',
          '!',
          '@',
          'svc:',
          'p:',
          '\u202e',
        ),
        {
          maxLength: 12,
        },
      )
      .map((parts) => parts.join('')),
  );
  test('any typed text parses without throwing, narrows only, and shows without escapes', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const q = parseQuery(text);
        expect(q.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        const out = queryRows(ROWS, q.problem ? { ...q, terms: [] } : q, QUEUE_SORTS[3]);
        for (const r of out) expect(ROWS).toContain(r);
        expect(out.length).toBeLessThanOrEqual(ROWS.length);
        const crumb = crumbText({ query: q, sort: undefined, count: 'n' }, { marked: 0, dot: '·' }) ?? '';
        expect(crumb).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sorts', () => {
  test('an unprioritised high-urgency incident sorts above P3–P5, below P2; low urgency last', () => {
    const ranks = {
      p1: priorityRank({ priority: 'P1', urgency: 'high' }),
      p2: priorityRank({ priority: 'P2', urgency: 'low' }),
      high: priorityRank({ urgency: 'high' }),
      p3: priorityRank({ priority: 'P3', urgency: 'high' }),
      p5low: priorityRank({ priority: 'P5', urgency: 'low' }),
      low: priorityRank({ urgency: 'low' }),
    };
    expect(ranks.p1).toBeLessThan(ranks.p2);
    expect(ranks.p2).toBeLessThan(ranks.high);
    expect(ranks.high).toBeLessThan(ranks.p3);
    expect(ranks.p3).toBeLessThan(ranks.p5low);
    expect(ranks.p5low).toBeLessThan(ranks.low);
    // Same priority: high urgency first.
    expect(priorityRank({ priority: 'P3', urgency: 'high' })).toBeLessThan(
      priorityRank({ priority: 'P3', urgency: 'low' }),
    );
  });

  test('SLA remaining puts the soonest breach first and rows without a clock last', () => {
    const rows = [
      row('x', {}, { sla: 500 }),
      row('y', {}, {}),
      row('z', {}, { sla: -20 }),
      row('w', {}, { sla: 30 }),
    ];
    expect(keys(queryRows(rows, parseQuery(''), sortOf(QUEUE_SORTS, 'sla')))).toEqual(['z', 'w', 'x', 'y']);
  });

  test('o steps through the orders and comes back to the list’s own', () => {
    const ids: string[] = [];
    let id: string | undefined;
    for (let i = 0; i < QUEUE_SORTS.length; i++) {
      id = nextSort(QUEUE_SORTS, id)?.id;
      ids.push(id!);
    }
    expect(ids).toEqual(['sla', 'priority', 'age', 'service', 'queue']);
  });
});

describe('the cursor keeps its screen row (issue 15)', () => {
  const subject = (source: string, id: string) =>
    ({ kind: 'incident', ref: { source, id }, label: id, record: {} }) as unknown as Subject;
  const r = (source: string, id: string): ListRow => ({
    key: `${source}:${id}`,
    subject: subject(source, id),
  });
  const list = [r('pd', '1'), r('pd', '2'), r('sn', '3'), r('pd', '4')];

  test('its row moved or left: same position; never onto a record of another source by itself', () => {
    const sel = moveSelection(list, { key: null, index: 0 }, 1); // on pd:2
    expect(sel).toEqual({ key: 'pd:2', index: 1, group: 'incident:pd' });
    // pd:2 moved to the end: the cursor stays on row 1.
    expect(selectedIndex([list[0]!, r('pd', '5'), list[2]!, list[3]!, list[1]!], sel)).toBe(1);
    // pd:2 left and a ServiceNow row is now at row 1: the nearest PagerDuty row instead (below first).
    expect(selectedIndex([list[0]!, list[2]!, list[3]!], sel)).toBe(2);
    // Nothing of its kind is left: the position, clamped.
    expect(selectedIndex([r('sn', '9')], sel)).toBe(0);
  });

  test('a list that follows its record (SLA countdowns) keeps the record while it is there', () => {
    const sel = moveSelection(list, { key: null, index: 0 }, 1, true); // on pd:2
    expect(selectedIndex([list[0]!, r('pd', '5'), list[2]!, list[3]!, list[1]!], sel, true)).toBe(4);
    // Gone: the same rule as any list, its position on a row like it.
    expect(selectedIndex([list[0]!, list[2]!, list[3]!], sel, true)).toBe(2);
  });

  test('before anyone moved it, the cursor is on the top row', () => {
    expect(selectedIndex(list, { key: null, index: 0 })).toBe(0);
    expect(selectedIndex([], { key: null, index: 0 })).toBe(-1);
  });
});
