/** Raw HTTP access to the PagerDuty simulator for its own tests (no connector in between). */
import { afterEach } from 'vitest';
import { ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

export const START = Date.UTC(2030, 2, 4, 9, 0, 0);
export const ACCEPT = 'application/vnd.pagerduty+json;version=2';

const running: Simulators[] = [];
/** Close every simulator a test started. Call once at the top of a test file. */
export function closeSimsAfterEach(): void {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
}

type Options = Parameters<typeof startSimulators>[0];
export async function start(options: Options = {}) {
  const clock = new ManualClock(START);
  const sims = await startSimulators({ clock, ...options });
  running.push(sims);
  return { ...sims, clock };
}

export interface Call {
  method?: string;
  token?: string | null;
  from?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
export type Json = any;

export async function call(sims: Simulators, path: string, o: Call = {}) {
  const token = o.token === undefined ? sims.pagerduty.token : o.token;
  const res = await fetch(sims.pagerduty.url + path, {
    method: o.method ?? 'GET',
    headers: {
      accept: ACCEPT,
      'content-type': 'application/json',
      ...(token !== null ? { authorization: `Token token=${token}` } : {}),
      ...(o.from ? { from: o.from } : {}),
      ...o.headers,
    },
    ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) as Json };
}
