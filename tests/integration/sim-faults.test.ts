/**
 * Fault injection and request recording, programmatically and over the
 * `/__sim/faults` control endpoint a PTY test uses against a running demo.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

const running: Simulators[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start() {
  const sims = await startSimulators({ clock: new ManualClock(Date.UTC(2030, 2, 4, 9)) });
  running.push(sims);
  return sims;
}

function get(sims: Simulators, path: string) {
  return fetch(sims.pagerduty.url + path, {
    headers: {
      authorization: `Token token=${sims.pagerduty.token}`,
      accept: 'application/vnd.pagerduty+json;version=2',
      'content-type': 'application/json',
    },
  });
}

const control = (sims: Simulators, method: string, body?: unknown, suffix = '') =>
  fetch(`${sims.pagerduty.url}/__sim/faults${suffix}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

describe('fault injection', () => {
  it('fails matching requests with a status `count` times, in PagerDuty error shape', async () => {
    const sims = await start();
    sims.pagerduty.server.faults.add({ path: '/incidents', status: 503, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(sims, '/incidents')).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await get(sims, '/abilities')).status).toBe(200);
    sims.pagerduty.server.faults.add({ path: '/incidents', status: 500 });
    const res = await get(sims, '/incidents/anything');
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      error: { code: expect.any(Number), message: expect.any(String) },
    });
  });

  it('answers a raw garbage body, e.g. an HTML proxy page', async () => {
    const sims = await start();
    sims.pagerduty.server.faults.add({
      status: 502,
      body: '<html><body>Bad Gateway</body></html>',
      count: 1,
    });
    const res = await get(sims, '/oncalls');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<html><body>Bad Gateway</body></html>');
  });

  it('delays a request, then handles it normally when no status is given', async () => {
    const sims = await start();
    sims.pagerduty.server.faults.add({ path: /\/abilities/, delayMs: 150, count: 1 });
    const t0 = performance.now();
    const res = await get(sims, '/abilities');
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('matches on method and on a RegExp over path and query, and can drop the connection', async () => {
    const sims = await start();
    const { faults } = sims.pagerduty.server;
    faults.add({ path: /statuses\[\]=resolved/, status: 504 });
    faults.add({ method: 'PUT', status: 500 });
    expect((await get(sims, '/incidents?statuses[]=triggered')).status).toBe(200);
    expect((await get(sims, '/incidents?statuses[]=resolved')).status).toBe(504);
    faults.clear();
    faults.add({ path: '/users', drop: true, count: 1 });
    await expect(get(sims, '/users')).rejects.toThrow();
    expect((await get(sims, '/users')).status).toBe(200);
  });

  it('is controlled over HTTP with POST/GET/DELETE /__sim/faults', async () => {
    const sims = await start();
    const added = await control(sims, 'POST', { path: '/incidents', status: 500, count: 1 });
    expect(added.status).toBe(201);
    const [fault] = ((await added.json()) as { faults: { id: number; remaining: number }[] }).faults;
    expect(fault!.remaining).toBe(1);
    expect((await get(sims, '/incidents')).status).toBe(500);
    expect((await get(sims, '/incidents')).status).toBe(200);

    await control(sims, 'POST', [
      { pathPattern: '^/oncalls', status: 503 },
      { path: '/users', status: 429 },
    ]);
    expect(((await (await control(sims, 'GET')).json()) as { faults: unknown[] }).faults).toHaveLength(2);
    expect((await get(sims, '/oncalls?earliest=true')).status).toBe(503);
    expect((await control(sims, 'DELETE')).status).toBe(204);
    expect((await get(sims, '/oncalls?earliest=true')).status).toBe(200);
    expect((await control(sims, 'POST', { status: 'boom' })).status).toBe(400);
  });
});

describe('request recording', () => {
  it('records every vendor exchange (not control calls) and can be cleared', async () => {
    const sims = await start();
    const { requests } = sims.pagerduty.server;
    await get(sims, '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=2');
    await control(sims, 'GET');
    expect(requests).toHaveLength(1);
    const [r] = requests;
    expect(r).toMatchObject({
      method: 'GET',
      path: '/incidents',
      url: '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=2',
      query: { 'statuses[]': ['triggered', 'acknowledged'], limit: ['2'] },
      status: 200,
    });
    expect(r!.headers.authorization).toMatch(/^Token token=/);
    expect(r!.responseHeaders['ratelimit-limit']).toBe('960');
    expect(JSON.parse(r!.responseBody!).incidents).toHaveLength(2);
    requests.clear();
    expect(requests).toHaveLength(0);
  });
});
