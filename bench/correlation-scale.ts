// Correlation at scale: build the index over N tickets, M paging incidents and H hosts with
// realistic names (a ticket per host CI, titles naming hosts, some citing incidents), then look
// up the links of the rows a screen shows and of a detail. Prints times and heap; no budgets.
import { buildCorrelation } from '../src/domain/correlation.js';
import type { Host, Incident } from '../src/domain/model.js';

const arg = process.argv[2] ?? '50000,10000,100000';
const [tickets, pages, hosts] = arg.split(',').map(Number) as [number, number, number];
const hostName = (i: number) => `srv-${String(i).padStart(6, '0')}`;
const at = new Date(0).toISOString();

const hostRecords: Host[] = Array.from({ length: hosts }, (_, i) => ({
  kind: 'host',
  source: 'edr',
  id: `h${i}`,
  hostname: i % 3 === 0 ? hostName(i).toUpperCase() : `${hostName(i)}.prod.example.internal`,
  platform: 'Linux',
  containment: 'normal',
  vendorStatus: 'normal',
  reducedFunctionality: false,
  tags: [],
}));
const pageRecords: Incident[] = Array.from({ length: pages }, (_, i) => ({
  kind: 'incident',
  source: 'pager',
  id: `Q${i}`,
  key: `#${1000 + i}`,
  title: `Disk ${80 + (i % 20)}% on ${hostName((i * 7) % hosts)} (monitor ${9_000_000 + i})`,
  status: 'triggered',
  vendorStatus: 'triggered',
  service: `service-${i % 40}`,
  assignees: [],
  openedAt: at,
  about: { ids: [`pager:incident:q${i}`], refs: [`mon:monitor:${9_000_000 + i}`] },
}));
const ticketRecords: Incident[] = Array.from({ length: tickets }, (_, i) => ({
  kind: 'incident',
  source: 'desk',
  id: `t${i}`,
  key: `INC${String(10_000 + i).padStart(7, '0')}`,
  title: `Follow-up on the database web api for ${hostName((i * 13) % hosts)}`,
  status: 'acknowledged',
  vendorStatus: 'In Progress',
  service: `service-${i % 40}`,
  assignees: [],
  openedAt: at,
  about: {
    cis: [hostName((i * 13) % hosts)],
    ...(i % 5 === 0 ? { refs: [`pager:incident:q${i % pages}`] } : {}),
  },
}));

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
const c = buildCorrelation([ticketRecords, pageRecords, hostRecords]);
const built = performance.now() - t0;
gc?.();
const heap1 = process.memoryUsage().heapUsed;
const t1 = performance.now();
let marked = 0;
for (const r of ticketRecords.slice(0, 40)) if (c.hasRelated(r)) marked++;
const screen = performance.now() - t1;
const t2 = performance.now();
let links = 0;
for (const r of pageRecords.slice(0, 1000)) links += c.related(r).length;
const thousand = performance.now() - t2;
// A poll that changed 1 % of the tickets: new objects for those, the rest kept.
const polled = ticketRecords.map((t, i) => (i % 100 === 0 ? { ...t, status: 'resolved' as const } : t));
const t3 = performance.now();
buildCorrelation([polled, pageRecords, hostRecords]);
const rebuilt = performance.now() - t3;
console.log(`rebuild after a poll changing 1 % of the tickets: ${rebuilt.toFixed(0)} ms`);
console.log(
  `correlation ${tickets} tickets + ${pages} incidents + ${hosts} hosts: build ${built.toFixed(0)} ms, ` +
    `index heap ${((heap1 - heap0) / 1e6).toFixed(0)} MB, 40 row markers ${screen.toFixed(1)} ms (${marked} marked), ` +
    `1000 details ${thousand.toFixed(0)} ms (${(links / 1000).toFixed(1)} links each)`,
);
