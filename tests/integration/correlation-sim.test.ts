/**
 * The simulated world's scripted outage, read by the real connectors over HTTP and joined by
 * the cockpit's correlation: the monitor-created PagerDuty incident, the ServiceNow ticket that
 * carries its id and the host's CI (with its SLA clock), and the CrowdStrike host under another
 * case and its FQDN. The near misses beside it (`db-8`, `db-080`) must stay apart.
 */
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import crowdstrike from '../../plugins/crowdstrike/index.js';
import datadog from '../../plugins/datadog/index.js';
import pagerduty from '../../plugins/pagerduty/index.js';
import servicenow from '../../plugins/servicenow/index.js';
import { buildCorrelation } from '../../src/domain/correlation.js';
import { keyOfRecord } from '../../src/domain/kinds.js';
import type { DomainRecord, Host, Incident } from '../../src/domain/model.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

const signal = () => AbortSignal.timeout(60_000);

async function readAll(seed: number) {
  const clock = new ManualClock();
  const world = createWorld({ seed, clock });
  sims = await startSimulators({ world, clock, crowdstrike: { tokenClock: () => clock.now() } });
  const opts = (instance: string) => ({ now: () => clock.now(), instance, host: { maxRetryAfterMs: 2_000 } });
  const pd = await setupPlugin(
    pagerduty,
    {
      plugin: 'pagerduty',
      token: sims.pagerduty.token,
      baseUrl: sims.pagerduty.url,
      fromEmail: sims.pagerduty.fromEmail,
    },
    opts('pd'),
  );
  const sn = await setupPlugin(
    servicenow,
    {
      plugin: 'servicenow',
      instanceUrl: sims.servicenow.url,
      auth: { kind: 'basic', username: sims.servicenow.username, password: sims.servicenow.password },
    },
    opts('snow'),
  );
  const cs = await setupPlugin(
    crowdstrike,
    {
      plugin: 'crowdstrike',
      baseUrl: sims.crowdstrike.url,
      clientId: sims.crowdstrike.clientId,
      clientSecret: sims.crowdstrike.clientSecret,
    },
    opts('falcon'),
  );
  const dd = await setupPlugin(
    datadog,
    {
      plugin: 'datadog',
      baseUrl: sims.datadog.server.url,
      apiKey: { env: 'DD_API' },
      appKey: { env: 'DD_APP' },
    },
    {
      ...opts('dd'),
      secrets: { DD_API: sims.datadog.server.apiKey, DD_APP: sims.datadog.server.appKey },
    },
  );
  const monitors = (await dd.connector.listMonitors(signal())).map((m) => ({ ...m, source: 'dd' }));
  const pages = (await pd.connector.listIncidents(signal())).map((i) => ({ ...i, source: 'pd' }));
  const tickets = (await sn.connector.listIncidents(signal())).map((i) => ({ ...i, source: 'snow' }));
  const slas = (await sn.connector.listSlas(signal())).map((s) => ({ ...s, source: 'snow' }));
  const hosts = (await cs.connector.listHosts(signal())).map((h) => ({ ...h, source: 'falcon' }));
  return { world, pages, tickets, slas, hosts, monitors };
}

describe('the scripted outage joins across vendors', () => {
  it('links incident → ticket (+ SLA) → host, and not the near misses', async () => {
    const { world, pages, tickets, slas, hosts, monitors } = await readAll(42);
    const story = world.outage!;
    expect(story).toBeDefined();
    const page = pages.find((p) => p.id === story.incidentId) as Incident;
    const ticket = tickets.find((t) => t.title.includes(`#${story.incidentNumber}`)) as Incident;
    const host = hosts.find((h) => h.hostname.toLowerCase().startsWith(`${story.host}.`)) as Host;
    const near = hosts.filter(
      (h) => h.hostname.toLowerCase().startsWith(story.nearMiss) || h.hostname.startsWith(`${story.host}0`),
    );
    expect([page, ticket, host].every(Boolean)).toBe(true);
    expect(host.hostname).not.toBe(story.host);
    expect(near.length).toBe(2);
    const clock = slas.find((s) => s.taskId === ticket.id)!;

    const monitor = monitors.find((m) => m.monitorId === story.monitorId)!;
    expect(monitor, 'the monitor that paged').toBeDefined();
    expect(monitor.state).toBe('alert');
    const records: DomainRecord[][] = [pages, tickets, slas, hosts, monitors];
    const c = buildCorrelation(records);
    const keys = (r: DomainRecord) =>
      c
        .related(r)
        .filter((x) => x.strength === 'strong')
        .map((x) => x.key);
    expect(keys(page)).toEqual(
      expect.arrayContaining([keyOfRecord(ticket), keyOfRecord(host), keyOfRecord(clock)]),
    );
    expect(keys(ticket)).toEqual(
      expect.arrayContaining([keyOfRecord(page), keyOfRecord(host), keyOfRecord(clock)]),
    );
    expect(keys(host)).toEqual(expect.arrayContaining([keyOfRecord(page), keyOfRecord(ticket)]));
    // The monitor that paged: cited by the incident, and on the same host as the ticket and the endpoint.
    expect(keys(monitor)).toEqual(
      expect.arrayContaining([keyOfRecord(page), keyOfRecord(ticket), keyOfRecord(host)]),
    );
    expect(c.related(page).find((x) => x.key === keyOfRecord(monitor))?.why).toContain('cites');
    // The ticket names the incident it came from, not just the same host.
    expect(c.related(ticket).find((x) => x.key === keyOfRecord(page))?.why).toContain('cites');
    for (const n of near) {
      expect(keys(n)).not.toContain(keyOfRecord(page));
      expect(keys(n)).not.toContain(keyOfRecord(ticket));
      expect(keys(n)).not.toContain(keyOfRecord(monitor));
    }
    // The incident titled with the near-miss name joins nothing of the outage.
    const nearPage = pages.find((p) => p.title.includes(`on ${story.nearMiss} `));
    expect(nearPage).toBeDefined();
    expect(keys(nearPage!)).not.toContain(keyOfRecord(host));
    expect(keys(nearPage!)).not.toContain(keyOfRecord(ticket));
  });
});
