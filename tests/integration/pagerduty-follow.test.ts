/**
 * The PagerDuty incidents stream follows the account log between full listings (issue 10):
 * over real HTTP against the simulator, every poll must show what a fresh full listing would,
 * while asking for a log page and a count instead of every page.
 */

import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FULL_RELOAD_MS } from '../../plugins/pagerduty/incident-sync.js';
import pagerduty from '../../plugins/pagerduty/index.js';
import type { Incident } from '../../src/plugin-api/index.js';
import { createWorld, ManualClock, MINUTE, type Simulators, startSimulators } from '../../src/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function start(openIncidents = 250) {
  const clock = new ManualClock();
  const world = createWorld({ seed: 21, clock, openIncidents });
  sims = await startSimulators({ world, clock });
  return Object.assign(sims, { clock });
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
    { instance: 'pd-follow', now: () => s.clock.now(), host: true },
  );
  return connector;
}

const signal = () => AbortSignal.timeout(20_000);
const requests = (s: Simulators) => s.pagerduty.server.requests.filter((r) => r.method === 'GET');
const pages = (s: Simulators) =>
  requests(s).filter((r) => r.path === '/incidents' && r.query.limit?.[0] !== '1');

/**
 * What a record must agree on with a fresh full listing. Escalation levels are left out: they
 * are derived within a per-poll budget of log reads, so a fresh connector may know fewer.
 */
