/**
 * Issue 15 at the component level, through the keys a user presses: `/` narrows the focused
 * list as it is typed and says so in a breadcrumb, `o` sorts with the column header showing
 * it, Space and `*` mark rows with a glyph (not colour), and one confirmation sends a bulk
 * acknowledge, assign or note as separate writes, listing partial failures.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ActionRequest } from '../../src/store/types.js';
import { actionsFor, connector, createTestStore } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

afterEach(cleanup);

type R = ReturnType<typeof renderApp>;
async function press(r: R, key: string, until: (f: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame()), r.frame()).toBe(true));
}
async function type(r: R, text: string) {
  for (const ch of text) {
    await settle();
    r.stdin.write(ch);
  }
}
/** Incident keys in the order the queue shows them. */
const shownKeys = (f: string) =>
  f
    .split('\n')
    .filter((l) => /[▲◐] (TRIG|ACK) +#\d+/.test(l))
    .map((l) => l.match(/#\d+/)![0]);
const selectedKey = (f: string) =>
  f
    .split('\n')
    .find((l) => /▶.? ?[▲◐] (TRIG|ACK) +#\d+/.test(l))
    ?.match(/#\d+/)?.[0];

describe('/ filters the focused list as you type', () => {
  test('narrows on every key, shows a breadcrumb, Enter keeps it and Esc clears it', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(shownKeys(r.frame())).toHaveLength(5));
    await press(r, '/', (f) => f.includes('Filter incidents'));
    await type(r, 'svc:');
    await type(r, 'auth');
    await vi.waitFor(() => expect(shownKeys(r.frame())).toEqual(['#4208']));
    expect(r.frame()).toContain('Filter: svc:auth · 1 of 5 incidents');
    await press(r, KEY.enter, (f) => !f.includes('Filter incidents'));
    expect(shownKeys(r.frame())).toEqual(['#4208']);
    // The list is back in charge of the keys: Esc clears the filter.
    await press(r, KEY.esc, (f) => shownKeys(f).length === 5);
    expect(r.frame()).not.toContain('Filter:');
  });

  test('bare words, @name, status: and ! combine; Esc in the field drops the filter', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(shownKeys(r.frame())).toHaveLength(5));
    await press(r, '/', (f) => f.includes('Filter incidents'));
    await type(r, 'status:trig !@ana');
    await vi.waitFor(() => expect(shownKeys(r.frame())).toEqual(['#4212', '#4215']));
    await press(r, KEY.esc, (f) => shownKeys(f).length === 5 && !f.includes('Filter incidents'));
  });

  test('an unknown field narrows nothing, says which fields exist, and Enter keeps the field open', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(shownKeys(r.frame())).toHaveLength(5));
    await press(r, '/', (f) => f.includes('Filter incidents'));
    await type(r, 'sev:1');
    await vi.waitFor(() => expect(r.frame()).toContain('No field "sev:"'));
    expect(shownKeys(r.frame())).toHaveLength(5);
    await press(r, KEY.enter, (f) => f.includes('No field "sev:" here: use'));
    expect(r.frame()).toContain('Filter incidents');
  });

  test('hostile pasted text is shown without escapes and crashes nothing', async () => {
    const r = renderApp(createTestStore().store, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(shownKeys(r.frame())).toHaveLength(5));
    await press(r, '/', (f) => f.includes('Filter incidents'));
    r.stdin.write('👩‍💻\u001b]0;pwn\u0007é\u202e');
    await vi.waitFor(() => expect(r.frame()).toMatch(/Filter: 👩\u200d?💻/));
    expect(r.lastFrame()).not.toContain('\u001b]0;');
    expect(shownKeys(r.frame())).toHaveLength(0);
    expect(r.frame()).toContain('No incident matches the filter.');
  });
});

