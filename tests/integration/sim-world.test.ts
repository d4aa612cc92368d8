/**
 * The seeded world on its own (no HTTP): reproducible, coherent, and alive
 * over simulated time without growing without bound.
 */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, ManualClock, MINUTE, SimClock } from '../../src/sim/clock.js';
import { Rng } from '../../src/sim/random.js';
import { createWorld, type Incident, type World } from '../../src/sim/world.js';

const START = Date.UTC(2030, 2, 4, 9, 0, 0);

/**
 * What PagerDuty guarantees and the connector relies on: an incident routed by its policy is
 * assigned to the user who was on call at its level *when it was assigned* (not necessarily now).
 */
function assigneeMismatches(world: World): string[] {
  return world
    .openIncidents()
    .filter((i) => i.assignedVia === 'escalation_policy')
    .filter((i) => {
      const a = i.assignments[0];
      return !a || a.userId !== world.onCall(i.policyId, i.level, a.at);
    })
    .map((i) => `${i.id} level ${i.level}`);
}

/** Open incidents whose assignee is not (or no longer) the on-call of their level now. */
function notWithCurrentOnCall(world: World, now: number): Incident[] {
  return world
    .openIncidents()
    .filter((i) => i.assignedVia === 'escalation_policy')
    .filter((i) => i.assignments[0]?.userId !== world.onCall(i.policyId, i.level, now));
}

const snapshot = (w: World) =>
  w
    .incidents()
    .map((i: Incident) => [i.id, i.number, i.title, i.status, i.createdAt, i.assignments[0]?.userId]);

describe('seeded randomness', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return [r.float(), r.int(1, 6), r.id('P', 6), r.pick(['a', 'b', 'c'])];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const ints = Array.from(
      { length: 500 },
      (
        (r) => () =>
          r.int(3, 5)
      )(new Rng(9)),
    );
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });
});

describe('clocks', () => {
  it('SimClock runs `speed` times faster than its real time source', () => {
    let real = 1_000;
    const clock = new SimClock({ start: START, speed: 60, realNow: () => real });
    expect(clock.now()).toBe(START);
    real += 1_000;
    expect(clock.now()).toBe(START + MINUTE);
  });

  it('ManualClock only moves when told', () => {
    const clock = new ManualClock(START);
    expect(clock.advance(5 * MINUTE)).toBe(START + 5 * MINUTE);
    expect(clock.set(START)).toBe(START);
    expect(clock.now()).toBe(START);
  });
});

