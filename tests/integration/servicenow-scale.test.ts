/**
 * Scale: 20 000 open incidents with 40 000 SLA clocks. The first load must
 * finish in reasonable time, and the next poll must move only what changed —
 * counted in requests and rows on the simulator's request log.
 */
import { setupPlugin } from 'itops-tui/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

const OPEN = 20_000;
let sims: Simulators;

beforeAll(async () => {
  const clock = new ManualClock();
  const world = createWorld({ seed: 9, clock });
  sims = await startSimulators({
    world,
    clock,
    servicenow: { dataOptions: { incidents: OPEN, slasPerIncident: 2 }, tokenClock: () => clock.now() },
  });
}, 120_000);
afterAll(() => sims?.close());

const rowsSent = (reqs: { responseBody?: string | undefined }[]) =>
  reqs.reduce(
    (n, r) => n + ((JSON.parse(r.responseBody ?? '{}').result as unknown[] | undefined)?.length ?? 0),
    0,
  );

describe('ServiceNow connector at scale', () => {
  it('loads 20 000 incidents and 40 000 SLAs, then polls only the changes', async () => {
    const sn = sims.servicenow;
    const server = sn.server;
    const data = server.data;
    const onOpenTickets = data.slas.filter((s) => (data.incident(s.taskId)?.state ?? 9) < 6 && !s.cancelled);
    // SLA risk keeps only clocks still running: a finished one (met or missed) is history.
    const openSlas = onOpenTickets.filter((s) => s.stoppedAt === null).length;
    expect(data.incidents.filter((i) => i.state < 6).length).toBeGreaterThanOrEqual(OPEN);
    expect(onOpenTickets.length).toBeGreaterThanOrEqual(2 * OPEN);
    expect(openSlas).toBeGreaterThan(OPEN);

    const { connector } = await setupPlugin(
      servicenow,
      {
        plugin: 'servicenow',
        instanceUrl: sn.url,
        auth: { kind: 'basic', username: sn.username, password: sn.password },
        pageSize: 1000,
      },
      { now: () => sims.clock.now(), instance: 'snow', host: { timeoutMs: 30_000 } },
    );
    const signal = () => AbortSignal.timeout(120_000);

    const t0 = performance.now();
    const incidents = await connector.listIncidents(signal());
    const slas = await connector.listSlas(signal());
    const firstLoadMs = performance.now() - t0;
    console.info(
      `servicenow scale: first load of ${incidents.length} incidents + ${slas.length} SLAs in ${Math.round(firstLoadMs)} ms`,
    );
    expect(incidents.filter((i) => i.status !== 'resolved').length).toBe(
      data.incidents.filter((i) => i.state < 6).length,
    );
    expect(slas.length).toBe(openSlas);

    // Change three tickets, then poll both streams again. The deltas start where the loads
    // began on the instance's clock (its Date header), less the overlap.
    const loadedAt = sims.clock.now();
    const targets = incidents.filter((i) => i.status === 'triggered').slice(0, 3);
    for (const t of targets) await connector.changeState(t, { state: 'in_progress' }, signal());
    server.requests.clear();

    const t1 = performance.now();
    const again = await connector.listIncidents(signal());
    const slasAgain = await connector.listSlas(signal());
    const pollMs = performance.now() - t1;

    const gets = (table: string) =>
      server.requests.filter((r) => r.method === 'GET' && r.path === `/api/now/table/${table}`);
    // One delta request per stream poll (listSlas runs the incident delta first, hence two).
    expect(gets('incident')).toHaveLength(2);
    expect(gets('task_sla')).toHaveLength(1);
    const changedIncidents = data.incidents.filter((i) => i.updatedAt >= loadedAt - 5_000).length;
    const changedSlas = data.slas.filter((s) => s.updatedAt >= loadedAt - 5_000).length;
    expect(changedIncidents).toBeGreaterThanOrEqual(targets.length);
    expect(rowsSent(gets('incident').slice(0, 1))).toBe(changedIncidents);
    expect(rowsSent(gets('task_sla'))).toBe(changedSlas);
    expect(changedIncidents).toBeLessThan(50);
    expect(changedSlas).toBeLessThan(100);
    // Time is reported, not asserted (npm run bench owns budgets): requests and rows above are the proof.
    console.info(`servicenow scale: delta poll in ${Math.round(pollMs)} ms`);

    expect(again).toHaveLength(incidents.length);
    for (const t of targets) expect(again.find((i) => i.id === t.id)?.vendorStatus).toBe('In Progress');
    // Moving New tickets to In Progress meets their response SLAs: those clocks stop and leave.
    const running = data.slas.filter(
      (x) => (data.incident(x.taskId)?.state ?? 9) < 6 && !x.cancelled && x.stoppedAt === null,
    ).length;
    expect(running).toBeLessThan(slas.length);
    expect(slasAgain).toHaveLength(running);
  }, 240_000);
});
