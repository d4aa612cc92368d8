/**
 * Pure parts of what the ServiceNow connector learns from and says about the
 * instance: the fields a query names, what a 403 body means, whether a write
 * was applied, and the session cookie jar against hostile Set-Cookie headers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../plugins/servicenow/errors.js';
import { queryFields } from '../../plugins/servicenow/instance-meta.js';
import { createCookieJar } from '../../plugins/servicenow/session.js';
import { assertApplied, compareWrite } from '../../plugins/servicenow/verify.js';
import { writeFailureOf } from '../../src/plugin-api/index.js';

const body = (message: string, detail: string | null) =>
  JSON.stringify({ error: { message, detail }, status: 'failure' });

describe('fields named by a query', () => {
  it('finds each condition’s field, dot-walks included, whatever the operator', () => {
    expect(
      queryFields(
        'active=true^priority<=2^ORurgency=1^caller_id.vip=true^short_descriptionLIKEvpn^assignment_groupDYNAMICd6435e',
      ),
    ).toEqual(['active', 'priority', 'urgency', 'caller_id.vip', 'short_description', 'assignment_group']);
    expect(queryFields('stateNOT IN6,7^u_custom_fieldISEMPTY^EQ')).toEqual(['state', 'u_custom_field']);
    expect(queryFields('')).toEqual([]);
  });

  it('never returns something that is not a field name, for any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const f of queryFields(text)) expect(f).toMatch(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/);
      }),
    );
  });
});

describe('what a 403 says', () => {
  it('tells a data policy, a business rule and an ACL apart', () => {
    expect(
      refusalOf(
        body(
          'Operation Failed',
          'Data Policy Exception: \n\tThe following fields are mandatory: Resolution code\n',
        ),
      ),
    ).toEqual({
      kind: 'data_policy',
      fields: 'Resolution code',
    });
    expect(
      refusalOf(body('Only the caller may reopen', 'Error during update of incident (INC0010002)')),
    ).toEqual({
      kind: 'business_rule',
      says: 'Only the caller may reopen',
    });
    expect(refusalOf(body('Operation Failed', 'Error during update of incident (INC0010002)'))).toEqual({
      kind: 'business_rule',
      says: '',
    });
    expect(
      refusalOf(body('Operation Failed', 'ACL Exception Update Failed due to security constraints')),
    ).toEqual({
      kind: 'acl',
    });
    expect(refusalOf(body('Forbidden', null))).toBeUndefined();
    expect(refusalOf('<html>no</html>')).toBeUndefined();
  });
});

describe('was the write applied?', () => {
  const rec = (o: Record<string, unknown>) => o;

  it('compares stored values, finds a note among the journal entries, accepts Closed for Resolved', () => {
    const check = compareWrite(
      { state: '6', close_code: 'Solution provided', work_notes: 'Restarted  the\nVPN' },
      rec({
        state: { value: '7', display_value: 'Closed' },
        close_code: { value: 'Solution provided', display_value: 'Solution provided' },
        work_notes: {
          value: '',
          display_value: '2030-03-04 09:00:00 - ITOps (Work notes)\nRestarted the VPN\n\n',
        },
      }),
    );
    expect(check).toEqual({ applied: ['state', 'close_code', 'work_notes'], dropped: [] });
    expect(() => assertApplied('INC1', check)).not.toThrow();
  });

  it('nothing applied is FORBIDDEN (failed); part applied is OUTCOME_UNKNOWN, naming each part', () => {
    const none = compareWrite({ urgency: '1' }, rec({ urgency: { value: '3', display_value: '3 - Low' } }));
    expect(none.dropped).toEqual([{ field: 'urgency', asked: '1', kept: '3 - Low' }]);
    const nothing = (() => {
      try {
        assertApplied('INC1', none);
      } catch (e) {
        return e as { code: string; message: string };
      }
    })();
    expect(nothing?.code).toBe('FORBIDDEN');
    expect(writeFailureOf(nothing?.code)).toBe('failed');
    expect(nothing?.message).toMatch(/did not change INC1: urgency \(asked "1", still 3 - Low\)/);

    const part = compareWrite(
      { impact: '1', work_notes: 'x' },
      rec({
        impact: { value: '2', display_value: '2 - Medium' },
        work_notes: { value: '', display_value: '… x' },
      }),
    );
    expect(() => assertApplied('INC1', part)).toThrow(
      /applied only part of the change to INC1: work_notes changed, but not impact/,
    );
    // A field the answer does not carry was not set (an unknown column, a stripped field).
    expect(compareWrite({ u_thing: 'a' }, rec({})).dropped[0]?.kept).toBe('not returned');
  });
});

describe('session cookie jar', () => {
  it('keeps the session cookies, replaces, expires and clears them', () => {
    const jar = createCookieJar(true);
    jar.store(['JSESSIONID=A1; Path=/; HttpOnly; Secure', 'glide_user_route=glide.1; Max-Age=2147483647']);
    expect(jar.header()).toBe('JSESSIONID=A1; glide_user_route=glide.1');
    jar.store('JSESSIONID=B2; Path=/');
    jar.store('glide_user_route=; Max-Age=0');
    expect(jar.header()).toBe('JSESSIONID=B2');
    jar.clear();
    expect(jar.header()).toBeUndefined();
  });

  it('does not keep a Secure cookie over plain http, nor anything that could smuggle a header', () => {
    const jar = createCookieJar(false);
    jar.store([
      'JSESSIONID=A1; Secure',
      'a=b\r\nX-Evil: 1',
      'bad name=1',
      `big=${'x'.repeat(5000)}`,
      '=nameless',
      'quote="x"',
    ]);
    expect(jar.header()).toBeUndefined();
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 30 }), (lines) => {
        const j = createCookieJar(true);
        j.store(lines);
        expect(j.size).toBeLessThanOrEqual(20);
        expect(j.header() ?? '').not.toMatch(/[\r\n]/);
      }),
    );
  });
});
