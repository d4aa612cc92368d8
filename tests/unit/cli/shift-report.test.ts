/**
 * The shift handoff (`snapshot --text`, `--markdown` and the `shift` section of `--json`):
 * what changed comes from record times and the audit trail, every time says its clock,
 * `--fail-on` names what held, and vendor text cannot restyle the paste.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAudit } from '../../../src/cli/audit-read.js';
import { renderReportMarkdown, renderReportText } from '../../../src/cli/report-format.js';
import { buildSnapshot } from '../../../src/cli/snapshot.js';
import type { Incident, OnCallShift } from '../../../src/domain/model.js';
import { initialState } from '../../../src/store/state.js';
import {
  connector,
  fixtureState,
  from,
  INCIDENTS,
  NOW,
  SHIFTS,
  stream,
} from '../../helpers/fixture-store.js';
import { vendorText } from '../../helpers/hostile.js';
import { hostileWorld, type TextFor } from '../../helpers/hostile-world.js';

process.env.TZ = 'UTC';
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

const audit = (lines: object[]) => ({
  lines: parseAudit(lines.map((l) => JSON.stringify(l)).join('\n')),
  read: true,
  note: 'Audit trail read.',
});
const line = (over: object) => ({
  v: 2,
  id: 'x',
  phase: 'succeeded',
  at: iso(NOW - 10 * MIN),
  actor: 'ana',
  instance: 'pd-demo',
  action: 'incidents.escalate',
  target: '#4211',
  targetId: 'Q1',
  ...over,
});

describe('what changed in the window', () => {
  it('new and acknowledged from record times, on the vendor clock, within --since only', () => {
    const hour = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW, { sinceMs: HOUR }).shift;
    expect(hour.changes.new.map((c) => c.key)).toEqual(['#4215', '#4211', '#4212']);
    expect(hour.changes.new.every((c) => c.clock === 'vendor')).toBe(true);
    expect(hour.changes.acknowledged).toEqual([]);
    const shift = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW, { sinceMs: 8 * HOUR }).shift;
    expect(shift.changes.new.map((c) => c.key)).toEqual(['#4215', '#4211', '#4212', '#4208']);
    expect(shift.changes.acknowledged.map((c) => c.key)).toEqual(['#4208']);
  });

  it('escalations and resolutions come from the audit trail: succeeded writes in the window only', () => {
    const lines = [
      line({}),
      line({ action: 'incidents.resolve', target: '#4100', targetId: 'Q9', at: iso(NOW - 2 * HOUR) }),
      line({ phase: 'failed', target: '#4212', targetId: 'Q2' }),
      line({ phase: 'intent', target: '#4215', targetId: 'Q5' }),
      line({ target: '#4208', targetId: 'Q3', at: iso(NOW - 9 * HOUR) }),
    ];
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"torn":`;
    const shift = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW, {
      audit: { lines: parseAudit(text), read: true, note: 'read' },
    }).shift;
    expect(shift.changes.escalated).toEqual([
      expect.objectContaining({
        key: '#4211',
        title: 'API p99 latency above 2s on checkout',
        by: 'ana',
        clock: 'real',
      }),
    ]);
    // Resolved incidents have left the open list: the trail still knows them, by key.
    expect(shift.changes.resolved).toEqual([
      expect.objectContaining({ key: '#4100', title: '', clock: 'real' }),
    ]);
  });

  it('the audit window is on the real clock, record times on the vendor clock (the accelerated demo)', () => {
    // The demo world is 10 h ahead: records move with it, the trail stays on this machine's time.
    const shift = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW - 10 * HOUR, {
      sinceMs: HOUR,
      audit: audit([line({ at: iso(NOW - 10 * HOUR - 5 * MIN) })]),
      speed: 3600,
    }).shift;
    expect(shift.changes.new.length).toBe(3);
    expect(shift.changes.escalated.map((c) => c.key)).toEqual(['#4211']);
    expect(shift.vendorNow).toBe(iso(NOW));
    expect(shift.realNow).toBe(iso(NOW - 10 * HOUR));
  });

  it('an SLA that breached in the window is a change; one that breached earlier is not', () => {
    const shift = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW, { sinceMs: 8 * HOUR }).shift;
    for (const c of shift.changes.breached) {
      expect(Date.parse(c.at)).toBeGreaterThan(NOW - 8 * HOUR);
      expect(Date.parse(c.at)).toBeLessThanOrEqual(NOW);
    }
    expect(shift.breached.count).toBeGreaterThanOrEqual(shift.changes.breached.length);
    expect(shift.breachesNext.every((s) => s.remainingMs > 0 && !s.breached)).toBe(true);
    const remaining = shift.breachesNext.map((s) => s.remainingMs);
    expect(remaining).toEqual([...remaining].sort((a, b) => a - b));
  });
});

describe('on call now and next', () => {
  it('says who is on and until when, who is next when the source reports future shifts, and uncovered policies', () => {
    const next: OnCallShift = {
      ...SHIFTS[3]!,
      userId: 'eve',
      userName: 'Eve Next',
      start: iso(NOW + 90 * MIN),
      end: iso(NOW + 9 * HOUR),
    };
    const base = connector();
    const state = fixtureState({
      connectors: {
        'pd-demo': {
          ...base,
          streams: { ...base.streams, oncall: stream('oncall', from('pd-demo', [...SHIFTS, next])) },
        },
      },
    });
    const { oncall } = buildSnapshot(state, NOW, '0.1.0').shift;
    const payments = oncall.find((p) => p.policy === 'Payments EP')!;
    expect(payments.now).toEqual([{ level: 1, name: 'Cy Ops', until: iso(NOW + 90 * MIN) }]);
    expect(payments.next).toEqual([{ level: 1, name: 'Eve Next', from: iso(NOW + 90 * MIN) }]);
    expect(oncall.find((p) => p.policy === 'Checkout EP')!.next).toBeNull();
    expect(oncall.find((p) => p.policy === 'Data EP')).toMatchObject({ nobody: true, now: [] });
  });
});

describe('sources and --fail-on', () => {
  const staleState = () => {
    const base = connector();
    return fixtureState({
      connectors: {
        'pd-demo': {
          ...base,
          streams: {
            ...base.streams,
            incidents: stream('incidents', base.streams.incidents!.records, {
              fetchedAt: NOW - 150_000,
              status: 'backoff',
              failures: 3,
              error: 'GET /incidents failed (503).',
              errorCode: 'UNAVAILABLE',
            }),
          },
        },
      },
      refused: [{ instance: 'sn-prod', plugin: 'servicenow', reason: 'setup failed: no instance URL\nmore' }],
    });
  };

  it('lists stale, down and refused sources, and only then is not all fresh', () => {
    expect(buildSnapshot(fixtureState(), NOW, '0.1.0').shift).toMatchObject({ allFresh: true, sources: [] });
    const shift = buildSnapshot(staleState(), NOW, '0.1.0').shift;
    expect(shift.allFresh).toBe(false);
    expect(shift.sources).toEqual([
      {
        instance: 'sn-prod',
        plugin: 'servicenow',
        problem: 'refused',
        ageMs: null,
        error: 'setup failed: no instance URL',
      },
      {
        instance: 'pd-demo',
        plugin: 'pagerduty',
        stream: 'incidents',
        problem: 'stale',
        ageMs: 150_000,
        error: 'GET /incidents failed (503).',
      },
    ]);
  });

  it('each condition holds only when its facts do, with a reason naming them', () => {
    const all = ['breach', 'critical', 'stale'] as const;
    const fresh = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW, { failOn: all });
    expect(fresh.failOn.asked).toEqual(all);
    expect(fresh.failOn.held.map((h) => h.condition)).toEqual(['breach', 'critical']);
    expect(fresh.failOn.held.find((h) => h.condition === 'critical')!.reason).toBe(
      '1 P1 open (#4211); nobody on call for Data EP',
    );
    expect(buildSnapshot(staleState(), NOW, '0.1.0', NOW, { failOn: ['stale'] }).failOn.held).toEqual([
      { condition: 'stale', reason: '2 source(s) not current (sn-prod refused, pd-demo incidents stale)' },
    ]);
    // Not asked, not held.
    expect(buildSnapshot(staleState(), NOW, '0.1.0', NOW, { failOn: [] }).failOn.held).toEqual([]);
    // Nothing open and nothing uncovered: no critical, no breach.
    const base = connector();
    const quiet = fixtureState({
      connectors: {
        'pd-demo': {
          ...base,
          streams: {
            incidents: stream('incidents', []),
            oncall: stream('oncall', from('pd-demo', SHIFTS)),
            policies: stream('policies', []),
          },
        },
      },
    });
    expect(buildSnapshot(quiet, NOW, '0.1.0', NOW, { failOn: all }).failOn.held).toEqual([]);
  });
});

describe('clocks in --json', () => {
  it('one clock outside the demo: generatedAt and vendorNow agree', () => {
    const snap = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW);
    expect(snap).toMatchObject({ schemaVersion: 1, schemaMinor: 1, generatedAt: iso(NOW) });
    expect(snap.clock).toEqual({ vendor: 'real', vendorNow: iso(NOW), speed: 1 });
  });

  it('in the demo generatedAt is this machine’s time, like fetchedAt; the vendor clock is named', () => {
    const real = NOW - 5 * HOUR;
    const snap = buildSnapshot(fixtureState(), NOW, '0.1.0', real, { speed: 60 });
    expect(snap.generatedAt).toBe(iso(real));
    expect(snap.clock).toEqual({ vendor: 'simulated', vendorNow: iso(NOW), speed: 60 });
  });
});

const hostileTitle = '*URGENT* | db `rm -rf` [x](http://evil.example) @channel\n# heading <b>&amp;';

function hostileState() {
  const incidents: Incident[] = INCIDENTS.map((i) => (i.id === 'Q1' ? { ...i, title: hostileTitle } : i));
  const base = connector();
  return fixtureState({
    connectors: {
      'pd-demo': { ...base, streams: { ...base.streams, incidents: stream('incidents', incidents) } },
    },
  });
}

describe('the text and Markdown reports', () => {
  const meta = { version: '0.1.0', demo: false };

  it('text: every section, severity in words, times in UTC, no escape sequences', () => {
    const snap = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW, { sinceMs: HOUR });
    const text = renderReportText(snap.shift, meta);
    expect(text).toContain('Shift report 2026-11-23 03:12 UTC, covering the last 1h');
    expect(text).toContain('5 incidents open: 3 triggered (not acknowledged), 2 acknowledged');
    expect(text).toContain(
      'TRIGGERED P1 #4211 API p99 latency above 2s on checkout <https://example.pagerduty.com/incidents/Q1> (pd-demo, open 14m)',
    );
    // #4212's title carried a screen clear and an OSC 52 write: gone.
    expect(text).toMatch(/#4212 Disk full on db-7 now \(pd-demo/);
    expect(text).toMatch(/BREACHED/);
    expect(text).toContain('Data EP: NOBODY ON CALL (pages go nowhere)');
    expect(text).toContain('Checkout EP: L1 Ana Example until 2026-11-23 06:17 UTC;');
    expect(text).toContain('next: not reported by the source');
    expect(text).toContain('New: 3');
    expect(text).toContain('Every source answered recently');
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(text).toMatchSnapshot();
  });

  it('text in the demo says which clock record times are on', () => {
    const snap = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW - HOUR, { speed: 60 });
    const text = renderReportText(snap.shift, { ...meta, demo: true, speed: 60 });
    expect(text).toContain('Shift report 2026-11-23 02:12 UTC');
    expect(text).toContain('record times are on its simulated clock (60x), now 2026-11-23 03:12 UTC');
  });

  it('markdown: vendor text cannot add a line, a heading, a link or a mention', () => {
    const snap = buildSnapshot(hostileState(), NOW, '0.1.0', NOW, { sinceMs: HOUR });
    const md = renderReportMarkdown(snap.shift, meta);
    // Every line is one of ours: a title, a heading, a list item, or blank.
    for (const l of md.split('\n'))
      expect(l).toMatch(/^(\*\*Shift report .*\*\*|### [A-Z][\w -]*|\s*- .*|)$/);
    const escaped =
      '\\*URGENT\\* \\| db \\`rm -rf\\` \\[x\\](`http://evil.example)` \\@channel \\# heading \\<b\\>\\&amp;';
    expect(md).toContain(`[\\#4211](<https://example.pagerduty.com/incidents/Q1>) ${escaped}`);
    expect(md).not.toContain('\n# heading');
    expect(md).toContain('- **TRIGGERED** P1');
    expect(md).toContain('Data EP: **NOBODY ON CALL**');
  });

  it('markdown of the plain fixture', () => {
    const snap = buildSnapshot(fixtureState(), NOW, '0.1.0', NOW, { sinceMs: HOUR });
    expect(renderReportMarkdown(snap.shift, meta)).toMatchSnapshot();
  });
});

describe('a whole hostile world (both vendors, every text field)', () => {
  it('text has no control or escape sequence; Markdown lines are only ours; --json round-trips', () => {
    fc.assert(
      fc.property(fc.array(vendorText, { minLength: 1, maxLength: 5 }), fc.boolean(), (texts, sanitized) => {
        const t: TextFor = (slot) => `${texts[slot.length % texts.length]}`;
        const state = initialState(hostileWorld(t, sanitized));
        const snap = buildSnapshot(state, NOW, '0.1.0', NOW, { failOn: ['breach', 'critical', 'stale'] });
        const meta = { version: '0.1.0', demo: false };
        const text = renderReportText(snap.shift, meta);
        expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]/);
        const md = renderReportMarkdown(snap.shift, meta);
        expect(md).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]/);
        for (const l of md.split('\n'))
          expect(l).toMatch(/^(\*\*Shift report .*\*\*|### [A-Z][\w -]*|\s*- .*|)$/);
        expect(JSON.parse(JSON.stringify(snap.shift))).toEqual(snap.shift);
        for (const h of snap.failOn.held) expect(h.reason).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
      }),
      { numRuns: 60 },
    );
  });
});
