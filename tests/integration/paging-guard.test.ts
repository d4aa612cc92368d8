/**
 * Issue 7 (5): a server (or proxy) that does not page. Both connectors over real
 * HTTP, counting the requests one listing sends: against the simulators with a
 * fault that answers every page with the same records and "more", and against a
 * tiny hand-written server that invents new records for ever.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import pagerduty from '../../plugins/pagerduty/index.js';
import servicenow from '../../plugins/servicenow/index.js';
import { PluginError } from '../../src/plugin-api/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

const running: Simulators[] = [];
const servers: { close(): void }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.close();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sims() {
  const clock = new ManualClock(Date.UTC(2030, 2, 4, 9));
  const s = await startSimulators({
    world: createWorld({ seed: 7, clock }),
    clock,
    servicenow: { dataOptions: { incidents: 60 }, tokenClock: () => clock.now() },
  });
  running.push(s);
  return { ...s, clock };
}

/** Requests the server saw, one entry per request; `reply` gets the 0-based request index. */
async function serve(reply: (url: URL, n: number) => { headers?: Record<string, string>; body: unknown }) {
  const seen: URL[] = [];
  const server = createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url);
    const r = reply(url, seen.length - 1);
    res.writeHead(200, { 'content-type': 'application/json', ...r.headers });
    res.end(JSON.stringify(r.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const signal = () => AbortSignal.timeout(30_000);

async function rejection(p: Promise<unknown>): Promise<PluginError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PluginError);
  return err as PluginError;
}

describe('PagerDuty against a server that does not page', () => {
  it('the same page with more:true for ever costs one poll two requests and a clear error', async () => {
    const s = await sims();
    const pd = s.pagerduty;
    const headers = {
      authorization: `Token token=${pd.token}`,
      accept: 'application/vnd.pagerduty+json;version=2',
    };
    // A genuine page from the simulator, replayed for every offset with "more" (a broken proxy cache).
    const real = (await (await fetch(`${pd.url}/incidents?limit=100&offset=0`, { headers })).json()) as {
      incidents: unknown[];
    };
    expect(real.incidents.length).toBeGreaterThan(0);
    pd.server.faults.add({
      path: /^\/incidents(\?|$)/,
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...real, limit: 100, offset: 0, more: true }),
    });
    pd.server.requests.clear();
    const { connector } = await setupPlugin(
      pagerduty,
      { plugin: 'pagerduty', token: pd.token, baseUrl: pd.url },
      { instance: 'pd-stuck', now: () => s.clock.now(), host: true },
    );
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(
      /^PagerDuty GET \/incidents: the page at offset 100 repeated \d+ records already received/,
    );
    expect(pd.server.requests.filter((r) => r.path === '/incidents')).toHaveLength(2);
  });

  it('new records for ever, in pages of 1, stop at the budget the 10 000 window allows', async () => {
    const srv = await serve((url) => ({
      body: { incidents: [{ id: `Q${url.searchParams.get('offset')}` }], limit: 1, more: true },
    }));
    const { connector } = await setupPlugin(
      pagerduty,
      { plugin: 'pagerduty', token: 'tok-123456', baseUrl: srv.url, pageSize: 100 },
      { instance: 'pd-endless', host: true },
    );
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(
      /^PagerDuty GET \/incidents: stopped after 100 requests, the most one listing may send \(10000 records, PagerDuty's offset window, at 100 per page\)/,
    );
    expect(srv.seen.filter((u) => u.pathname === '/incidents')).toHaveLength(100);
  });

  it('a smaller page size means a larger budget, still bounded by the window', async () => {
    const srv = await serve((url) => ({
      body: { services: [{ id: `S${url.searchParams.get('offset')}` }], limit: 1, more: true },
    }));
    const { connector } = await setupPlugin(
      pagerduty,
      { plugin: 'pagerduty', token: 'tok-123456', baseUrl: srv.url, pageSize: 25 },
      { instance: 'pd-small', host: true },
    );
    const err = await rejection(connector.listServices(signal()));
    expect(err.message).toMatch(/stopped after 400 requests/);
    expect(srv.seen).toHaveLength(400);
  });
});