describe('o sorts the list; the header says by what', () => {
  test('SLA remaining, then priority then urgency, age, service, and back', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(shownKeys(r.frame())).toHaveLength(5));
    expect(shownKeys(r.frame())).toEqual(['#4211', '#4212', '#4215', '#4208', '#4190']);
    await press(r, 'o', (f) => f.includes('sorted by SLA remaining'));
    expect(r.frame()).toMatch(/SLA↓/);
    await press(r, 'o', (f) => f.includes('sorted by priority, then urgency'));
    expect(r.frame()).toMatch(/Key +Pr↓ +Urg/);
    // P1, then P2 high (#4208) before P2 low (#4212), P3, P4.
    expect(shownKeys(r.frame())).toEqual(['#4211', '#4208', '#4212', '#4215', '#4190']);
    await press(r, 'o', (f) => f.includes('sorted by age, oldest first'));
    expect(shownKeys(r.frame())[0]).toBe('#4190');
    expect(r.frame()).toMatch(/Age↓/);
    await press(r, 'o', (f) => f.includes('sorted by service'));
    await press(r, 'o', (f) => !f.includes('sorted by'));
    expect(shownKeys(r.frame())).toEqual(['#4211', '#4212', '#4215', '#4208', '#4190']);
  });

  test('a high-urgency incident without a priority sorts above P5 low (PagerDuty without priorities)', async () => {
    const base = connector();
    const records = base.streams.incidents!.records.map((x) =>
      x.kind === 'incident' && x.key === '#4215'
        ? { ...x, priority: 'P5' as const, priorityLabel: 'P5', urgency: 'low' as const }
        : x.kind === 'incident' && x.key === '#4190'
          ? { ...x, priority: undefined, priorityLabel: undefined, urgency: 'high' as const }
          : x,
    );
    const t = createTestStore({
      connectors: {
        'pd-demo': {
          ...base,
          streams: { ...base.streams, incidents: { ...base.streams.incidents!, records } },
        },
      },
    });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(shownKeys(r.frame())).toHaveLength(5));
    await press(r, 'o', (f) => f.includes('sorted by SLA'));
    await press(r, 'o', (f) => f.includes('sorted by priority'));
    const order = shownKeys(r.frame());
    expect(order.indexOf('#4190')).toBeLessThan(order.indexOf('#4215'));
  });
});

describe('Space and * mark rows; one confirmation acts on all of them', () => {
  test('marks show as a glyph, Space moves down, * marks what the filter shows, Esc clears', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30, noColor: true });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, ' ', (f) => f.includes('1 marked'));
    expect(selectedKey(r.frame())).toBe('#4212');
    expect(r.frame()).toMatch(/ ✓ ▲ TRIG +#4211/);
    await press(r, '*', (f) => f.includes('5 marked'));
    await press(r, '*', (f) => f.includes('Unmarked 5 rows') && !f.includes('✓'));
    await press(r, ' ', (f) => f.includes('1 marked'));
    await press(r, KEY.esc, (f) => !f.includes('1 marked'));
    expect(r.frame()).not.toContain('✓');
  });

  test('bulk acknowledge: one confirmation naming the count and each record, then one write each', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, ' ', (f) => f.includes('1 marked'));
    await press(r, ' ', (f) => f.includes('2 marked'));
    await press(r, ' ', (f) => f.includes('3 marked'));
    await press(r, 'a', (f) => f.includes('Acknowledge 3 incidents?'));
    const dialog = r.frame();
    expect(dialog).toContain('#4211');
    expect(dialog).toContain('#4212');
    expect(dialog).toContain('#4215');
    expect(dialog).toContain('Each is sent and audited on its own');
    expect(t.calls).toHaveLength(0);
    await press(r, 'y', (f) => f.includes('all 3 done'));
    expect(t.calls.map((c) => [c.action, c.subject.label])).toEqual([
      ['incidents.ack', '#4211'],
      ['incidents.ack', '#4212'],
      ['incidents.ack', '#4215'],
    ]);
    expect(r.frame()).not.toContain('marked');
  });

  test('Cancel is the default: Enter at the bulk confirmation sends nothing and keeps the marks', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, '*', (f) => f.includes('5 marked'));
    await press(r, 'a', (f) => f.includes('Acknowledge 5 incidents?'));
    await press(r, KEY.enter, (f) => !f.includes('Acknowledge 5 incidents'));
    expect(t.calls).toHaveLength(0);
    expect(r.frame()).toContain('5 marked');
  });

  test('partial failure: the message names each failure, the failed rows stay marked', async () => {
    const t = createTestStore(
      {},
      {
        runAction: async (req: ActionRequest) =>
          req.subject.label === '#4212'
            ? { ok: false, message: 'HTTP 429: rate limited, try again in 30s' }
            : { ok: true, message: `Added a note to ${req.subject.label}` },
      },
    );
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, ' ', (f) => f.includes('1 marked'));
    await press(r, ' ', (f) => f.includes('2 marked'));
    await press(r, 'n', (f) => f.includes('Add a note to 2 incidents'));
    await type(r, 'db failover done');
    await press(r, KEY.enter, (f) => f.includes('Add a note to 2 incidents?'));
    await press(r, 'y', (f) => f.includes('1 failed'));
    expect(t.calls.map((c) => [c.subject.label, c.values?.text])).toEqual([
      ['#4211', 'db failover done'],
      ['#4212', 'db failover done'],
    ]);
    // The whole story is in the message history (the status view), with the vendor's reason.
    const history = t.store
      .getState()
      .history.map((h) => h.text)
      .join('\n');
    expect(history).toMatch(/1 done, 1 failed \(still marked\) — #4212: HTTP 429: rate limited/);
    expect(r.frame()).toContain('1 marked');
  });

  test('records whose connector cannot do it are left out and named; escalate goes one at a time', async () => {
    const noAck = connector('pd-ro', { actions: actionsFor(['incidents.read', 'incidents.note']) });
    const t = createTestStore({ connectors: { 'pd-demo': connector(), 'pd-ro': noAck } });
    const r = renderApp(t.store, { cols: 120, rows: 40 });
    await vi.waitFor(() => expect(shownKeys(r.frame()).length).toBe(10));
    await press(r, '*', (f) => f.includes('10 marked'));
    await press(r, 'a', (f) => f.includes('Acknowledge 5 incidents?'));
    expect(r.frame()).toMatch(/Left out \(5\): #\d+ \(pd-ro cannot acknowledge it\)/);
    await press(r, 'n', (f) => !f.includes('Acknowledge 5'));
    await press(r, 'e', (f) => f.includes('one record at a time'));
    expect(t.calls).toHaveLength(0);
  });
});

