/**
 * The CrowdStrike Falcon connector over real HTTP against the Falcon simulator: full load by
 * scroll + batched details, delta polls by modified_timestamp, token renewal (before expiry,
 * on 401, mid-scroll, and on Falcon's 429-for-an-expired-token), 429 RetryAfter, pages that
 * never advance, odd Unicode host names, and containment with its pending states.
 */
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import crowdstrike from '../../plugins/crowdstrike/index.js';
import {
  type CrowdStrikeSim,
  type CrowdStrikeSimOptions,
  createWorld,
  ManualClock,
  MINUTE,
  type Simulators,
  startSimulators,
} from '../../src/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function start(
  sim: Omit<CrowdStrikeSimOptions, 'world' | 'clock'> = {},
  extra: Record<string, unknown> = {},
  secret?: string,
) {
  const clock = new ManualClock();
  const world = createWorld({ seed: 7, clock });
  sims = await startSimulators({
    world,
    clock,
    crowdstrike: { tokenClock: () => clock.now(), ...sim },
  });
  const cs = sims.crowdstrike.server;
  const { connector, ctx } = await setupPlugin(
    crowdstrike,
    {
      plugin: 'crowdstrike',
      baseUrl: cs.url,
      clientId: cs.clientId,
      clientSecret: { env: 'FALCON_SECRET' },
      ...extra,
    },
    {
      now: () => clock.now(),
      instance: 'falcon',
      secrets: { FALCON_SECRET: secret ?? cs.clientSecret },
      host: { maxRetryAfterMs: 2_000, timeoutMs: 20_000 },
    },
  );
  return { connector, ctx, clock, cs };
}

const signal = () => AbortSignal.timeout(30_000);
const calls = (cs: CrowdStrikeSim, path: string) => cs.requests.filter((r) => r.path === path);

