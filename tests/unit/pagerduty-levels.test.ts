/**
 * plugins/pagerduty/levels.ts: the level an incident is at, from who was on call at each level
 * when it was assigned. Whatever the policy looks like, the answer is right or says it is
 * ambiguous; it is never a wrong level.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignmentWindow,
  enteredAtLevelOne,
  type OnCallSpan,
  readLevel,
} from '../../plugins/pagerduty/levels.js';
import { pdIncidentSchema } from '../../plugins/pagerduty/schema.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2030-03-04T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function incident(assignments: { user: string; at: number }[], extra: Record<string, unknown> = {}) {
  return pdIncidentSchema.parse({
    id: 'Q1',
    created_at: iso(T0),
    status: 'triggered',
    assigned_via: 'escalation_policy',
    escalation_policy: { id: 'EP', type: 'escalation_policy_reference' },
    assignments: assignments.map((a) => ({
      at: iso(a.at),
      assignee: { id: a.user, type: 'user_reference', summary: a.user },
    })),
    ...extra,
  });
}
const span = (level: number, userId: string, start: number | null, end: number | null, policyId = 'EP') =>
  ({ policyId, level, userId, start, end }) satisfies OnCallSpan;

describe('readLevel', () => {
  it('matches the assignee against who was on call when assigned, not now', () => {
    // Ana was primary until 08:00 and is secondary since; the incident was assigned at 07:50.
    const spans = [
      span(1, 'ana', T0 - 24 * HOUR, T0),
      span(2, 'ana', T0, T0 + 24 * HOUR),
      span(1, 'bo', T0, T0 + 24 * HOUR),
    ];
    expect(readLevel(incident([{ user: 'ana', at: T0 - 10 * 60_000 }]), spans)).toEqual({
      kind: 'known',
      level: 1,
    });
  });

  it('is ambiguous, naming who, when the assignee held several levels at that moment', () => {
    const spans = [
      span(1, 'jo', T0, T0 + 168 * HOUR),
      span(2, 'jo', T0, T0 + 168 * HOUR),
      span(3, 'pri', T0, null),
    ];
    expect(readLevel(incident([{ user: 'jo', at: T0 + HOUR }]), spans)).toEqual({
      kind: 'ambiguous',
      levels: [1, 2],
      who: ['jo'],
    });
  });

  it('intersects the levels of everyone assigned in one step', () => {
    const spans = [span(2, 'lead', null, null), span(3, 'lead', null, null), span(2, 'sec', T0, T0 + HOUR)];
    const two = incident([
      { user: 'lead', at: T0 + 60_000 },
      { user: 'sec', at: T0 + 60_000 },
    ]);
    expect(readLevel(two, spans)).toEqual({ kind: 'known', level: 2 });
  });

  it('trusts an escalation_level PagerDuty sends, and knows nothing of direct or resolved incidents', () => {
    expect(readLevel(incident([], { escalation_level: 3 }), [])).toEqual({ kind: 'known', level: 3 });
    const spans = [span(1, 'ana', null, null)];
    expect(
      readLevel(incident([{ user: 'ana', at: T0 }], { assigned_via: 'direct_assignment' }), spans).kind,
    ).toBe('unknown');
    expect(readLevel(incident([], { status: 'resolved' }), spans).kind).toBe('unknown');
    expect(readLevel(incident([{ user: 'zed', at: T0 }]), spans)).toMatchObject({
      kind: 'unknown',
      why: expect.stringMatching(/not on call at any level/),
    });
    // Spans of another policy do not count.
    expect(readLevel(incident([{ user: 'ana', at: T0 }]), [span(1, 'ana', null, null, 'OTHER')]).kind).toBe(
      'unknown',
    );
  });

  it('property: never a wrong level — right, or ambiguous including the true one', () => {
    fc.assert(
      fc.property(
        // levels × turns: who is on call at each level in each of 6 one-hour turns, from 4 people.
        fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 6, maxLength: 6 }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat({ max: 4 }),
        fc.nat({ max: 5 }),
        fc.integer({ min: 0, max: HOUR - 1 }),
        (table, levelPick, turn, into) => {
          const level = (levelPick % table.length) + 1;
          const spans = table.flatMap((turns, l) =>
            turns.map((user, k) => span(l + 1, user, T0 + k * HOUR, T0 + (k + 1) * HOUR)),
          );
          const at = Math.floor((T0 + turn * HOUR + into) / 1000) * 1000;
          const reading = readLevel(incident([{ user: table[level - 1]![turn]!, at }]), spans);
          if (reading.kind === 'known') return reading.level === level;
          if (reading.kind === 'ambiguous')
            return reading.levels.includes(level) && reading.levels.length > 1;
          return false;
        },
      ),
    );
  });
});

describe('enteredAtLevelOne (the log settles a tie that includes level 1)', () => {
  const at = T0 + 5 * 60_000;
  const raw = incident([{ user: 'jo', at }]);
  const entry = (type: string, ms: number) => ({ id: `${type}-${ms}`, type, created_at: iso(ms) });

  it('true when the current assignment came from a trigger, a policy change or a repeat of the path', () => {
    expect(enteredAtLevelOne(raw, [entry('trigger_log_entry', at), entry('assign_log_entry', at)])).toBe(
      true,
    );
    expect(enteredAtLevelOne(raw, [entry('escalate_log_entry', T0), entry('assign_log_entry', at)])).toBe(
      true,
    );
    expect(
      enteredAtLevelOne(raw, [
        entry('repeat_escalation_path_log_entry', at),
        entry('escalate_log_entry', at),
      ]),
    ).toBe(true);
  });

  it('false when the newest routing step is an escalation, or the log does not match the assignment', () => {
    expect(enteredAtLevelOne(raw, [entry('trigger_log_entry', T0), entry('escalate_log_entry', at)])).toBe(
      false,
    );
    // PagerDuty may log an assign beside the escalate: still an escalation.
    expect(enteredAtLevelOne(raw, [entry('assign_log_entry', at), entry('escalate_log_entry', at)])).toBe(
      false,
    );
    expect(enteredAtLevelOne(raw, [entry('trigger_log_entry', at - HOUR)])).toBe(false);
    expect(enteredAtLevelOne(raw, [entry('acknowledge_log_entry', at)])).toBe(false);
    expect(enteredAtLevelOne(raw, [])).toBe(false);
  });

  it('reads entries in any order (newest first, as PagerDuty lists them, or not)', () => {
    const entries = [entry('escalate_log_entry', at), entry('trigger_log_entry', T0)];
    expect(enteredAtLevelOne(raw, entries)).toBe(enteredAtLevelOne(raw, [...entries].reverse()));
  });
});

describe('assignmentWindow', () => {
  it('covers every assignment, one second past the last, and reaches back no further than the lookback', () => {
    const a = incident([{ user: 'x', at: T0 - 10 * HOUR }]);
    const b = incident([{ user: 'y', at: T0 }]);
    expect(assignmentWindow([a, b], T0 + HOUR, 24 * HOUR)).toEqual({
      since: T0 - 10 * HOUR,
      until: T0 + 1000,
    });
    expect(assignmentWindow([a, b], T0 + HOUR, 2 * HOUR)).toEqual({ since: T0 - HOUR, until: T0 + 1000 });
    expect(assignmentWindow([a], T0 + HOUR, 2 * HOUR)).toBeUndefined();
    expect(assignmentWindow([], T0, HOUR)).toBeUndefined();
  });

  it('is not cut at this machine’s now: its clock may run behind PagerDuty’s', () => {
    const ahead = incident([{ user: 'y', at: T0 + 5 * 60_000 }]);
    expect(assignmentWindow([ahead], T0, HOUR)).toEqual({
      since: T0 + 5 * 60_000,
      until: T0 + 5 * 60_000 + 1000,
    });
  });
});
