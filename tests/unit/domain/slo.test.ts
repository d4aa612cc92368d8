/**
 * Error-budget arithmetic (burn rate, time to exhaustion) and SLOs in the SLA risk ordering:
 * where an objective sits beside ticket SLAs and incident targets, when it is at risk, and that
 * odd vendor figures (negative budgets, zero burn, NaN) never break the order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Slo } from '../../../src/domain/model.js';
import { deriveSlaRisk, sloEntry } from '../../../src/domain/panels/sla-risk.js';
import type { PanelSettings } from '../../../src/domain/settings.js';
import { budgetRemainingOf, burnRateOf, msToExhaustion, timeframeMs } from '../../../src/domain/slo.js';
import { muteRequestOf } from '../../../src/plugin-api/actions.js';
import { at, incident, MIN, T0 } from './records.js';

const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const settings: PanelSettings['sla'] = {
  byUrgency: { high: { ackMinutes: 10, resolveMinutes: 100 }, low: { ackMinutes: 60, resolveMinutes: 600 } },
  byPriority: {},
  atRiskShare: 0.25,
};

function slo(id: string, over: Partial<Slo> = {}): Slo {
  return {
    kind: 'slo',
    source: 'dd',
    id,
    name: `${id} availability`,
    type: 'metric',
    timeframe: '30d',
    windowMs: 30 * DAY,
    target: 99.9,
    tags: [],
    monitorIds: [],
    readAt: new Date(T0).toISOString(),
    ...over,
  };
}

describe('burn rate and budget', () => {
  it('is the bad share over the allowed share', () => {
    expect(burnRateOf(99.9, 99.9)).toBeCloseTo(1);
    expect(burnRateOf(99, 99.9)).toBeCloseTo(10);
    expect(burnRateOf(100, 99.9)).toBe(0);
    expect(burnRateOf(99.95, 99.9)).toBeCloseTo(0.5);
    expect(burnRateOf(99, 100)).toBeUndefined();
    expect(burnRateOf(Number.NaN, 99.9)).toBeUndefined();
  });

  it('budget left from the indicator: full at 100 %, zero at the target, negative below', () => {
    expect(budgetRemainingOf(100, 99.9)).toBeCloseTo(100);
    expect(budgetRemainingOf(99.9, 99.9)).toBeCloseTo(0);
    expect(budgetRemainingOf(99.8, 99.9)).toBeCloseTo(-100);
  });

  it('time to exhaustion: left share of the window divided by the burn', () => {
    // 20 % left at 10×: 0.2 × 30 d / 10 = 14.4 h.
    expect(msToExhaustion({ budgetRemaining: 20, burnRate: 10, windowMs: 30 * DAY })).toBe(14.4 * HOUR);
    expect(msToExhaustion({ budgetRemaining: 50, burnRate: 1, windowMs: 30 * DAY })).toBe(15 * DAY);
    expect(msToExhaustion({ budgetRemaining: -3, burnRate: 2, windowMs: 30 * DAY })).toBe(0);
    expect(msToExhaustion({ budgetRemaining: 40, burnRate: 0, windowMs: 30 * DAY })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(msToExhaustion({ budgetRemaining: 40, windowMs: 30 * DAY })).toBeUndefined();
    expect(msToExhaustion({ windowMs: 30 * DAY, burnRate: 2 })).toBeUndefined();
  });

  it('spending at the burn rate for the time to exhaustion uses exactly the budget left', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.constantFrom(7 * DAY, 30 * DAY, 90 * DAY),
        (left, burn, windowMs) => {
          const t = msToExhaustion({ budgetRemaining: left, burnRate: burn, windowMs })!;
          // Budget spent per ms at burn b is b / window (in shares of the whole budget).
          expect((t * burn) / windowMs).toBeCloseTo(left / 100, 9);
          // A faster burn never lasts longer.
          expect(
            msToExhaustion({ budgetRemaining: left, burnRate: burn * 2, windowMs })!,
          ).toBeLessThanOrEqual(t);
        },
      ),
    );
  });

  it('reads timeframe words, and nothing else', () => {
    expect(timeframeMs('7d')).toBe(7 * DAY);
    expect(timeframeMs('30d')).toBe(30 * DAY);
    expect(timeframeMs('90d')).toBe(90 * DAY);
    expect(timeframeMs('custom')).toBeUndefined();
    expect(timeframeMs('0d')).toBeUndefined();
    expect(timeframeMs('30 days')).toBeUndefined();
  });
});

describe('SLOs in the SLA risk order', () => {
  it('leaves out healthy objectives, keeps the spent, the fast-burning and the nearly empty', () => {
    const view = deriveSlaRisk([], T0, settings, [], new Set(), [
      slo('healthy', { budgetRemaining: 90, burnRate: 0.3 }),
      slo('spent', { budgetRemaining: -8, burnRate: 1.2 }),
      slo('fast', { budgetRemaining: 20, burnRate: 10 }),
      slo('low', { budgetRemaining: 10, burnRate: 0.5 }),
      slo('unknown', { burnRate: 3 }),
    ]);
    expect(view.items.map((i) => i.key)).toEqual(['dd:slo:spent', 'dd:slo:fast', 'dd:slo:low']);
    expect(view.breached).toBe(1);
  });

  it('is due when the budget runs out, and at risk once less than the at-risk share of its lasting time is left', () => {
    const s = slo('fast', { budgetRemaining: 20, burnRate: 10 });
    const entry = sloEntry(s, settings)!;
    expect(entry.targetAt).toBe(T0 + 14.4 * HOUR);
    // At 10× the whole budget lasts 3 days; a quarter of that is 18 h, and 14.4 h are left.
    const now = deriveSlaRisk([], T0, settings, [], new Set(), [s]).items[0]!;
    expect(now).toMatchObject({
      atRisk: true,
      breached: false,
      percentElapsed: 80,
      remainingMs: 14.4 * HOUR,
    });
    const later = deriveSlaRisk([], T0 + 15 * HOUR, settings, [], new Set(), [s]).items[0]!;
    expect(later.breached).toBe(true);
    const slower = slo('slow', { budgetRemaining: 60, burnRate: 2 });
    expect(deriveSlaRisk([], T0, settings, [], new Set(), [slower]).items[0]!.atRisk).toBe(false);
  });

  it('sorts beside incident targets by time to breach, breached first', () => {
    const view = deriveSlaRisk(
      [
        incident('late', { urgency: 'high', openedAt: at(-20) }), // ack target 10 min: breached 10 min ago
        incident('soon', { urgency: 'high', openedAt: at(-8) }), // 2 min left
      ],
      T0,
      settings,
      [],
      new Set(),
      [
        slo('fast', { budgetRemaining: 20, burnRate: 10 }),
        slo('spent', { budgetRemaining: -1, burnRate: 2 }),
      ],
    );
    expect(view.items.map((i) => i.key)).toEqual([
      'pd:late:ack',
      'dd:slo:spent',
      'pd:soon:ack',
      'dd:slo:fast',
    ]);
  });

  it('keeps the order sound whatever figures the vendor sends', () => {
    const figure = fc.oneof(
      fc.double({ min: -500, max: 200, noNaN: false }),
      fc.constant(undefined),
      fc.constant(Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(figure, figure), { maxLength: 12 }),
        fc.integer({ min: 0, max: 40 }),
        (figs, hours) => {
          const slos = figs.map(([left, burn], i) => {
            const s = slo(`s${i}`);
            if (left !== undefined && Number.isFinite(left)) s.budgetRemaining = left;
            if (burn !== undefined && Number.isFinite(burn) && burn >= 0) s.burnRate = burn;
            return s;
          });
          const view = deriveSlaRisk([], T0 + hours * HOUR, settings, [], new Set(), slos);
          // Breached rows come first, then the rest by time left.
          const flags = view.items.map((i) => i.breached);
          expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
          const rest = view.items.filter((i) => !i.breached).map((i) => i.remainingMs);
          expect(rest).toEqual([...rest].sort((a, b) => a - b));
          expect(view.breached).toBe(flags.filter(Boolean).length);
          for (const i of view.items) expect(Number.isNaN(i.remainingMs)).toBe(false);
        },
      ),
    );
  });
});

describe('mute requests from the dialog values', () => {
  it('reads length and group; the whole monitor and "until unmuted" are the absent fields', () => {
    expect(muteRequestOf({ group: '*', minutes: '60' })).toEqual({ minutes: 60 });
    expect(muteRequestOf({ group: 'one', groupName: ' host:db-07 ', minutes: '240' })).toEqual({
      minutes: 240,
      group: 'host:db-07',
    });
    expect(muteRequestOf({ group: '*', minutes: '0' })).toEqual({});
    expect(muteRequestOf({ group: 'one', groupName: '   ', minutes: 'soon' })).toEqual({});
  });
});
