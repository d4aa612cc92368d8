import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { subjectOf } from '../../../src/domain/kinds.js';
import type { Incident } from '../../../src/domain/model.js';
import { createConnectorPort } from '../../../src/host/connector.js';
import { PluginCallError } from '../../../src/host/errors.js';
import { type Capability, definePlugin, type Plugin, PluginError } from '../../../src/plugin-api/index.js';
import { incident, shift } from '../domain/records.js';

const ALL: Capability[] = [
  'incidents.read',
  'incidents.ack',
  'incidents.escalate',
  'incidents.resolve',
  'incidents.note',
  'oncall.read',
];

function pluginWith(capabilities: Capability[] = ALL): Plugin {
  return definePlugin({
    apiVersion: 1,
    id: 'fake',
    displayName: 'Fake Vendor',
    version: '1.0.0',
    capabilities,
    configSchema: z.object({}),
    setup: () => ({}) as never,
  }) as unknown as Plugin;
}

const ok = (message = 'done') => vi.fn(async (..._args: unknown[]) => ({ ok: true as const, message }));

function port(connector: Record<string, unknown>, capabilities: Capability[] = ALL, warn = vi.fn()) {
  const p = createConnectorPort('pd-eu', pluginWith(capabilities), connector as never, {
    warn,
    readTimeoutMs: 200,
    writeTimeoutMs: 200,
  });
  return { p, warn };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: PluginCallError) => e.code,
  );

describe('createConnectorPort shape', () => {
  it('exposes identity, capabilities and the streams its read capabilities feed', () => {
    const { p } = port({}, ['incidents.read', 'incidents.ack', 'oncall.read']);
    expect(p).toMatchObject({ instance: 'pd-eu', pluginId: 'fake', displayName: 'Fake Vendor' });
    expect(p.streams).toEqual(['incidents', 'oncall']);
  });
});

describe('fetch', () => {
  it('re-stamps every record with this instance as source, whatever the plugin said', async () => {
    const { p } = port({ listIncidents: async () => [incident('1', { source: 'someone-else' })] });
    const [record] = await p.fetch('incidents');
    expect(record).toMatchObject({ id: '1', source: 'pd-eu' });
  });

  it('sanitizes vendor strings before they reach the store', async () => {
    const evil = incident('1', {
      title: 'DB down\x1b[2J\x1b]52;c;ZXZpbA==\x07\nnow',
      assignees: ['Ana\u202E'],
    });
    const { p } = port({ listIncidents: async () => [evil] });
    const [record] = (await p.fetch('incidents')) as Incident[];
    expect(record!.title).toBe('DB down now');
    expect(record!.assignees).toEqual(['Ana']);
  });

  it('drops records that do not fit the model and warns with the first problem', async () => {
    const { p, warn } = port({
      listIncidents: async () => [incident('1'), { ...incident('2'), status: 'exploded' }, incident('3')],
    });
    const records = await p.fetch('incidents');
    expect((records as Incident[]).map((r) => r.id)).toEqual(['1', '3']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^pd-eu: dropped 1 of 3 incidents records .*\(\[1\]\.status: /);
  });

  it('fails with BAD_RESPONSE when every record is invalid', async () => {
    const { p, warn } = port({ listIncidents: async () => [{ nonsense: true }, null] });
    const err = (await p.fetch('incidents').catch((e: unknown) => e)) as PluginCallError;
    expect(err).toBeInstanceOf(PluginCallError);
    expect(err).toMatchObject({ code: 'BAD_RESPONSE', instance: 'pd-eu', operation: 'listIncidents' });
    expect(err.message).toContain('dropped 2 of 2');
    expect(warn).not.toHaveBeenCalled();
  });

  it('accepts an empty list without warning', async () => {
    const { p, warn } = port({ listIncidents: async () => [] });
    expect(await p.fetch('incidents')).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['an object', { data: [] }],
    ['undefined', undefined],
    ['a string', 'oops'],
  ])('fails with BAD_RESPONSE when the plugin returns %s instead of a list', async (_label, value) => {
    const { p } = port({ listIncidents: async () => value });
    await expect(p.fetch('incidents')).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: 'listIncidents() returned no list',
    });
  });

  it('validates on-call shifts with their own schema', async () => {
    const { p } = port({
      listOnCall: async () => [shift('u1', { start: null, end: null }), { ...shift('u2'), level: 0 }],
    });
    expect((await p.fetch('oncall')).map((r) => (r as { userId: string }).userId)).toEqual(['u1']);
  });

  it('refuses a stream the plugin did not declare without calling it', async () => {
    const listOnCall = vi.fn(async () => []);
    const { p } = port({ listIncidents: async () => [], listOnCall }, ['incidents.read']);
    await expect(p.fetch('oncall')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'pd-eu does not provide oncall',
    });
    expect(listOnCall).not.toHaveBeenCalled();
  });

  it('passes plugin error codes through and bounds a hanging read by the timeout', async () => {
    const auth = port({ listIncidents: async () => Promise.reject(new PluginError('AUTH', 'HTTP 401')) }).p;
    expect(await codeOf(auth.fetch('incidents'))).toBe('AUTH');
    const hang = port({ listIncidents: () => new Promise(() => {}) }).p;
    expect(await codeOf(hang.fetch('incidents'))).toBe('TIMEOUT');
  });

  it('calls the method with the connector as `this` and an abort signal', async () => {
    const connector = {
      records: [incident('1')],
      async listIncidents(this: { records: Incident[] }, signal: AbortSignal) {
        expect(signal).toBeInstanceOf(AbortSignal);
        return this.records;
      },
    };
    expect(await port(connector).p.fetch('incidents')).toHaveLength(1);
  });
});

