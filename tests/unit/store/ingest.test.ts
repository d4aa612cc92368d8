import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainRecord, Incident } from '../../../src/domain/model.js';
import { sameData } from '../../../src/domain/same-record.js';
import { createInterner, reconcile } from '../../../src/store/ingest.js';
import { type CockpitStore, createCockpitStore } from '../../../src/store/scheduler.js';
import { incident, shift } from '../domain/records.js';
import { fakePort } from './fake-port.js';

/** What a worker thread hands over: equal content, brand-new objects. */
const cloned = <T>(x: T): T => structuredClone(x);

describe('sameData', () => {
  it('is structural equality on plain data, with a missing key equal to an undefined one', () => {
    expect(sameData(incident('1'), cloned(incident('1')))).toBe(true);
    expect(sameData(incident('1'), incident('1', { title: 'other' }))).toBe(false);
    expect(sameData(incident('1', { assignees: ['a', 'b'] }), incident('1', { assignees: ['a'] }))).toBe(
      false,
    );
    expect(sameData({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameData({ a: [] }, { a: {} })).toBe(false);
    expect(sameData(Number.NaN, Number.NaN)).toBe(true);
  });

  it('agrees with a JSON round trip on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        // JSON.stringify orders keys by insertion; compare via a canonical form.
        const canon = (v: unknown): unknown =>
          Array.isArray(v)
            ? v.map(canon)
            : v && typeof v === 'object'
              ? Object.fromEntries(
                  Object.entries(v)
                    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
                    .map(([k, x]) => [k, canon(x)]),
                )
              : Object.is(v, -0)
                ? 0
                : v;
        const same = JSON.stringify(canon(a)) === JSON.stringify(canon(b));
        expect(sameData(a, b)).toBe(same);
        expect(sameData(a, cloned(a))).toBe(true);
      }),
    );
  });
});

describe('reconcile', () => {
  const prev: DomainRecord[] = [incident('1'), incident('2'), shift('u1')];

  it('keeps the array itself when a poll brings the same content as new objects', () => {
    const out = reconcile(prev, cloned(prev), createInterner());
    expect(out.records).toBe(prev);
    expect(out.changed).toBe(0);
  });

  it('keeps unchanged records by identity when one changes, and takes the changed one', () => {
    const next = cloned(prev);
    (next[1] as Incident).status = 'acknowledged';
    const out = reconcile(prev, next, createInterner());
    expect(out.records).not.toBe(prev);
    expect(out.records[0]).toBe(prev[0]);
    expect(out.records[1]).toBe(next[1]);
    expect(out.records[2]).toBe(prev[2]);
    expect(out.changed).toBe(1);
  });

  it('finds unchanged records by kind and id when the order changes', () => {
    const next = cloned([prev[2]!, prev[0]!, incident('3'), prev[1]!]);
    const out = reconcile(prev, next, createInterner());
    expect(out.records).toEqual(next);
    expect(out.records[0]).toBe(prev[2]);
    expect(out.records[1]).toBe(prev[0]);
    expect(out.records[2]).toBe(next[2]);
    expect(out.records[3]).toBe(prev[1]);
    expect(out.changed).toBe(1);
  });

  it('a removal alone makes a new array of the kept objects', () => {
    const out = reconcile(prev, cloned([prev[0]!, prev[2]!]), createInterner());
    expect(out.records).toHaveLength(2);
    expect(out.records[0]).toBe(prev[0]);
    expect(out.records[1]).toBe(prev[2]);
  });

  it('interns repeated strings of new records: one copy per group name', () => {
    const interner = createInterner();
    const a = incident('a', { group: `Ops ${'x'.repeat(3)}` });
    const b = incident('b', { group: ['Ops', 'xxx'].join(' ') });
    reconcile([], [a, b], interner);
    expect(a.group).toBe(b.group);
    expect(interner.size).toBeGreaterThan(0);
  });

  it('whatever the polls, the result equals the new content and reuses every equal old record', () => {
    const rec = fc.record({
      id: fc.constantFrom('1', '2', '3', '4', '5'),
      status: fc.constantFrom('triggered', 'acknowledged'),
      title: fc.constantFrom('a', 'b'),
    });
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 8 }), fc.array(rec, { maxLength: 8 }), (p, n) => {
        const before = p.map((r) => incident(r.id, r as Partial<Incident>));
        const after = n.map((r) => incident(r.id, r as Partial<Incident>));
        const out = reconcile(before, after, createInterner());
        expect(out.records).toEqual(after);
        for (const r of out.records as Incident[]) {
          const old = before.find((b) => b.id === r.id && sameData(b, r));
          if (old && !before.some((b) => b !== old && b.id === r.id)) expect(r).toBe(old);
        }
      }),
    );
  });
});

describe('a poll that changed nothing', () => {
  let store: CockpitStore | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(async () => {
    await store?.stop();
    store = undefined;
    vi.useRealTimers();
  });

  it('keeps the records array and calls no listener; a change calls them once', async () => {
    let data: DomainRecord[] = [incident('1'), incident('2')];
    const port = fakePort('pd', { fetch: async () => cloned(data) });
    store = createCockpitStore({ ports: [port], clock: { now: () => Date.now() }, random: () => 0.5 });
    await store.firstLoad();
    const first = store.getState().connectors.pd!.streams.incidents!;
    let calls = 0;
    store.subscribe(() => calls++);

    store.refresh();
    await vi.waitFor(() => expect(port.calls('incidents')).toBe(2));
    await vi.waitFor(() =>
      expect(store!.getState().connectors.pd!.streams.incidents!.fetchedAt).toBeGreaterThanOrEqual(
        first.fetchedAt!,
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    const second = store.getState().connectors.pd!.streams.incidents!;
    expect(second.status).toBe('ok');
    expect(second.records).toBe(first.records);
    expect(second.nextPollAt).not.toBeNull();
    expect(calls).toBe(0);

    data = [incident('1'), incident('2', { status: 'acknowledged' })];
    store.refresh();
    await vi.waitFor(() => expect(calls).toBe(1));
    const third = store.getState().connectors.pd!.streams.incidents!;
    expect(third.records[0]).toBe(first.records[0]);
    expect(third.records[1]).not.toBe(first.records[1]);
  });

  it('over stale data, the start of a poll and its answer are both published', async () => {
    const data: DomainRecord[] = [incident('1')];
    const port = fakePort('pd', { fetch: async () => cloned(data) });
    store = createCockpitStore({
      ports: [port],
      clock: { now: () => Date.now() },
      random: () => 0.5,
      intervals: { pd: { incidents: 1_000 } },
    });
    await store.firstLoad();
    let calls = 0;
    store.subscribe(() => calls++);
    // The clock moves past twice the interval without the timer firing: the data is stale.
    vi.setSystemTime(Date.now() + 10_000);
    store.refresh();
    expect(calls).toBe(1); // "a poll is running" beside the stale badge
    await vi.waitFor(() => expect(calls).toBe(2)); // fresh again, though the records are the same
    expect(store.getState().connectors.pd!.streams.incidents!.status).toBe('ok');
  });
});
