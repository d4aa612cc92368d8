import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { subjectOf } from '../../../src/domain/kinds.js';
import type { ActionResult, DomainRecord } from '../../../src/domain/model.js';
import type { AuditEntry } from '../../../src/store/audit.js';
import {
  type CockpitStore,
  createCockpitStore,
  type SchedulerOptions,
} from '../../../src/store/scheduler.js';
import { incident } from '../domain/records.js';
import { deferred, type FakePort, failure, fakePort } from './fake-port.js';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const INC = incident('Q1', { key: '#4211' });
let store: CockpitStore | undefined;
let audit: AuditEntry[];
let ids = 0;

function make(port: FakePort, over: Partial<SchedulerOptions> = {}): CockpitStore {
  store = createCockpitStore({
    ports: [port],
    clock: { now: () => Date.now() },
    random: () => 0.5,
    actor: 'ana',
    newId: () => `w${++ids}`,
    audit: (e) => {
      audit.push(e);
    },
    ...over,
  });
  return store;
}

const pdPort = (over: Parameters<typeof fakePort>[1] = {}) =>
  fakePort('pd', {
    capabilities: ['incidents.read', 'incidents.ack', 'incidents.escalate', 'incidents.note', 'oncall.read'],
    streams: ['incidents', 'oncall'],
    ...over,
  });

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  audit = [];
  ids = 0;
});
afterEach(async () => {
  await store?.stop();
  store = undefined;
  vi.useRealTimers();
});

describe('runAction refusals', () => {
  it('refuses every write in read-only mode without calling the connector', async () => {
    const port = pdPort();
    const s = make(port, { state: { readOnly: true } });
    const outcome = await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/read-only/i);
    expect(port.act).not.toHaveBeenCalled();
    expect(s.getState().toasts.at(-1)).toMatchObject({ level: 'error', text: outcome.message });
    // A refusal is one `failed` line with no intent: nothing was attempted.
    expect(audit).toEqual([
      expect.objectContaining({
        phase: 'failed',
        refused: true,
        action: 'incidents.ack',
        message: outcome.message,
      }),
    ]);
  });

  it('refuses every write on the wall, in the store, whatever the UI sends', async () => {
    const port = pdPort();
    // readOnly false on purpose: the wall alone must be enough to keep writes from the vendor.
    const s = make(port, { state: { wall: true, readOnly: false } });
    for (const action of ['incidents.ack', 'incidents.escalate', 'incidents.note'] as const) {
      const outcome = await s.runAction({ action, subject: subjectOf(INC), values: { level: 2, text: 'x' } });
      expect(outcome.ok).toBe(false);
      expect(outcome.message).toMatch(/^Wall view: .* is refused; the wall only shows\. Open the cockpit/);
      expect(outcome.message).toContain('#4211');
    }
    expect(port.act).not.toHaveBeenCalled();
    expect(audit.map((e) => [e.phase, e.refused])).toEqual([
      ['failed', true],
      ['failed', true],
      ['failed', true],
    ]);
    expect(s.getState().pending).toEqual({});
  });

  it('refuses a capability the source connector does not declare', async () => {
    const port = fakePort('pd', { capabilities: ['incidents.read'] });
    const s = make(port);
    const outcome = await s.runAction({
      action: 'incidents.escalate',
      subject: subjectOf(INC),
      values: { level: 2 },
    });
    expect(outcome).toEqual({
      ok: false,
      message: 'pd cannot escalate (connector lacks incidents.escalate).',
    });
    expect(port.act).not.toHaveBeenCalled();
  });

  it('refuses an incident from a source that is not running', async () => {
    const port = pdPort();
    const s = make(port);
    const outcome = await s.runAction({
      action: 'incidents.ack',
      subject: subjectOf({ ...INC, source: 'gone' }),
    });
    expect(outcome.ok).toBe(false);
    expect(port.act).not.toHaveBeenCalled();
  });

  it('refuses a second write on the same record while the first is pending', async () => {
    const gate = deferred<ActionResult>();
    const port = pdPort({ act: () => gate.promise });
    const s = make(port);
    const first = s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    expect(s.getState().pending).toEqual({
      'pd:Q1': expect.objectContaining({ action: 'incidents.ack', label: 'Acknowledging #4211' }),
    });
    const second = await s.runAction({ action: 'incidents.escalate', subject: subjectOf(INC), values: {} });
    expect(second).toEqual({ ok: false, message: '#4211 already has an action in progress.' });
    expect(port.act).toHaveBeenCalledTimes(1);
    gate.resolve({ ok: true, message: 'Acknowledged #4211' });
    expect(await first).toEqual({ ok: true, message: 'Acknowledged #4211' });
    expect(s.getState().pending).toEqual({});
  });

  it('lets writes on different records run side by side', async () => {
    const gate = deferred<ActionResult>();
    const port = pdPort({ act: () => gate.promise });
    const s = make(port);
    const a = s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    const b = s.runAction({ action: 'incidents.ack', subject: subjectOf(incident('Q2')), values: {} });
    expect(Object.keys(s.getState().pending).sort()).toEqual(['pd:Q1', 'pd:Q2']);
    gate.resolve({ ok: true, message: 'ok' });
    expect((await a).ok && (await b).ok).toBe(true);
  });
});

