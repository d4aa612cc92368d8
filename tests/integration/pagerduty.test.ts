/**
 * The PagerDuty connector over real HTTP against the PagerDuty simulator: the
 * same requests it sends to PagerDuty, checked against the simulated world.
 */

import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import pagerduty from '../../plugins/pagerduty/index.js';
import { type Incident, PluginError } from '../../src/plugin-api/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

const READ_ONLY = 'pd-read-only-key';
let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function start(openIncidents?: number) {
  const clock = new ManualClock();
  const world = createWorld({ seed: 7, clock, ...(openIncidents ? { openIncidents } : {}) });
  sims = await startSimulators({ world, clock, pagerduty: { readOnlyToken: READ_ONLY } });
  return sims;
}

async function connect(s: Simulators, extra: Record<string, unknown> = {}) {
  const { connector, ctx } = await setupPlugin(
    pagerduty,
    {
      plugin: 'pagerduty',
      token: s.pagerduty.token,
      baseUrl: s.pagerduty.url,
      fromEmail: s.pagerduty.fromEmail,
      ...extra,
    },
    { instance: 'pd-sim', now: () => s.clock.now(), host: true },
  );
  return { connector, ctx };
}

const signal = () => AbortSignal.timeout(15_000);

async function rejection(p: Promise<unknown>): Promise<PluginError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PluginError);
  return err as PluginError;
}

/** An open, triggered incident from the connector's own list, as the cockpit would hold it. */
async function triggered(connector: Awaited<ReturnType<typeof connect>>['connector']): Promise<Incident> {
  const all = await connector.listIncidents(signal());
  const found = all.find((i) => i.status === 'triggered');
  if (!found) throw new Error('the seeded world has no triggered incident');
  return found;
}

