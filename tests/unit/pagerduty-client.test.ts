import got from 'got';
import { createTestContext } from 'itops-tui/testing';
import { describe, expect, it } from 'vitest';
import { baseUrlFor, buildQuery, narrowingHint, pagerDutyErrorBody } from '../../plugins/pagerduty/client.js';
import pagerduty from '../../plugins/pagerduty/index.js';
import { pagerDutyConfigSchema } from '../../plugins/pagerduty/schema.js';

describe('pagerduty config', () => {
  it('defaults region and page size, keeps secret references', () => {
    const cfg = pagerDutyConfigSchema.parse({ plugin: 'pagerduty', token: { env: 'PD_TOKEN' } });
    expect(cfg).toEqual({ plugin: 'pagerduty', token: { env: 'PD_TOKEN' }, region: 'us', pageSize: 100 });
  });

  it('rejects bad values with their path', () => {
    const res = pagerDutyConfigSchema.safeParse({
      plugin: 'pagerduty',
      token: 'x',
      fromEmail: 'not-an-email',
      pageSize: 250,
      urgencies: ['urgent'],
    });
    expect(res.success).toBe(false);
    const paths = res.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['fromEmail', 'pageSize', 'urgencies.0']);
  });
});

describe('baseUrlFor', () => {
  it('picks the regional host, and baseUrl overrides the region', () => {
    expect(baseUrlFor({ region: 'us' })).toBe('https://api.pagerduty.com');
    expect(baseUrlFor({ region: 'eu' })).toBe('https://api.eu.pagerduty.com');
    expect(baseUrlFor({ region: 'eu', baseUrl: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
  });
});

describe('region', () => {
  it('sends an EU account to the EU host, with the PagerDuty headers', async () => {
    const seen: { url: string; headers: Record<string, unknown> }[] = [];
    // No network: record what got would send, then refuse like an unreachable host.
    const http = got.extend({
      retry: { limit: 0 },
      hooks: {
        beforeRequest: [
          (options) => {
            seen.push({ url: String(options.url), headers: { ...options.headers } });
            throw new Error('offline test');
          },
        ],
      },
    });
    const config = pagerDutyConfigSchema.parse({ plugin: 'pagerduty', token: 'tok-eu-1', region: 'eu' });
    const connector = await pagerduty.setup(createTestContext(config, { http }));
    await expect(connector.listServices(AbortSignal.timeout(5_000))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('https://api.eu.pagerduty.com/services?limit=100&offset=0');
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Token token=tok-eu-1',
      accept: 'application/vnd.pagerduty+json;version=2',
      'content-type': 'application/json',
    });
  });
});

describe('buildQuery', () => {
  it('repeats array params with a literal [] suffix and skips undefined', () => {
    const qs = buildQuery({
      'statuses[]': ['triggered', 'acknowledged'],
      'team_ids[]': undefined,
      date_range: 'all',
      limit: 100,
      earliest: true,
    });
    expect(qs).toBe('statuses[]=triggered&statuses[]=acknowledged&date_range=all&limit=100&earliest=true');
    expect(new URLSearchParams(qs).getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
  });

  it('still encodes values', () => {
    expect(buildQuery({ query: 'a&b []' })).toBe('query=a%26b+%5B%5D');
  });
});

describe('pagerDutyErrorBody', () => {
  it('reads the message, each of errors[] and the numeric code', () => {
    const body = JSON.stringify({
      error: { code: 2001, message: 'Invalid Input Provided', errors: ['a', 'b'] },
    });
    expect(pagerDutyErrorBody(body)).toEqual({ message: 'Invalid Input Provided: a: b', code: 2001 });
  });

  it('is undefined for anything that is not PagerDuty’s error envelope', () => {
    for (const body of ['', '<html>', 'null', '{"error":null}', '[1]']) {
      expect(pagerDutyErrorBody(body), body).toBeUndefined();
    }
  });
});

describe('narrowingHint', () => {
  it('names only the keys an endpoint filters by, in the user’s config namespace', () => {
    expect(narrowingHint('pd', ['serviceIds', 'teamIds', 'urgencies'], 'incidents')).toBe(
      'Narrow connectors.pd.serviceIds, teamIds or urgencies.',
    );
    expect(narrowingHint('pd', ['escalationPolicyIds'], 'oncalls')).toBe(
      'Narrow connectors.pd.escalationPolicyIds.',
    );
    expect(narrowingHint('pd', [], 'incidents/Q1/log_entries')).toBe(
      'No connector setting narrows GET /incidents/Q1/log_entries.',
    );
  });
});