describe(': runs any command, panel, connector or saved view by name', () => {
  test('completion over the registry: Tab completes, Enter runs the action on the selected incident', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, ':', (f) => f.includes('nav.nextPanel'));
    await type(r, 'incident.a');
    // Every command that can run here is offered, the registry's ids with their keys.
    await vi.waitFor(() => expect(r.frame()).toMatch(/incident\.ack +Acknowledge incident \(a\)/));
    await press(r, KEY.tab, (f) => /:incident\.ack/.test(f));
    await press(r, KEY.enter, (f) => f.includes('Acknowledge #4211'));
    expect(t.calls).toHaveLength(0);
  });

  test('panel:, connector: and a saved view; a view with a sort its panel lacks says so', async () => {
    const r = renderApp(createTestStore().store, {
      cols: 100,
      rows: 30,
      savedViews: [
        { name: 'db-fires', panel: 'queue', filter: 'svc:db', sort: 'sla' },
        { name: 'broken', panel: 'queue', sort: 'nonsense' },
      ],
    });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, ':', (f) => f.includes('nav.nextPanel'));
    await type(r, 'panel:sla');
    await press(r, KEY.enter, (f) => /▶ 4 SLA risk/.test(f));
    await press(r, ':', (f) => f.includes('nav.nextPanel'));
    await type(r, 'db-fires');
    await vi.waitFor(() => expect(r.frame()).toContain('view:db-fires'));
    await press(r, KEY.enter, (f) => /▶ 1 Queue health/.test(f) && f.includes('Filter: svc:db'));
    expect(r.frame()).toContain('sorted by SLA remaining');
    expect(shownKeys(r.frame())).toEqual(['#4212']);
    await press(r, ':', (f) => f.includes('nav.nextPanel'));
    await type(r, 'view:broken');
    await press(r, KEY.enter, (f) => f.includes('has no sort "nonsense"'));
    await press(r, ':', (f) => f.includes('nav.nextPanel'));
    await type(r, 'connector:pd');
    await vi.waitFor(() => expect(r.frame()).toContain('connector:pd-demo'));
    await press(r, KEY.enter, (f) => /pd-demo/.test(f) && !f.includes('connector:pd'));
  });

  test('Esc closes it and nothing typed there becomes a command', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, ':', (f) => f.includes('nav.nextPanel'));
    await type(r, 'qa2');
    await vi.waitFor(() => expect(r.frame()).toContain('Nothing matches "qa2"'));
    await press(r, KEY.esc, (f) => !f.includes('Nothing matches'));
    expect(t.calls).toHaveLength(0);
    expect(/▶ 1 Queue health/.test(r.frame())).toBe(true);
  });
});