describe('pagerduty connector against the simulator', () => {
  it('pages past 100 incidents and reads every escalation level right, or says it is ambiguous', async () => {
    const s = await start(250);
    const { connector } = await connect(s);
    const incidents = await connector.listIncidents(signal());
    const open = s.world.openIncidents();
    expect(open.length).toBeGreaterThanOrEqual(250);
    expect(new Set(incidents.map((i) => i.id))).toEqual(new Set(open.map((i) => i.id)));
    const pages = s.pagerduty.server.requests.filter((r) => r.path === '/incidents');
    expect(pages.map((r) => r.query.offset?.[0])).toEqual(['0', '100', '200']);
    // Levels come from the on-calls at the assignment times, in one request for all policies,
    // plus at most 10 log reads for incidents whose assignee holds several levels.
    expect(s.pagerduty.server.requests.filter((r) => r.path === '/oncalls')).toHaveLength(1);
    // (The account-wide GET /log_entries?limit=1 that starts a full listing is not one of them.)
    const logReads = s.pagerduty.server.requests.filter((r) => /^\/incidents\/.+\/log_entries$/.test(r.path));
    expect(logReads.length).toBeLessThanOrEqual(10);
    let ambiguous = 0;
    for (const inc of incidents) {
      const truth = s.world.incident(inc.id).level;
      if (inc.escalationLevelCandidates) {
        ambiguous++;
        expect(inc.escalationLevelCandidates, `${inc.key} candidates`).toContain(truth);
        expect(inc.escalationLevel).toBeUndefined();
      } else {
        // Never a wrong level: known and right (the seeded world has no direct assignments).
        expect(inc.escalationLevel, `${inc.key} level`).toBe(truth);
      }
    }
    expect(ambiguous).toBeGreaterThan(0);
    // A second poll reads no log again for incidents that did not change.
    s.pagerduty.server.requests.clear();
    await connector.listIncidents(signal());
    const again = s.pagerduty.server.requests.filter((r) => r.path.endsWith('/log_entries'));
    const first = new Set(logReads.map((r) => r.path));
    expect(logReads.length).toBeGreaterThan(0);
    expect(again.filter((r) => first.has(r.path))).toEqual([]);
  });

  it('retries a 429 after the ratelimit-reset the server asked for', async () => {
    const s = await start();
    const { connector } = await connect(s);
    s.pagerduty.server.faults.add({
      path: '/services',
      method: 'GET',
      status: 429,
      count: 1,
      headers: { 'ratelimit-reset': '1' },
    });
    const services = await connector.listServices(signal());
    expect(services.length).toBe(s.world.services.length);
    const [limited, ok] = s.pagerduty.server.requests.filter((r) => r.path === '/services');
    expect([limited?.status, ok?.status]).toEqual([429, 200]);
    expect(ok!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('surfaces a long rate-limit wait as RATE_LIMITED with retryAfterMs', async () => {
    const s = await start();
    const { connector } = await connect(s);
    s.pagerduty.server.faults.add({
      path: '/services',
      status: 429,
      count: 1,
      headers: { 'ratelimit-reset': '42' },
    });
    const err = await rejection(connector.listServices(signal()));
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 42_000, status: 429 });
  });

  it('explains a rejected token without repeating it', async () => {
    const s = await start();
    const wrong = 'wrong-token-value-123';
    const { connector } = await connect(s, { token: wrong });
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('AUTH');
    expect(err.message).toContain('PagerDuty rejected the API token (401)');
    expect(err.message).toContain('connectors.pd-sim.token');
    expect(err.message).not.toContain(wrong);
    expect(await connector.health(signal())).toMatchObject({ ok: false });
  });

  it('re-reads the secret after a 401, so a rotated token works on the next refresh without restart', async () => {
    const s = await start();
    const { connector, ctx } = await connect(s, { token: { command: 'token-store' } });
    let current = 'stale-token-value';
    let reads = 0;
    ctx.secrets.resolve = async () => {
      reads++;
      return current;
    };
    expect((await rejection(connector.listIncidents(signal()))).code).toBe('AUTH');
    current = s.pagerduty.token; // the user fixed the secret and pressed r
    expect((await connector.listIncidents(signal())).length).toBeGreaterThan(0);
    expect(reads).toBe(2);
  });

  it('reads with a read-only key but gets FORBIDDEN on acknowledge, changing nothing', async () => {
    const s = await start();
    const { connector } = await connect(s, { token: READ_ONLY });
    const inc = await triggered(connector);
    const err = await rejection(connector.acknowledge(inc, signal()));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/read-only API key/);
    expect(err.message).not.toContain(READ_ONLY);
    expect(s.world.incident(inc.id).status).toBe('triggered');
    expect(await connector.health(signal())).toEqual({
      ok: true,
      detail: expect.stringContaining('account key'),
    });
  });

  it('acknowledges, adds a note and resolves, changing the simulated world', async () => {
    const s = await start();
    const { connector } = await connect(s);
    expect((await connector.health(signal())).detail).toContain(
      s.world.userByEmail(s.pagerduty.fromEmail)!.name,
    );
    const inc = await triggered(connector);
    const ack = await connector.acknowledge(inc, signal());
    expect(ack).toEqual({ ok: true, message: expect.stringMatching(new RegExp(`^Acknowledged ${inc.key}`)) });
    expect(s.world.incident(inc.id).status).toBe('acknowledged');

    expect(await connector.addNote(inc, 'Rolled back deploy 4711', signal())).toMatchObject({ ok: true });
    expect(s.world.incident(inc.id).notes.map((n) => n.content)).toContain('Rolled back deploy 4711');

    expect(await connector.resolve(inc, { note: 'fixed by rollback' }, signal())).toMatchObject({ ok: true });
    expect(s.world.incident(inc.id).status).toBe('resolved');
    // PagerDuty answers 1001 for a second resolve; the cockpit shows "already done", not an error.
    expect(await connector.resolve(inc, {}, signal())).toMatchObject({ ok: true, alreadyDone: true });
    // Acknowledging a resolved incident would reopen it (spec); the connector refuses instead.
    const reopen = await rejection(connector.acknowledge(inc, signal()));
    expect(reopen).toMatchObject({
      code: 'CONFLICT',
      message: `${inc.key} is already resolved; nothing to acknowledge`,
    });
    expect(s.world.incident(inc.id).status).toBe('resolved');
  });

  it('escalates level by level and refuses past the last level', async () => {
    const s = await start();
    const { connector } = await connect(s);
    // A policy whose levels are all different people, so "one up" is always known.
    const inc = (await connector.listIncidents(signal())).find(
      (i) => i.status === 'triggered' && i.escalationPolicy === 'Payments EP' && i.urgency === 'high',
    )!;
    expect(inc).toBeDefined();
    const policy = s.world.policy(s.world.incident(inc.id).policyId);
    const last = policy.rules.length;
    expect(last).toBeGreaterThan(1);
    for (let level = s.world.incident(inc.id).level + 1; level <= last; level++) {
      const res = await connector.escalate(inc, {}, signal());
      expect(res.message).toContain(`to level ${level} of ${policy.name}`);
      expect(s.world.incident(inc.id).level).toBe(level);
    }
    const err = await rejection(connector.escalate(inc, {}, signal()));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe(`${inc.key} is already at the last level (${last}) of ${policy.name}`);
    // An explicit level still works, e.g. back to the primary.
    await connector.escalate(inc, { level: 1 }, signal());
    expect(s.world.incident(inc.id).level).toBe(1);
    expect((await rejection(connector.escalate(inc, { level: last + 1 }, signal()))).code).toBe('CONFLICT');
  });

  it('lists on-calls with emails, policies and services that match the world', async () => {
    const s = await start();
    const { connector } = await connect(s);
    const shifts = await connector.listOnCall(signal());
    expect(shifts.length).toBeGreaterThan(0);
    for (const sh of shifts) expect(sh.userEmail).toBe(s.world.user(sh.userId).email);
    const policies = await connector.listEscalationPolicies(signal());
    const byId = (a: [string, number], b: [string, number]) => a[0].localeCompare(b[0]);
    expect(policies.map((p): [string, number] => [p.id, p.levels.length]).sort(byId)).toEqual(
      s.world.policies.map((p): [string, number] => [p.id, p.rules.length]).sort(byId),
    );
    const only = s.world.policies[0]!.id;
    const { connector: filtered } = await connect(s, { escalationPolicyIds: [only] });
    expect(new Set((await filtered.listOnCall(signal())).map((x) => x.policyId))).toEqual(new Set([only]));
  });

  it('turns an HTML answer into BAD_RESPONSE', async () => {
    const s = await start();
    const { connector } = await connect(s);
    s.pagerduty.server.faults.add({
      path: '/escalation_policies',
      status: 200,
      body: '<!doctype html><h1>Login</h1>',
      headers: { 'content-type': 'text/html' },
    });
    expect((await rejection(connector.listEscalationPolicies(signal()))).code).toBe('BAD_RESPONSE');
  });
});

