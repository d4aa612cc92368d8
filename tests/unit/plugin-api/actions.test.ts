/** The action table and what plugins may declare about actions (issue 9). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ACTION_SPECS,
  type ActionCapability,
  actionArgs,
  actionDeclarationProblem,
  auditedValues,
  definePlugin,
  type PluginActions,
  requiredMethods,
  resolveActions,
  streamOfKind,
} from '../../../src/plugin-api/index.js';
import { incident } from '../domain/records.js';

const resolve = (caps: string[], declared?: PluginActions, refined?: PluginActions) =>
  resolveActions(caps, declared, refined, streamOfKind);
const one = (caps: string[], declared?: PluginActions, refined?: PluginActions) =>
  resolve(caps, declared, refined)[0]!;

const snooze = {
  id: 'acme.snooze',
  kind: 'incident',
  method: 'snooze',
  key: 'z',
  danger: 'typed',
  wording: {
    title: 'Snooze…',
    short: 'Snooze…',
    verb: 'snooze',
    ability: 'snooze',
    noun: 'snooze',
    progress: 'Snoozing',
    question: 'Snooze {subject}?',
    lines: [],
    confirmLabel: 'Snooze',
    again: 'Snooze again',
  },
} as const;

describe('the standard action table', () => {
  it('describes every write capability once, each with a method, a command and words', () => {
    for (const [cap, spec] of Object.entries(ACTION_SPECS)) {
      expect(spec.method, cap).toMatch(/^[a-z]\w+$/);
      // The command is named after the record kind it acts on, and refreshes that kind's stream.
      expect(['incident', 'host', 'monitor'], cap).toContain(spec.kind);
      expect(spec.command, cap).toMatch(new RegExp(`^${spec.kind}\\.[a-z]+$`));
      expect(spec.refresh, cap).toContain(streamOfKind(spec.kind));
      for (const word of Object.values(spec.wording)) expect(word, cap).toBeDefined();
    }
    const commands = Object.values(ACTION_SPECS).map((s) => s.command);
    expect(new Set(commands).size).toBe(commands.length);
  });

  it('builds each connector call from the record and the entered values', () => {
    const inc = incident('Q1');
    const args = (cap: ActionCapability, values = {}) => actionArgs(one([cap]), inc, values);
    expect(args('incidents.ack')).toEqual([inc]);
    expect(args('incidents.escalate')).toEqual([inc, {}]);
    expect(args('incidents.escalate', { level: 3, fromLevel: 2 })).toEqual([inc, { level: 3, fromLevel: 2 }]);
    expect(args('incidents.resolve')).toEqual([inc, {}]);
    expect(args('incidents.resolve', { text: 'rolled back' })).toEqual([inc, { note: 'rolled back' }]);
    expect(args('incidents.note', { text: 'looking' })).toEqual([inc, 'looking']);
    expect(args('incidents.assign')).toEqual([inc]);
    expect(args('incidents.state', { state: 'on_hold', holdReason: 'Awaiting Caller' })).toEqual([
      inc,
      { state: 'on_hold', holdReason: 'Awaiting Caller' },
    ]);
    expect(args('incidents.state', { state: 'resolved', closeCode: 'Duplicate', closeNotes: 'x' })).toEqual([
      inc,
      { state: 'resolved', closeCode: 'Duplicate', closeNotes: 'x' },
    ]);
  });

  it("audits the format-2 fields of standard actions and the values of a plugin's own", () => {
    expect(auditedValues(one(['incidents.escalate']), { level: 2, fromLevel: 1 })).toEqual({ level: 2 });
    expect(auditedValues(one(['incidents.note']), { text: 'x' })).toEqual({ text: 'x' });
    expect(auditedValues(one(['incidents.ack']), {})).toEqual({});
    expect(auditedValues({ id: 'acme.snooze', custom: true }, { length: '1h' })).toEqual({
      values: { length: '1h' },
    });
    expect(auditedValues({ id: 'acme.snooze', custom: true }, {})).toEqual({});
  });
});

describe('resolving declarations', () => {
  it('gives a connector the standard actions of its capabilities, in table order, reads excluded', () => {
    expect(resolve(['incidents.read', 'incidents.note', 'incidents.ack']).map((a) => a.id)).toEqual([
      'incidents.ack',
      'incidents.note',
    ]);
  });

  it('fills an empty chooser from the choices, relabels and picks a full one, and falls back to text', () => {
    const state = one(['incidents.state'], {
      standard: {
        'incidents.state': {
          choices: {
            state: [
              { value: 'on_hold', label: 'Parked…' },
              { value: 'in_progress', label: 'Working' },
            ],
            holdReason: [{ value: 'Awaiting Parts', label: 'Awaiting Parts' }],
          },
        },
      },
    });
    const step = state.input[0]!;
    if (step.kind !== 'choice') throw new Error('expected a chooser');
    expect(step.options.map((o) => [o.value, o.label])).toEqual([
      ['on_hold', 'Parked…'],
      ['in_progress', 'Working'],
    ]);
    expect(step.options[0]!.next?.[0]).toMatchObject({ kind: 'choice', field: 'holdReason' });
    expect(step.options[0]!.next?.[0]).toMatchObject({ options: [{ value: 'Awaiting Parts' }] });
    // No close codes declared: the resolved branch is gone (not picked); with no choices at all,
    // a chooser asks for the value as text rather than leaving the action stuck.
    const bare = one(['incidents.state']).input[0]!;
    if (bare.kind !== 'choice') throw new Error('expected a chooser');
    expect(bare.options.find((o) => o.value === 'on_hold')?.next?.[0]).toMatchObject({
      kind: 'text',
      field: 'holdReason',
      required: expect.any(String),
    });
  });

  it('lets a plugin turn the escalation planner off and say in its words what happens', () => {
    const std = one(['incidents.escalate']);
    expect(std.plan).toBe('escalation-level');
    const own = one(['incidents.escalate'], {
      standard: { 'incidents.escalate': { plan: null, wording: { lines: ['Sets impact = 1.'] } } },
    });
    expect(own.plan).toBeUndefined();
    expect(own.wording.lines).toEqual(['Sets impact = 1.']);
    expect(own.wording.verb).toBe('escalate');
  });

  it("adds a plugin's own actions, refreshing their kind's stream, and lets the connector refine them", () => {
    const declared: PluginActions = { custom: [snooze] };
    const [custom] = resolve(['incidents.read'], declared);
    expect(custom).toMatchObject({
      id: 'acme.snooze',
      custom: true,
      command: 'acme.snooze',
      refresh: ['incidents'],
    });
    const refined = resolve(['incidents.read'], declared, {
      custom: [{ ...snooze, key: 'q', method: 'other', wording: { ...snooze.wording, lines: ['Later.'] } }],
    })[0]!;
    // Words may change at run time; what it is bound to and calls may not.
    expect(refined.wording.lines).toEqual(['Later.']);
    expect(refined).toMatchObject({ key: 'z', method: 'snooze' });
  });
});

describe('checking declarations', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'an id outside its namespace',
      { custom: [{ ...snooze, id: 'other.snooze' }] },
      /must start with the plugin id \("acme\."\)/,
    ],
    ['an id twice', { custom: [snooze, snooze] }, /declared twice/],
    ['an unknown standard action', { standard: { 'incidents.snooze': {} } }, /not a standard action/],
    ['an unknown record kind', { custom: [{ ...snooze, kind: 'ticket' }] }, /actions\.custom\.0\.kind/],
    ['an unknown danger', { custom: [{ ...snooze, danger: 'maybe' }] }, /actions\.custom\.0\.danger/],
    [
      'an empty word',
      { standard: { 'incidents.note': { wording: { verb: '' } } } },
      /actions\.standard\.incidents\.note\.wording\.verb: must not be empty/,
    ],
    [
      'a field that is no name',
      { custom: [{ ...snooze, input: [{ kind: 'choice', field: 'a b', title: 't', options: [] }] }] },
      /input\.0\.field: expected a field name/,
    ],
    [
      'a typo of a key (never silently ignored)',
      { custom: [{ ...snooze, wordng: {} }] },
      /actions\.custom\.0\.wordng: unknown key/,
    ],
    [
      'something that is no object',
      { standard: { 'incidents.note': 'work note' } },
      /actions\.standard\.incidents\.note: expected an object/,
    ],
    [
      'an option without a label',
      { standard: { 'incidents.state': { choices: { holdReason: [{ value: 'x' }] } } } },
      /holdReason\.0\.label: expected a string/,
    ],
    [
      'a step of no known kind',
      { custom: [{ ...snooze, input: [{ kind: 'date', field: 'until' }] }] },
      /input\.0\.kind: expected "choice" or "text"/,
    ],
  ];
  it.each(cases)('refuses %s', (_what, actions, why) => {
    expect(actionDeclarationProblem('acme', actions)).toMatch(why);
  });

  it('accepts no declarations and good ones', () => {
    expect(actionDeclarationProblem('acme', undefined)).toBeNull();
    expect(actionDeclarationProblem('acme', { custom: [snooze] })).toBeNull();
  });

  it('definePlugin refuses bad declarations up front, naming the plugin', () => {
    const def = {
      apiVersion: 1 as const,
      id: 'acme',
      displayName: 'Acme',
      version: '1',
      capabilities: ['incidents.read' as const],
      configSchema: z.object({}),
      setup: () => ({ listIncidents: async () => [], health: async () => ({ ok: true, detail: '' }) }),
    };
    expect(() => definePlugin({ ...def, actions: { custom: [{ ...snooze, id: 'x.snooze' }] } })).toThrow(
      /definePlugin\(acme\): actions\.custom\.0\.id/,
    );
  });

  it("requires the methods of a plugin's own actions", () => {
    expect(requiredMethods(['incidents.read'], { custom: [snooze] })).toEqual([
      'health',
      'listIncidents',
      'snooze',
    ]);
  });
});
