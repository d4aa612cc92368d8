/**
 * The simulator's encoded-query parser and evaluator (src/sim/servicenow/encoded-query.ts):
 * the grammar ServiceNow applies (OR binds tighter than AND, ^NQ, ORDERBY chains) and the
 * operators the cockpit's queries use.
 */
import { describe, expect, it } from 'vitest';
import {
  EncodedQueryError,
  matches,
  orderComparator,
  parseEncodedQuery,
} from '../../src/sim/servicenow/encoded-query.js';

type Row = Record<string, string>;
const ROWS: Row[] = [
  {
    number: 'INC1',
    state: '1',
    priority: '1',
    assigned_to: '',
    short_description: 'VPN down in Paris',
    sys_updated_on: '2030-03-04 09:00:00',
    'task.active': 'true',
  },
  {
    number: 'INC2',
    state: '2',
    priority: '2',
    assigned_to: 'u1',
    short_description: 'Disk full on db-07',
    sys_updated_on: '2030-03-04 10:30:00',
    'task.active': 'true',
  },
  {
    number: 'INC3',
    state: '3',
    priority: '3',
    assigned_to: 'u2',
    short_description: 'vpn flapping',
    sys_updated_on: '2030-03-04 10:30:00',
    'task.active': 'false',
  },
  {
    number: 'INC4',
    state: '6',
    priority: '10',
    assigned_to: 'u1',
    short_description: 'Mail queue',
    sys_updated_on: '2030-03-05 00:00:00',
    'task.active': 'false',
  },
];

function run(query: string): string[] {
  const q = parseEncodedQuery(query);
  const hits = ROWS.filter((r) => matches(q, (f) => r[f] ?? ''));
  if (q.orderBy.length > 0) hits.sort(orderComparator(q.orderBy, (r: Row, f) => r[f] ?? ''));
  return hits.map((r) => r.number!);
}

describe('encoded query evaluation', () => {
  it('ANDs with ^ and lets ^OR bind to the condition before it', () => {
    expect(run('state=1^ORstate=2')).toEqual(['INC1', 'INC2']);
    // a AND (b OR c): INC4 has priority 10 but state 6, so it stays out.
    expect(run('assigned_to=u1^state=2^ORstate=6')).toEqual(['INC2', 'INC4']);
    expect(run('state=2^ORstate=3^assigned_to=u2')).toEqual(['INC3']);
  });

  it('adds whole blocks with ^NQ', () => {
    expect(run('state=1^NQassigned_to=u2')).toEqual(['INC1', 'INC3']);
  });

  it('compares numbers numerically and dates as UTC strings', () => {
    expect(run('priority<=2')).toEqual(['INC1', 'INC2']);
    expect(run('priority>3')).toEqual(['INC4']);
    expect(run('priority!=10')).toEqual(['INC1', 'INC2', 'INC3']);
    expect(run('sys_updated_on>=2030-03-04 10:30:00')).toEqual(['INC2', 'INC3', 'INC4']);
    expect(run('sys_updated_on>2030-03-04 10:30:00')).toEqual(['INC4']);
    expect(run("sys_updated_on<javascript:gs.dateGenerate('2030-03-04','10:30:00')")).toEqual(['INC1']);
    expect(run('sys_updated_onBETWEEN2030-03-04 10:00:00@2030-03-04 11:00:00')).toEqual(['INC2', 'INC3']);
  });

  it('handles IN, NOT IN, ISEMPTY, ISNOTEMPTY, LIKE, NOT LIKE, STARTSWITH, ENDSWITH', () => {
    expect(run('stateIN1,3,6')).toEqual(['INC1', 'INC3', 'INC4']);
    expect(run('stateNOT IN1,3')).toEqual(['INC2', 'INC4']);
    expect(run('assigned_toISEMPTY')).toEqual(['INC1']);
    expect(run('assigned_toISNOTEMPTY^state!=6')).toEqual(['INC2', 'INC3']);
    expect(run('short_descriptionLIKEvpn')).toEqual(['INC1', 'INC3']);
    expect(run('short_descriptionNOT LIKEvpn')).toEqual(['INC2', 'INC4']);
    expect(run('short_descriptionSTARTSWITHdisk')).toEqual(['INC2']);
    expect(run('short_descriptionENDSWITHqueue')).toEqual(['INC4']);
  });

  it('reads dot-walked fields through the row accessor', () => {
    expect(run('task.active=true')).toEqual(['INC1', 'INC2']);
  });

  it('sorts by ORDERBY chains, descending where asked, empty values first', () => {
    expect(run('ORDERBYDESCsys_updated_on^ORDERBYnumber')).toEqual(['INC4', 'INC2', 'INC3', 'INC1']);
    expect(run('ORDERBYDESCsys_updated_on^ORDERBYDESCnumber')).toEqual(['INC4', 'INC3', 'INC2', 'INC1']);
    expect(run('ORDERBYpriority')).toEqual(['INC1', 'INC2', 'INC3', 'INC4']);
    expect(run('ORDERBYassigned_to^ORDERBYDESCnumber')).toEqual(['INC1', 'INC4', 'INC2', 'INC3']);
  });

  it('treats an empty query (and stray ^ or EQ) as match-all', () => {
    expect(run('')).toHaveLength(4);
    expect(run('^state=1^^EQ')).toEqual(['INC1']);
  });
});

