import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLIANCE_SETTINGS as S } from '../../../../src/domain/compliance-rules.js';
import {
  createComplianceDeriver,
  deriveCompliance,
  filterHosts,
  parseHostFilter,
} from '../../../../src/domain/panels/compliance.js';
import { at, host, T0 } from '../records.js';

const DAY_MIN = 24 * 60;
const fleet = [
  host('1', { hostname: 'WEB-01', platform: 'Windows' }),
  host('2', { hostname: 'web-02.corp.example', platform: 'Windows', sensorVersion: '7.10.1', ztaScore: 20 }),
  host('3', {
    hostname: 'db-01',
    platform: 'Linux',
    lastSeen: at(-20 * DAY_MIN),
    tags: ['FalconGroupingTags/db'],
  }),
  host('4', {
    hostname: 'mac-ana',
    platform: 'Mac',
    ztaScore: undefined,
    containment: 'containment_pending',
  }),
  host('5', {
    hostname: 'dc-01',
    platform: 'Windows',
    sensorVersion: '7.1',
    prevention: { id: 'p', applied: false },
    containment: 'contained',
  }),
];

describe('deriveCompliance', () => {
  const v = deriveCompliance(fleet, T0, S);
  it('counts the compliant share', () => {
    expect(v).toMatchObject({
      hosts: 5,
      compliant: 2,
      nonCompliant: 3,
      share: 0.4,
      contained: 1,
      pending: 1,
    });
  });
  it('ranks failing rules by host count', () => {
    expect(v.rules.slice(0, 5).map((r) => [r.rule, r.failing])).toEqual([
      ['sensor', 2],
      ['seen', 1],
      ['prevention', 1],
      ['zta', 1],
      ['rfm', 0],
    ]);
    // 'sensor' outranks 'seen' by count; equal counts keep the rule order.
    expect(v.rules.find((r) => r.rule === 'zta')?.unknown).toBe(1);
  });
  it('breaks down by platform, most hosts first', () => {
    expect(v.platforms).toEqual([
      { platform: 'Windows', hosts: 3, compliant: 1 },
      { platform: 'Linux', hosts: 1, compliant: 0 },
      { platform: 'Mac', hosts: 1, compliant: 1 },
    ]);
  });
  it('worst first (most failed rules), stalest by last seen', () => {
    // 5 and 2 fail two rules each (same last seen: by name), 3 one.
    expect(v.items.slice(0, v.nonCompliant).map((i) => i.host.id)).toEqual(['5', '2', '3']);
    expect(v.worst.map((i) => i.host.id)).toEqual(['5', '2', '3']);
    expect(v.stalest[0]?.host.id).toBe('3');
  });
  it('no hosts: no share', () => {
    expect(deriveCompliance([], T0, S).share).toBeNull();
  });
});

describe('filter', () => {
  const v = deriveCompliance(fleet, T0, S);
  const ids = (text: string) => filterHosts(v, parseHostFilter(text).filter).map((i) => i.host.id);
  it('shows non-compliant hosts; platform, rule, tag and name narrow them', () => {
    expect(ids('')).toEqual(['5', '2', '3']);
    expect(ids('platform:win')).toEqual(['5', '2']);
    expect(ids('rule:sensor')).toEqual(['5', '2']);
    expect(ids('rule:prevention platform:windows')).toEqual(['5']);
    expect(ids('tag:db')).toEqual(['3']);
    expect(ids('WEB')).toEqual(['2']);
    expect(ids('corp.example')).toEqual(['2']);
    expect(ids('all platform:win')).toEqual(['5', '2', '1']);
  });
  it('an unknown rule word is reported, not silently empty', () => {
    expect(parseHostFilter('rule:bogus').problem).toMatch(/No rule "bogus"/);
  });
});

describe('createComplianceDeriver', () => {
  it('recomputes when the host list changes, not on every clock tick within a minute', () => {
    const derive = createComplianceDeriver();
    const list = [...fleet];
    const a = derive([list], T0, S);
    expect(derive([list], T0 + 30_000, S)).toBe(a);
    expect(derive([[...list]], T0 + 30_000, S)).not.toBe(a);
    const b = derive([list], T0 + 120_000, S);
    expect(b).toEqual(derive([list], T0 + 120_001, S));
  });

  it('a later minute re-derives only once a host\'s verdict can have changed (its "seen" rule)', () => {
    const DAY = 86_400_000;
    const derive = createComplianceDeriver();
    // Seen 6 days before T0: passing until 7 days (+1 ms) after that.
    const h = host('s', { hostname: 'aging', lastSeen: new Date(T0 - 6 * DAY).toISOString() });
    const list = [h, ...fleet];
    const a = derive([list], T0, S);
    // Minutes and hours later, nothing can have changed: the same model, no work.
    expect(derive([list], T0 + 60_000, S)).toBe(a);
    expect(derive([list], T0 + DAY - 60_000, S)).toBe(a);
    // The minute it turns stale: judged again, and the model says so.
    const b = derive([list], T0 + DAY + 60_000, S);
    expect(b).not.toBe(a);
    expect(b.items.find((v) => v.host.hostname === 'aging')?.failed).toEqual(['seen']);
    expect(b.compliant).toBe(a.compliant - 1);
    // A clock that went back is not trusted to the old model either.
    expect(derive([list], T0, S)).not.toBe(b);
  });
});

describe('re-judging', () => {
  it('an unchanged host record keeps its verdict until its "seen" rule flips, then is judged again', () => {
    const DAY = 86_400_000;
    const h = host('s', { lastSeen: new Date(T0 - 6 * DAY).toISOString() });
    const a = deriveCompliance([h], T0, S);
    expect(a.compliant).toBe(1);
    // Same record an hour later: same verdict object.
    expect(deriveCompliance([h], T0 + 3_600_000, S).items[0]).toBe(a.items[0]);
    // A day later it is 7 days + 1 ms old: stale now.
    const b = deriveCompliance([h], T0 + DAY + 1, S);
    expect(b.items[0]!.failed).toEqual(['seen']);
    // New settings judge again.
    expect(deriveCompliance([h], T0 + DAY + 1, { ...S, maxLastSeenDays: 30 }).items[0]!.failed).toEqual([]);
  });
});
