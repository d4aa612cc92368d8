/**
 * Issue 8, defect 3: which escalation level a PagerDuty incident is at, against a simulator
 * that behaves like a real account — people on call at several levels of one policy,
 * incidents that stay with the previous on-call after a handoff, and low-urgency incidents
 * that PagerDuty will not escalate. "One level up" must never page backwards or skip a level.
 */

import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import pagerduty from '../../plugins/pagerduty/index.js';
import { type Incident, PluginError } from '../../src/plugin-api/index.js';
import { createWorld, ManualClock, MINUTE, type Simulators, startSimulators } from '../../src/sim/index.js';
import type { World } from '../../src/sim/world.js';

const START = Date.UTC(2030, 2, 4, 9, 0, 0);
let sims: (Simulators & { clock: ManualClock }) | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function start() {
  const clock = new ManualClock(START);
  const world = createWorld({ seed: 42, clock });
  sims = { ...(await startSimulators({ world, clock })), clock };
  return sims;
}

async function connect(s: Simulators) {
  const { connector } = await setupPlugin(
    pagerduty,
    {
      plugin: 'pagerduty',
      token: s.pagerduty.token,
      baseUrl: s.pagerduty.url,
      fromEmail: s.pagerduty.fromEmail,
    },
    { instance: 'pd-sim', now: () => s.clock.now(), host: true },
  );
  return connector;
}

const signal = () => AbortSignal.timeout(15_000);
const actor = (w: World) => ({ kind: 'user' as const, id: w.users[0]!.id });

async function rejection(p: Promise<unknown>): Promise<PluginError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PluginError);
  return err as PluginError;
}

/** An open high-urgency incident, kept still: no scripted ack, fix, clear or auto-resolve. */
function stillIncident(w: World, urgency: 'high' | 'low' = 'high') {
  const inc = w.openIncidents().find((i) => i.urgency === urgency && i.status === 'triggered')!;
  Object.assign(inc.script, { ackAfterMs: null, fixAfterAckMs: 30 * 24 * 60 * MINUTE });
  inc.script.clearAt = START + 30 * 24 * 60 * MINUTE;
  inc.autoResolveAt = null;
  return inc;
}

const policyNamed = (w: World, name: string) => w.policies.find((p) => p.name === name)!;
const puts = (s: Simulators) =>
  s.pagerduty.server.requests.filter((r) => r.method === 'PUT').map((r) => JSON.parse(r.body ?? '{}'));

async function listed(connector: Awaited<ReturnType<typeof connect>>, id: string): Promise<Incident> {
  const found = (await connector.listIncidents(signal())).find((i) => i.id === id);
  if (!found) throw new Error(`incident ${id} not listed`);
  return found;
}

describe('the seeded demo world', () => {
  it('shows an incident whose level is ambiguous from the start and for hours after, at any seed', async () => {
    for (const seed of [42, 7, 1234]) {
      const clock = new ManualClock(START);
      const world = createWorld({ seed, clock });
      const s = await startSimulators({ world, clock });
      try {
        const connector = await connect(s);
        for (const hours of [0, 1, 3]) {
          clock.set(START + hours * 60 * MINUTE);
          const shown = (await connector.listIncidents(signal())).filter((i) => i.escalationLevelCandidates);
          expect(shown.length, `seed ${seed} at +${hours}h`).toBeGreaterThan(0);
          for (const i of shown) expect(i.escalationLevelCandidates).toContain(world.incident(i.id).level);
        }
      } finally {
        await s.close();
      }
    }
  });
});

