/**
 * The ServiceNow simulator at scale: 20,000 open incidents and 40,000 task SLAs,
 * listed page by page over HTTP within a bound generous enough for a 2-core box. The world's
 * scripted outage adds its own ticket (with its resolution clock) on top of the ones asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServiceNowData,
  createWorld,
  ManualClock,
  type ServiceNowSim,
  startServiceNowSim,
} from '../../src/sim/index.js';

// biome-ignore lint/suspicious/noExplicitAny: responses are inspected field by field
type Json = any;

let sim: ServiceNowSim;
/** The scripted outage's ticket and its one SLA clock, beside the 20,000 and 40,000 asked for. */
let story = 0;
beforeAll(async () => {
  const clock = new ManualClock(Date.UTC(2030, 2, 4, 9, 0, 0));
  const world = createWorld({ seed: 3, clock });
  story = world.outage ? 1 : 0;
  createServiceNowData(world, { incidents: 20_000, resolvedHistory: 0, slasPerIncident: 2 });
  sim = await startServiceNowSim({ world, clock });
}, 60_000);
afterAll(async () => {
  await sim.close();
});

async function listAll(path: string): Promise<{ rows: Json[]; total: number; pages: number }> {
  const auth = `Basic ${Buffer.from(`${sim.username}:${sim.password}`).toString('base64')}`;
  const rows: Json[] = [];
  let next: string | undefined = sim.url + path;
  let total = -1;
  let pages = 0;
  while (next) {
    const res = await fetch(next, { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    total = Number(res.headers.get('x-total-count'));
    rows.push(...((await res.json()) as Json).result);
    next = /<([^>]+)>;rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    pages++;
  }
  return { rows, total, pages };
}

describe('ServiceNow simulator at scale', () => {
  it('holds 20,000 open incidents and 40,000 task SLAs', () => {
    expect(sim.data.incidents).toHaveLength(20_000 + story);
    expect(sim.data.incidents.every((i) => i.state < 6)).toBe(true);
    expect(sim.data.slas).toHaveLength(40_000 + story);
  });

  it('lists every incident in pages of 1000', async () => {
    const query = encodeURIComponent('active=true^ORDERBYDESCsys_updated_on^ORDERBYsys_id');
    const { rows, total, pages } = await listAll(
      `/api/now/table/incident?sysparm_query=${query}&sysparm_limit=1000&sysparm_display_value=all&sysparm_exclude_reference_link=true&sysparm_fields=sys_id,number,state,priority,assigned_to,assignment_group,sys_updated_on`,
    );
    expect(total).toBe(20_000 + story);
    expect(pages).toBe(Math.ceil((20_000 + story) / 1000));
    expect(new Set(rows.map((r) => r.sys_id.value)).size).toBe(20_000 + story);
    const stamps = rows.map((r) => r.sys_updated_on.value);
    expect([...stamps].sort().reverse()).toEqual(stamps);
  }, 60_000);

  it('lists the 40,000 SLAs, filtered on a dot-walked field', async () => {
    const query = encodeURIComponent('task.sys_class_name=incident^task.active=true^ORDERBYDESCpercentage');
    const { rows, total } = await listAll(
      `/api/now/table/task_sla?sysparm_query=${query}&sysparm_limit=2000&sysparm_exclude_reference_link=true&sysparm_fields=sys_id,task,stage,percentage`,
    );
    expect(total).toBe(40_000 + story);
    expect(new Set(rows.map((r) => r.sys_id)).size).toBe(40_000 + story);
    const pct = rows.map((r) => Number(r.percentage));
    expect(pct.every((p, i) => i === 0 || pct[i - 1]! >= p)).toBe(true);
  }, 60_000);
});