describe('encoded query parsing', () => {
  it('builds AND-of-OR clauses and order terms', () => {
    const q = parseEncodedQuery(
      'active=true^priority=1^ORpriority=2^ORDERBYDESCsys_updated_on^ORDERBYsys_id',
    );
    expect(q.blocks).toHaveLength(1);
    expect(q.blocks[0]!.map((clause) => clause.map((c) => `${c.field}${c.op}${c.value}`))).toEqual([
      ['active=true'],
      ['priority=1', 'priority=2'],
    ]);
    expect(q.orderBy).toEqual([
      { field: 'sys_updated_on', desc: true },
      { field: 'sys_id', desc: false },
    ]);
  });

  it('splits IN lists and keeps NOT IN apart from IN', () => {
    const [[[c]]] = parseEncodedQuery('stateNOT IN6,7').blocks as [
      [[ReturnType<typeof parseEncodedQuery>['blocks'][0][0][0]]],
    ];
    expect(c.op).toBe('NOT IN');
    expect(c.values).toEqual(['6', '7']);
  });

  it('rejects malformed conditions, misplaced ^OR and unknown fields', () => {
    const isField = (f: string) => ['state', 'priority', 'task.active'].includes(f);
    expect(() => parseEncodedQuery('state~1')).toThrow(EncodedQueryError);
    expect(() => parseEncodedQuery('=1')).toThrow(/field name/);
    expect(() => parseEncodedQuery('ORstate=1')).toThrow(/no condition before/);
    expect(() => parseEncodedQuery('stateISEMPTYx')).toThrow(/takes no value/);
    expect(() => parseEncodedQuery('ORDERBYno_such', { isField })).toThrow(
      /Unknown field "no_such" in ORDERBY/,
    );
    expect(() => parseEncodedQuery('bogus=1', { isField })).toThrow(/Unknown field "bogus"/);
    expect(() => parseEncodedQuery('ORDERBYstate desc')).toThrow(/Malformed ORDERBY/);
    expect(() => parseEncodedQuery('priorityBETWEEN1')).toThrow(/BETWEEN/);
    expect(() => parseEncodedQuery('opened_at>javascript:gs.minutesAgoStart(15)')).toThrow(/Script values/);
    expect(parseEncodedQuery('task.active=true^ORDERBYpriority', { isField }).orderBy).toHaveLength(1);
  });

  it('drops conditions on unknown fields when asked to, as ServiceNow does, and reports them', () => {
    const isField = (f: string) => ['state', 'priority'].includes(f);
    const dropped: string[] = [];
    const onUnknownField = (f: string) => dropped.push(f);
    const q = parseEncodedQuery('state=2^priorty<=2^ORDERBYno_such^ORDERBYpriority', {
      isField,
      onUnknownField,
    });
    expect(q.blocks).toEqual([[[{ field: 'state', op: '=', value: '2', values: ['2'] }]]]);
    expect(q.orderBy).toEqual([{ field: 'priority', desc: false }]);
    expect(dropped).toEqual(['priorty', 'no_such']);
    // A query made only of typos matches every row.
    const wide = parseEncodedQuery('priorty<=2', { isField, onUnknownField });
    expect(matches(wide, () => '')).toBe(true);
  });
});
