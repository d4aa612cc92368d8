import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../../../../src/domain/model.js';
import { deriveSlaRisk } from '../../../../src/domain/panels/sla-risk.js';
import { DEFAULT_PANEL_SETTINGS, type PanelSettings } from '../../../../src/domain/settings.js';
import { at, incident, MIN, T0 } from '../records.js';

const sla: PanelSettings['sla'] = {
  byUrgency: { high: { ackMinutes: 10, resolveMinutes: 100 }, low: { ackMinutes: 60, resolveMinutes: 600 } },
  byPriority: { P1: { ackMinutes: 4, resolveMinutes: 40 } },
  atRiskShare: 0.25,
};

describe('deriveSlaRisk clocks', () => {
  it('runs a triggered incident against its ack target', () => {
    const [item] = deriveSlaRisk([incident('t', { urgency: 'high', openedAt: at(-6) })], T0, sla).items;
    expect(item).toMatchObject({
      key: 'pd:t:ack',
      clock: 'ack',
      targetAt: T0 + 4 * MIN,
      remainingMs: 4 * MIN,
    });
    expect(item!.percentElapsed).toBe(60);
  });

  it('runs an acknowledged incident against its resolve target, measured from opening', () => {
    const [item] = deriveSlaRisk(
      [
        incident('a', {
          status: 'acknowledged',
          urgency: 'high',
          openedAt: at(-30),
          acknowledgedAt: at(-25),
        }),
      ],
      T0,
      sla,
    ).items;
    expect(item).toMatchObject({
      key: 'pd:a:resolve',
      clock: 'resolve',
      remainingMs: 70 * MIN,
      percentElapsed: 30,
    });
  });

  it('ignores resolved incidents and ones without a parseable open time', () => {
    const view = deriveSlaRisk(
      [incident('r', { status: 'resolved' }), incident('bad', { openedAt: 'not a time' })],
      T0,
      sla,
    );
    expect(view).toEqual({ items: [], breached: 0, atRisk: 0, paused: 0, next: null });
  });
});

describe('deriveSlaRisk targets', () => {
  it('uses the priority target over the urgency one', () => {
    const [item] = deriveSlaRisk(
      [incident('p1', { priority: 'P1', urgency: 'low', openedAt: at(0) })],
      T0,
      sla,
    ).items;
    expect(item!.targetAt).toBe(T0 + 4 * MIN);
  });

  it('falls back to the urgency target when the priority has none', () => {
    const [item] = deriveSlaRisk(
      [incident('p3', { priority: 'P3', urgency: 'low', openedAt: at(0) })],
      T0,
      sla,
    ).items;
    expect(item!.targetAt).toBe(T0 + 60 * MIN);
  });

  it('treats a missing urgency as high', () => {
    const [item] = deriveSlaRisk([incident('u', { openedAt: at(0) })], T0, sla).items;
    expect(item!.targetAt).toBe(T0 + 10 * MIN);
  });

  it('works with the shipped defaults', () => {
    const [item] = deriveSlaRisk([incident('d', { openedAt: at(-1) })], T0, DEFAULT_PANEL_SETTINGS.sla).items;
    expect(item!.remainingMs).toBe(4 * MIN);
  });
});

