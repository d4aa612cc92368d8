/**
 * The monitors list: which monitors are rows (firing ones, muted included), their order, and the
 * `/` filter; and the row text under hostile vendor text (escape sequences, emoji, bidi marks,
 * garbage timestamps) never carries a control character and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Monitor } from '../../../../src/domain/model.js';
import { filterMonitors, firingMonitors } from '../../../../src/domain/panels/monitor-list.js';
import { createTheme } from '../../../../src/ui/theme/theme.js';
import { monitorRow, mutedCell, whereCell } from '../../../../src/ui/view/monitor-text.js';

const UNICODE_GLYPHS = createTheme().glyph;
const ASCII_GLYPHS = createTheme({ ascii: true }).glyph;

function monitor(id: string, over: Partial<Monitor> = {}): Monitor {
  return {
    kind: 'monitor',
    source: 'dd',
    id,
    monitorId: id,
    name: `m${id}`,
    state: 'alert',
    vendorState: 'Alert',
    type: 'metric alert',
    hosts: [],
    tags: [],
    groups: [],
    muted: false,
    mutes: [],
    ...over,
  };
}

describe('which monitors are rows, in what order', () => {
  it('firing ones only; unmuted first; alert, warn, no data; priority; latest trigger first', () => {
    const list = firingMonitors([
      monitor('ok', { state: 'ok' }),
      monitor('unknown', { state: 'unknown' }),
      monitor('nodata', { state: 'no_data' }),
      monitor('warn', { state: 'warn', priority: 'P1' }),
      monitor('mutedP1', { priority: 'P1', muted: true }),
      monitor('p3', { priority: 'P3' }),
      monitor('none'),
      monitor('p1old', { priority: 'P1', triggeredAt: '2026-01-01T00:00:00Z' }),
      monitor('p1new', { priority: 'P1', triggeredAt: '2026-01-02T00:00:00Z' }),
      monitor('p1garbage', { priority: 'P1', triggeredAt: 'yesterday-ish' }),
    ]);
    expect(list.map((m) => m.id)).toEqual([
      'p1new',
      'p1old',
      'p1garbage',
      'p3',
      'none',
      'warn',
      'nodata',
      'mutedP1',
    ]);
  });

  it('the same array gives the same list (no rebuild per key press)', () => {
    const all = [monitor('1'), monitor('2', { state: 'warn' })];
    expect(firingMonitors(all)).toBe(firingMonitors(all));
  });

  it('any input: every firing monitor exactly once, no other, and an order that is total', () => {
    const state = fc.constantFrom<Monitor['state']>('alert', 'warn', 'no_data', 'ok', 'unknown');
    const arb = fc.array(
      fc.record({
        state,
        muted: fc.boolean(),
        priority: fc.option(fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5' as const), { nil: undefined }),
        triggeredAt: fc.option(
          fc.oneof(
            fc.string(),
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          ),
          {
            nil: undefined,
          },
        ),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const all = specs.map((s, i) => monitor(String(i), s));
        const out = firingMonitors(all);
        const firing = all.filter((m) => ['alert', 'warn', 'no_data'].includes(m.state));
        expect(new Set(out.map((m) => m.id))).toEqual(new Set(firing.map((m) => m.id)));
        expect(out).toHaveLength(firing.length);
        // Muted never above unmuted.
        const firstMuted = out.findIndex((m) => m.muted);
        if (firstMuted >= 0) expect(out.slice(firstMuted).every((m) => m.muted)).toBe(true);
        // The order does not depend on the input order.
        expect(firingMonitors([...all].reverse()).map((m) => m.id)).toEqual(out.map((m) => m.id));
      }),
    );
  });
});

describe('the / filter', () => {
  const list = [
    monitor('1', { name: 'Disk usage on DB-07', hosts: ['db-07'], priority: 'P1', tags: ['env:prod'] }),
    monitor('2', {
      name: 'CPU',
      groups: [{ name: 'host:web-10', state: 'alert', vendorState: 'Alert', host: 'web-10', muted: false }],
    }),
    monitor('3', { name: 'batch', muted: true, service: 'payments' }),
  ];
  it('every word must appear, in any case, in name, host, group, tag, service, priority or "muted"', () => {
    expect(filterMonitors(list, 'disk db-07').map((m) => m.id)).toEqual(['1']);
    expect(filterMonitors(list, 'ENV:PROD p1').map((m) => m.id)).toEqual(['1']);
    expect(filterMonitors(list, 'web-10').map((m) => m.id)).toEqual(['2']);
    expect(filterMonitors(list, 'muted payments').map((m) => m.id)).toEqual(['3']);
    expect(filterMonitors(list, 'disk cpu')).toEqual([]);
    expect(filterMonitors(list, '   ')).toEqual(list);
  });

  it('any text, emoji and escapes included: a subset, in the same order, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = filterMonitors(list, text);
        const ids = list.map((m) => m.id);
        const positions = out.map((m) => ids.indexOf(m.id));
        expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
      }),
    );
  });
});

describe('row text under hostile vendor text', () => {
  it('where it fires: its one host, or how many groups fire', () => {
    const g = (name: string, state: Monitor['state'], host?: string) => ({
      name,
      state,
      vendorState: state,
      muted: false,
      ...(host ? { host } : {}),
    });
    expect(whereCell(monitor('1', { groups: [g('host:a', 'alert', 'a'), g('host:b', 'ok', 'b')] }))).toBe(
      'a',
    );
    expect(whereCell(monitor('1', { groups: [g('region:eu', 'alert')] }))).toBe('region:eu');
    expect(whereCell(monitor('1', { groups: [g('x', 'alert'), g('y', 'warn')] }))).toBe('2 groups');
    expect(whereCell(monitor('1', { groups: [g('x', 'alert'), g('y', 'warn'), g('z', 'ok')] }))).toBe(
      '2 of 3 groups',
    );
    expect(whereCell(monitor('1', { hosts: ['solo'] }))).toBe('solo');
  });

  it('muted until its end (local time), "muted" without one or with garbage, group mutes counted', () => {
    process.env.TZ = 'UTC';
    const g = UNICODE_GLYPHS;
    expect(
      mutedCell(monitor('1', { muted: true, mutes: [{ id: 'd', until: '2026-11-23T04:12:00Z' }] }), g),
    ).toBe('muted — 04:12');
    expect(mutedCell(monitor('1', { muted: true, mutes: [{ id: 'd', until: 'soon' }] }), g)).toBe('muted');
    expect(mutedCell(monitor('1', { muted: true }), g)).toBe('muted');
    expect(mutedCell(monitor('1', { mutes: [{ id: 'd', group: 'host:a' }] }), g)).toBe('1 grp muted');
    expect(mutedCell(monitor('1'), g)).toBe('');
  });

  it('no cell ever holds a control character, whatever the vendor sent', () => {
    const nasty = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        '\u001B[2J',
        '\u001B]52;c;ZXZpbA==\u0007',
        '🔥💳',
        'e\u0301',
        '\u202Eevil',
        '\u0000\u0008',
      ),
    );
    fc.assert(
      fc.property(nasty, nasty, nasty, fc.boolean(), (name, host, until, ascii) => {
        const m = monitor('1', {
          name,
          hosts: [host],
          muted: true,
          mutes: [{ id: 'd', until }],
          groups: [{ name: host, state: 'alert', vendorState: name, host, muted: false }],
        });
        const row = monitorRow(m, true, ascii ? ASCII_GLYPHS : UNICODE_GLYPHS, true, true);
        for (const cell of Object.values(row.cells))
          expect(cell).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      }),
    );
  });
});
