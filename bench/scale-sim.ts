/**
 * The vendor simulators at scale, in their own process, for bench/run.mjs's scale scenario:
 * `node scale-sim.mjs --sn 50000 --pd 10000 [--cs 100000] [--seed 9] [--vendor pagerduty|servicenow|crowdstrike|both]`
 * (the bench starts one process per vendor, over the same seeded world). Prints one JSON line (endpoints,
 * credentials, control URL) on stdout once listening, then serves until SIGTERM/SIGINT.
 *
 * The world clock is frozen (a ManualClock at the real time of start), so between the
 * bench's forced polls nothing changes: "steady CPU when nothing changes" means exactly
 * that. The bench moves it on through the control server before a forced poll, so those
 * polls carry real changes (escalations, SLA stages, acks) like a live account.
 *
 * Control server (loopback, no auth; not recorded by the simulators):
 *   POST /advance?ms=N    move the world clock on by N ms
 *   GET  /requests        the requests served so far [{vendor, at, end, method, url, status}]
 *   POST /requests/clear  forget them
 *   POST /touch?n=N       change N CrowdStrike hosts now (a sensor upgrade each): a delta poll's work
 * Only method, URL and times are kept per request: the simulators' own recorder keeps
 * whole bodies, which at 50,000 tickets would cost this process gigabytes.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { ManualClock } from '../src/sim/clock.js';
import type { RecordedRequest } from '../src/sim/http/recorder.js';
import { CrowdStrikeSim, createWorld, PagerDutySim, ServiceNowSim } from '../src/sim/index.js';

const { values } = parseArgs({
  options: {
    sn: { type: 'string', default: '1000' },
    pd: { type: 'string', default: '0' },
    /** CrowdStrike hosts (with --vendor crowdstrike). */
    cs: { type: 'string', default: '240' },
    seed: { type: 'string', default: '9' },
    'pd-rate': { type: 'string', default: '960' },
    // One vendor per process keeps a 50k ServiceNow listing from starving PagerDuty's answers,
    // as two real services would not share an event loop.
    vendor: { type: 'string', default: 'both' },
  },
});
const count = (name: string, raw: string | undefined) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`scale-sim: --${name} expects a whole number, got ${raw}`);
  return n;
};
const snOpen = count('sn', values.sn);
const pdOpen = count('pd', values.pd);
const csHosts = count('cs', values.cs);

const t0 = performance.now();
const clock = new ManualClock(Date.now());
// PagerDuty's open incidents are the world's; at most `pdOpen` stay open, so the listing stays
// inside PagerDuty's 10,000-record offset window at 10k.
const world = createWorld({
  seed: count('seed', values.seed),
  clock,
  // (A ServiceNow-only process leaves PagerDuty's side at its default size: its tickets are its own.)
  ...(pdOpen > 0 && values.vendor !== 'servicenow' ? { openIncidents: pdOpen, maxOpen: pdOpen } : {}),
});

interface Served {
  vendor: 'pagerduty' | 'servicenow' | 'crowdstrike';
  at: number;
  end: number;
  method: string;
  url: string;
  status: number;
}
const served: Served[] = [];
/** Replace a simulator's full-body recorder by one that keeps method, URL and times. */
function lightRecorder(vendor: Served['vendor'], log: RecordedRequest[]) {
  log.push = (...items: RecordedRequest[]) => {
    for (const r of items)
      served.push({ vendor, at: r.at, end: Date.now(), method: r.method, url: r.url, status: r.status });
    return 0;
  };
}

const vendor = values.vendor;
if (vendor !== 'both' && vendor !== 'pagerduty' && vendor !== 'servicenow' && vendor !== 'crowdstrike')
  throw new Error(`scale-sim: --vendor is pagerduty, servicenow, crowdstrike or both, got ${vendor}`);
const pd =
  vendor === 'servicenow' || vendor === 'crowdstrike'
    ? undefined
    : await new PagerDutySim({
        world,
        clock,
        rateLimitPerMinute: count('pd-rate', values['pd-rate']),
      }).listen();
const sn =
  vendor === 'pagerduty' || vendor === 'crowdstrike'
    ? undefined
    : await new ServiceNowSim({
        world,
        clock,
        dataOptions: { incidents: snOpen, resolvedHistory: 0, slasPerIncident: 2 },
      }).listen();
// Tokens expire on the frozen world clock, so a long bench never sees one lapse by accident.
const cs =
  vendor === 'crowdstrike'
    ? await new CrowdStrikeSim({
        world,
        clock,
        tokenClock: () => clock.now(),
        fleet: { hosts: csHosts },
      }).listen()
    : undefined;
if (pd) lightRecorder('pagerduty', pd.requests);
if (cs) lightRecorder('crowdstrike', cs.requests);
if (sn) lightRecorder('servicenow', sn.requests);

const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST' && url.pathname === '/advance') {
    const ms = Number(url.searchParams.get('ms'));
    if (!Number.isFinite(ms) || ms < 0) return reply(400, { error: 'ms must be a non-negative number' });
    clock.advance(ms);
    world.tick(clock.now());
    return reply(200, { now: clock.now() });
  }
  if (req.method === 'POST' && url.pathname === '/touch') {
    const n = Number(url.searchParams.get('n'));
    if (!cs || !Number.isInteger(n) || n < 0)
      return reply(400, { error: 'touch needs --vendor crowdstrike and n ≥ 0' });
    return reply(200, { touched: cs.fleet.touch(n, clock.now()).length });
  }
  if (req.method === 'GET' && url.pathname === '/requests') return reply(200, served);
  if (req.method === 'POST' && url.pathname === '/requests/clear') {
    served.length = 0;
    return reply(200, {});
  }
  return reply(404, { error: `no ${req.method} ${url.pathname}` });
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const address = control.address();
const controlUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';

process.stdout.write(
  `${JSON.stringify({
    pid: process.pid,
    startMs: Math.round(performance.now() - t0),
    control: controlUrl,
    ...(pd
      ? {
          pagerduty: {
            url: pd.url,
            token: pd.token,
            fromEmail: pd.fromEmail,
            open: world.openIncidents().length,
          },
        }
      : {}),
    ...(cs
      ? {
          crowdstrike: {
            url: cs.url,
            clientId: cs.clientId,
            clientSecret: cs.clientSecret,
            hosts: cs.fleet.devices.length,
          },
        }
      : {}),
    ...(sn
      ? {
          servicenow: {
            url: sn.url,
            username: sn.username,
            password: sn.password,
            incidents: sn.data.incidents.length,
            slas: sn.data.slas.length,
          },
        }
      : {}),
  })}\n`,
);

const stop = async () => {
  control.close();
  control.closeAllConnections();
  await Promise.all([pd?.close(), sn?.close(), cs?.close()]);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
