import { describe, expect, it } from 'vitest';
import { deriveOnCall } from '../../../../src/domain/panels/oncall.js';
import { at, incident, MIN, policy, shift, T0 } from '../records.js';

const people = (view: ReturnType<typeof deriveOnCall>, key: string) =>
  view.policies.find((p) => p.key === key)?.levels.flatMap((l) => l.people.map((p) => p.userId));

describe('deriveOnCall: which shifts count as now', () => {
  it('keeps current shifts and drops future and ended ones', () => {
    const view = deriveOnCall(
      [
        shift('now'),
        shift('later', { start: at(10), end: at(120) }),
        shift('gone', { start: at(-120), end: at(-1) }),
        shift('ends-now', { start: at(-60), end: at(0) }),
        shift('starts-now', { start: at(0), end: at(60) }),
      ],
      [],
      [],
      T0,
    );
    expect(people(view, 'pd:P-WEB')).toEqual(['now', 'starts-now']);
  });

  it('reports when the shift ends and how long is left', () => {
    const view = deriveOnCall(
      [shift('u1', { end: at(45), userEmail: 'u1@example.com', scheduleName: 'Primary' })],
      [],
      [],
      T0,
    );
    expect(view.policies[0]!.levels[0]!.people[0]).toEqual({
      userId: 'u1',
      name: 'User u1',
      email: 'u1@example.com',
      scheduleName: 'Primary',
      endsAt: at(45),
      endsInMs: 45 * MIN,
    });
  });

  it('treats null start and end as a permanent on-call with no end time', () => {
    const view = deriveOnCall([shift('perm', { start: null, end: null })], [], [], T0);
    const person = view.policies[0]!.levels[0]!.people[0]!;
    expect(person).toMatchObject({ userId: 'perm', endsAt: null, endsInMs: null });
    expect(view.policies[0]!.nobody).toBe(false);
  });

  it('lists one person once per level even when two schedules put them there', () => {
    const view = deriveOnCall(
      [shift('dup', { scheduleName: 'A' }), shift('dup', { scheduleName: 'B' }), shift('dup', { level: 2 })],
      [],
      [],
      T0,
    );
    const levels = view.policies[0]!.levels;
    expect(levels.map((l) => [l.level, l.people.length])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('sorts levels ascending whatever order shifts arrive in', () => {
    const view = deriveOnCall(
      [shift('c', { level: 3 }), shift('a', { level: 1 }), shift('b', { level: 2 })],
      [],
      [],
      T0,
    );
    expect(view.policies[0]!.levels.map((l) => l.level)).toEqual([1, 2, 3]);
  });
});

describe('deriveOnCall: coverage', () => {
  it('lists known policies with nobody on call first and names them as uncovered', () => {
    const view = deriveOnCall(
      [
        shift('u1', { policyId: 'P-WEB', policyName: 'Web' }),
        shift('gone', { policyId: 'P-DB', policyName: 'Database', end: at(-5) }),
      ],
      [policy('P-WEB', 'Web'), policy('P-DB', 'Database'), policy('P-AUTH', 'Auth')],
      [],
      T0,
    );
    expect(view.policies.map((p) => [p.policyName, p.nobody])).toEqual([
      ['Auth', true],
      ['Database', true],
      ['Web', false],
    ]);
    expect(view.uncovered).toEqual(['Auth', 'Database']);
  });

  it('keeps policies of different sources apart even with the same id', () => {
    const view = deriveOnCall([shift('u1', { source: 'pd-eu' })], [policy('P-WEB', 'Web')], [], T0);
    expect(view.policies.map((p) => [p.key, p.nobody])).toEqual([
      ['pd:P-WEB', true],
      ['pd-eu:P-WEB', false],
    ]);
  });

  it('counts open incidents routed through each policy and ranks busier covered policies first', () => {
    const view = deriveOnCall(
      [
        shift('a', { policyId: 'P-A', policyName: 'Alpha' }),
        shift('b', { policyId: 'P-B', policyName: 'Beta' }),
      ],
      [],
      [
        incident('1', { escalationPolicyId: 'P-B' }),
        incident('2', { escalationPolicyId: 'P-B', status: 'acknowledged' }),
        incident('3', { escalationPolicyId: 'P-B', status: 'resolved' }),
        incident('4', { escalationPolicyId: 'P-A', source: 'other' }),
        incident('5'),
      ],
      T0,
    );
    expect(view.policies.map((p) => [p.policyName, p.openIncidents])).toEqual([
      ['Beta', 2],
      ['Alpha', 0],
    ]);
  });
});

describe('deriveOnCall: filter', () => {
  const shifts = [
    shift('a', { policyId: 'P-A', policyName: 'Alpha' }),
    shift('b', { policyId: 'P-B', policyName: 'Beta' }),
    shift('c', { policyId: 'P-C', policyName: 'Gamma' }),
  ];

  it('keeps policies named by id or by name', () => {
    const view = deriveOnCall(shifts, [], [], T0, ['P-A', 'Gamma']);
    expect(view.policies.map((p) => p.policyName)).toEqual(['Alpha', 'Gamma']);
  });

  it('shows everything with an empty filter', () => {
    expect(deriveOnCall(shifts, [], [], T0, []).policies).toHaveLength(3);
  });

  it('reports only filtered policies as uncovered', () => {
    const view = deriveOnCall([], [policy('P-A', 'Alpha'), policy('P-B', 'Beta')], [], T0, ['Beta']);
    expect(view.uncovered).toEqual(['Beta']);
  });
});