describe('deriveSlaRisk breach and risk', () => {
  it('is breached exactly at the target time, not before', () => {
    const atTarget = deriveSlaRisk([incident('x', { openedAt: at(-10) })], T0, sla).items[0]!;
    expect(atTarget).toMatchObject({ breached: true, atRisk: false, remainingMs: 0, percentElapsed: 100 });
    const justBefore = deriveSlaRisk([incident('y', { openedAt: at(-10) })], T0 - 1, sla).items[0]!;
    expect(justBefore.breached).toBe(false);
  });

  it('flags at risk when less than atRiskShare of the window remains', () => {
    // 10-minute ack window, 25 % share → at risk below 2.5 minutes left.
    const items = (opened: number) =>
      deriveSlaRisk([incident('r', { openedAt: at(opened) })], T0, sla).items[0]!;
    expect(items(-7).atRisk).toBe(false); // 3 min left
    expect(items(-7.5).atRisk).toBe(false); // exactly 2.5 min left
    expect(items(-8).atRisk).toBe(true); // 2 min left
    expect(items(-8).breached).toBe(false);
  });

  it('puts breached items first (most overdue first), then the next to breach', () => {
    const view = deriveSlaRisk(
      [
        incident('later', { openedAt: at(-1) }),
        incident('over-a-bit', { openedAt: at(-11) }),
        incident('soon', { openedAt: at(-9) }),
        incident('over-long', { openedAt: at(-50) }),
        incident('slow', { status: 'acknowledged', openedAt: at(-20), acknowledgedAt: at(-19) }),
      ],
      T0,
      sla,
    );
    expect(view.items.map((i) => i.incident?.id)).toEqual([
      'over-long',
      'over-a-bit',
      'soon',
      'later',
      'slow',
    ]);
    expect(view.breached).toBe(2);
    expect(view.atRisk).toBe(1);
    expect(view.items[0]!.percentElapsed).toBe(500);
  });
});

describe('vendor SLA clocks (ServiceNow task_sla)', () => {
  const clock = (id: string, over: Partial<SlaClock> = {}): SlaClock => ({
    kind: 'sla',
    source: 'sn',
    id,
    taskId: `t-${id}`,
    taskKey: `INC00${id}`,
    taskTitle: `ticket ${id}`,
    name: 'P1 resolution (4 hour)',
    stage: 'in_progress',
    vendorStage: 'in_progress',
    breached: false,
    percentElapsed: 10,
    startedAt: at(-60),
    plannedEndAt: at(60),
    ...over,
  });

  it('recomputes a running clock’s share from start and planned end, not the stale vendor figure', () => {
    const view = deriveSlaRisk([], T0, sla, [clock('1', { percentElapsed: 10 })], new Set(['sn']));
    expect(view.items[0]).toMatchObject({
      clock: 'sla',
      taskKey: 'INC001',
      percentElapsed: 50,
      paused: false,
    });
    expect(view.items[0]!.remainingMs).toBe(60 * 60_000);
  });

  it('orders breached, then running by time left, then paused; drops achieved and cancelled', () => {
    const view = deriveSlaRisk(
      [],
      T0,
      sla,
      [
        clock('run-late', { plannedEndAt: at(120) }),
        clock('paused', { stage: 'paused', vendorStage: 'paused', plannedEndAt: at(5), percentElapsed: 80 }),
        clock('done', { stage: 'achieved', vendorStage: 'achieved' }),
        clock('gone', { stage: 'cancelled', vendorStage: 'cancelled' }),
        clock('breached', {
          stage: 'breached',
          vendorStage: 'breached',
          breached: true,
          plannedEndAt: at(-3),
        }),
        clock('run-soon', { plannedEndAt: at(10) }),
      ],
      new Set(['sn']),
    );
    expect(view.items.map((i) => i.taskKey)).toEqual([
      'INC00breached',
      'INC00run-soon',
      'INC00run-late',
      'INC00paused',
    ]);
    const paused = view.items.find((i) => i.paused)!;
    expect(paused.percentElapsed).toBe(80);
    expect(paused.atRisk).toBe(false);
    expect(view.breached).toBe(1);
  });

  it('measures an SLA source’s tickets by their SLAs only, and joins the ticket for actions', () => {
    const ticket = incident('t-1', { source: 'sn', openedAt: at(-600) });
    const view = deriveSlaRisk([ticket], T0, sla, [clock('1')], new Set(['sn']));
    expect(view.items).toHaveLength(1);
    expect(view.items[0]!.incident?.id).toBe('t-1');
    expect(view.items[0]!.title).toBe(ticket.title);
  });
});