function view(list: readonly Incident[]) {
  return [...list]
    .map(({ escalationLevel: _l, escalationLevelCandidates: _c, ...rest }) => rest)
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function truth(s: Simulators) {
  return view(await (await connect(s)).listIncidents(signal()));
}

const agent = (s: Simulators) => ({ kind: 'user' as const, id: s.world.users[0]!.id });

describe('PagerDuty incidents between full listings', () => {
  it('a poll where nothing changed asks for one log page and a count, and keeps every record object', async () => {
    const s = await start();
    const connector = await connect(s);
    const first = await connector.listIncidents(signal());
    expect(pages(s).length).toBe(3);
    s.pagerduty.server.requests.clear();
    const second = await connector.listIncidents(signal());
    expect(
      requests(s)
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/incidents', '/log_entries']);
    const log = requests(s).find((r) => r.path === '/log_entries')!;
    expect(log.query['include[]']).toEqual(['incidents']);
    expect(log.query.since?.[0]).toBeDefined();
    expect(second).toHaveLength(first.length);
    for (const [i, record] of second.entries()) expect(record).toBe(first[i]);
  });

  it('acks, resolutions, escalations, reassignments and arrivals reach the next poll as a full listing shows them', async () => {
    const s = await start();
    const connector = await connect(s);
    const before = await connector.listIncidents(signal());
    const open = s.world.openIncidents();
    const triggered = open.filter((i) => i.status === 'triggered');
    s.world.acknowledge(triggered[0]!.id, s.world.users[1]!.id);
    s.world.resolve(triggered[1]!.id, agent(s));
    s.world.resolve(open.find((i) => i.status === 'acknowledged')!.id, agent(s));
    s.world.reassign(triggered[2]!.id, [s.world.users[3]!.id], agent(s));
    s.world.setUrgency(triggered[3]!.id, triggered[3]!.urgency === 'high' ? 'low' : 'high', agent(s));
    // Time moves too: the world escalates unacknowledged incidents and new ones arrive.
    s.clock.advance(FULL_RELOAD_MS - MINUTE);
    s.world.tick();
    s.pagerduty.server.requests.clear();
    const after = await connector.listIncidents(signal());
    expect(pages(s)).toHaveLength(0);
    expect(view(after)).toEqual(await truth(s));
    expect(view(after)).not.toEqual(view(before));
  });

  it('rows that moved between the pages of a full listing are found by the next poll', async () => {
    const s = await start();
    const connector = await connect(s);
    // While the second page is asked for, five incidents of the first page resolve: every later
    // row moves up five places, so five rows slip past the page boundary unseen.
    let struck = false;
    s.pagerduty.server.beforeRequest = (req) => {
      if (struck || req.path !== '/incidents' || req.query.get('offset') !== '100') return;
      struck = true;
      for (const inc of s.world.openIncidents().slice(0, 5)) s.world.resolve(inc.id, agent(s));
    };
    const first = await connector.listIncidents(signal());
    s.pagerduty.server.beforeRequest = undefined;
    expect(struck).toBe(true);
    const listed = new Set(first.map((i) => i.id));
    const missed = s.world.openIncidents().filter((i) => !listed.has(i.id));
    expect(missed.length).toBeGreaterThan(0); // what offset paging of a moving list does
    const second = await connector.listIncidents(signal());
    expect(view(second)).toEqual(await truth(s));
  });

  it('a priority change has no log entry: it shows at the next full listing, FULL_RELOAD_MS later', async () => {
    const s = await start(120);
    const connector = await connect(s);
    const first = await connector.listIncidents(signal());
    const target = first.find((i) => i.priority !== 'P1')!;
    const p1 = s.world.priorities.find((p) => p.name === 'P1')!;
    s.world.setPriority(target.id, p1.id);
    const followed = await connector.listIncidents(signal());
    expect(followed.find((i) => i.id === target.id)?.priority).toBe(target.priority);
    s.clock.advance(FULL_RELOAD_MS);
    s.pagerduty.server.requests.clear();
    const reloaded = await connector.listIncidents(signal());
    expect(pages(s).length).toBeGreaterThan(1);
    expect(reloaded.find((i) => i.id === target.id)?.priority).toBe('P1');
  });

  it('a burst of changes beyond one log budget falls back to a full listing', async () => {
    const s = await start(700);
    const connector = await connect(s);
    await connector.listIncidents(signal());
    for (const inc of s.world.openIncidents().slice(0, 600))
      s.world.acknowledge(inc.id, s.world.users[2]!.id);
    s.pagerduty.server.requests.clear();
    const after = await connector.listIncidents(signal());
    expect(pages(s).length).toBeGreaterThanOrEqual(7);
    expect(view(after)).toEqual(await truth(s));
  });

  it('a 429 on the log is retried after the wait the server asks for, not turned into a full listing', async () => {
    const s = await start();
    const connector = await connect(s);
    await connector.listIncidents(signal());
    s.pagerduty.server.faults.add({
      path: '/log_entries',
      status: 429,
      count: 1,
      headers: { 'retry-after': '1', 'ratelimit-reset': '1' },
    });
    s.world.resolve(s.world.openIncidents()[0]!.id, agent(s));
    s.pagerduty.server.requests.clear();
    const after = await connector.listIncidents(signal());
    expect(
      requests(s)
        .filter((r) => r.path === '/log_entries')
        .map((r) => r.status),
    ).toEqual([429, 200]);
    expect(pages(s)).toHaveLength(0);
    expect(view(after)).toEqual(await truth(s));
  });

  it('a refresh the user asked for lists every page: a rename leaves no log entry, and r must show it', async () => {
    const s = await start();
    const connector = await connect(s);
    const first = await connector.listIncidents(signal());
    const open = first.find((i) => i.status === 'triggered')!;
    // Renamed at the vendor: PagerDuty files no log entry for a title change.
    s.world.setTitle(open.id, 'Renamed while followed');
    s.pagerduty.server.requests.clear();
    const followed = await connector.listIncidents(signal());
    expect(pages(s)).toHaveLength(0);
    expect(followed.find((i) => i.id === open.id)!.title).toBe(open.title);
    s.pagerduty.server.requests.clear();
    const fresh = await connector.listIncidents(signal(), { fresh: true });
    expect(pages(s).length).toBe(3);
    expect(fresh.find((i) => i.id === open.id)!.title).toBe('Renamed while followed');
  });
});
