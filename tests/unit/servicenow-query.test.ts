import { describe, expect, it } from 'vitest';
import {
  and,
  checkRawQuery,
  cond,
  isSysId,
  orderBy,
  parseSnDate,
  QueryError,
  raw,
  snDate,
} from '../../plugins/servicenow/query.js';

describe('servicenow encoded query builder', () => {
  it('builds conditions, IN lists, dot-walks and a stable order', () => {
    const q = and(
      cond('active', '=', 'true'),
      cond('task.assignment_group', 'IN', ['a1', 'b2']),
      orderBy('sys_updated_on'),
      cond('priority', '<=', 2),
      orderBy('sys_id'),
    );
    // ORDERBY terms always go last, whatever order they were given in.
    expect(q).toBe(
      'active=true^task.assignment_groupINa1,b2^priority<=2^ORDERBYsys_updated_on^ORDERBYsys_id',
    );
  });

  it('supports NOT IN, empty checks and descending order', () => {
    expect(cond('state', 'NOT IN', ['6', '7'])).toBe('stateNOT IN6,7');
    expect(cond('assigned_to', 'ISEMPTY')).toBe('assigned_toISEMPTY');
    expect(orderBy('percentage', 'desc')).toBe('ORDERBYDESCpercentage');
  });

  it('refuses values that would change the query meaning', () => {
    expect(() => cond('short_description', '=', 'a^ORactive=false')).toThrow(QueryError);
    expect(() => cond('short_description', 'LIKE', 'line\nbreak')).toThrow(/line break/);
    expect(() => cond('assignment_group', 'IN', ['Network, EMEA'])).toThrow(/","/);
    // An empty IN would be dropped by ServiceNow and match everything.
    expect(() => cond('assignment_group', 'IN', [])).toThrow(/at least one/);
    expect(() => cond('state', '=')).toThrow(/one value/);
  });

  it('refuses field names that are not identifiers', () => {
    expect(() => cond('active=true^number', '=', 'x')).toThrow(/not a valid ServiceNow field/);
    expect(() => orderBy('sys_id^ORDERBYnumber')).toThrow(QueryError);
    expect(() => cond('task..group', '=', 'x')).toThrow(QueryError);
  });

  it('ANDs raw user queries after checking them, skipping empty parts', () => {
    expect(and('', undefined, false, '^active=true^', raw('priority<=3^ORurgency=1'))).toBe(
      'active=true^priority<=3^ORurgency=1',
    );
    expect(raw('   ')).toBeUndefined();
    expect(() => raw('active=true^NQactive=false')).toThrow(/\^NQ/);
    expect(checkRawQuery('priority=1^ORDERBYnumber')).toMatch(/ORDERBY/);
    expect(checkRawQuery('ORDERBYDESCnumber')).toMatch(/ORDERBY/);
    expect(checkRawQuery('active=true^priority<=3')).toBeUndefined();
  });

  it('formats and parses ServiceNow UTC dates', () => {
    const ms = Date.UTC(2026, 10, 20, 8, 5, 9);
    expect(snDate(ms)).toBe('2026-11-20 08:05:09');
    expect(parseSnDate('2026-11-20 08:05:09')).toBe(ms);
    // No zone means UTC, whatever the machine's TZ.
    expect(parseSnDate('2026-11-20T08:05:09Z')).toBe(ms);
    expect(parseSnDate('20.11.2026 09:05')).toBeUndefined();
    expect(parseSnDate('')).toBeUndefined();
    expect(parseSnDate(undefined)).toBeUndefined();
  });

  it('tells sys_ids from names', () => {
    expect(isSysId('8a4dde73c6112278017a6a4baf547aa7')).toBe(true);
    expect(isSysId('Network Operations')).toBe(false);
    expect(isSysId('8A4DDE73C6112278017A6A4BAF547AA7')).toBe(false);
  });
});