describe('runAction success', () => {
  it('toasts, writes an audit entry and re-polls incidents (not on-call) after an ack', async () => {
    const port = pdPort({ act: async () => ({ ok: true, message: 'Acknowledged #4211' }) });
    const s = make(port);
    const outcome = await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    expect(outcome).toEqual({ ok: true, message: 'Acknowledged #4211' });
    expect(port.act).toHaveBeenCalledWith(
      { action: 'incidents.ack', subject: subjectOf(INC), values: {} },
      expect.any(AbortSignal),
    );
    expect(s.getState().toasts).toEqual([
      expect.objectContaining({ level: 'success', text: 'Acknowledged #4211', at: NOW }),
    ]);
    const who = {
      v: 2,
      id: 'w1',
      actor: 'ana',
      instance: 'pd',
      action: 'incidents.ack',
      target: '#4211',
      targetId: 'Q1',
    };
    expect(audit).toEqual([
      { ...who, phase: 'intent', at: '2025-03-01T12:00:00.000Z' },
      { ...who, phase: 'succeeded', at: '2025-03-01T12:00:00.000Z', message: 'Acknowledged #4211', ms: 0 },
    ]);
    expect(port.calls('incidents')).toBe(1);
    expect(port.calls('oncall')).toBe(0);
  });

  it('re-polls incidents and on-call after an escalation and audits the level', async () => {
    const port = pdPort();
    const s = make(port);
    await s.runAction({ action: 'incidents.escalate', subject: subjectOf(INC), values: { level: 2 } });
    expect(port.act).toHaveBeenCalledWith(
      {
        action: 'incidents.escalate',
        subject: subjectOf(INC),
        values: { level: 2 },
      },
      expect.any(AbortSignal),
    );
    expect(port.calls('incidents')).toBe(1);
    expect(port.calls('oncall')).toBe(1);
    expect(audit).toEqual([
      expect.objectContaining({ phase: 'intent', id: 'w1', action: 'incidents.escalate', level: 2 }),
      expect.objectContaining({ phase: 'succeeded', id: 'w1', action: 'incidents.escalate' }),
    ]);
  });

  it('passes note text to the connector and into the audit entry', async () => {
    const port = pdPort();
    const s = make(port);
    await s.runAction({
      action: 'incidents.note',
      subject: subjectOf(INC),
      values: { text: 'rolled back deploy' },
    });
    expect(port.act).toHaveBeenCalledWith(
      {
        action: 'incidents.note',
        subject: subjectOf(INC),
        values: { text: 'rolled back deploy' },
      },
      expect.any(AbortSignal),
    );
    expect(audit[0]).toMatchObject({ phase: 'intent', text: 'rolled back deploy' });
  });

  it('records "unknown" as actor when none is configured', async () => {
    const s = make(pdPort(), { actor: undefined });
    await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    expect(audit[0]!.actor).toBe('unknown');
  });

  // Regression (fixed): the post-write re-poll used to call poll(), which returned the
  // in-flight poll when one is running. That poll started before the write, so the screen keeps showing
  // the pre-write state (still "triggered" after a successful ack) until the next interval.
  it('scheduler-repoll-after-write: re-polls after a write even when a poll was already in flight', async () => {
    const gates: ReturnType<typeof deferred<DomainRecord[]>>[] = [];
    const port = pdPort({
      fetch: async (stream, signal) => {
        if (stream !== 'incidents') return [];
        const gate = deferred<DomainRecord[]>();
        gates.push(gate);
        signal?.addEventListener('abort', () => gate.reject(new Error('aborted')));
        return gate.promise;
      },
    });
    const s = make(port, { intervals: { pd: { incidents: 60_000, oncall: 60_000 } } });
    s.refresh('pd'); // poll in flight, started before the write
    await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    gates[0]!.resolve([INC]); // pre-write data arrives after the write succeeded
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls('incidents')).toBe(2);
  });
});

