import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ComplianceSettings,
  compareVersions,
  DEFAULT_COMPLIANCE_SETTINGS,
  evaluateHost,
  versionParts,
} from '../../../src/domain/compliance-rules.js';
import { host, T0 } from './records.js';

const DAY = 86_400_000;
const S: ComplianceSettings = DEFAULT_COMPLIANCE_SETTINGS;
const verdictOf = (v: ReturnType<typeof evaluateHost>, rule: string) =>
  v.results.find((r) => r.rule === rule);

describe('seen within N days', () => {
  it('exactly N days ago passes; one millisecond more fails', () => {
    const exact = evaluateHost(host('a', { lastSeen: new Date(T0 - 7 * DAY).toISOString() }), T0, S);
    expect(verdictOf(exact, 'seen')?.verdict).toBe('pass');
    const over = evaluateHost(host('a', { lastSeen: new Date(T0 - 7 * DAY - 1).toISOString() }), T0, S);
    expect(verdictOf(over, 'seen')).toMatchObject({
      verdict: 'fail',
      value: 'last seen 7 days ago (limit 7 d)',
    });
    expect(over.failed).toEqual(['seen']);
  });
  it('a host never seen (or with an unreadable time) fails', () => {
    expect(verdictOf(evaluateHost(host('a', { lastSeen: undefined }), T0, S), 'seen')).toMatchObject({
      verdict: 'fail',
      value: 'never seen',
    });
    expect(evaluateHost(host('a', { lastSeen: 'yesterday-ish' }), T0, S).failed).toContain('seen');
  });
  it('the limit follows the setting', () => {
    const h = host('a', { lastSeen: new Date(T0 - 2 * DAY).toISOString() });
    expect(evaluateHost(h, T0, { ...S, maxLastSeenDays: 1 }).failed).toEqual(['seen']);
    expect(evaluateHost(h, T0, { ...S, maxLastSeenDays: 2 }).failed).toEqual([]);
  });
});

describe('sensor version', () => {
  it('is compared with the policy target by numeric parts, build numbers included', () => {
    const at = (v: string, target = '7.18.18811') =>
      evaluateHost(
        host('a', { sensorVersion: v, sensorUpdate: { id: 's', applied: true, targetVersion: target } }),
        T0,
        S,
      );
    expect(verdictOf(at('7.18.18811.0'), 'sensor')?.verdict).toBe('pass');
    expect(verdictOf(at('7.18.18810.2'), 'sensor')).toMatchObject({
      verdict: 'fail',
      value: '7.18.18810.2 < 7.18.18811 (policy target)',
    });
    // 7.9 is older than 7.18: numbers, not text.
    expect(verdictOf(at('7.9.99999'), 'sensor')?.verdict).toBe('fail');
    expect(verdictOf(at('7.18.18811.1'), 'sensor')?.verdict).toBe('pass');
  });
  it('a configured minimum wins over the policy target', () => {
    const h = host('a', {
      sensorVersion: '7.17.1',
      sensorUpdate: { id: 's', applied: true, targetVersion: '7.10.0' },
    });
    expect(verdictOf(evaluateHost(h, T0, { ...S, minSensorVersion: '7.18' }), 'sensor')).toMatchObject({
      verdict: 'fail',
      value: '7.17.1 < 7.18 (configured minimum)',
    });
    expect(evaluateHost(h, T0, S).failed).toEqual([]);
  });
  it('without any target it is unknown, and unknown does not fail the host', () => {
    const v = evaluateHost(host('a', { sensorUpdate: undefined }), T0, S);
    expect(verdictOf(v, 'sensor')?.verdict).toBe('unknown');
    expect(v.compliant).toBe(true);
  });
  it('a host reporting no sensor version fails', () => {
    expect(evaluateHost(host('a', { sensorVersion: undefined }), T0, S).failed).toEqual(['sensor']);
  });
});

describe('policies, RFM, ZTA, tags', () => {
  it('a pending prevention policy fails with its name; none assigned fails too', () => {
    const pending = evaluateHost(
      host('a', { prevention: { id: 'p', name: 'Servers', applied: false } }),
      T0,
      S,
    );
    expect(verdictOf(pending, 'prevention')).toMatchObject({ verdict: 'fail', value: 'Servers pending' });
    expect(evaluateHost(host('a', { prevention: undefined }), T0, S).failed).toEqual(['prevention']);
    expect(
      evaluateHost(host('a', { prevention: undefined }), T0, { ...S, requirePreventionPolicy: false }).failed,
    ).toEqual([]);
  });
  it('reduced functionality fails unless allowed', () => {
    expect(evaluateHost(host('a', { reducedFunctionality: true }), T0, S).failed).toEqual(['rfm']);
    expect(
      evaluateHost(host('a', { reducedFunctionality: true }), T0, { ...S, allowReducedFunctionality: true })
        .failed,
    ).toEqual([]);
  });
  it('ZTA: at the threshold passes, below fails, unscored is unknown (not failing)', () => {
    expect(verdictOf(evaluateHost(host('a', { ztaScore: 50 }), T0, S), 'zta')?.verdict).toBe('pass');
    expect(verdictOf(evaluateHost(host('a', { ztaScore: 49 }), T0, S), 'zta')).toMatchObject({
      verdict: 'fail',
      value: '49 < 50',
    });
    const unscored = evaluateHost(host('a', { ztaScore: undefined }), T0, S);
    expect(verdictOf(unscored, 'zta')).toMatchObject({ verdict: 'unknown', value: 'no score' });
    expect(unscored.compliant).toBe(true);
    expect(
      evaluateHost(host('a', { ztaScore: 1 }), T0, { ...S, minZtaScore: 0 }).results.map((r) => r.rule),
    ).not.toContain('zta');
  });
  it('required tags compare case-insensitively and name the missing ones', () => {
    const s = { ...S, requiredTags: ['falcongroupingtags/PROD', 'Owner/it'] };
    expect(verdictOf(evaluateHost(host('a'), T0, s), 'tags')).toMatchObject({
      verdict: 'fail',
      value: 'missing Owner/it',
    });
    expect(evaluateHost(host('a', { tags: ['FalconGroupingTags/prod', 'owner/IT'] }), T0, s).compliant).toBe(
      true,
    );
  });
  it('a host lists every rule it fails', () => {
    const bad = host('a', {
      lastSeen: new Date(T0 - 30 * DAY).toISOString(),
      sensorVersion: '6.1.0',
      prevention: { id: 'p', applied: false },
      reducedFunctionality: true,
      ztaScore: 10,
      tags: [],
    });
    expect(evaluateHost(bad, T0, { ...S, requiredTags: ['x'] }).failed).toEqual([
      'seen',
      'sensor',
      'prevention',
      'rfm',
      'zta',
      'tags',
    ]);
  });
});

