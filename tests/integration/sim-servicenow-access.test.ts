/**
 * Who may call the ServiceNow simulator and how often: Basic auth, the three OAuth
 * grants with token expiry on an injected clock, 401/403 bodies, and the per-hour
 * rate-limit rule with its X-RateLimit-* and Retry-After headers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

const START = Date.UTC(2030, 2, 4, 9, 0, 0);
const running: Simulators[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

type Options = NonNullable<Parameters<typeof startSimulators>[0]>['servicenow'];
async function start(servicenow: Options = {}) {
  const clock = new ManualClock(START);
  const sims = await startSimulators({ clock, servicenow: { tokenClock: () => clock.now(), ...servicenow } });
  running.push(sims);
  return { sims, clock };
}

// biome-ignore lint/suspicious/noExplicitAny: responses are inspected field by field
type Json = any;

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const LIST = '/api/now/table/incident?sysparm_limit=1';

async function get(sims: Simulators, path: string, authorization?: string, method = 'GET', body?: unknown) {
  const res = await fetch(sims.servicenow.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
}

async function token(sims: Simulators, form: Record<string, string>) {
  const { clientId, clientSecret } = sims.servicenow;
  const res = await fetch(`${sims.servicenow.url}/oauth_token.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, ...form }).toString(),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('ServiceNow simulator: authentication', () => {
  it('accepts Basic auth for the integration user and answers 401 in the ServiceNow envelope otherwise', async () => {
    const { sims } = await start();
    const { username, password } = sims.servicenow;
    expect(username).toBe('itops.integration');
    expect((await get(sims, LIST, basic(username, password))).status).toBe(200);
    const wrong = await get(sims, LIST, basic(username, 'nope'));
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' },
      status: 'failure',
    });
    expect((await get(sims, LIST)).status).toBe(401);
    // World people have no password in the simulator; only the service accounts log in.
    expect((await get(sims, LIST, basic('ana.lindqvist', password))).status).toBe(401);
  });

  it('issues password-grant tokens that expire on the injected clock and refresh', async () => {
    const { sims, clock } = await start({ tokenTtlSeconds: 1799 });
    const { username, password } = sims.servicenow;
    const issued = await token(sims, { grant_type: 'password', username, password });
    expect(issued.status).toBe(200);
    expect(issued.json).toMatchObject({ token_type: 'Bearer', expires_in: 1799 });
    expect(issued.json.refresh_token).toEqual(expect.any(String));
    const bearer = `Bearer ${issued.json.access_token}`;
    expect((await get(sims, LIST, bearer)).status).toBe(200);
    clock.advance(1798_000);
    expect((await get(sims, LIST, bearer)).status).toBe(200);
    clock.advance(2_000);
    expect((await get(sims, LIST, bearer)).status).toBe(401);

    const refreshed = await token(sims, {
      grant_type: 'refresh_token',
      refresh_token: issued.json.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).toBe(issued.json.refresh_token);
    expect(refreshed.json.access_token).not.toBe(issued.json.access_token);
    expect((await get(sims, LIST, `Bearer ${refreshed.json.access_token}`)).status).toBe(200);
    expect((await get(sims, LIST, 'Bearer made-up')).status).toBe(401);
    const badRefresh = await token(sims, { grant_type: 'refresh_token', refresh_token: 'made-up' });
    expect(badRefresh).toMatchObject({ status: 401, json: { error: 'access_denied' } });
  });

  it('supports client_credentials (no refresh token) and rejects bad clients, users and grants', async () => {
    const { sims } = await start();
    const cc = await token(sims, { grant_type: 'client_credentials' });
    expect(cc.status).toBe(200);
    expect(cc.json.refresh_token).toBeUndefined();
    const me = await get(
      sims,
      '/api/now/table/sys_user?sysparm_query=user_name=itops.integration',
      `Bearer ${cc.json.access_token}`,
    );
    expect(me.json.result).toHaveLength(1);
    expect((await token(sims, { grant_type: 'client_credentials', client_secret: 'wrong' })).status).toBe(
      401,
    );
    expect(
      (await token(sims, { grant_type: 'password', username: 'itops.integration', password: 'x' })).status,
    ).toBe(401);
    const unsupported = await token(sims, { grant_type: 'authorization_code' });
    expect(unsupported).toMatchObject({ status: 400, json: { error: 'unsupported_grant_type' } });
  });

  it('lets the read-only user read but answers 403 to its writes', async () => {
    const { sims } = await start();
    const server = sims.servicenow.server;
    const ro = basic(server.data.dir.readOnly.user_name, server.data.dir.readOnly.password!);
    const list = await get(sims, LIST, ro);
    expect(list.status).toBe(200);
    const id = list.json.result[0].sys_id;
    const denied = await get(sims, `/api/now/table/incident/${id}`, ro, 'PATCH', { work_notes: 'hi' });
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ error: { message: 'Operation Failed' }, status: 'failure' });
    const { username, password } = sims.servicenow;
    const other = await get(
      sims,
      `/api/now/table/sys_user_group/${server.data.dir.groups[0]!.sys_id}`,
      basic(username, password),
      'PATCH',
      { name: 'x' },
    );
    expect(other.status).toBe(403);
  });
});

describe('ServiceNow simulator: rate limiting', () => {
  it('applies a per-hour rule with X-RateLimit-* headers and 429 + Retry-After past it', async () => {
    let real = Date.UTC(2030, 2, 4, 9, 59, 30);
    const { sims } = await start({ rateLimit: { perHour: 3, sysId: 'a'.repeat(32) }, rateClock: () => real });
    const auth = basic(sims.servicenow.username, sims.servicenow.password);
    for (let i = 0; i < 3; i++) {
      const ok = await get(sims, LIST, auth);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBe('3');
      expect(ok.headers.get('x-ratelimit-rule')).toBe('a'.repeat(32));
      expect(ok.headers.get('x-ratelimit-reset')).toBe(String(Date.UTC(2030, 2, 4, 10) / 1000));
    }
    const limited = await get(sims, LIST, auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.json).toMatchObject({ error: { message: 'Rate limit exceeded' }, status: 'failure' });
    real += 31_000;
    expect((await get(sims, LIST, auth)).status).toBe(200);
  });

  it('sends no rate-limit headers when no rule applies', async () => {
    const { sims } = await start({ rateLimit: { perHour: 1, users: ['someone.else'] } });
    const auth = basic(sims.servicenow.username, sims.servicenow.password);
    for (let i = 0; i < 3; i++) {
      const ok = await get(sims, LIST, auth);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });
});
