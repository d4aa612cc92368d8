/** The store's `readTimeline` (issue 15): routed to the incident's own connector, refused when it keeps none. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CockpitStore, createCockpitStore } from '../../../src/store/scheduler.js';
import { incident } from '../domain/records.js';
import { fakePort } from './fake-port.js';

let store: CockpitStore | undefined;
afterEach(async () => {
  await store?.stop();
  store = undefined;
});

describe('readTimeline', () => {
  it("asks the incident's connector, not another one, and refuses a connector without a timeline", async () => {
    const entries = [{ at: '2030-01-01T10:00:00Z', kind: 'note' as const, text: 'hi' }];
    const pd = fakePort('pd', { capabilities: ['incidents.read', 'incidents.timeline'] });
    const timeline = vi.fn(async () => entries);
    pd.timeline = timeline;
    const sn = fakePort('sn', { capabilities: ['incidents.read'] });
    sn.timeline = vi.fn(async () => []);
    store = createCockpitStore({ ports: [pd, sn], clock: { now: () => Date.now() } });
    const inc = incident('Q1', { source: 'pd' });
    expect(await store.readTimeline!(inc)).toEqual(entries);
    expect(timeline).toHaveBeenCalledWith(inc, undefined);
    await expect(store.readTimeline!(incident('S1', { source: 'sn' }))).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    expect(sn.timeline).not.toHaveBeenCalled();
    await expect(store.readTimeline!(incident('X', { source: 'gone' }))).rejects.toThrow(/keeps no timeline/);
  });
});