describe('CrowdStrike connector against the simulator', () => {
  it('loads every host: ids by scroll, details in batches of 5000, policy names and target versions resolved', async () => {
    const { connector, cs } = await start({ fleet: { hosts: 12_000 } });
    const hosts = await connector.listHosts(signal());
    expect(hosts).toHaveLength(12_000);
    expect(new Set(hosts.map((h) => h.id)).size).toBe(12_000);
    // 12,000 ids: two scroll pages (10,000 + 2,000); three POSTs of ≤ 5000 ids.
    expect(calls(cs, '/devices/queries/devices-scroll/v1')).toHaveLength(2);
    const posts = calls(cs, '/devices/entities/devices/v2');
    expect(posts.map((r) => JSON.parse(r.requestBody!).ids.length).sort()).toEqual([2000, 5000, 5000]);
    const h = hosts.find((x) => x.prevention?.name && x.sensorUpdate?.targetVersion)!;
    expect(h.sensorUpdate?.name).toMatch(/n-\d/);
    expect(h.sensorUpdate?.targetVersion).toMatch(/^7\.\d+\.\d+$/);
    // Unscored hosts stay unscored (404 chunks or missing ids), scored ones carry their score.
    expect(hosts.some((x) => x.ztaScore === undefined)).toBe(true);
    expect(hosts.some((x) => typeof x.ztaScore === 'number')).toBe(true);
    // Names as a real fleet has them: FQDNs and upper-case short names beside the CMDB's.
    expect(
      hosts.some((x) => x.hostname === 'CHECKOUT-API-01' || x.hostname.endsWith('.prod.acme.internal')),
    ).toBe(true);
    // The contained suspect is reported as such.
    expect(hosts.filter((x) => x.containment === 'contained')).toHaveLength(1);
  });

  it('a later poll asks only for changed hosts (modified_timestamp with overlap) and merges them', async () => {
    const { connector, cs, clock } = await start({ fleet: { hosts: 3000 } });
    await connector.listHosts(signal());
    cs.requests.clear();
    clock.advance(5 * MINUTE);
    const changed = cs.fleet.touch(10, clock.now());
    const hosts = await connector.listHosts(signal());
    const scroll = calls(cs, '/devices/queries/devices-scroll/v1');
    expect(scroll).toHaveLength(1);
    expect(scroll[0]!.query.filter?.[0]).toMatch(/^modified_timestamp:>='\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'$/);
    // A handful of requests: the scroll, one details POST, one ZTA GET.
    expect(cs.requests.length).toBeLessThanOrEqual(4);
    const body = JSON.parse(calls(cs, '/devices/entities/devices/v2')[0]!.requestBody!);
    for (const d of changed) expect(body.ids).toContain(d.id);
    expect(hosts).toHaveLength(3000);
    for (const d of changed) expect(hosts.find((h) => h.id === d.id)?.sensorVersion).toBe(d.agentVersion);
  });

  it('renews the token before it expires, and once on a 401 in the middle of a scroll', async () => {
    const { connector, cs, clock } = await start({ fleet: { hosts: 12_000 }, tokenTtlSeconds: 1799 });
    await connector.listHosts(signal());
    expect(cs.tokensIssued).toBe(1);
    // 28 minutes later the token is inside the renewal window: a new one before any call fails.
    clock.advance(28 * MINUTE);
    cs.requests.clear();
    await connector.listHosts(signal());
    expect(cs.tokensIssued).toBe(2);
    expect(cs.requests.filter((r) => r.status === 401)).toHaveLength(0);
    // Now every token dies between scroll pages: the scroll goes on with a new token.
    clock.advance(12 * 60 * MINUTE); // past fullReloadHours: a full load of 2 scroll pages (token 3)
    cs.requests.clear();
    let pages = 0;
    const origin = cs.requests.push.bind(cs.requests);
    cs.requests.push = (...items) => {
      const n = origin(...items);
      for (const r of items)
        if (r.path === '/devices/queries/devices-scroll/v1' && r.status === 200 && ++pages === 1)
          cs.expireAll();
      return n;
    };
    const hosts = await connector.listHosts(signal());
    expect(hosts).toHaveLength(12_000);
    expect(cs.requests.filter((r) => r.status === 401).length).toBe(1);
    expect(cs.tokensIssued).toBe(4);
    // The 401 was the second scroll page; it was asked again with the same scroll token.
    const scroll = calls(cs, '/devices/queries/devices-scroll/v1');
    expect(scroll.map((r) => r.status)).toEqual([200, 401, 200]);
    expect(scroll[2]!.query.offset).toEqual(scroll[1]!.query.offset);
  });

  it('an expired token answered with 429 and no RetryAfter gets a new token, not a wait', async () => {
    const { connector, cs } = await start({ fleet: { hosts: 50 }, expiredAs429: true });
    await connector.listHosts(signal());
    cs.expireAll();
    await connector.health(signal()).then((h) => expect(h.ok).toBe(true));
    expect(cs.requests.some((r) => r.status === 429)).toBe(true);
    expect(cs.tokensIssued).toBe(2);
  });

  it('honours 429 X-RateLimit-RetryAfter (a storm of three), and gives up on a wait too long', async () => {
    const { connector, cs } = await start({ fleet: { hosts: 50 } });
    const soon = () => String(Math.floor(Date.now() / 1000) + 1);
    cs.faults.add({
      path: '/devices/queries/devices-scroll/v1',
      status: 429,
      count: 2,
      headers: { 'X-RateLimit-RetryAfter': soon() },
    });
    const hosts = await connector.listHosts(signal());
    expect(hosts).toHaveLength(50);
    expect(calls(cs, '/devices/queries/devices-scroll/v1').map((r) => r.status)).toEqual([429, 429, 200]);
    // A RetryAfter a minute away is not sat through inside a poll: RATE_LIMITED with the wait.
    const { connector: c2, cs: s2 } = await start({ fleet: { hosts: 50 } });
    s2.faults.add({
      path: '/devices/queries/devices-scroll/v1',
      status: 429,
      count: 5,
      headers: { 'X-RateLimit-RetryAfter': String(Math.floor(Date.now() / 1000) + 60) },
    });
    await expect(c2.listHosts(signal())).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(calls(s2, '/devices/queries/devices-scroll/v1')).toHaveLength(1);
  });

  it('the simulator spends a per-minute budget and reports it; the connector shows it in health', async () => {
    const { connector, cs } = await start({ fleet: { hosts: 20 }, ratePerMinute: 50 });
    await connector.listHosts(signal());
    const h = await connector.health(signal());
    expect(h.detail).toMatch(/rate budget \d+\/50 this minute/);
    expect(
      cs.requests.every((r) => (r.responseHeaders as Record<string, string>)['x-ratelimit-limit'] === '50'),
    ).toBe(true);
  });

  it('a scroll that never advances is stopped, not followed forever', async () => {
    const { connector, cs } = await start({ fleet: { hosts: 25_000 }, stuckScroll: true });
    await expect(connector.listHosts(signal())).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    expect(calls(cs, '/devices/queries/devices-scroll/v1').length).toBeLessThanOrEqual(3);
  });

  it('odd Unicode host names arrive intact (display cleaning is the UI’s job)', async () => {
    const { connector } = await start({ fleet: { hosts: 400 } });
    const names = (await connector.listHosts(signal())).map((h) => h.hostname);
    expect(names).toContain('KASSE-MÜNCHEN-01');
    expect(names).toContain('工作站-07');
    expect(names).toContain('wks\u200b-zero-width');
  });

  it('wrong credentials are an AUTH error naming the keys, without the secret', async () => {
    const { connector, cs } = await start({ fleet: { hosts: 5 } }, {}, 'a-wrong-secret-123');
    const err = (await connector.listHosts(signal()).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(err).toMatchObject({ code: 'AUTH' });
    expect(err.message).toMatch(/connectors\.falcon\.clientSecret/);
    expect(err.message).not.toContain('a-wrong-secret-123');
    expect(calls(cs, '/devices/queries/devices-scroll/v1')).toHaveLength(0);
  });

  it('contain: 202, the host reads containment_pending, then contained once the sensor settles; lift likewise', async () => {
    const { connector, cs, clock } = await start({ fleet: { hosts: 60, settleSeconds: 90 } });
    let hosts = await connector.listHosts(signal());
    const target = hosts.find((h) => h.containment === 'normal')!;
    const r = await connector.contain(target, signal());
    expect(r.message).toMatch(/pending until the sensor confirms/);
    const action = calls(cs, '/devices/entities/devices-actions/v2')[0]!;
    expect(action.query.action_name).toEqual(['contain']);
    expect(JSON.parse(action.requestBody!)).toEqual({ ids: [target.id] });
    hosts = await connector.listHosts(signal());
    expect(hosts.find((h) => h.id === target.id)?.containment).toBe('containment_pending');
    clock.advance(2 * MINUTE);
    hosts = await connector.listHosts(signal());
    const contained = hosts.find((h) => h.id === target.id)!;
    expect(contained.containment).toBe('contained');
    // Containing it again changes nothing and says so.
    expect(await connector.contain(contained, signal())).toMatchObject({ alreadyDone: true });
    const lift = await connector.liftContainment(contained, signal());
    expect(lift.message).toMatch(/Lift of containment of .* requested/);
    clock.advance(2 * MINUTE);
    hosts = await connector.listHosts(signal());
    expect(hosts.find((h) => h.id === target.id)?.containment).toBe('normal');
  });

  it('a client without write scope gets FORBIDDEN naming the scope; the host stays as it was', async () => {
    const { connector, cs } = await start({ fleet: { hosts: 10 }, readOnlyClient: true });
    const [h] = (await connector.listHosts(signal())).filter((x) => x.containment === 'normal');
    const err = await connector.contain(h!, signal()).catch((e: unknown) => e as Error & { code: string });
    expect(err).toMatchObject({ code: 'FORBIDDEN' });
    expect(err.message).toMatch(/Hosts: Write/);
    expect(cs.fleet.byId.get(h!.id)?.status).toBe('normal');
  });
});