describe('PagerDuty escalation level in a real-shaped account', () => {
  it('after a handoff the previous primary is now secondary: still level 1, and one up is level 2', async () => {
    const s = await start();
    const w = s.world;
    const identity = policyNamed(w, 'Identity EP');
    const shift = w.shiftAt(identity.id, 1, START)!;
    // Routed to Identity's primary ten minutes before the handoff, then acknowledged.
    s.clock.set(shift.end! - 10 * MINUTE);
    const inc = stillIncident(w);
    w.changePolicy(inc.id, identity.id, actor(w));
    w.acknowledge(inc.id, shift.userId);
    s.clock.set(shift.end! + 5 * MINUTE);
    // PagerDuty left it with yesterday's primary, who is today's secondary (level 2).
    expect(inc.assignments.map((a) => a.userId)).toEqual([shift.userId]);
    expect(w.onCall(identity.id, 2, s.clock.now())).toBe(shift.userId);

    const connector = await connect(s);
    const seen = await listed(connector, inc.id);
    expect(seen.escalationLevel).toBe(1);
    s.pagerduty.server.requests.clear();
    const res = await connector.escalate(seen, {}, signal());
    expect(puts(s)).toEqual([{ incident: { type: 'incident_reference', escalation_level: 2 } }]);
    expect(res.message).toContain('to level 2 of Identity EP');
    expect(w.incident(inc.id).level).toBe(2);
  });

  it('someone on call at two levels: says it is ambiguous and sends nothing until a level is chosen', async () => {
    const s = await start();
    const w = s.world;
    const network = policyNamed(w, 'Network EP');
    const inc = stillIncident(w);
    w.changePolicy(inc.id, network.id, actor(w));
    s.clock.set(START + MINUTE);
    // Level 2 re-pages the same primary schedule: the assignee is on call at levels 1 and 2.
    w.escalate(inc.id, 2, actor(w));
    s.clock.set(START + 2 * MINUTE);
    const connector = await connect(s);
    const seen = await listed(connector, inc.id);
    expect(seen.escalationLevel).toBeUndefined();
    expect(seen.escalationLevelCandidates).toEqual([1, 2]);

    s.pagerduty.server.requests.clear();
    const err = await rejection(connector.escalate(seen, {}, signal()));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/level 1 or 2 of Network EP/);
    expect(err.message).toMatch(/choose/i);
    expect(puts(s)).toEqual([]);

    s.pagerduty.server.requests.clear();
    const chosen = await connector.escalate(seen, { level: 3 }, signal());
    expect(chosen.message).toContain('to level 3 of Network EP');
    expect(w.incident(inc.id).level).toBe(3);
    // A level the user chose, without a level they saw, needs no on-call or log read.
    expect(
      s.pagerduty.server.requests.map((r) => `${r.method} ${r.path.replace(/\/[A-Z0-9]{5,}/g, '/{id}')}`),
    ).toEqual(['GET /incidents/{id}', 'GET /escalation_policies/{id}', 'PUT /incidents/{id}']);
  });

  it('a fresh incident on that policy is at level 1: the log shows no escalation since it triggered', async () => {
    const s = await start();
    const w = s.world;
    const network = policyNamed(w, 'Network EP');
    const inc = stillIncident(w);
    w.changePolicy(inc.id, network.id, actor(w));
    const connector = await connect(s);
    const seen = await listed(connector, inc.id);
    expect(seen.escalationLevel).toBe(1);
    expect(seen.escalationLevelCandidates).toBeUndefined();
  });

  it('refuses to escalate a low-urgency incident before sending, and says what to do instead', async () => {
    const s = await start();
    const w = s.world;
    const low = stillIncident(w, 'low');
    const connector = await connect(s);
    const seen = await listed(connector, low.id);
    s.pagerduty.server.requests.clear();
    // Even with an explicit level (the dialog's choice), nothing is sent.
    const err = await rejection(connector.escalate(seen, { level: 2 }, signal()));
    expect(puts(s)).toEqual([]);
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/low-urgency/);
    expect(err.message).toMatch(/urgency to high in PagerDuty/);
    expect(err.message).toMatch(/reassign/);
    expect(w.incident(low.id).level).toBe(1);
    // The record says so too, so the cockpit can refuse before opening a confirm dialog.
    expect(seen.escalationBlocked).toBe(err.message);
  });

  it('refuses when the incident moved since the screen was read, instead of paging from a stale level', async () => {
    const s = await start();
    const w = s.world;
    const payments = policyNamed(w, 'Payments EP');
    const inc = stillIncident(w);
    w.changePolicy(inc.id, payments.id, actor(w));
    const connector = await connect(s);
    const seen = await listed(connector, inc.id);
    expect(seen.escalationLevel).toBe(1);
    // PagerDuty escalates it by itself before the user confirms "level 1 → 2".
    s.clock.set(START + 16 * MINUTE);
    w.tick();
    expect(w.incident(inc.id).level).toBe(2);
    s.pagerduty.server.requests.clear();
    const err = await rejection(connector.escalate(seen, { level: 2, fromLevel: 1 }, signal()));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/now at level 2/);
    expect(puts(s)).toEqual([]);
  });
});