describe('act', () => {
  const inc = incident('Q1', { key: '#4211' });
  const argsOf = (fn: ReturnType<typeof ok>) => fn.mock.calls[0]!.slice(0, -1);
  const signalOf = (fn: ReturnType<typeof ok>) => fn.mock.calls[0]!.at(-1);

  it('acknowledge(incident, signal)', async () => {
    const acknowledge = ok('Acknowledged #4211');
    expect(
      await port({ acknowledge }).p.act({ action: 'incidents.ack', subject: subjectOf(inc), values: {} }),
    ).toEqual({
      ok: true,
      message: 'Acknowledged #4211',
    });
    expect(argsOf(acknowledge)).toEqual([inc]);
    expect(signalOf(acknowledge)).toBeInstanceOf(AbortSignal);
  });

  it('escalate(incident, target, signal), defaulting the target to {}', async () => {
    const escalate = ok();
    const { p } = port({ escalate });
    await p.act({ action: 'incidents.escalate', subject: subjectOf(inc), values: { level: 3 } });
    await p.act({ action: 'incidents.escalate', subject: subjectOf(inc), values: {} });
    expect(escalate.mock.calls.map((c) => c.slice(0, -1))).toEqual([
      [inc, { level: 3 }],
      [inc, {}],
    ]);
  });

  it('resolve(incident, {note}, signal), with {} when there is no text', async () => {
    const resolve = ok();
    const { p } = port({ resolve });
    await p.act({
      action: 'incidents.resolve',
      subject: subjectOf(inc),
      values: { text: 'fixed by rollback' },
    });
    await p.act({ action: 'incidents.resolve', subject: subjectOf(inc), values: {} });
    expect(resolve.mock.calls.map((c) => c.slice(0, -1))).toEqual([
      [inc, { note: 'fixed by rollback' }],
      [inc, {}],
    ]);
  });

  it('addNote(incident, text, signal)', async () => {
    const addNote = ok();
    await port({ addNote }).p.act({
      action: 'incidents.note',
      subject: subjectOf(inc),
      values: { text: 'looking' },
    });
    expect(argsOf(addNote)).toEqual([inc, 'looking']);
  });

  it('refuses an undeclared capability with UNSUPPORTED and does not call the method', async () => {
    const escalate = ok();
    const { p } = port({ escalate }, ['incidents.read', 'incidents.ack']);
    await expect(
      p.act({ action: 'incidents.escalate', subject: subjectOf(inc), values: {} }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'pd-eu cannot incidents.escalate',
    });
    expect(escalate).not.toHaveBeenCalled();
  });

  it('fails with INTERNAL when a declared method is missing at run time', async () => {
    await expect(
      port({}).p.act({ action: 'incidents.ack', subject: subjectOf(inc), values: {} }),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'plugin fake has no acknowledge()',
    });
  });

  it('rejects a result that is not an ActionResult and sanitizes one that is', async () => {
    const garbage = port({ acknowledge: async () => ({ ok: 'yes' }) }).p;
    await expect(
      garbage.act({ action: 'incidents.ack', subject: subjectOf(inc), values: {} }),
    ).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    });
    const noisy = port({
      acknowledge: async () => ({ ok: true, message: 'Acked\x1b[31m #1\n', alreadyDone: true }),
    }).p;
    expect(await noisy.act({ action: 'incidents.ack', subject: subjectOf(inc), values: {} })).toEqual({
      ok: true,
      message: 'Acked #1',
      alreadyDone: true,
    });
  });
});

