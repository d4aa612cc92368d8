/**
 * CrowdStrike Falcon at 100,000 hosts, over real HTTP against the simulator: the first load's
 * time and requests (scroll, details in batches of 5000, ZTA, policies), then the next poll after
 * 10 hosts change (it should cost a handful of requests), then judging the fleet (the compliance
 * panel's model) and the process's memory. Bundled and run by bench/run.mjs.
 */
import { setupPlugin } from 'itops-tui/testing';
import crowdstrike from '../plugins/crowdstrike/index.js';
import { DEFAULT_COMPLIANCE_SETTINGS } from '../src/domain/compliance-rules.js';
import { deriveCompliance } from '../src/domain/panels/compliance.js';
import { createWorld, ManualClock, MINUTE, startSimulators } from '../src/sim/index.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100_000);
const clock = new ManualClock();
const world = createWorld({ seed: 21, clock });
const sims = await startSimulators({
  world,
  clock,
  crowdstrike: { tokenClock: () => clock.now(), fleet: { hosts: HOSTS }, ratePerMinute: 6000 },
});
const cs = sims.crowdstrike.server;
const { connector } = await setupPlugin(
  crowdstrike,
  {
    plugin: 'crowdstrike',
    baseUrl: sims.crowdstrike.url,
    clientId: cs.clientId,
    clientSecret: cs.clientSecret,
  },
  { now: () => clock.now(), instance: 'falcon', host: { timeoutMs: 60_000 } },
);
const signal = () => AbortSignal.timeout(300_000);
const count = () => {
  const by = new Map<string, number>();
  for (const r of cs.requests) by.set(r.path, (by.get(r.path) ?? 0) + 1);
  return { total: cs.requests.length, by };
};

cs.requests.clear();
let t = performance.now();
const hosts = await connector.listHosts(signal());
const first = { ms: performance.now() - t, ...count() };
// The request log keeps every body; drop it before measuring memory and the delta.
cs.requests.clear();

clock.advance(5 * MINUTE);
cs.fleet.touch(10, clock.now());
t = performance.now();
const after = await connector.listHosts(signal());
const delta = { ms: performance.now() - t, ...count() };
cs.requests.clear();

t = performance.now();
const view = deriveCompliance(after, clock.now(), DEFAULT_COMPLIANCE_SETTINGS);
const judgeMs = performance.now() - t;
const rssMb = process.memoryUsage().rss / 1024 / 1024;
await sims.close();

const BUDGET = { firstMs: 60_000, deltaRequests: 6, judgeMs: 1500, rssMb: 300 };
const ok = {
  first: first.ms <= BUDGET.firstMs,
  delta: delta.total <= BUDGET.deltaRequests && after.length === HOSTS,
  judge: judgeMs <= BUDGET.judgeMs,
};
const by = (m: Map<string, number>) =>
  [...m].map(([p, n]) => `${p.split('/').slice(-3).join('/')} ${n}`).join(', ');
console.log(
  `crowdstrike at scale (${hosts.length} hosts, ${Math.round((view.share ?? 0) * 1000) / 10}% compliant)`,
);
console.log(
  `  first load                          ${String(Math.round(first.ms)).padStart(6)} ms  ${String(first.total).padStart(4)} requests  budget ${BUDGET.firstMs} ms  ${ok.first ? 'ok' : 'OVER'}`,
);
console.log(`    ${by(first.by)}`);
console.log(
  `  next poll after 10 host changes     ${String(Math.round(delta.ms)).padStart(6)} ms  ${String(delta.total).padStart(4)} requests  budget ≤ ${BUDGET.deltaRequests} requests  ${ok.delta ? 'ok' : 'OVER'}`,
);
console.log(`    ${by(delta.by)}`);
console.log(
  `  judging ${HOSTS} hosts (panel model)  ${String(Math.round(judgeMs)).padStart(6)} ms  budget ${BUDGET.judgeMs} ms  ${ok.judge ? 'ok' : 'OVER'}`,
);
console.log(
  `  RSS, simulator and connector in one process  ${Math.round(rssMb)} MB (the cockpit alone holds less; budget ${BUDGET.rssMb} MB is for the cockpit process)`,
);
process.exitCode = ok.first && ok.delta && ok.judge ? 0 : 1;
