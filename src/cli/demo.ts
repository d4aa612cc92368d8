/**
 * Demo mode: start the loopback vendor simulators and point the real connectors
 * at them. No fake code path: every panel row still travels over HTTP.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectorEntry } from '../host/start.js';
import { DEMO_REQUEST_LOG_LIMITS, SimClock, startSimulators } from '../sim/index.js';

export interface DemoOptions {
  seed?: number | undefined;
  speed?: number | undefined;
  /** Where to leave demo.json (simulator URLs and tokens) for curl and for tests. */
  stateDir?: string;
  /** Hosts in the simulated endpoint fleet (default 240, at most 100,000). */
  hosts?: number | undefined;
}

export interface Demo {
  connectors: Record<string, ConnectorEntry>;
  clock: { now(): number };
  endpoints: {
    pagerduty: { url: string; token: string; fromEmail: string };
    servicenow: { url: string; username: string; password: string; clientId: string; clientSecret: string };
    crowdstrike: { url: string; clientId: string; clientSecret: string };
    datadog: { url: string; apiKey: string; appKey: string };
  };
  close(): Promise<void>;
}

export const DEMO_INSTANCE = 'pd-demo';
export const DEMO_SN_INSTANCE = 'sn-demo';
export const DEMO_CS_INSTANCE = 'falcon-demo';
export const DEMO_DD_INSTANCE = 'dd-demo';

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const clock = new SimClock({ speed: options.speed ?? 60 });
  const sims = await startSimulators({
    seed: options.seed ?? 42,
    clock,
    // A demo may run for weeks on a wall: keep the last exchanges, not all of them.
    requestLog: DEMO_REQUEST_LOG_LIMITS,
    // Tokens expire on the demo's clock (30 simulated minutes = 30 s at speed 60), like the
    // connector reckons them: the demo renews its token every half minute, as a long shift would.
    crowdstrike: { tokenClock: () => clock.now(), fleet: { hosts: options.hosts ?? 240 } },
  });
  const pd = sims.pagerduty;
  const sn = sims.servicenow;
  const cs = sims.crowdstrike;
  const dd = sims.datadog;
  const endpoints = {
    pagerduty: { url: pd.url, token: pd.token, fromEmail: pd.fromEmail },
    servicenow: {
      url: sn.url,
      username: sn.username,
      password: sn.password,
      clientId: sn.clientId,
      clientSecret: sn.clientSecret,
    },
    crowdstrike: { url: cs.url, clientId: cs.clientId, clientSecret: cs.clientSecret },
    datadog: { url: dd.url, apiKey: dd.apiKey, appKey: dd.appKey },
  };
  if (options.stateDir) {
    await mkdir(options.stateDir, { recursive: true });
    await writeFile(
      join(options.stateDir, 'demo.json'),
      `${JSON.stringify({ pid: process.pid, ...endpoints }, null, 2)}\n`,
      { mode: 0o600 },
    );
  }
  return {
    connectors: {
      [DEMO_INSTANCE]: {
        plugin: 'pagerduty',
        token: pd.token,
        baseUrl: pd.url,
        fromEmail: pd.fromEmail,
        subdomain: 'acme-demo',
      },
      // OAuth (password grant) rather than basic auth, so the demo exercises token refresh too.
      [DEMO_SN_INSTANCE]: {
        plugin: 'servicenow',
        instanceUrl: sn.url,
        auth: {
          kind: 'oauth',
          grant: 'password',
          clientId: sn.clientId,
          clientSecret: sn.clientSecret,
          username: sn.username,
          password: sn.password,
        },
        assignmentGroups: ['Service Desk', 'Payments Ops', 'Platform Ops', 'Identity Ops', 'Network Ops'],
        escalationGroup: 'Platform Ops',
        escalate: 'both',
      },
      [DEMO_CS_INSTANCE]: {
        plugin: 'crowdstrike',
        baseUrl: cs.url,
        clientId: cs.clientId,
        clientSecret: cs.clientSecret,
      },
      // Production monitors only: the simulated account also has staging synthetics.
      [DEMO_DD_INSTANCE]: {
        plugin: 'datadog',
        baseUrl: dd.url,
        apiKey: dd.apiKey,
        appKey: dd.appKey,
        monitorTags: ['env:prod'],
      },
    },
    clock: sims.clock,
    endpoints,
    close: () => sims.close(),
  };
}
