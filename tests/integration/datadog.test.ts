/**
 * The Datadog connector over real HTTP against the Datadog simulator, in a world with
 * outages: monitors firing on the incident's hosts, paging, monitor tag filters, SLO budget and
 * burn, incidents (and accounts without Incident Management), mute/unmute round trips with
 * downtime ids kept, downtimes that expire, 429s (JSON and HTML), bad keys, garbage bodies and
 * odd Unicode in monitor names.
 */
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { baseUrlFor } from '../../plugins/datadog/client.js';
import type { createConnector } from '../../plugins/datadog/connector.js';
import datadog from '../../plugins/datadog/index.js';
import { siteValue } from '../../plugins/datadog/schema.js';
import type { Monitor } from '../../src/domain/model.js';
import { RECORD_SCHEMAS } from '../../src/plugin-api/record-schemas.js';
import {
  createWorld,
  type DatadogSim,
  type DatadogSimOptions,
  HOUR,
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
  sim: Omit<DatadogSimOptions, 'world' | 'clock'> = {},
  extra: Record<string, unknown> = {},
  keys: { api?: string; app?: string } = {},
) {
  const clock = new ManualClock();
  const world = createWorld({ seed: 7, clock });
  sims = await startSimulators({ world, clock, datadog: sim });
  const dd = sims.datadog.server;
  const { connector, ctx } = await setupPlugin(
    datadog,
    {
      plugin: 'datadog',
      baseUrl: dd.url,
      apiKey: { env: 'DD_API' },
      appKey: { env: 'DD_APP' },
      ...extra,
    },
    {
      now: () => clock.now(),
      instance: 'dd',
      secrets: { DD_API: keys.api ?? dd.apiKey, DD_APP: keys.app ?? dd.appKey },
      host: { maxRetryAfterMs: 2_000, timeoutMs: 20_000 },
    },
  );
  return { connector, ctx, clock, dd, world };
}

const signal = () => AbortSignal.timeout(30_000);
/** The plugin's own action method (declared in its `actions.custom`, not a capability). */
const stateOf = (connector: object) =>
  (connector as { changeIncidentState: ReturnType<typeof createConnector>['changeIncidentState'] })
    .changeIncidentState;
const calls = (dd: DatadogSim, path: string) => dd.requests.filter((r) => r.path === path);
const valid = (kind: 'monitor' | 'slo' | 'incident', records: readonly unknown[]) => {
  for (const r of records) expect(RECORD_SCHEMAS[kind].safeParse(r).success, JSON.stringify(r)).toBe(true);
};

