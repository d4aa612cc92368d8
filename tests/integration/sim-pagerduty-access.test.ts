/**
 * Who may call the PagerDuty simulator and how: tokens and key kinds, the
 * versioned Accept header, From on writes, rate limits, unknown paths.
 */
import { describe, expect, it } from 'vitest';
import { ACCEPT, call, closeSimsAfterEach, start } from '../helpers/pd-sim.js';

closeSimsAfterEach();

describe('PagerDuty simulator: auth, headers and limits', () => {
  it('answers /users/me for user keys only and /abilities for both', async () => {
    const sims = await start({ pagerduty: { accountToken: 'account-key' } });
    const me = await call(sims, '/users/me');
    expect(me.json.user.email).toBe(sims.pagerduty.fromEmail);
    expect((await call(sims, '/users/me', { token: 'account-key' })).status).toBe(400);
    expect((await call(sims, '/abilities', { token: 'account-key' })).json.abilities).toContain('teams');
  });

  it('answers 401 in PagerDuty shape without a valid token', async () => {
    const sims = await start();
    for (const token of [null, 'wrong']) {
      const res = await call(sims, '/incidents', { token });
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ code: 2006 });
    }
  });

  it('wants the versioned Accept header, and tolerates application/json beside it', async () => {
    const sims = await start();
    expect((await call(sims, '/abilities', { headers: { accept: 'application/json' } })).status).toBe(406);
    const both = await call(sims, '/abilities', { headers: { accept: `${ACCEPT}, application/json` } });
    expect(both.status).toBe(200);
  });

  it('rate-limits per key with ratelimit-* headers and 429 code 2020', async () => {
    let real = 0;
    const sims = await start({ pagerduty: { rateLimitPerMinute: 3, rateClock: () => real } });
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await call(sims, '/abilities'));
    expect(seen.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(seen.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(seen[0]!.headers.get('ratelimit-limit')).toBe('3');
    expect(seen[3]!.json).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
    expect(Number(seen[3]!.headers.get('ratelimit-reset'))).toBe(20);
    real += 20_000;
    expect((await call(sims, '/abilities')).status).toBe(200);
  });

  it('requires a known From email on writes and refuses read-only keys', async () => {
    const sims = await start({ pagerduty: { readOnlyToken: 'ro-key' } });
    const id = (await call(sims, '/incidents?statuses[]=triggered&date_range=all')).json.incidents[0].id;
    const body = { incident: { type: 'incident_reference', status: 'acknowledged' } };
    const missing = await call(sims, `/incidents/${id}`, { method: 'PUT', body });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/"From" header/);
    const unknown = await call(sims, `/incidents/${id}`, { method: 'PUT', body, from: 'nobody@example.org' });
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 1008]);
    const ro = await call(sims, `/incidents/${id}`, {
      method: 'PUT',
      body,
      token: 'ro-key',
      from: sims.pagerduty.fromEmail,
    });
    expect(ro.status).toBe(403);
    expect((await call(sims, `/incidents/${id}`)).json.incident.status).toBe('triggered');
  });

  it('answers unknown paths with 404 and broken JSON with 400', async () => {
    const sims = await start();
    const nope = await call(sims, '/teams/PXXXXXX');
    expect([nope.status, nope.json.error.code]).toEqual([404, 2100]);
    const id = sims.world.openIncidents()[0]!.id;
    const broken = await call(sims, `/incidents/${id}`, {
      method: 'PUT',
      body: '{"incident":',
      from: sims.pagerduty.fromEmail,
    });
    expect([broken.status, broken.json.error.code]).toEqual([400, 2001]);
  });
});
