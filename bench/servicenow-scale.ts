/**
 * ServiceNow at scale, over real HTTP against the simulator: 20,000 open incidents
 * with 40,000 task SLAs. Prints the first load's time, requests and rows, then the
 * same for the next poll after three tickets change (it should move only those).
 * Bundled and run by bench/run.mjs.
 */
import { setupPlugin } from 'itops-tui/testing';
import servicenow from '../plugins/servicenow/index.js';
import { createWorld, ManualClock, startSimulators } from '../src/sim/index.js';

const OPEN = 20_000;
const clock = new ManualClock();
const world = createWorld({ seed: 9, clock });
const sims = await startSimulators({
  world,
  clock,
  servicenow: { dataOptions: { incidents: OPEN, slasPerIncident: 2 }, tokenClock: () => clock.now() },
});
const server = sims.servicenow.server;
const rows = () =>
  server.requests.reduce(
    (n, r) => n + ((JSON.parse(r.responseBody ?? '{}').result as unknown[] | undefined)?.length ?? 0),
    0,
  );
const gets = () => server.requests.filter((r) => r.method === 'GET').length;

const { connector } = await setupPlugin(
  servicenow,
  {
    plugin: 'servicenow',
    instanceUrl: sims.servicenow.url,
    auth: { kind: 'basic', username: sims.servicenow.username, password: sims.servicenow.password },
    pageSize: 1000,
  },
  { now: () => clock.now(), instance: 'snow', host: { timeoutMs: 30_000 } },
);
const signal = () => AbortSignal.timeout(120_000);

server.requests.clear();
let t = performance.now();
const incidents = await connector.listIncidents(signal());
const slas = await connector.listSlas(signal());
const first = { ms: performance.now() - t, requests: gets(), rows: rows() };

const targets = incidents.filter((i) => i.status === 'triggered').slice(0, 3);
for (const target of targets) await connector.changeState(target, { state: 'in_progress' }, signal());
server.requests.clear();
t = performance.now();
await connector.listIncidents(signal());
await connector.listSlas(signal());
const delta = { ms: performance.now() - t, requests: gets(), rows: rows() };
await sims.close();

const BUDGET_FIRST_MS = 30_000;
const line = (name: string, r: typeof first) =>
  `  ${name.padEnd(34)} ${String(Math.round(r.ms)).padStart(6)} ms  ${String(r.requests).padStart(4)} requests  ${String(r.rows).padStart(6)} rows`;
console.log(`servicenow at scale (${incidents.length} incidents, ${slas.length} SLAs in scope)`);
console.log(
  `${line('first load (incidents + SLAs)', first)}  budget ${BUDGET_FIRST_MS} ms  ${first.ms <= BUDGET_FIRST_MS ? 'ok' : 'OVER'}`,
);
console.log(
  `${line(`next poll after ${targets.length} changes`, delta)}  budget: rows ≤ changes + overlap  ${delta.rows <= 50 ? 'ok' : 'OVER'}`,
);
process.exitCode = first.ms <= BUDGET_FIRST_MS && delta.rows <= 50 ? 0 : 1;
