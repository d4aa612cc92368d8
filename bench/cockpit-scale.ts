/**
 * In-process scale figures of the cockpit's own work (issue 10 items 1–3), not of the network:
 * records come once from the simulators through the real plugins and the host's port (validated,
 * sanitized), are cached under node_modules/.cache, and are then fed to the real store through
 * ports that hand out a structured clone on every poll (as a worker thread will). Prints, per
 * size: ingestion of a first and of an unchanged poll, panel derivation on a data change and on a
 * clock tick, a cursor key's model work, listener notifications, and heap bytes per record.
 *
 *   node --expose-gc node_modules/.cache/itops-bench/cockpit-scale.mjs [10000 50000]
 *
 * The out-of-process PTY bench (p50/p95/p99 keys, stalls, CPU, RSS) is `npm run bench`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setupPlugin } from 'itops-tui/testing';
import pagerduty from '../plugins/pagerduty/index.js';
import servicenow from '../plugins/servicenow/index.js';
import type { DomainRecord } from '../src/domain/model.js';
import type { ConnectorPort } from '../src/host/port.js';
import { emptyStats } from '../src/host/stats.js';
import type { StreamName } from '../src/plugin-api/index.js';
import { createWorld, ManualClock, startSimulators } from '../src/sim/index.js';
import { createCockpitStore } from '../src/store/scheduler.js';
import { COCKPIT_PANELS } from '../src/ui/panels/registry.js';
import { selectedIndex } from '../src/ui/view/selection.js';

const CACHE = join(process.cwd(), 'node_modules/.cache/itops-bench');
const PD_INCIDENTS = 10_000;
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length > 0 ? sizes : [10_000, 50_000];

type Streams = Partial<Record<StreamName, DomainRecord[]>>;

async function load(snIncidents: number): Promise<{ sn: Streams; pd: Streams; now: number }> {
  const file = join(CACHE, `records-sn${snIncidents}-pd${PD_INCIDENTS}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const clock = new ManualClock();
  const world = createWorld({ seed: 9, clock, openIncidents: PD_INCIDENTS });
  const sims = await startSimulators({
    world,
    clock,
    pagerduty: { rateLimitPerMinute: 100_000 },
    servicenow: {
      dataOptions: { incidents: snIncidents, slasPerIncident: 2 },
      tokenClock: () => clock.now(),
    },
  });
  const host = { now: () => clock.now(), host: { timeoutMs: 120_000 } };
  const sn = await setupPlugin(
    servicenow,
    {
      plugin: 'servicenow',
      instanceUrl: sims.servicenow.url,
      auth: { kind: 'basic', username: sims.servicenow.username, password: sims.servicenow.password },
      pageSize: 1000,
    },
    { ...host, instance: 'sn' },
  );
  const pd = await setupPlugin(
    pagerduty,
    {
      plugin: 'pagerduty',
      token: sims.pagerduty.token,
      baseUrl: sims.pagerduty.url,
      fromEmail: sims.pagerduty.fromEmail,
    },
    { ...host, instance: 'pd' },
  );
  const signal = () => AbortSignal.timeout(600_000);
  const c = (x: unknown) => x as Record<string, (s: AbortSignal) => Promise<DomainRecord[]>>;
  const out = {
    sn: {
      incidents: await c(sn.connector).listIncidents!(signal()),
      slas: await c(sn.connector).listSlas!(signal()),
    },
    pd: {
      incidents: await c(pd.connector).listIncidents!(signal()),
      oncall: await c(pd.connector).listOnCall!(signal()),
      policies: await c(pd.connector).listEscalationPolicies!(signal()),
    },
    now: clock.now(),
  };
  await sims.close();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out));
  return out;
}

/** A port whose every fetch hands out fresh objects, as records cloned from a worker thread are. */
function port(instance: string, pluginId: string, data: Streams, traits: string[]): ConnectorPort {
  return {
    instance,
    pluginId,
    displayName: pluginId,
    capabilities: [],
    streams: Object.keys(data) as StreamName[],
    actions: [],
    traits: traits as ConnectorPort['traits'],
    fetch: async (stream) => structuredClone(data[stream] ?? []).map((r) => ({ ...r, source: instance })),
    describeActions: async () => [],
    act: async () => ({ ok: true, message: '' }),
    stats: emptyStats,
    health: async () => ({ ok: true }) as never,
    dispose: async () => {},
  };
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
/**
 * Median CPU time of `f` (user + system, ms). CPU time, not wall time: this machine is shared,
 * and a loaded core stretches wall time without saying anything about our code.
 */
const ms = (f: () => unknown, runs = 5) => {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    xs.push((d.user + d.system) / 1000);
  }
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)]!;
};
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const fmt = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

