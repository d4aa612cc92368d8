/**
 * Datadog JSON → records, from the hostile side: any Unicode in names and group keys, states
 * Datadog has not invented yet, priorities out of range, timestamps of every unit, and error
 * bodies in both of Datadog's shapes (and HTML).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { burnRateOf, msToExhaustionOf, timeframeMsOf } from '../../plugins/datadog/budget.js';
import { datadogErrorBody } from '../../plugins/datadog/client.js';
import { mapIncident, mapMonitor, monitorStateOf, muteOf, tagValue } from '../../plugins/datadog/map.js';
import { monitorSchema } from '../../plugins/datadog/schema.js';
import { RECORD_SCHEMAS } from '../../src/plugin-api/record-schemas.js';

const ctx = { source: 'dd', appUrl: 'https://app.datadoghq.com', mutes: new Map() };

describe('monitors', () => {
  it('keeps any name and group text as data, and always makes a valid record', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 4 }),
        fc.constantFrom(
          'Alert',
          'Warn',
          'No Data',
          'OK',
          'Skipped',
          'Ignored',
          'Unknown',
          'Sleeping',
          '',
          null,
        ),
        fc.oneof(fc.integer({ min: -3, max: 9 }), fc.constant(null)),
        (name, groups, state, priority) => {
          const raw = {
            id: 9100001,
            name,
            overall_state: state,
            priority,
            tags: ['service:checkout-api'],
            state: {
              groups: Object.fromEntries(
                groups.map((g) => [g, { name: g, status: state, last_triggered_ts: 1899000000 }]),
              ),
            },
          };
          const parsed = monitorSchema.parse(raw);
          const m = mapMonitor(parsed, ctx);
          expect(RECORD_SCHEMAS.monitor.safeParse(m).success).toBe(true);
          if (name.trim()) expect(m.name).toBe(name.trim());
          expect(m.monitorId).toBe('9100001');
          expect(m.service).toBe('checkout-api');
          expect(m.groups.length).toBe(new Set(groups).size);
          if (priority === null || priority < 1 || priority > 5) expect(m.priority).toBeUndefined();
        },
      ),
    );
  });

  it('reads states by word, a new word as unknown', () => {
    expect(monitorStateOf('No Data')).toBe('no_data');
    expect(monitorStateOf('ALERT')).toBe('alert');
    expect(monitorStateOf('Skipped')).toBe('ok');
    expect(monitorStateOf('Paused (new)')).toBe('unknown');
    expect(monitorStateOf(undefined)).toBe('unknown');
  });

  it('names hosts from host: groups only, without repeats; db-1 and db-10 stay apart', () => {
    const m = mapMonitor(
      monitorSchema.parse({
        id: 1,
        name: 'x',
        overall_state: 'Alert',
        state: {
          groups: {
            'host:db-1': { status: 'Alert' },
            'host:db-10': { status: 'Warn' },
            'env:prod,host:db-1': { status: 'Alert' },
            'region:eu': { status: 'Alert' },
          },
        },
      }),
      ctx,
    );
    expect(m.hosts).toEqual(['db-1', 'db-10']);
    expect(tagValue(['service:'], 'service')).toBeUndefined();
  });

  it('a mute covers its group, a * mute the whole monitor', () => {
    const group = muteOf({
      id: 'a',
      attributes: {
        scope: 'host:db-1',
        monitor_identifier: { monitor_id: 1 },
        schedule: { end: '2030-03-04T12:00:00+00:00' },
      },
    });
    const whole = muteOf({ id: 'b', attributes: { scope: '*', monitor_identifier: { monitor_id: 1 } } });
    expect(group).toEqual({
      monitorId: 1,
      mute: { id: 'a', group: 'host:db-1', until: '2030-03-04T12:00:00.000Z' },
    });
    expect(whole.mute).toEqual({ id: 'b' });
    const raw = monitorSchema.parse({
      id: 1,
      name: 'x',
      overall_state: 'Alert',
      state: { groups: { 'host:db-1': { status: 'Alert' }, 'host:db-2': { status: 'Alert' } } },
    });
    const one = mapMonitor(raw, { ...ctx, mutes: new Map([[1, [group.mute]]]) });
    expect(one.muted).toBe(false);
    expect(one.groups.map((g) => g.muted)).toEqual([true, false]);
    const all = mapMonitor(raw, { ...ctx, mutes: new Map([[1, [whole.mute]]]) });
    expect(all.muted).toBe(true);
    expect(all.groups.every((g) => g.muted)).toBe(true);
  });
});

describe('incidents', () => {
  it('maps state words and severities; unreadable times are no incident', () => {
    const base = {
      id: 'u1',
      type: 'incidents',
      attributes: { public_id: 318, title: 'EU checkout', created: '2030-03-04T09:05:00+00:00' },
    };
    const of = (attrs: Record<string, unknown>) =>
      mapIncident({ ...base, attributes: { ...base.attributes, ...attrs } }, ctx);
    expect(of({ state: 'active', severity: 'SEV-0' })).toMatchObject({
      key: 'IR-318',
      status: 'triggered',
      priority: 'P1',
    });
    expect(of({ fields: { state: { type: 'dropdown', value: 'stable' } } })).toMatchObject({
      status: 'acknowledged',
      vendorStatus: 'stable',
    });
    expect(of({ state: 'completed', resolved: '2030-03-04T10:00:00Z' })?.status).toBe('resolved');
    expect(of({ severity: 'UNKNOWN' })?.priority).toBeUndefined();
    expect(of({ created: 'yesterday', detected: null })).toBeUndefined();
  });
});

describe('error bodies and arithmetic', () => {
  it('reads both error shapes, and nothing from HTML', () => {
    expect(datadogErrorBody('{"errors":["Forbidden"]}')).toEqual({ message: 'Forbidden' });
    expect(datadogErrorBody('{"errors":[{"title":"Bad","detail":"no such field"}]}')).toEqual({
      message: 'Bad: no such field',
    });
    expect(datadogErrorBody('<html>429</html>')).toBeUndefined();
    expect(datadogErrorBody('{"errors":[]}')).toBeUndefined();
  });

  it('burn, timeframes and exhaustion as the domain computes them', () => {
    expect(burnRateOf(99, 99.9)).toBeCloseTo(10);
    expect(timeframeMsOf('7d')).toBe(7 * 86_400_000);
    expect(timeframeMsOf('custom')).toBeUndefined();
    expect(msToExhaustionOf(20, 10, 30 * 86_400_000)).toBeCloseTo(14.4 * 3_600_000);
    expect(msToExhaustionOf(-1, 10, 1)).toBe(0);
  });
});
