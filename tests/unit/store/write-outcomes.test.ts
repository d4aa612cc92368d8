/**
 * Issue 7, defect 8: a write is `failed` only when the vendor certainly did not apply it.
 * A timeout, reset, 5xx or quit while waiting is `unknown`: said so on screen, audited as
 * such, the record re-read and the doubt remembered for the repeat warning.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { subjectOf } from '../../../src/domain/kinds.js';
import type { ActionResult } from '../../../src/domain/model.js';
import { MAX_UNCERTAIN } from '../../../src/store/actions.js';
import type { AuditEntry } from '../../../src/store/audit.js';
import {
  type CockpitStore,
  createCockpitStore,
  type SchedulerOptions,
} from '../../../src/store/scheduler.js';
import { incident } from '../domain/records.js';
import { deferred, type FakePort, failure, fakePort } from './fake-port.js';

const NOW = Date.parse('2025-03-01T03:12:00.000Z');
const INC = incident('Q1', { key: '#4211' });
let store: CockpitStore | undefined;
let audit: AuditEntry[];
let ids = 0;

const pdPort = (over: Parameters<typeof fakePort>[1] = {}) =>
  fakePort('pd', {
    capabilities: ['incidents.read', 'incidents.ack', 'incidents.escalate', 'oncall.read'],
    streams: ['incidents', 'oncall'],
    ...over,
  });

function make(port: FakePort, over: Partial<SchedulerOptions> = {}): CockpitStore {
  store = createCockpitStore({
    ports: [port],
    clock: { now: () => Date.now() },
    random: () => 0.5,
    actor: 'ana',
    newId: () => `w${++ids}`,
    audit: (e) => void audit.push(e),
    ...over,
  });
  return store;
}

beforeEach(() => {
  audit = [];
  ids = 0;
});
afterEach(async () => {
  vi.useRealTimers();
  await store?.stop();
  store = undefined;
});

const escalate = (s: CockpitStore) =>
  s.runAction({ action: 'incidents.escalate', subject: subjectOf(INC), values: { level: 2 } });

describe('which failures are unknown', () => {
  // Host codes (TIMEOUT, CANCELLED), the connector's OUTCOME_UNKNOWN, a garbled answer, a plugin
  // bug, a code nobody knows and no code at all: none proves the vendor did nothing.
  it.each([
    ['OUTCOME_UNKNOWN'],
    ['TIMEOUT'],
    ['CANCELLED'],
    ['BAD_RESPONSE'],
    ['INTERNAL'],
    ['SOMETHING_NEW'],
    [undefined],
  ])('%s → unknown: warned, audited unknown, re-read, remembered', async (code) => {
    vi.useFakeTimers({ now: NOW });
    const err = code ? failure(code, 'no answer in time') : new Error('no answer in time');
    const port = pdPort({ act: async () => Promise.reject(err) });
    const s = make(port);
    const outcome = await escalate(s);
    expect(outcome).toMatchObject({ ok: false, unknown: true });
    expect(outcome.message).toBe(
      'Escalate #4211: no clear answer, so pd may have applied it (no answer in time). ' +
        'Re-reading #4211; check it before trying again.',
    );
    expect(outcome.message).not.toMatch(/failed/);
    expect(s.getState().toasts.at(-1)).toMatchObject({ level: 'warn', text: outcome.message });
    expect(audit.map((e) => [e.phase, e.id])).toEqual([
      ['intent', 'w1'],
      ['unknown', 'w1'],
    ]);
    expect(audit[1]).toMatchObject({ message: outcome.message, ...(code ? { code } : {}) });
    // Re-read what an escalation touches, now rather than at the next interval.
    expect(port.calls('incidents')).toBe(1);
    expect(port.calls('oncall')).toBe(1);
    expect(s.getState().uncertain).toEqual([
      {
        record: 'pd:Q1',
        action: 'incidents.escalate',
        key: '#4211',
        at: NOW,
        values: { level: 2 },
        reason: outcome.message,
      },
    ]);
    expect(s.getState().pending).toEqual({});
  });

  it.each([
    ['AUTH'],
    ['FORBIDDEN'],
    ['NOT_FOUND'],
    ['RATE_LIMITED'],
    ['INVALID'],
    ['CONFLICT'],
    ['UNAVAILABLE'],
  ])('%s → failed: the vendor certainly did not apply it', async (code) => {
    const port = pdPort({ act: async () => Promise.reject(failure(code, 'vendor said no')) });
    const s = make(port);
    const outcome = await escalate(s);
    expect(outcome).toEqual({ ok: false, message: 'escalate #4211 failed: vendor said no' });
    expect(audit.map((e) => e.phase)).toEqual(['intent', 'failed']);
    expect(s.getState().uncertain).toEqual([]);
    expect(s.getState().toasts.at(-1)?.level).toBe('error');
  });
});

describe('remembered unknown outcomes', () => {
  it('a later success of the same write settles the doubt; a refusal does not', async () => {
    let next: () => Promise<ActionResult> = async () => Promise.reject(failure('TIMEOUT', 'slow'));
    const s = make(pdPort({ act: () => next() }));
    await escalate(s);
    expect(s.getState().uncertain).toHaveLength(1);
    next = async () => Promise.reject(failure('CONFLICT', 'already at level 2'));
    await escalate(s);
    expect(s.getState().uncertain).toHaveLength(1);
    // An ack is another write: it does not settle the escalation's doubt.
    next = async () => ({ ok: true, message: 'Acknowledged #4211' });
    await s.runAction({ action: 'incidents.ack', subject: subjectOf(INC), values: {} });
    expect(s.getState().uncertain.map((u) => u.action)).toEqual(['incidents.escalate']);
    next = async () => ({ ok: true, message: 'Escalated #4211' });
    await escalate(s);
    expect(s.getState().uncertain).toEqual([]);
  });

  it(`keeps at most ${MAX_UNCERTAIN}, newest last`, async () => {
    const s = make(pdPort({ act: async () => Promise.reject(failure('TIMEOUT', 'slow')) }));
    for (let i = 0; i < MAX_UNCERTAIN + 5; i++) {
      await s.runAction({ action: 'incidents.ack', subject: subjectOf(incident(`R${i}`)), values: {} });
    }
    const kept = s.getState().uncertain;
    expect(kept).toHaveLength(MAX_UNCERTAIN);
    expect(kept.at(-1)?.record).toBe(`pd:R${MAX_UNCERTAIN + 4}`);
    expect(kept[0]?.record).toBe('pd:R5');
  });
});

describe('quitting while a write waits', () => {
  it('stop() gives it the grace, then cancels it: audited unknown, and stop() returns', async () => {
    let signal: AbortSignal | undefined;
    // Like the host's invoke(): a cancelled call rejects with CANCELLED.
    const port = pdPort({
      act: (_input, s) =>
        new Promise<ActionResult>((_, reject) => {
          signal = s;
          s?.addEventListener('abort', () => reject(failure('CANCELLED', String(s.reason))));
        }),
    });
    const s = make(port, { stopGraceMs: 50 });
    const pending = escalate(s);
    await vi.waitFor(() => expect(port.act).toHaveBeenCalled(), { timeout: 5_000 });
    await s.stop();
    store = undefined;
    expect(signal?.aborted).toBe(true);
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, unknown: true });
    expect(outcome.message).toMatch(/may have applied it \(outcome unknown: quit while pending\)/);
    expect(audit.map((e) => e.phase)).toEqual(['intent', 'unknown']);
  });

  it('a write that answers within the grace is audited with its real outcome', async () => {
    const gate = deferred<ActionResult>();
    const port = pdPort({ act: () => gate.promise });
    const s = make(port, { stopGraceMs: 60_000 });
    const pending = escalate(s);
    await vi.waitFor(() => expect(port.act).toHaveBeenCalled(), { timeout: 5_000 });
    const stopping = s.stop();
    gate.resolve({ ok: true, message: 'Escalated #4211' });
    await stopping;
    store = undefined;
    expect((await pending).ok).toBe(true);
    expect(audit.map((e) => e.phase)).toEqual(['intent', 'succeeded']);
  });

  it('a plugin that ignores its signal still cannot hold stop() past grace + audit deadline', async () => {
    const port = pdPort({ act: () => new Promise(() => {}) });
    const s = make(port, { stopGraceMs: 20, auditDeadlineMs: 50 });
    void escalate(s);
    await vi.waitFor(() => expect(port.act).toHaveBeenCalled(), { timeout: 5_000 });
    await s.stop(); // would hang forever if stop() awaited the write
    store = undefined;
    expect(port.dispose).toHaveBeenCalled();
  });

  it('an audit trail that blocks cannot hold stop() either', async () => {
    const gate = deferred<ActionResult>();
    let blocked = false;
    const port = pdPort({ act: () => gate.promise });
    const s = make(port, {
      stopGraceMs: 20,
      auditDeadlineMs: 50,
      audit: (e) => {
        if (blocked) return new Promise(() => {});
        audit.push(e);
      },
    });
    void escalate(s);
    await vi.waitFor(() => expect(port.act).toHaveBeenCalled(), { timeout: 5_000 });
    blocked = true;
    await s.stop();
    store = undefined;
    expect(audit.map((e) => e.phase)).toEqual(['intent']);
  });

  it('a write asked for after stop() began is refused, not sent', async () => {
    const port = pdPort();
    const s = make(port);
    await s.stop();
    const outcome = await escalate(s);
    store = undefined;
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^Not sent: the cockpit is quitting/);
    expect(port.act).not.toHaveBeenCalled();
  });
});

describe('the log before the screen', () => {
  it('the outcome line is written before the toast says what happened', async () => {
    const port = pdPort({ act: async () => ({ message: 'Escalated #4211' }) as ActionResult });
    const order: string[] = [];
    const s = make(port, {
      audit: async (e) => {
        // A slow disk: the toast must still wait for the outcome line.
        await new Promise((r) => setTimeout(r, 20));
        order.push(`audit ${e.phase}`);
      },
    });
    s.subscribe(() => {
      const toast = s.getState().toasts.at(-1);
      if (toast && !order.includes('toast')) order.push('toast');
    });
    await escalate(s);
    expect(order).toEqual(['audit intent', 'audit succeeded', 'toast']);
  });
});
