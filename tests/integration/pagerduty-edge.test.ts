/**
 * The connector over real HTTP against a tiny hand-written server, for the
 * answers a well-behaved simulator never gives: HTML bodies, fields and enum
 * values PagerDuty has not invented yet, endless pages, bare failures.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HostHttpOptions, setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import pagerduty from '../../plugins/pagerduty/index.js';
import { type Incident, PluginError } from '../../src/plugin-api/index.js';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

const TOKEN = 'u+SECRETtoken-123';
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(route: (req: Seen) => Reply) {
  const requests: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const seen = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        rawUrl: req.url ?? '',
        headers: req.headers,
        body,
      };
      requests.push(seen);
      const reply = route(seen);
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** The connector through the public test kit, with the cockpit's own HTTP client. */
const connect = (url: string, extra: Record<string, unknown> = {}, host: HostHttpOptions = {}) =>
  setupPlugin(
    pagerduty,
    { plugin: 'pagerduty', token: TOKEN, baseUrl: url, fromEmail: 'ana@example.com', ...extra },
    { instance: 'pd-edge', host },
  );

const signal = () => AbortSignal.timeout(15_000);

async function rejection(p: Promise<unknown>): Promise<PluginError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PluginError);
  return err as PluginError;
}

const page = (key: string, items: unknown[], more = false) => ({
  body: { [key]: items, limit: 100, offset: 0, more, total: null },
});

const inc: Incident = {
  kind: 'incident',
  source: 'pd-edge',
  id: 'Q1',
  key: '#7',
  title: 'Disk full',
  status: 'triggered',
  vendorStatus: 'triggered',
  assignees: [],
  openedAt: '2030-03-04T09:00:00Z',
};

const incident = {
  id: 'Q1',
  incident_number: 7,
  title: 'Disk full',
  status: 'triggered',
  urgency: 'high',
  created_at: '2030-03-04T09:00:00Z',
  escalation_policy: { id: 'EP1', type: 'escalation_policy_reference', summary: 'Ops EP' },
  assignments: [
    { at: '2030-03-04T09:00:00Z', assignee: { id: 'U1', type: 'user_reference', summary: 'Ana' } },
  ],
};