for (const size of SIZES) {
  const data = await load(size);
  const total =
    Object.values({ ...data.sn }).reduce((n, r) => n + (r?.length ?? 0), 0) +
    Object.values(data.pd).reduce((n, r) => n + (r?.length ?? 0), 0);
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  let notified = 0;
  const store = createCockpitStore({
    ports: [port('sn', 'servicenow', data.sn, ['ticket-queue']), port('pd', 'pagerduty', data.pd, [])],
    clock: { now: () => data.now },
    random: () => 0.5,
  });
  store.subscribe(() => notified++);
  let t = performance.now();
  let cpu = process.cpuUsage();
  await store.firstLoad();
  const firstIngest = `${fmt(performance.now() - t)} wall, ${fmt(cpuMs(cpu))} CPU`;
  gc();
  const heap1 = process.memoryUsage().heapUsed;

  const derive = (state = store.getState(), now = data.now) =>
    Object.fromEntries(COCKPIT_PANELS.map((p) => [p.id, p.derive(state, { now, real: now })]));
  const cold = ms(() => derive(), 1);
  const before = store.getState();
  let tickNow = data.now;
  const tick = ms(() => {
    tickNow += 1000;
    derive(before, tickNow);
  });

  // A cursor key: the focused panel's rows, the selection looked up, the window's columns.
  const views = derive();
  const queue = COCKPIT_PANELS.find((p) => p.id === 'queue')!;
  const sla = COCKPIT_PANELS.find((p) => p.id === 'sla')!;
  const keyWork = (p: typeof queue) =>
    ms(() => {
      const list = p.rows(views[p.id]!);
      selectedIndex(list, { key: list[Math.floor(list.length / 2)]?.key ?? null, index: 0 });
    });

  notified = 0;
  t = performance.now();
  cpu = process.cpuUsage();
  store.refresh();
  await new Promise((r) => setTimeout(r, 0));
  await store.firstLoad();
  for (let i = 0; i < 50 && store.getState() === before; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 50));
  const unchangedPoll = `${fmt(performance.now() - t)} wall, ${fmt(cpuMs(cpu))} CPU`;
  const after = store.getState();
  const sameRecords = Object.values(after.connectors).every((c) =>
    Object.values(c.streams).every(
      (s) => s.records === before.connectors[c.instance]!.streams[s.name]!.records,
    ),
  );
  const rederive = ms(() => derive(after), 1);
  const quietCalls = notified;

  // Three tickets change upstream: the poll, then the derivation it causes.
  const changedIds = new Set(data.sn.incidents!.slice(0, 3).map((r) => (r as { id: string }).id));
  data.sn.incidents = data.sn.incidents!.map((r) =>
    changedIds.has((r as { id: string }).id)
      ? { ...r, title: `${(r as { title: string }).title} (edited)` }
      : r,
  );
  notified = 0;
  t = performance.now();
  cpu = process.cpuUsage();
  store.refresh('sn');
  for (let i = 0; i < 200 && notified === 0; i++) await new Promise((r) => setTimeout(r, 5));
  const changedPoll = `${fmt(performance.now() - t)} wall, ${fmt(cpuMs(cpu))} CPU`;
  const changedState = store.getState();
  // Named, so a CPU profile (--cpu-prof) can single this step out.
  const threeChanged = ms(function deriveAfterThreeChanged() {
    derive(changedState);
  }, 1);
  const changedCalls = notified;
  await store.stop();

  console.log(`cockpit at ${size} ServiceNow + ${PD_INCIDENTS} PagerDuty incidents (${total} records)`);
  console.log(`  first ingest (store, all streams)      ${firstIngest}`);
  console.log(`  heap per record                        ${((heap1 - heap0) / total).toFixed(0)} B/record`);
  console.log(`  derive all panels, data changed        ${fmt(cold)}`);
  console.log(`  derive all panels, clock tick          ${fmt(tick)}`);
  console.log(`  cursor key model work, queue / SLA     ${fmt(keyWork(queue))} / ${fmt(keyWork(sla))}`);
  console.log(`  unchanged poll (incl. clone in port)   ${unchangedPoll}`);
  console.log(`  unchanged poll: listener calls         ${quietCalls}`);
  console.log(`  unchanged poll: records kept identity  ${sameRecords}`);
  console.log(`  derive after unchanged poll            ${fmt(rederive)}`);
  console.log(`  poll, 3 changed (incl. clone in port)  ${changedPoll}`);
  console.log(`  poll with 3 changed tickets: updates   ${changedCalls}`);
  console.log(`  derive after 3 changed tickets         ${fmt(threeChanged)}`);
}
process.exit(0);