/**
 * Requests per listing. A full ServiceNow load reads two listings at once (open work, and work
 * resolved inside the MTTR window), each with its own guard; when one fails the other may still
 * be finishing, so tests bound each listing rather than a racy total. Pages of one listing differ
 * only in their keyset condition (`^sys_id>…`), which is taken off to group them.
 */
const incidentQueries = (seen: URL[]) =>
  seen
    .filter((u) => u.pathname === '/api/now/table/incident')
    .map((u) => u.searchParams.get('sysparm_query'));

function perListing(queries: (string | null)[]): number[] {
  const n = new Map<string, number>();
  for (const q of queries) {
    const listing = (q ?? '').replace(/\^?sys_id>[^^]*/, '');
    n.set(listing, (n.get(listing) ?? 0) + 1);
  }
  return [...n.values()];
}

/** A keyset server's next ids: `r00001`… after the `sys_id>` key of the request, `limit` of them. */
function idsAfter(url: URL, limit: number): string[] {
  const after = /sys_id>r(\d+)/.exec(url.searchParams.get('sysparm_query') ?? '')?.[1];
  const from = after === undefined ? 0 : Number(after) + 1;
  return Array.from({ length: limit }, (_, i) => `r${String(from + i).padStart(5, '0')}`);
}

describe('ServiceNow against a server that does not page', () => {
  async function connect(url: string, extra: Record<string, unknown> = {}) {
    return setupPlugin(
      servicenow,
      {
        plugin: 'servicenow',
        instanceUrl: url,
        auth: { kind: 'basic', username: 'u', password: 'p' },
        pageSize: 10,
        ...extra,
      },
      { instance: 'sn-stuck', host: { maxRetryAfterMs: 1_000 } },
    );
  }

  it('the same full page with rel="next" for ever costs two requests and a clear error', async () => {
    const s = await sims();
    const sn = s.servicenow;
    const auth = `Basic ${Buffer.from(`${sn.username}:${sn.password}`).toString('base64')}`;
    const real = (await (
      await fetch(`${sn.url}/api/now/table/incident?sysparm_limit=10&sysparm_query=ORDERBYsys_id`, {
        headers: { authorization: auth, accept: 'application/json' },
      })
    ).json()) as { result: unknown[] };
    expect(real.result).toHaveLength(10);
    sn.server.faults.add({
      path: /^\/api\/now\/table\/incident(\?|$)/,
      status: 200,
      headers: {
        'content-type': 'application/json',
        link: `<${sn.url}/api/now/table/incident?sysparm_offset=10>;rel="next"`,
      },
      body: JSON.stringify(real),
    });
    sn.server.requests.clear();
    const { connector } = await setupPlugin(
      servicenow,
      {
        plugin: 'servicenow',
        instanceUrl: sn.url,
        auth: { kind: 'basic', username: sn.username, password: sn.password },
        pageSize: 10,
      },
      { instance: 'sn-stuck', now: () => s.clock.now(), host: true },
    );
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(
      /^ServiceNow GET \/api\/now\/table\/incident: the page at sys_id>[0-9a-f]{32} repeated 10 records already received/,
    );
    const legs = perListing(
      sn.server.requests
        .filter((r) => r.path === '/api/now/table/incident')
        .map((r) => r.query.sysparm_query?.[0] ?? null),
    );
    // The listing that failed sent exactly two requests; none sent more.
    expect(Math.max(...legs)).toBe(2);
  });

  it('new rows for ever without X-Total-Count stop at the maxRecords ceiling', async () => {
    const srv = await serve((url) => {
      const limit = Number(url.searchParams.get('sysparm_limit'));
      return { body: { result: idsAfter(url, limit).map((sys_id) => ({ sys_id })) } };
    });
    const { connector } = await connect(srv.url, {
      maxRecords: 55,
      assignmentGroups: ['0123456789abcdef0123456789abcdef'],
    });
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('BAD_RESPONSE');
    // Twice the pages maxRecords needs: a page thinned out by read ACLs advances less than a page.
    expect(err.message).toMatch(
      /^ServiceNow GET \/api\/now\/table\/incident: stopped after 12 requests, the most one listing may send \(connectors\.sn-stuck\.maxRecords = 55 rows at 10 per page, twice for pages thinned out by read ACLs\)/,
    );
    expect(err.message).toMatch(/raise maxRecords/);
    const legs = perListing(incidentQueries(srv.seen));
    expect(Math.max(...legs)).toBe(12);
  });

  it('an X-Total-Count that never shrinks as the key advances stops at twice the count plus headroom', async () => {
    // Says 30 rows remain after every key, yet every page is full, has rel="next" and new ids.
    const srv = await serve((url) => ({
      headers: { 'x-total-count': '30', link: '<x>;rel="next"' },
      body: { result: idsAfter(url, 10).map((sys_id) => ({ sys_id })) },
    }));
    const { connector } = await connect(srv.url, { assignmentGroups: ['0123456789abcdef0123456789abcdef'] });
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(
      /stopped after 8 requests.*\(X-Total-Count 30 at 10 per page, twice for pages thinned out by read ACLs, plus headroom\)/,
    );
    // 3 pages for 30 rows, doubled, plus 2 of headroom, per listing; never more.
    expect(Math.max(...perListing(incidentQueries(srv.seen)))).toBe(8);
  });

  it('a keyset server that honours the count ends where the count says, whatever the page length', async () => {
    // 25 rows; a read ACL hides every row of the second page: it comes back empty, not final.
    const all = Array.from({ length: 25 }, (_, i) => `r${String(i).padStart(5, '0')}`);
    const hidden = new Set(all.slice(5, 15));
    const srv = await serve((url) => {
      const after = /sys_id>(r\d+)/.exec(url.searchParams.get('sysparm_query') ?? '')?.[1] ?? '';
      const skip = Number(url.searchParams.get('sysparm_offset'));
      const rest = all.filter((id) => id > after);
      const page = rest.slice(skip, skip + 5).filter((id) => !hidden.has(id));
      return {
        headers: { 'x-total-count': String(rest.length) },
        body: { result: page.map((sys_id) => ({ sys_id })) },
      };
    });
    const { connector } = await connect(srv.url, { pageSize: 5 });
    const incidents = await connector.listIncidents(signal());
    const open = new Set(incidents.map((i) => i.id));
    expect([...open].sort()).toEqual(all.filter((id) => !hidden.has(id)));
  });

  it('refuses a listing whose X-Total-Count is over maxRecords after one request, naming the fix', async () => {
    const srv = await serve(() => ({
      headers: { 'x-total-count': '250000' },
      body: { result: Array.from({ length: 10 }, (_, i) => ({ sys_id: `r${i}` })) },
    }));
    const { connector } = await connect(srv.url, { assignmentGroups: ['0123456789abcdef0123456789abcdef'] });
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('INVALID');
    expect(err.message).toBe(
      'ServiceNow says 250000 incident rows match, more than connectors.sn-stuck.maxRecords (100000). ' +
        'Narrow connectors.sn-stuck.assignmentGroups or query, or raise maxRecords.',
    );
    expect(Math.max(...perListing(incidentQueries(srv.seen)))).toBe(1);
  });
});

describe('a response body without end', () => {
  /** Streams `{"…": ["aaaa…` for as long as the client reads. */
  async function endless() {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"incidents":["');
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({ close: () => server.close() && server.closeAllConnections() });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('PagerDuty reports it as a bad answer from the vendor, not a network fault', async () => {
    const url = await endless();
    const { connector } = await setupPlugin(
      pagerduty,
      { plugin: 'pagerduty', token: 'tok-123456', baseUrl: url },
      { instance: 'pd-flood', host: { timeoutMs: 60_000, retries: 0 } },
    );
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(/^PagerDuty GET \/incidents: the response body passed 32\.0 MiB/);
  });

  it('ServiceNow too', async () => {
    const url = await endless();
    const { connector } = await setupPlugin(
      servicenow,
      {
        plugin: 'servicenow',
        instanceUrl: url,
        auth: { kind: 'basic', username: 'u', password: 'p' },
        assignmentGroups: ['0123456789abcdef0123456789abcdef'],
      },
      { instance: 'sn-flood', host: { timeoutMs: 60_000, retries: 0 } },
    );
    const err = await rejection(connector.listIncidents(signal()));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(
      /^ServiceNow GET \/api\/now\/table\/incident: the response body passed 32\.0 MiB/,
    );
  });
});