describe('runAction failures', () => {
  it('a refusal by the vendor is failed: toasted with verb and key, audited, pending cleared', async () => {
    const port = pdPort({
      act: async () => Promise.reject(failure('CONFLICT', 'HTTP 409 already resolved')),
    });
    const s = make(port);
    const outcome = await s.runAction({ action: 'incidents.escalate', subject: subjectOf(INC), values: {} });
    expect(outcome).toEqual({ ok: false, message: 'escalate #4211 failed: HTTP 409 already resolved' });
    expect(s.getState().toasts.at(-1)).toMatchObject({ level: 'error', text: outcome.message });
    expect(audit.map((e) => [e.phase, e.id])).toEqual([
      ['intent', 'w1'],
      ['failed', 'w1'],
    ]);
    expect(audit[1]).toMatchObject({ message: outcome.message, code: 'CONFLICT' });
    expect(s.getState().pending).toEqual({});
    expect(s.getState().uncertain).toEqual([]);
  });

  it('refuses the write when its intent line cannot be written: the vendor is never called', async () => {
    const port = pdPort();
    const s = make(port, {
      audit: () => {
        throw new Error('EACCES: audit.jsonl');
      },
    });
    const outcome = await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(
      /^Not sent: acknowledge #4211 needs an audit line first.*EACCES: audit\.jsonl.*audit\.path/,
    );
    expect(port.act).not.toHaveBeenCalled();
    expect(s.getState().pending).toEqual({});
    expect(s.getState().auditProblem).toBe('EACCES: audit.jsonl');
    expect(s.getState().toasts.at(-1)).toMatchObject({ level: 'error', text: outcome.message });
  });

  it('an audit line that never finishes is given up at the deadline and the write refused', async () => {
    const port = pdPort();
    const s = make(port, { audit: () => new Promise(() => {}), auditDeadlineMs: 500 });
    const pending = s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    await vi.advanceTimersByTimeAsync(500);
    const outcome = await pending;
    expect(outcome.message).toMatch(/Not sent: .*did not finish within 0\.5s/);
    expect(port.act).not.toHaveBeenCalled();
  });

  it('a later intent that writes clears the audit problem', async () => {
    let broken = true;
    const s = make(pdPort(), {
      audit: (e) => {
        if (broken) throw new Error('disk full');
        audit.push(e);
      },
    });
    await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    expect(s.getState().auditProblem).toBe('disk full');
    broken = false;
    expect((await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} })).ok).toBe(
      true,
    );
    expect(s.getState().auditProblem).toBeNull();
  });

  it('reports a completion line that cannot be written through onProblem; the outcome stands', async () => {
    const problems: string[] = [];
    const s = make(pdPort(), {
      audit: async (e) => {
        if (e.phase !== 'intent') throw new Error('disk full');
        audit.push(e);
      },
      onProblem: (m) => problems.push(m),
    });
    const outcome = await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    expect(outcome.ok).toBe(true);
    expect(problems).toEqual(['Audit log write failed: disk full']);
    expect(s.getState().toasts.map((t) => t.level)).toEqual(['success']);
  });
});
