/**
 * The ServiceNow client against a tiny loopback stub (node:http): paging,
 * request parameters, auth flows and failure translation. The full behaviour
 * against the simulator is in tests/integration/servicenow.test.ts.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../plugins/servicenow/client.js';
import servicenow from '../../plugins/servicenow/index.js';
import { serviceNowConfigSchema, snIncidentSchema } from '../../plugins/servicenow/schema.js';

interface Seen {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: Seen, res: ServerResponse) => void;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function stub(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const s = { method: req.method!, url: new URL(req.url!, 'http://x'), headers: req.headers, body };
    seen.push(s);
    handler(s, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  close = () => new Promise((r) => server.close(() => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const basic = (url: string, extra: Record<string, unknown> = {}) =>
  serviceNowConfigSchema.parse({
    plugin: 'servicenow',
    instanceUrl: url,
    auth: { kind: 'basic', username: 'itops', password: 'hunter22' },
    ...extra,
  });
const signal = () => AbortSignal.timeout(5_000);

describe('servicenow config', () => {
  it('applies defaults and validates auth and query', () => {
    const cfg = basic('https://acme.service-now.com/');
    expect(cfg).toMatchObject({
      instanceUrl: 'https://acme.service-now.com',
      escalate: 'priority',
      pageSize: 500,
    });
    expect(cfg.resolvedWindowHours).toBe(24);
    const bad = serviceNowConfigSchema.safeParse({
      plugin: 'servicenow',
      instanceUrl: 'https://acme.service-now.com',
      auth: { kind: 'oauth', grant: 'password', clientId: 'c', clientSecret: { env: 'S' } },
      query: 'active=true^NQactive=false',
      pageSize: 5000,
    });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'auth.password',
      'auth.username',
      'pageSize',
      'query',
    ]);
  });
});

describe('servicenow client over HTTP', () => {
  it('pages by sys_id with stored values, an explicit limit, and the count of each request', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `id${i}`);
    const { url, seen } = await stub((req, res) => {
      // A keyset server: rows after the key, ordered, X-Total-Count of what remains.
      const after = /sys_id>(\w+)/.exec(req.url.searchParams.get('sysparm_query') ?? '')?.[1] ?? '';
      const rest = ids.filter((id) => id > after);
      const page = rest.slice(0, 2).map((sys_id) => ({ sys_id }));
      json(
        res,
        200,
        { result: page },
        { 'x-total-count': String(rest.length), date: 'Mon, 04 Mar 2030 09:00:00 GMT' },
      );
    });
    const sn = createClient(createTestContext(basic(url, { pageSize: 2 }), { host: true }));
    const got = await sn.list(
      'incident',
      { query: 'active=true', fields: ['sys_id'] },
      snIncidentSchema,
      signal(),
    );
    expect(got.rows.map((r) => r.sys_id)).toEqual(ids);
    expect(got.serverTime).toBe(Date.UTC(2030, 2, 4, 9, 0, 0));
    expect(seen.map((s) => s.url.searchParams.get('sysparm_query'))).toEqual([
      'active=true^ORDERBYsys_id',
      'active=true^sys_id>id1^ORDERBYsys_id',
      'active=true^sys_id>id3^ORDERBYsys_id',
    ]);
    expect(Object.fromEntries(seen[0]!.url.searchParams)).toEqual({
      sysparm_query: 'active=true^ORDERBYsys_id',
      sysparm_fields: 'sys_id',
      sysparm_display_value: 'false',
      sysparm_exclude_reference_link: 'true',
      sysparm_limit: '2',
      sysparm_offset: '0',
    });
    expect(seen[0]!.url.pathname).toBe('/api/now/table/incident');
    expect(seen[0]!.headers.accept).toBe('application/json');
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('itops:hunter22').toString('base64')}`);
  });

  it('stops when a full page carries no rel="next" and the answer has no count', async () => {
    const { url, seen } = await stub((_req, res) =>
      json(res, 200, { result: [{ sys_id: 'a' }, { sys_id: 'b' }] }, { link: '<x>;rel="first"' }),
    );
    const sn = createClient(createTestContext(basic(url, { pageSize: 2 }), { host: true }));
    await sn.list('incident', { query: '', fields: ['sys_id'] }, snIncidentSchema, signal());
    expect(seen).toHaveLength(1);
  });

  it('refuses rows out of sys_id order instead of skipping some', async () => {
    const { url } = await stub((_req, res) =>
      json(res, 200, { result: [{ sys_id: 'b' }, { sys_id: 'a' }] }, { 'x-total-count': '4' }),
    );
    const sn = createClient(createTestContext(basic(url, { pageSize: 2 }), { host: true }));
    await expect(
      sn.list('incident', { query: '', fields: ['sys_id'] }, snIncidentSchema, signal()),
    ).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringMatching(/not in sys_id order \(sys_id a came after b\)/),
    });
  });

  it('skips a malformed row and says so once; fails only when no row parses', async () => {
    let rows: unknown[] = [];
    const { url } = await stub((_req, res) => json(res, 200, { result: rows }, { 'x-total-count': '3' }));
    const ctx = createTestContext(basic(url, { pageSize: 5 }), { host: true });
    const sn = createClient(ctx);
    const list = () => sn.list('incident', { query: '', fields: ['sys_id'] }, snIncidentSchema, signal());
    rows = [{ sys_id: 'a' }, { sys_id: 'b', number: ['INC1', 'INC2'] }, { sys_id: 'c' }];
    expect((await list()).rows.map((r) => r.sys_id)).toEqual(['a', 'c']);
    expect(ctx.logEntries.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      expect.stringMatching(
        /^skipped 1 malformed incident rows from ServiceNow GET \/api\/now\/table\/incident \(incident rows\[1\]\.number: /,
      ),
    ]);
    rows = [{ sys_id: 'a', number: [] }];
    await expect(list()).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringMatching(/^skipped 1 malformed incident rows from ServiceNow GET /),
    });
  });

  it('keeps the session cookie and sends it back; a 401 drops it', async () => {
    let n = 0;
    const { url, seen } = await stub((_req, res) => {
      n++;
      const cookie = {
        'set-cookie': ['JSESSIONID=S1; Path=/; HttpOnly', 'glide_user_route=glide.x; Path=/'],
      };
      if (n === 1) json(res, 200, { result: [] }, cookie);
      else if (n === 2) json(res, 200, { result: [] });
      else if (n === 3) json(res, 401, { error: { message: 'User Not Authenticated' } });
      else json(res, 200, { result: [] });
    });
    const sn = createClient(createTestContext(basic(url), { host: true }));
    const read = () =>
      sn.lookup('sys_user', { query: '', fields: ['sys_id'], limit: 1 }, snIncidentSchema, signal());
    await read();
    await read();
    await expect(read()).rejects.toMatchObject({ code: 'AUTH' });
    await read();
    expect(seen.map((s) => s.headers.cookie)).toEqual([
      undefined,
      'JSESSIONID=S1; glide_user_route=glide.x',
      'JSESSIONID=S1; glide_user_route=glide.x',
      undefined,
    ]);
  });

  it('reports an SSO login page as BAD_RESPONSE with the likely causes', async () => {
    const { url } = await stub((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><title>Log in | SSO</title></html>');
    });
    const sn = createClient(createTestContext(basic(url), { host: true }));
    const err = sn.list(
      'incident',
      { query: 'ORDERBYsys_id', fields: ['sys_id'] },
      snIncidentSchema,
      signal(),
    );
    await expect(err).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringContaining('ServiceNow returned an HTML page instead of JSON'),
    });
    await expect(err).rejects.toThrow(/SSO intercept/);
  });

  it('turns 400 into INVALID with ServiceNow detail and never echoes the password', async () => {
    const { url } = await stub((_req, res) =>
      json(res, 400, { error: { message: 'Invalid field', detail: 'bad hunter22' }, status: 'failure' }),
    );
    const sn = createClient(createTestContext(basic(url), { host: true }));
    const err = await sn.patch('incident', 'abc', { state: '2' }, ['state'], signal()).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'INVALID', status: 400 });
    expect((err as Error).message).toContain('Invalid field');
    expect((err as Error).message).not.toContain('hunter22');
  });

  it('retries a PATCH after 429 but not after a 500', async () => {
    let calls = 0;
    const { url, seen } = await stub((_req, res) => {
      calls++;
      if (calls === 1) json(res, 429, { error: { message: 'Too many' } }, { 'retry-after': '0' });
      else if (calls === 2) json(res, 200, { result: { sys_id: 'abc' } });
      else json(res, 500, { error: { message: 'boom' } });
    });
    const sn = createClient(createTestContext(basic(url), { host: true }));
    await expect(sn.patch('incident', 'abc', { work_notes: 'x' }, ['work_notes'], signal())).resolves.toEqual(
      {
        sys_id: 'abc',
      },
    );
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[1]!.body)).toEqual({ work_notes: 'x' });
    // A 500 on a write does not say whether it was applied: unknown, and never retried.
    await expect(
      sn.patch('incident', 'abc', { work_notes: 'y' }, ['work_notes'], signal()),
    ).rejects.toMatchObject({
      code: 'OUTCOME_UNKNOWN',
    });
    expect(seen).toHaveLength(3);
  });

  it('gets an OAuth token, refreshes it before expiry and after a 401', async () => {
    let now = 1_000_000;
    let issued = 0;
    let revoked = '';
    const { url, seen } = await stub((req, res) => {
      if (req.url.pathname === '/oauth_token.do') {
        issued++;
        return json(res, 200, {
          access_token: `at${issued}`,
          refresh_token: `rt${issued}`,
          expires_in: 1799,
          token_type: 'Bearer',
        });
      }
      if (req.headers.authorization === revoked)
        return json(res, 401, { error: { message: 'User Not Authenticated' } });
      json(res, 200, { result: [] });
    });
    const cfg = serviceNowConfigSchema.parse({
      plugin: 'servicenow',
      instanceUrl: url,
      auth: {
        kind: 'oauth',
        grant: 'password',
        clientId: 'cid',
        clientSecret: 'csecret',
        username: 'itops',
        password: 'pw123',
      },
    });
    const sn = createClient(createTestContext(cfg, { now: () => now, host: true }));
    const list = () =>
      sn.list('incident', { query: 'ORDERBYsys_id', fields: ['sys_id'] }, snIncidentSchema, signal());
    await list();
    await list();
    const forms = () =>
      seen
        .filter((s) => s.url.pathname === '/oauth_token.do')
        .map((s) => Object.fromEntries(new URLSearchParams(s.body)));
    expect(forms()).toEqual([
      {
        grant_type: 'password',
        client_id: 'cid',
        client_secret: 'csecret',
        username: 'itops',
        password: 'pw123',
      },
    ]);
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer at1');

    now += 1799_000 - 30_000; // inside the 60 s margin
    await list();
    expect(forms()[1]).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt1',
      client_id: 'cid',
      client_secret: 'csecret',
    });
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer at2');

    revoked = 'Bearer at2';
    await list();
    expect(forms()[2]).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt2' });
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer at3');
  });

  it('explains a missing username for assign-to-me with client_credentials', async () => {
    const { url } = await stub((_req, res) => json(res, 200, { access_token: 't', expires_in: 60 }));
    const cfg = serviceNowConfigSchema.parse({
      plugin: 'servicenow',
      instanceUrl: url,
      auth: { kind: 'oauth', grant: 'client_credentials', clientId: 'cid', clientSecret: 'csecret' },
    });
    const connector = await servicenow.setup(createTestContext(cfg, { host: true }));
    const incident = { id: 'abc', key: 'INC1', title: 't', status: 'triggered' } as never;
    await expect(connector.assignToMe(incident, signal())).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('auth.username'),
    });
  });
});
