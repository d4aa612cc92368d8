/**
 * Demo mode: start the loopback vendor simulators and point the real connectors
 * at them. No fake code path: every panel row still travels over HTTP.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectorEntry } from '../host/start.js';
import { startSimulators } from '../sim/index.js';

export interface DemoOptions {
  seed?: number | undefined;
  speed?: number | undefined;
  /** Where to leave demo.json (simulator URLs and tokens) for curl and for tests. */
  stateDir?: string;
}

export interface Demo {
  connectors: Record<string, ConnectorEntry>;
  clock: { now(): number };
  endpoints: { pagerduty: { url: string; token: string; fromEmail: string } };
  close(): Promise<void>;
}

export const DEMO_INSTANCE = 'pd-demo';

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const sims = await startSimulators({ seed: options.seed ?? 42, speed: options.speed ?? 60 });
  const pd = sims.pagerduty;
  const endpoints = { pagerduty: { url: pd.url, token: pd.token, fromEmail: pd.fromEmail } };
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
    },
    clock: sims.clock,
    endpoints,
    close: () => sims.close(),
  };
}
