/**
 * The incident detail shows the vendor's timeline (issue 15): a loading line while it is read,
 * the entries newest first with "N more" at 80×24, an error on one line that leaves the
 * fields on screen, nothing for connectors that keep no timeline, and a new read after a write.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { TimelineEntry } from '../../src/plugin-api/index.js';
import { initialUi } from '../../src/ui/view/ui-state.js';
import { createSnStore } from '../helpers/fixture-servicenow.js';
import { ALL_CAPS, connector, createTestStore, NOW } from '../helpers/fixture-store.js';
import { cleanup, renderApp } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const MIN = 60_000;
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * MIN).toISOString();

function setup(
  read: (signal?: AbortSignal) => Promise<TimelineEntry[]>,
  caps = [...ALL_CAPS, 'incidents.timeline' as const],
) {
  const t = createTestStore({ connectors: { 'pd-demo': connector('pd-demo', { capabilities: caps }) } });
  const calls: string[] = [];
  t.store.readTimeline = (incident, signal) => {
    calls.push(incident.id);
    return read(signal);
  };
  const r = renderApp(t.store, {
    cols: 80,
    rows: 24,
    initialUi: { ...initialUi('queue'), detail: { panel: 'queue', key: 'pd-demo:Q1' } },
  });
  return { t, r, calls };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const HISTORY: TimelineEntry[] = [
  { at: at(1), kind: 'note', who: 'Ana Example', text: 'Rolled back deploy 4711 🚀' },
  { at: at(3), kind: 'status', who: 'Ana Example', text: 'Acknowledged by Ana Example' },
  ...Array.from({ length: 30 }, (_, i) => ({
    at: at(5 + i),
    kind: 'notify' as const,
    text: `Notified Bob Builder by push (${i})`,
  })),
];

describe('incident detail timeline', () => {
  test('says it is loading, then shows entries newest first and how many more there are, within 80×24', async () => {
    const d = deferred<TimelineEntry[]>();
    const { r, calls } = setup(() => d.promise);
    await vi.waitFor(() => expect(r.frame()).toContain('Timeline · loading…'));
    expect(r.frame()).toContain('Incident #4211');
    d.resolve(HISTORY);
    await vi.waitFor(() => expect(r.frame()).toContain('Timeline · 32 entries'));
    const f = r.frame();
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    const note = lines.findIndex((l) => l.includes('note   Ana Example: Rolled back deploy 4711'));
    const ack = lines.findIndex((l) => l.includes('state  Ana Example: Acknowledged by Ana Example'));
    expect(note).toBeGreaterThan(0);
    expect(ack).toBe(note + 1);
    expect(f).toMatch(/… \d+ more, older/);
    // The fields are still there above it.
    expect(f).toMatch(/Title +API p99 latency/);
    expect(f).toMatch(/Status/);
    expect(calls).toEqual(['Q1']);
  });

  test('a failed read is one line under the fields, not the whole screen', async () => {
    const { r } = setup(async () => {
      throw new Error('PagerDuty said 503 Service Unavailable\nretry later');
    });
    await vi.waitFor(() => expect(r.frame()).toContain('Timeline · could not be read: PagerDuty said 503'));
    const f = r.frame();
    expect(f).toMatch(/Title +API p99 latency/);
    expect(f).toMatch(/Assignees/);
    expect(f).not.toContain('retry later\n');
  });

  test('an empty history says so; a connector without a timeline shows no timeline section', async () => {
    const { r } = setup(async () => []);
    await vi.waitFor(() => expect(r.frame()).toContain('No history or notes yet.'));
    cleanup();
    const without = setup(async () => HISTORY, [...ALL_CAPS]);
    await vi.waitFor(() => expect(without.r.frame()).toContain('Incident #4211'));
    expect(without.r.frame()).not.toContain('Timeline');
    expect(without.calls).toEqual([]);
  });

  test('hostile text in an entry is drawn as plain text on one line', async () => {
    const { r } = setup(async () => [
      { at: at(1), kind: 'note', who: 'Eve\x1b[31m', text: '\x1b]0;pwned\x07wiped\r\nline two 👩‍👩‍👧' },
    ]);
    await vi.waitFor(() => expect(r.frame()).toContain('Timeline · 1 entry'));
    expect(r.lastFrame()).not.toContain('\x1b]0;');
    expect(r.frame()).toContain('Eve: wiped line two');
  });

  test('is read again after a write on the record finishes, keeping the old entries meanwhile', async () => {
    let round = 0;
    const second = deferred<TimelineEntry[]>();
    const { t, r, calls } = setup(() =>
      round++ === 0 ? Promise.resolve(HISTORY.slice(1, 2)) : second.promise,
    );
    await vi.waitFor(() => expect(r.frame()).toContain('Timeline · 1 entry'));
    // A write on Q1 starts and finishes (as the store marks it pending, then clears it).
    t.container.set((s) => ({
      ...s,
      pending: { ...s.pending, 'pd-demo:Q1': { action: 'incidents.note', label: 'Adding a note', seq: 1 } },
    }));
    await vi.waitFor(() => expect(r.frame()).toContain('Adding a note'));
    t.container.set((s) => ({ ...s, pending: {} }));
    await vi.waitFor(() => expect(calls).toEqual(['Q1', 'Q1']));
    expect(r.frame()).toContain('Acknowledged by Ana Example');
    second.resolve(HISTORY.slice(0, 2));
    await vi.waitFor(() => expect(r.frame()).toContain('Rolled back deploy 4711'));
  });

  test('a ticket shows its caller, description and work notes at 80×24', async () => {
    const t = createSnStore();
    t.container.set((s) => {
      const c = s.connectors['sn-prod']!;
      const inc = c.streams.incidents!;
      const records = inc.records.map((r) =>
        'id' in r && r.id === 's1'
          ? { ...r, caller: 'Fiona Finance', description: 'Nobody on the 4th floor gets mail since 9am' }
          : r,
      );
      return {
        ...s,
        connectors: {
          ...s.connectors,
          'sn-prod': { ...c, streams: { ...c.streams, incidents: { ...inc, records } } },
        },
      };
    });
    t.store.readTimeline = async () => [
      { at: at(2), kind: 'note', who: 'beth.agent', text: 'Work note: relay restarted' },
      { at: at(9), kind: 'note', who: 'fiona.finance', text: 'Comment: still nothing' },
    ];
    const r = renderApp(t.store, {
      cols: 80,
      rows: 24,
      initialUi: { ...initialUi('queue'), detail: { panel: 'queue', key: 'sn-prod:s1' } },
    });
    await vi.waitFor(() => expect(r.frame()).toContain('Timeline · 2 entries'));
    const f = r.frame();
    expect(f).toMatch(/Description +Nobody on the 4th floor gets mail/);
    expect(f).toMatch(/Caller +Fiona Finance/);
    expect(f).toContain('note   beth.agent: Work note: relay restarted');
    expect(f).toContain('note   fiona.finance: Comment: still nothing');
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
  });

  test('an incident opened from SLA risk shows its timeline too', async () => {
    const t = createTestStore({
      connectors: {
        'pd-demo': connector('pd-demo', { capabilities: [...ALL_CAPS, 'incidents.timeline'] }),
      },
    });
    t.store.readTimeline = async () => HISTORY.slice(0, 2);
    const r = renderApp(t.store, {
      cols: 80,
      rows: 24,
      initialUi: { ...initialUi('sla'), detail: { panel: 'sla', key: 'pd-demo:Q1' } },
    });
    await vi.waitFor(() => expect(r.frame()).toContain('Timeline · 2 entries'));
    expect(r.frame()).toContain('Incident #4211');
  });
});