describe('compareVersions (properties)', () => {
  const part = fc.nat({ max: 2 ** 40 });
  const version = fc.array(part, { minLength: 1, maxLength: 6 });
  const text = (parts: number[]) => parts.join('.');

  it('agrees with a BigInt comparison of the parts, missing parts as 0', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const n = Math.max(a.length, b.length);
        let want = 0;
        for (let i = 0; i < n && want === 0; i++) {
          const x = BigInt(a[i] ?? 0);
          const y = BigInt(b[i] ?? 0);
          want = x < y ? -1 : x > y ? 1 : 0;
        }
        expect(compareVersions(text(a), text(b))).toBe(want);
      }),
    );
  });
  it('is antisymmetric and reflexive, and trailing .0 changes nothing', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const ab = compareVersions(text(a), text(b));
        const ba = compareVersions(text(b), text(a));
        expect(ab).toBe(ba === null ? null : ba === 0 ? 0 : -ba);
        expect(compareVersions(text(a), `${text(a)}.0`)).toBe(0);
      }),
    );
  });
  it('is transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        if (compareVersions(text(a), text(b))! <= 0 && compareVersions(text(b), text(c))! <= 0)
          expect(compareVersions(text(a), text(c))!).toBeLessThanOrEqual(0);
      }),
    );
  });
  it('handles huge build numbers and leading zeros without overflow', () => {
    expect(compareVersions('7.18.99999999999999999999', '7.18.99999999999999999998')).toBe(1);
    expect(compareVersions('7.018.0', '7.18')).toBe(0);
    expect(versionParts('7.18.18811|n-1|tagged')).toEqual(['7', '18', '18811', '1']);
  });
  it('any text (vendor strings) gives -1, 0, 1 or null and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect([-1, 0, 1, null]).toContain(compareVersions(a, b));
      }),
    );
    expect(compareVersions('beta', '7.1')).toBeNull();
  });
});

describe('the fleet-wide judgement agrees with the words of the detail (property)', () => {
  it('failed and unknown are exactly the rules whose explained verdict says so', () => {
    const version = fc.oneof(
      fc.constant(undefined),
      fc.array(fc.nat({ max: 20_000 }), { minLength: 1, maxLength: 4 }).map((p) => p.join('.')),
      fc.string(),
    );
    fc.assert(
      fc.property(
        fc.record({
          sensorVersion: version,
          target: version,
          seenDaysAgo: fc.option(fc.double({ min: -1, max: 40, noNaN: true }), { nil: undefined }),
          applied: fc.option(fc.boolean(), { nil: undefined }),
          rfm: fc.boolean(),
          zta: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
          tags: fc.array(fc.constantFrom('a', 'B', 'c')),
          minZta: fc.integer({ min: 0, max: 100 }),
          required: fc.array(fc.constantFrom('a', 'b')),
          allowRfm: fc.boolean(),
          requirePrevention: fc.boolean(),
        }),
        (x) => {
          const h = host('p', {
            sensorVersion: x.sensorVersion,
            sensorUpdate:
              x.target === undefined ? undefined : { id: 's', applied: true, targetVersion: x.target },
            lastSeen:
              x.seenDaysAgo === undefined ? undefined : new Date(T0 - x.seenDaysAgo * DAY).toISOString(),
            prevention: x.applied === undefined ? undefined : { id: 'p', applied: x.applied },
            reducedFunctionality: x.rfm,
            ztaScore: x.zta,
            tags: x.tags,
          });
          const s = {
            ...S,
            minZtaScore: x.minZta,
            requiredTags: x.required,
            allowReducedFunctionality: x.allowRfm,
            requirePreventionPolicy: x.requirePrevention,
          };
          const v = evaluateHost(h, T0, s);
          expect(v.failed).toEqual(v.results.filter((r) => r.verdict === 'fail').map((r) => r.rule));
          expect(v.unknown).toEqual(v.results.filter((r) => r.verdict === 'unknown').map((r) => r.rule));
        },
      ),
    );
  });
});