describe('health and dispose', () => {
  it('normalizes health results and sanitizes the detail', async () => {
    expect(await port({ health: async () => ({ ok: true, detail: 'token ok\x1b[2J' }) }).p.health()).toEqual({
      ok: true,
      detail: 'token ok',
    });
    expect(await port({ health: async () => undefined }).p.health()).toEqual({ ok: false, detail: '' });
  });

  it('disposes the connector once and swallows a failing dispose', async () => {
    const dispose = vi.fn(async () => {
      throw new Error('socket already closed');
    });
    await expect(port({ dispose }).p.dispose()).resolves.toBeUndefined();
    expect(dispose).toHaveBeenCalledTimes(1);
    await expect(port({}).p.dispose()).resolves.toBeUndefined();
  });
});

describe('describeActions (issue 9)', () => {
  const noteWords = (actions: readonly { id: string; wording: { question: string } }[]) =>
    actions.find((a) => a.id === 'incidents.note')?.wording.question;

  it('starts from the declarations and takes what the connector says at run time, sanitized', async () => {
    const { p } = port({
      describeActions: () => ({
        standard: {
          'incidents.note': { wording: { question: 'Add a journal entry\u001b[2J to {subject}?' } },
        },
      }),
    });
    expect(noteWords(p.actions)).toBe('Add a note to {subject}?');
    expect(noteWords(await p.describeActions())).toBe('Add a journal entry to {subject}?');
  });

  it('keeps the last good description when the connector answers garbage or throws, and says why', async () => {
    const broken = port({ describeActions: () => ({ custom: [{ id: 'other.x' }] }) });
    expect(noteWords(await broken.p.describeActions())).toBe('Add a note to {subject}?');
    expect(broken.warn).toHaveBeenCalledWith(
      expect.stringMatching(/describeActions\(\) was not used: actions\.custom/),
    );
    const throwing = port({
      describeActions: () => {
        throw new Error('instance asleep');
      },
    });
    expect(noteWords(await throwing.p.describeActions())).toBe('Add a note to {subject}?');
    expect(throwing.warn).toHaveBeenCalledWith(expect.stringMatching(/instance asleep/));
  });

  it('refuses an action on a record of another kind without calling the connector', async () => {
    const acknowledge = ok('no');
    const policy = {
      kind: 'escalation_policy',
      source: 'pd-eu',
      id: 'P1',
      name: 'EP',
      levels: [],
      numLoops: 0,
    };
    const subject = {
      kind: 'escalation_policy',
      ref: { source: 'pd-eu', id: 'P1' },
      label: 'EP',
      record: policy,
    };
    await expect(
      port({ acknowledge }).p.act({ action: 'incidents.ack', subject: subject as never, values: {} }),
    ).rejects.toMatchObject({ code: 'INVALID' });
    expect(acknowledge).not.toHaveBeenCalled();
  });
});