// Found by a new-user trial: the example config's placeholder escalationPolicyIds matched
// nothing, the on-call panel said "✔ No escalation policies reported", and doctor passed.
describe('config that matches nothing on the account is an error, not an empty panel', () => {
  it('an escalation policy or service id the token cannot see fails its stream, naming the ids', async () => {
    const s = await start();
    const real = s.pagerduty.server.world.policies[0]!.id;
    const { connector } = await connect(s, {
      escalationPolicyIds: [real, 'PABC123'],
      serviceIds: ['PNOPE01'],
    });
    const policies = await rejection(connector.listEscalationPolicies(signal()));
    expect(policies.code).toBe('INVALID');
    expect(policies.message).toMatch(
      /connectors\.pd-sim\.escalationPolicyIds lists PABC123, but this token sees no escalation policy/,
    );
    expect(policies.message).not.toContain(real);
    const services = await rejection(connector.listServices(signal()));
    expect(services.message).toMatch(/connectors\.pd-sim\.serviceIds lists PNOPE01/);
  });

  it('only the ids it can see: listed as before', async () => {
    const s = await start();
    const real = s.pagerduty.server.world.policies[0]!.id;
    const { connector } = await connect(s, { escalationPolicyIds: [real] });
    const policies = await connector.listEscalationPolicies(signal());
    expect(policies.map((p) => p.id)).toEqual([real]);
  });

  it('health (doctor) fails a fromEmail that is not a user on the account, and passes a real one', async () => {
    const s = await start();
    const good = await connect(s);
    expect(await good.connector.health(signal())).toMatchObject({ ok: true });
    const bad = await connect(s, { fromEmail: 'oncall-bot@example.com' });
    const h = await bad.connector.health(signal());
    expect(h.ok).toBe(false);
    expect(h.detail).toMatch(/fromEmail oncall-bot@example\.com is not a user on this account/);
  });
});