describe('paused vendor clocks do not count down (ServiceNow review)', () => {
  it('freezes time left at the pause start, however much later it is read', () => {
    const paused: SlaClock = {
      kind: 'sla',
      source: 'sn',
      id: 'p',
      taskId: 't-p',
      taskKey: 'INC00p',
      name: 'P2 resolution (8 hour)',
      stage: 'paused',
      vendorStage: 'paused',
      breached: false,
      percentElapsed: 40,
      startedAt: at(-120),
      plannedEndAt: at(60),
      pausedAt: at(-30),
    };
    const now = deriveSlaRisk([], T0, sla, [paused], new Set(['sn'])).items[0]!;
    const later = deriveSlaRisk([], T0 + 2 * 60 * MIN, sla, [paused], new Set(['sn'])).items[0]!;
    expect(now.remainingMs).toBe(90 * MIN);
    expect(later.remainingMs).toBe(90 * MIN);
    expect(later.breached).toBe(false);
    expect(later.paused).toBe(true);
  });
});

describe('resumed vendor clocks (ServiceNow review)', () => {
  it('leaves time spent on hold out of the elapsed share', () => {
    // 8 h SLA, started 4 h ago, 2 h of it on hold: the vendor moved the planned end out by 2 h.
    const resumed: SlaClock = {
      kind: 'sla',
      source: 'sn',
      id: 'r',
      taskId: 't-r',
      taskKey: 'INC00r',
      name: 'P2 resolution (8 hour)',
      stage: 'in_progress',
      vendorStage: 'in_progress',
      breached: false,
      percentElapsed: 20,
      startedAt: at(-240),
      plannedEndAt: at(360),
      pausedMs: 120 * MIN,
    };
    const [item] = deriveSlaRisk([], T0, sla, [resumed], new Set(['sn'])).items;
    expect(item!.percentElapsed).toBe(25); // 2 h worked of 8 h, not 4 h of 10 h
  });
});

describe('vendor clocks with a business schedule (issue 8)', () => {
  // A 24-hour P3 clock in an 8-5 weekdays schedule, started Friday 16:00, read Monday 10:00:
  // 3 business hours used (12.5 %), while the wall clock says 66 h of a 160 h wall window.
  const scheduled: SlaClock = {
    kind: 'sla',
    source: 'sn',
    id: 's',
    taskId: 't-s',
    taskKey: 'INC00s',
    name: 'P3 resolution (24 hour)',
    stage: 'in_progress',
    vendorStage: 'in_progress',
    breached: false,
    percentElapsed: 12.5,
    schedule: '8-5 weekdays',
    businessTimeLeftMs: 21 * 60 * MIN,
    startedAt: at(-66 * 60),
    plannedEndAt: at(94 * 60),
  };

  it('keeps the business-hours share instead of recomputing it from wall time', () => {
    const [item] = deriveSlaRisk([], T0, sla, [scheduled], new Set(['sn'])).items;
    expect(item).toMatchObject({
      percentElapsed: 13,
      schedule: '8-5 weekdays',
      businessTimeLeftMs: 21 * 60 * MIN,
      remainingMs: 94 * 60 * MIN,
      atRisk: false,
      breached: false,
    });
    // The same clock without a schedule is measured in wall time: 66 of 160 hours.
    const { schedule: _s, ...wall } = scheduled;
    expect(deriveSlaRisk([], T0, sla, [wall], new Set(['sn'])).items[0]!.percentElapsed).toBe(41);
  });

  it('is at risk by its business share, and breached by its planned end in wall time', () => {
    const late = { ...scheduled, percentElapsed: 90, startedAt: at(-200 * 60), plannedEndAt: at(120) };
    expect(deriveSlaRisk([], T0, sla, [late], new Set(['sn'])).items[0]).toMatchObject({ atRisk: true });
    const over = deriveSlaRisk([], T0 + 121 * MIN, sla, [late], new Set(['sn'])).items[0]!;
    expect(over).toMatchObject({ breached: true });
    expect(over.percentElapsed).toBeGreaterThanOrEqual(100);
  });
});