describe('createWorld', () => {
  it('builds the same world from the same seed and start, and another from another seed', () => {
    const a = createWorld({ seed: 7, clock: new ManualClock(START) });
    const b = createWorld({ seed: 7, clock: new ManualClock(START) });
    const c = createWorld({ seed: 8, clock: new ManualClock(START) });
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(a.users.map((u) => u.id)).toEqual(b.users.map((u) => u.id));
    expect(snapshot(c)).not.toEqual(snapshot(a));
  });

  it('has the cast, services with hosts, and 2-4 level policies with 5-30 minute delays', () => {
    const w = createWorld({ seed: 42, clock: new ManualClock(START) });
    expect(w.users.length).toBeGreaterThanOrEqual(14);
    expect(new Set(w.users.map((u) => u.email)).size).toBe(w.users.length);
    expect(w.services.map((s) => s.name)).toEqual(
      expect.arrayContaining(['checkout-api', 'payments-db', 'auth-service', 'edge-proxy', 'vpn-gateway']),
    );
    for (const s of w.services) expect(s.hosts.length).toBeGreaterThanOrEqual(2);
    expect(w.policies).toHaveLength(4);
    for (const p of w.policies) {
      expect(p.rules.length).toBeGreaterThanOrEqual(2);
      expect(p.rules.length).toBeLessThanOrEqual(4);
      for (const r of p.rules) expect(r.delayMinutes).toBeGreaterThanOrEqual(5);
      expect(p.rules[0]!.target.kind).toBe('schedule');
    }
    expect(w.priorities.map((p) => p.name)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });

  it('starts with 15-25 open incidents of every kind, resolved history, and assignees on call', () => {
    const w = createWorld({ seed: 42, clock: new ManualClock(START) });
    const open = w.openIncidents();
    expect(open.length).toBeGreaterThanOrEqual(15);
    expect(open.length).toBeLessThanOrEqual(25);
    expect(new Set(open.map((i) => i.status))).toEqual(new Set(['triggered', 'acknowledged']));
    expect(new Set(open.map((i) => i.urgency))).toEqual(new Set(['high', 'low']));
    expect(open.some((i) => i.priorityId === null)).toBe(true);
    expect(open.some((i) => i.priorityId !== null)).toBe(true);
    expect(w.incidents().filter((i) => i.status === 'resolved').length).toBeGreaterThanOrEqual(30);
    for (const i of open) expect(i.createdAt).toBeLessThanOrEqual(START);
    expect(assigneeMismatches(w)).toEqual([]);
  });

  it('puts someone on call at two levels of one policy, as real policies do', () => {
    const w = createWorld({ seed: 42, clock: new ManualClock(START) });
    // The same schedule on two rules: its on-call holds both levels all the time.
    const network = w.policies.find((p) => p.name === 'Network EP')!;
    expect(w.onCall(network.id, 1, START)).toBe(w.onCall(network.id, 2, START));
    // A person who is a rule of their own and also in the level-1 rotation: two levels on their turn.
    const platform = w.policies.find((p) => p.name === 'Platform EP')!;
    const keiko = w.users.find((u) => u.name === 'Keiko Tanaka')!.id;
    const turns = Array.from({ length: 6 }, (_, k) => START + k * 12 * HOUR);
    expect(
      turns.some((t) => w.onCall(platform.id, 1, t) === keiko && w.onCall(platform.id, 2, t) === keiko),
    ).toBe(true);
    // Identity's secondary is the previous turn's primary.
    const identity = w.policies.find((p) => p.name === 'Identity EP')!;
    const today = w.shiftAt(identity.id, 1, START)!;
    expect(w.onCall(identity.id, 2, today.end!)).toBe(today.userId);
  });

  it('can be made large for pagination tests', () => {
    const w = createWorld({ seed: 3, openIncidents: 250 });
    expect(w.openIncidents()).toHaveLength(250);
  });
});

describe('world over simulated time', () => {
  it('escalates a triggered incident after its level delay to the next level on call', () => {
    const clock = new ManualClock(START);
    const w = createWorld({ seed: 42, clock });
    const inc = w
      .openIncidents()
      .find(
        (i) =>
          i.status === 'triggered' && i.level === 1 && i.escalateAt !== null && i.script.ackAfterMs === null,
      );
    expect(inc).toBeDefined();
    const at = inc!.escalateAt!;
    w.tick(at - 1);
    expect(inc!.level).toBe(1);
    w.tick(at);
    expect(inc!.level).toBe(2);
    expect(inc!.assignments[0]!.userId).toBe(w.onCall(inc!.policyId, 2, at));
    expect(inc!.log.at(-1)).toMatchObject({ type: 'escalate_log_entry', at });
  });

  it('rotates shifts and leaves open incidents with whoever was assigned', () => {
    const clock = new ManualClock(START);
    const w = createWorld({ seed: 42, clock });
    const daily = w.policies.find((p) => p.name === 'Payments EP')!;
    const now = w.shiftAt(daily.id, 1, START)!;
    const next = w.shiftAt(daily.id, 1, now.end!)!;
    expect(next.userId).not.toBe(now.userId);
    expect(next.start).toBe(now.end);
    expect(now.end! - now.start!).toBe(DAY);
    let strays = 0;
    for (let t = START; t <= START + 3 * DAY; t += 3 * HOUR) {
      w.tick(t);
      expect(assigneeMismatches(w)).toEqual([]);
      strays += notWithCurrentOnCall(w, t).length;
    }
    // Some incidents outlived a handoff and stayed with the previous on-call.
    expect(strays).toBeGreaterThan(0);
  });

  it('keeps a long-running incident with the previous on-call after a shift change', () => {
    const clock = new ManualClock(START);
    const w = createWorld({ seed: 42, clock });
    const inc = w
      .openIncidents()
      .find((i) => w.policy(i.policyId).rules[0]!.target.kind === 'schedule' && i.urgency === 'high')!;
    w.escalate(inc.id, 1, { kind: 'user', id: w.users[0]!.id }, START);
    const assignee = inc.assignments[0]!.userId;
    w.acknowledge(inc.id, assignee, START);
    w.snooze(inc.id, 3 * 86_400, assignee, START);
    Object.assign(inc.script, { fixAfterAckMs: 10 * DAY, clearAt: START + 10 * DAY });
    inc.autoResolveAt = null;
    const shift = w.shiftAt(inc.policyId, 1, START)!;
    const logged = inc.log.length;
    w.tick(shift.end! + HOUR);
    expect(w.onCall(inc.policyId, 1, shift.end!)).not.toBe(assignee);
    expect(inc.assignments).toEqual([{ userId: assignee, at: START }]);
    expect(inc.status).toBe('acknowledged');
    expect(inc.log.length).toBe(logged);
  });

  it('never escalates a low-urgency incident, by timer or by request, until its urgency is raised', () => {
    const clock = new ManualClock(START);
    const w = createWorld({ seed: 42, clock });
    const low = w.openIncidents().find((i) => i.urgency === 'low' && i.status === 'triggered')!;
    expect(low.escalateAt).toBeNull();
    const level = low.level;
    Object.assign(low.script, { ackAfterMs: null, clearAt: START + 10 * DAY });
    low.autoResolveAt = null;
    w.tick(START + 6 * HOUR);
    expect(low.level).toBe(level);
    expect(() => w.escalate(low.id, level + 1, { kind: 'user', id: w.users[0]!.id })).toThrow(
      /Low urgency incidents cannot be escalated/,
    );
    w.setUrgency(low.id, 'high', { kind: 'user', id: w.users[0]!.id });
    expect(low.escalateAt).not.toBeNull();
    w.tick(low.escalateAt!);
    expect(low.level).toBe(level + 1);
  });

  it('gives the same history however often it is ticked', () => {
    const coarse = createWorld({ seed: 5, clock: new ManualClock(START) });
    const fine = createWorld({ seed: 5, clock: new ManualClock(START) });
    coarse.tick(START + 2 * DAY);
    for (let t = START; t <= START + 2 * DAY; t += 7 * MINUTE) fine.tick(t);
    fine.tick(START + 2 * DAY);
    expect(snapshot(fine)).toEqual(snapshot(coarse));
  });

  it('stays bounded and alive over weeks', () => {
    const clock = new ManualClock(START);
    const w = createWorld({ seed: 42, clock });
    const seen = new Set(w.incidents().map((i) => i.id));
    let maxOpen = 0;
    for (let d = 1; d <= 21; d++) {
      w.tick(START + d * DAY);
      maxOpen = Math.max(maxOpen, w.openIncidents().length);
    }
    expect(maxOpen).toBeLessThanOrEqual(40);
    expect(w.openIncidents().length).toBeGreaterThan(0);
    expect(w.incidents().filter((i) => !seen.has(i.id)).length).toBeGreaterThan(100);
    expect(w.incidents().length).toBeLessThanOrEqual(1000 + 40);
  });

  it('lapses an acknowledgement after the service ack timeout', () => {
    const clock = new ManualClock(START);
    const w = createWorld({ seed: 42, clock });
    const inc = w
      .openIncidents()
      .find((i) => i.status === 'triggered' && w.service(i.serviceId).ackTimeoutSeconds)!;
    const timeout = w.service(inc.serviceId).ackTimeoutSeconds! * 1000;
    inc.script.fixAfterAckMs = 10 * DAY; // keep the scripted responder from fixing it first
    inc.script.clearAt = START + 10 * DAY;
    w.acknowledge(inc.id, w.users[0]!.id, START);
    expect(inc.unackAt).toBe(START + timeout);
    w.tick(START + timeout);
    expect(inc.status).toBe('triggered');
    expect(inc.log.some((e) => e.type === 'unacknowledge_log_entry')).toBe(true);
  });
});