describe('Datadog connector against the simulator', () => {
  it('lists the monitors that fire during the world outage, with hosts, service and id plainly', async () => {
    const { connector, world } = await start();
    const monitors = await connector.listMonitors(signal());
    valid('monitor', monitors);
    expect(monitors.length).toBeGreaterThan(0);
    expect(monitors.every((m) => ['alert', 'warn', 'no_data'].includes(m.state) || m.mutes.length > 0)).toBe(
      true,
    );
    // Every world incident that is open puts its host's group of its service's error monitor in alert.
    const open = world.openIncidents();
    expect(open.length).toBeGreaterThan(0);
    for (const inc of open) {
      const service = world.service(inc.serviceId).name;
      const m = monitors.find(
        (x) =>
          (x.service === service && x.name.includes('error rate')) ||
          (x.service === service && x.type === 'service check'),
      );
      expect(m, `monitor for ${service}`).toBeDefined();
      expect(m!.hosts).toContain(inc.host);
      expect(m!.groups.find((g) => g.host === inc.host)?.state).toBe('alert');
      expect(m!.monitorId).toBe(m!.id);
      expect(m!.monitorId).toMatch(/^\d+$/);
    }
    // The host the CMDB forgot reports No Data.
    const nodata = monitors.find((m) => m.name.includes('queue depth'));
    expect(nodata?.state).toBe('no_data');
    expect(nodata?.groups.map((g) => g.host)).toEqual(['mail-03']);
  });

  it('keeps odd Unicode in monitor names as data', async () => {
    const { connector, dd } = await start();
    const sim = dd.monitors.find((m) => m.name.includes('💳'))!;
    // Muted monitors are listed whatever their state, so the name is seen with or without an outage.
    const stub = { monitorId: String(sim.id), mutes: [] } as unknown as Monitor;
    await connector.mute(stub, { minutes: 60 }, signal());
    const monitors = await connector.listMonitors(signal());
    const checkout = monitors.find((m) => m.id === String(sim.id));
    expect(checkout?.name).toBe('[prod] 💳 checkout-api error rate — café ✓');
    expect(checkout?.muted).toBe(true);
  });

  it('pages monitors 0-based until a short page, and sends the monitor tag filter', async () => {
    const { connector, dd } = await start({ extraMonitors: 40 }, { pageSize: 7, monitorTags: ['env:prod'] });
    const monitors = await connector.listMonitors(signal());
    const pages = calls(dd, '/api/v1/monitor');
    const prod = dd.monitors.filter((m) => m.tags.includes('env:prod')).length;
    expect(pages.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual(
      Array.from({ length: Math.floor(prod / 7) + 1 }, (_, i) => String(i)),
    );
    for (const r of pages) {
      const q = new URL(r.url, 'http://x').searchParams;
      expect(q.get('monitor_tags')).toBe('env:prod');
      expect(q.get('page_size')).toBe('7');
      expect(q.get('group_states')).toBe('alert,warn,no data');
    }
    expect(monitors.every((m) => m.tags.includes('env:prod'))).toBe(true);
  });

  it('stops on a monitor page that never advances instead of looping', async () => {
    const { connector, dd } = await start({}, { pageSize: 1 });
    // Every page answers the same single monitor: the guard must refuse the repeat.
    const first = JSON.stringify([{ id: 1, name: 'same', overall_state: 'Alert', tags: [] }]);
    dd.faults.add({
      path: '/api/v1/monitor',
      status: 200,
      body: first,
      headers: { 'content-type': 'application/json' },
    });
    await expect(connector.listMonitors(signal())).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('reads SLOs with budget left and a burn rate, one of them overspent', async () => {
    const { connector, world } = await start();
    const slos = await connector.listSlos(signal());
    valid('slo', slos);
    expect(slos).toHaveLength(world.services.length);
    const payments = slos.find((s) => s.service === 'payments-db')!;
    expect(payments.budgetRemaining).toBeLessThan(0);
    for (const s of slos) {
      expect(s.burnRate).toBeGreaterThanOrEqual(0);
      expect(s.windowMs).toBe(s.timeframe === '7d' ? 7 * 24 * HOUR : 30 * 24 * HOUR);
    }
    // A service in an outage burns faster than one without.
    const hot = new Set(
      world
        .openIncidents()
        .filter((i) => i.urgency === 'high')
        .map((i) => world.service(i.serviceId).name),
    );
    const burning = slos.filter((s) => hot.has(s.service!));
    const calm = slos.filter((s) => !hot.has(s.service!) && s.service !== 'payments-db');
    if (burning.length > 0 && calm.length > 0) {
      expect(Math.min(...burning.map((s) => s.burnRate!))).toBeGreaterThan(
        Math.max(...calm.map((s) => s.burnRate!)),
      );
    }
  });

  it('asks SLO history in epoch seconds', async () => {
    const { connector, dd, clock } = await start();
    await connector.listSlos(signal());
    const hist = dd.requests.filter((r) => r.path.endsWith('/history'));
    expect(hist.length).toBeGreaterThan(0);
    for (const r of hist) {
      const q = new URL(r.url, 'http://x').searchParams;
      expect(Number(q.get('to_ts'))).toBe(Math.floor(clock.now() / 1000));
    }
  });

  it('lists open incidents, and an account without Incident Management is not an outage', async () => {
    const { connector, ctx } = await start();
    const incidents = await connector.listIncidents(signal());
    valid('incident', incidents);
    expect(incidents.every((i) => i.status !== 'resolved' && /^IR-\d+$/.test(i.key))).toBe(true);
    for (const mode of ['forbidden', 'missing'] as const) {
      await sims!.close();
      const again = await start({ incidents: mode });
      expect(await again.connector.listIncidents(signal())).toEqual([]);
      const health = await again.connector.health(signal());
      expect(health.ok).toBe(true);
      expect(health.detail).toContain('incidents: not enabled');
    }
    expect(ctx).toBeDefined();
  });

  it('changes an incident state and reads it back', async () => {
    const { connector, clock } = await start();
    clock.advance(10 * MINUTE);
    const incidents = await connector.listIncidents(signal());
    expect(incidents.length).toBeGreaterThan(0);
    const one = incidents[0]!;
    const out = await stateOf(connector)(one, { state: 'stable' }, signal());
    expect(out.message).toContain('stable');
    const after = (await connector.listIncidents(signal())).find((i) => i.id === one.id)!;
    expect(after.vendorStatus).toBe('stable');
    expect(after.status).toBe('acknowledged');
    await expect(stateOf(connector)(one, { state: 'closed' }, signal())).rejects.toThrow(
      /not a Datadog incident state/,
    );
  });

  it('mutes a monitor for an hour, keeps the downtime id, unmutes it, and the downtime is gone', async () => {
    const { connector, dd } = await start();
    const [m] = await connector.listMonitors(signal());
    expect(m).toBeDefined();
    const muted = await connector.mute(m!, { minutes: 60 }, signal());
    expect(muted.message).toMatch(/Muted monitor \d+ until .* \(downtime [0-9a-f-]+\)/);
    const post = calls(dd, '/api/v2/downtime').find((r) => r.method === 'POST')!;
    const body = JSON.parse(post.requestBody!);
    expect(body.data.attributes.monitor_identifier).toEqual({ monitor_id: Number(m!.monitorId) });
    expect(body.data.attributes.schedule.end).toMatch(/Z$/);
    const after = (await connector.listMonitors(signal())).find((x) => x.id === m!.id)!;
    expect(after.muted).toBe(true);
    expect(after.mutes).toHaveLength(1);
    expect(after.groups.every((g) => g.muted)).toBe(true);
    const un = await connector.unmute(after, {}, signal());
    expect(un.alreadyDone).toBeFalsy();
    expect(dd.downtimes[0]!.canceledAt).not.toBeNull();
    const again = (await connector.listMonitors(signal())).find((x) => x.id === m!.id)!;
    expect(again.muted).toBe(false);
    expect(again.mutes).toEqual([]);
    expect((await connector.unmute(again, {}, signal())).alreadyDone).toBe(true);
  });

  it('mutes one group only', async () => {
    const { connector } = await start();
    const monitors = await connector.listMonitors(signal());
    const m = monitors.find((x) => x.groups.length > 0)!;
    const group = m.groups[0]!.name;
    await connector.mute(m, { minutes: 240, group }, signal());
    const after = (await connector.listMonitors(signal())).find((x) => x.id === m.id)!;
    expect(after.muted).toBe(false);
    expect(after.groups.find((g) => g.name === group)?.muted).toBe(true);
    expect(after.mutes[0]?.group).toBe(group);
  });

  it('lets a downtime expire on the world clock', async () => {
    const { connector, clock } = await start();
    const monitors = await connector.listMonitors(signal());
    const m = monitors.find((x) => x.state === 'no_data') ?? monitors[0]!;
    await connector.mute(m, { minutes: 60 }, signal());
    expect((await connector.listMonitors(signal())).find((x) => x.id === m.id)?.muted).toBe(true);
    clock.advance(61 * MINUTE);
    const later = (await connector.listMonitors(signal())).find((x) => x.id === m.id);
    expect(later?.muted ?? false).toBe(false);
    expect(later?.mutes ?? []).toEqual([]);
  });

  it('waits out a 429 as X-RateLimit-Reset asks, with an HTML body too, and reports the budget per family', async () => {
    const { connector, dd } = await start({ htmlOn429: true });
    dd.faults.add({
      path: '/api/v1/monitor',
      status: 429,
      count: 1,
      body: '<html><body>Too Many Requests</body></html>',
      headers: {
        'X-RateLimit-Reset': '1',
        'X-RateLimit-Limit': '10',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Name': 'monitors_read',
      },
    });
    const monitors = await connector.listMonitors(signal());
    expect(monitors.length).toBeGreaterThan(0);
    const health = await connector.health(signal());
    expect(health.detail).toMatch(/rate budget .*monitors_read \d+\/600 per 60 s/);
    expect(health.detail).toMatch(/downtimes \d+\/600/);
  });

  it('gives up on a long 429 with RATE_LIMITED and the wait', async () => {
    const { connector } = await start({ rateLimit: 1, ratePeriodSeconds: 3600 });
    await connector.listSlos(signal()).catch(() => undefined);
    await expect(connector.listSlos(signal())).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('refuses bad keys with a message naming both keys and never echoing them', async () => {
    const { connector } = await start({}, {}, { app: 'wrong-app-key-1234' });
    const err = await connector.listMonitors(signal()).catch((e) => e);
    expect(err.code).toMatch(/AUTH|FORBIDDEN/);
    expect(err.message).toContain('connectors.dd.appKey');
    expect(err.message).not.toContain('wrong-app-key-1234');
    const health = await connector.health(signal());
    expect(health.ok).toBe(false);
  });

  it('says a garbage body is not Datadog', async () => {
    const { connector, dd } = await start();
    dd.faults.add({
      path: '/api/v1/slo',
      status: 200,
      body: '{"data": "nope"',
      headers: { 'content-type': 'application/json' },
    });
    await expect(connector.listSlos(signal())).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('skips unreadable monitors and keeps the rest', async () => {
    const { connector, dd } = await start({}, { pageSize: 1000 });
    const ok = { id: 42, name: 'fine', overall_state: 'Alert', tags: ['service:x'], state: { groups: {} } };
    dd.faults.add({
      path: '/api/v1/monitor',
      status: 200,
      count: 1,
      body: JSON.stringify([
        ok,
        { id: 'not-a-number' },
        null,
        { id: 43, name: '\u202eevil\u0007', overall_state: 'Bogus' },
      ]),
      headers: { 'content-type': 'application/json' },
    });
    const monitors: Monitor[] = await connector.listMonitors(signal());
    expect(monitors.map((m) => m.id)).toEqual(['42', '43']);
    expect(monitors[1]!.state).toBe('unknown');
  });
});

describe('Datadog sites', () => {
  it('takes a site by label or by domain, and a base URL over both', () => {
    const cases: [string, string][] = [
      ['US1', 'https://api.datadoghq.com'],
      ['US3', 'https://api.us3.datadoghq.com'],
      ['US5', 'https://api.us5.datadoghq.com'],
      ['EU', 'https://api.datadoghq.eu'],
      ['AP1', 'https://api.ap1.datadoghq.com'],
      ['AP2', 'https://api.ap2.datadoghq.com'],
      ['US1-FED', 'https://api.ddog-gov.com'],
      ['datadoghq.eu', 'https://api.datadoghq.eu'],
      ['us1-fed', 'https://api.ddog-gov.com'],
    ];
    for (const [site, url] of cases) expect(baseUrlFor({ site })).toBe(url);
    expect(siteValue('moon.datadoghq.com')).toBeUndefined();
    expect(baseUrlFor({ site: 'EU', baseUrl: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
  });
});