describe('pagerduty connector against odd servers', () => {
  it('maps responses with unknown fields, unknown enum values and missing optional fields', async () => {
    const srv = await serve((req) => {
      if (req.path === '/incidents')
        return page('incidents', [
          { ...incident, status: 'snoozed', urgency: 'critical', priority: null, shiny_new: { a: 1 } },
          { id: 'Q2', created_at: '2030-03-04T08:00:00Z' },
        ]);
      if (req.path === '/oncalls')
        return page('oncalls', [
          {
            escalation_policy: { id: 'EP1', type: 'escalation_policy_reference', summary: 'Ops EP' },
            escalation_level: 2,
            user: { id: 'U1', type: 'user', name: 'Ana Example', email: 'ana@example.com' },
            schedule: { id: 'S3', type: 'schedule_v3_reference', summary: 'v3' },
            start: null,
            end: null,
            v4_thing: true,
          },
        ]);
      if (req.path === '/escalation_policies')
        return page('escalation_policies', [
          { id: 'EP1', escalation_rules: [{ targets: [{ id: 'S3', type: 'schedule_v4_reference' }] }] },
        ]);
      if (req.path === '/services') return page('services', [{ id: 'SV1', status: 'paused_forever' }]);
      return { status: 404, body: { error: { message: 'Not Found', code: 2100 } } };
    });
    const { connector } = await connect(srv.url);
    const incidents = await connector.listIncidents(signal());
    expect(incidents).toEqual([
      expect.objectContaining({
        key: '#7',
        status: 'triggered',
        vendorStatus: 'snoozed',
        escalationLevel: 2,
        assignees: ['Ana'],
      }),
      expect.objectContaining({
        id: 'Q2',
        key: 'Q2',
        status: 'triggered',
        vendorStatus: 'unknown',
        assignees: [],
      }),
    ]);
    expect(incidents[0]).not.toHaveProperty('urgency');
    expect(await connector.listOnCall(signal())).toEqual([
      expect.objectContaining({
        level: 2,
        userName: 'Ana Example',
        userEmail: 'ana@example.com',
        scheduleId: 'S3',
        start: null,
        end: null,
      }),
    ]);
    expect((await connector.listEscalationPolicies(signal()))[0]?.levels).toEqual([
      { level: 1, delayMinutes: 0, targets: ['S3'] },
    ]);
    expect(await connector.listServices(signal())).toEqual([
      expect.objectContaining({ id: 'SV1', status: 'paused_forever' }),
    ]);
  });

  it('sends PagerDuty headers and literal [] array params', async () => {
    const srv = await serve((req) =>
      req.path === '/incidents' ? page('incidents', [incident]) : page('oncalls', []),
    );
    const { connector } = await connect(srv.url, { serviceIds: ['S1', 'S2'] });
    await connector.listIncidents(signal());
    // A full listing also asks for the newest account log entry (its cursor for later polls);
    // this server has no log, so the listing goes on without it.
    const probe = srv.requests.find((r) => r.path === '/log_entries');
    const rest = srv.requests.filter((r) => r !== probe);
    expect(probe?.rawUrl).toBe('/log_entries?limit=1');
    const [list, oncalls] = rest;
    expect(list?.rawUrl).toContain('statuses[]=triggered&statuses[]=acknowledged');
    expect(list?.query.getAll('service_ids[]')).toEqual(['S1', 'S2']);
    expect(list?.headers).toMatchObject({
      authorization: `Token token=${TOKEN}`,
      accept: 'application/vnd.pagerduty+json;version=2',
      'content-type': 'application/json',
    });
    expect(list?.headers.from).toBeUndefined();
    // One on-call request for all policies of the page, not one per incident.
    expect(rest).toHaveLength(2);
    expect(oncalls?.query.getAll('escalation_policy_ids[]')).toEqual(['EP1']);
  });

  it('turns an HTML page into BAD_RESPONSE', async () => {
    const srv = await serve(() => ({
      headers: { 'content-type': 'text/html' },
      body: '<html><body>Sign in</body></html>',
    }));
    const { connector } = await connect(srv.url);
    const err = await rejection(connector.listServices(signal()));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toMatch(/non-JSON body.*baseUrl/);
  });

  it('turns JSON of the wrong shape into BAD_RESPONSE, but skips and logs a single bad record', async () => {
    const wrong = await serve(() => ({ body: { services: 'nope' } }));
    expect((await rejection((await connect(wrong.url)).connector.listServices(signal()))).code).toBe(
      'BAD_RESPONSE',
    );
    const mixed = await serve(() => page('services', [{ id: 'S1' }, { name: 'no id' }]));
    const { connector, ctx } = await connect(mixed.url);
    expect((await connector.listServices(signal())).map((x) => x.id)).toEqual(['S1']);
    expect(ctx.logEntries).toEqual([
      expect.objectContaining({ level: 'warn', msg: expect.stringContaining('services[1].id') }),
    ]);
  });

  it('reports 400 with PagerDuty message and errors[] as INVALID', async () => {
    const srv = await serve(() => ({
      status: 400,
      body: { error: { code: 2001, message: 'Invalid Input Provided', errors: ['Team Ids is invalid'] } },
    }));
    const { connector } = await connect(srv.url);
    const err = await rejection(connector.listServices(signal()));
    expect(err).toMatchObject({ code: 'INVALID', status: 400 });
    expect(err.message).toContain('Invalid Input Provided: Team Ids is invalid');
  });

  // Issue 8, defect 8: the advice names only the settings that filter the endpoint that failed.
  it.each([
    [
      'listIncidents',
      'incidents',
      /connectors\.pd-edge\.serviceIds, teamIds or urgencies\.$/,
      /escalationPolicyIds/,
    ],
    ['listOnCall', 'oncalls', /connectors\.pd-edge\.escalationPolicyIds\.$/, /serviceIds|teamIds|urgencies/],
    [
      'listServices',
      'services',
      /connectors\.pd-edge\.teamIds\.$/,
      /serviceIds|urgencies|escalationPolicyIds/,
    ],
    [
      'listEscalationPolicies',
      'escalation_policies',
      /connectors\.pd-edge\.teamIds\.$/,
      /serviceIds|urgencies|escalationPolicyIds/,
    ],
  ] as const)(
    '%s stops at the 10 000 offset window and says which settings narrow GET /%s',
    async (method, key, names, notNames) => {
      const srv = await serve((req) => ({
        body: { [key]: [{ id: `S${req.query.get('offset')}` }], limit: 100, more: true },
      }));
      const { connector } = await connect(srv.url);
      const err = await rejection((connector[method] as (s: AbortSignal) => Promise<unknown>)(signal()));
      expect(err.code).toBe('INVALID');
      expect(err.message).toMatch(new RegExp(`^More than 10000 records match GET /${key};`));
      expect(err.message).toMatch(names);
      expect(err.message).not.toMatch(notNames);
      const pages = srv.requests.filter((r) => r.path === `/${key}`);
      const last = pages.at(-1)!;
      expect(Number(last.query.get('offset')) + Number(last.query.get('limit'))).toBe(10_000);
      expect(pages).toHaveLength(100);
      // Besides the pages, at most the log probe that starts a full incident listing.
      expect(srv.requests.length - pages.length).toBeLessThanOrEqual(method === 'listIncidents' ? 1 : 0);
    },
  );

  it('never retries a write after a 5xx, but does after a 429', async () => {
    let calls = 0;
    const srv = await serve((req) => {
      if (req.path.endsWith('/notes')) return { status: 503, body: { error: { message: 'down' } } };
      if (req.method === 'GET') return { body: { incident: { ...incident, id: 'Q1' } } };
      calls++;
      return calls === 1
        ? {
            status: 429,
            headers: { 'ratelimit-reset': '0' },
            body: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
          }
        : { body: { incident: { id: 'Q1' } } };
    });
    const { connector } = await connect(srv.url);
    // A 503 on a write does not say whether the note was added: unknown (never "failed"), not retried.
    expect((await rejection(connector.addNote(inc, 'hi', signal()))).code).toBe('OUTCOME_UNKNOWN');
    expect(srv.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(await connector.acknowledge(inc, signal())).toMatchObject({ ok: true });
    // acknowledge reads the incident first: acking a resolved one would reopen it.
    expect(srv.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(['/incidents/Q1']);
    const puts = srv.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts[1]?.headers.from).toBe('ana@example.com');
    expect(JSON.parse(puts[1]!.body)).toEqual({
      incident: { type: 'incident_reference', status: 'acknowledged' },
    });
  });

  it('refuses writes without fromEmail before sending anything', async () => {
    const srv = await serve(() => ({ body: {} }));
    const { connector } = await connect(srv.url, { fromEmail: undefined });
    const err = await rejection(connector.acknowledge(inc, signal()));
    expect(err.code).toBe('INVALID');
    expect(err.message).toContain('connectors.pd-edge.fromEmail');
    expect(srv.requests).toHaveLength(0);
  });

  it('reports an unreachable host as UNAVAILABLE', async () => {
    const srv = await serve(() => ({ body: {} }));
    for (const s of servers.splice(0)) s.close();
    // No retries: the point is the mapping of a refused connection, not the backoff.
    const { connector } = await connect(srv.url, {}, { retries: 0 });
    const err = await rejection(connector.listServices(signal()));
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).not.toContain(TOKEN);
  });
});
