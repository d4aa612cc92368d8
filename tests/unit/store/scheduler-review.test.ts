/** Regressions from the code review: quitting during a write, and refresh during a rate limit. */

import { afterEach, describe, expect, it } from 'vitest';
import { subjectOf } from '../../../src/domain/kinds.js';
import type { ActionResult } from '../../../src/domain/model.js';
import type { AuditEntry } from '../../../src/store/audit.js';
import { type CockpitStore, createCockpitStore } from '../../../src/store/scheduler.js';
import { incident } from '../domain/records.js';
import { deferred, failure, fakePort } from './fake-port.js';

let store: CockpitStore | undefined;
afterEach(async () => {
  await store?.stop();
  store = undefined;
});

describe('scheduler review fixes', () => {
  it('stop() lets a write in flight answer within its grace, so its completion line is written before exit', async () => {
    const write = deferred<ActionResult>();
    const audit: AuditEntry[] = [];
    const port = fakePort('pd', { act: () => write.promise });
    const s = createCockpitStore({
      ports: [port],
      clock: { now: () => Date.now() },
      audit: (e) => void audit.push(e),
    });
    store = s;
    const action = s.runAction({
      action: 'incidents.ack',
      subject: subjectOf(incident('Q1', { source: 'pd' })),
    });
    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    write.resolve({ ok: true, message: 'Acknowledged #1' });
    await action;
    await stopping;
    expect(audit.map((e) => e.phase)).toEqual(['intent', 'succeeded']);
    store = undefined;
  });

  it('refresh leaves a rate-limited stream alone until the vendor’s wait is over, and says so', async () => {
    const port = fakePort('pd', {
      fetch: async () => {
        throw failure('RATE_LIMITED', 'Rate Limit Exceeded', 60_000);
      },
    });
    const s = createCockpitStore({ ports: [port], clock: { now: () => Date.now() }, random: () => 0.5 });
    store = s;
    await s.firstLoad();
    expect(port.calls('incidents')).toBe(1);
    s.refresh();
    expect(port.calls('incidents')).toBe(1);
    expect(s.getState().toasts.at(-1)?.text).toMatch(/Rate limited, not refreshed yet: pd incidents/);
  });
});
