import { afterEach, describe, expect, test, vi } from 'vitest';
import { connector, createTestStore, stream } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

type R = ReturnType<typeof renderApp>;

async function press(r: R, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame())).toBe(true));
}

/** The focused panel's title row carries the pointer glyph. */
const focusedTitle = (f: string) => f.split('\n').find((l) => /[║#] ?▶ \d /.test(l)) ?? '';
/** The selected table row: pointer in the mark column followed by a key. */
const selectedKey = (f: string) =>
  f
    .split('\n')
    .find((l) => /▶ (?:[▲◐✔] \w+ +)?#\d+/.test(l))
    ?.match(/#\d+/)?.[0];

/** Position of the selected row among the table's incident rows (0 = top). */
const selectedRowIndex = (f: string) =>
  f
    .split('\n')
    .filter((l) => /[▲◐✔] \w+ +#\d+/.test(l))
    .findIndex((l) => /▶ (?:[▲◐✔] \w+ +)?#\d+/.test(l));

describe('focus', () => {
  test('Tab and Shift-Tab cycle the panels; 1–5 jump', async () => {
    const r = renderApp(createTestStore().store);
    await vi.waitFor(() => expect(focusedTitle(r.frame())).toContain('Queue health'));
    await press(r, KEY.tab, (f) => focusedTitle(f).includes('On-call'));
    await press(r, KEY.tab, (f) => focusedTitle(f).includes('Endpoint compliance'));
    await press(r, KEY.shiftTab, (f) => focusedTitle(f).includes('On-call'));
    await press(r, '4', (f) => focusedTitle(f).includes('SLA risk'));
    await press(r, KEY.tab, (f) => focusedTitle(f).includes('Monitors'));
    await press(r, KEY.tab, (f) => focusedTitle(f).includes('Queue health'));
    await press(r, KEY.shiftTab, (f) => focusedTitle(f).includes('Monitors'));
    await press(r, '3', (f) => focusedTitle(f).includes('Endpoint compliance'));
    // The others stay visible as one-line summaries.
    for (const t of ['1 Queue health', '2 On-call', '4 SLA risk', '5 Monitors'])
      expect(r.frame()).toContain(t);
  });

  test('the footer follows the focused scope', async () => {
    const r = renderApp(createTestStore().store);
    await vi.waitFor(() => expect(r.frame().split('\n').at(-1)).toContain('a Ack'));
    await press(r, '2', (f) => !f.split('\n').at(-1)!.includes('Ack'));
    expect(r.frame().split('\n').at(-1)).toContain('Detail');
  });
});

describe('selection', () => {
  test('j/k and arrows move the highlight; G and g jump to the ends', async () => {
    const r = renderApp(createTestStore().store);
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, 'j', (f) => selectedKey(f) === '#4212');
    await press(r, KEY.down, (f) => selectedKey(f) === '#4215');
    await press(r, 'k', (f) => selectedKey(f) === '#4212');
    await press(r, 'G', (f) => selectedKey(f) === '#4190');
    await press(r, 'j', (f) => selectedKey(f) === '#4190');
    await press(r, 'g', (f) => selectedKey(f) === '#4211');
    await press(r, KEY.up, (f) => selectedKey(f) === '#4211');
  });

  test('the action targets the highlighted incident', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'j', (f) => selectedKey(f) === '#4212');
    await press(r, 'a', (f) => f.includes('Acknowledge #4212'));
  });
});

describe('detail view', () => {
  test('Enter opens every field of the incident, Escape goes back to the list', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await press(r, KEY.enter, (f) => f.includes('Incident #4211'));
    const f = r.frame();
    for (const text of [
      'API p99 latency above 2s on checkout',
      '▲ TRIG triggered',
      'Priority        P1 ',
      'high',
      'checkout-api',
      'Ana Example',
      'Payments',
      'Checkout EP · level 1',
      '02:58 (14m ago)',
      'not yet',
      'in 3m',
      'pd-demo',
      'https://example.pagerduty.com/incidents/Q1',
      'Actions: a Ack',
    ]) {
      expect(f).toContain(text);
    }
    // The vendor label only repeats the priority here, so it is not shown twice.
    expect(f).not.toContain('P1 / P1');
    await press(r, KEY.esc, (f) => !f.includes('Incident #4211') && f.includes('#4190'));
  });

  test('actions work from the detail view', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'j', (f) => selectedKey(f) === '#4212');
    await press(r, KEY.enter, (f) => f.includes('Incident #4212'));
    await press(r, 'a', (f) => f.includes('Acknowledge #4212'));
  });

  test('on-call detail lists a policy’s levels', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await press(r, '2', (f) => /▶ 2 On-call/.test(f));
    await press(r, 'j', (f) => f.split('\n').some((l) => l.includes('▶') && l.includes('Checkout EP')));
    await press(r, KEY.enter, (f) => f.includes('Policy Checkout EP'));
    expect(r.frame()).toContain('Level 1');
    expect(r.frame()).toContain('Checkout primary after 15m · on call: Ana Example until 06:17 (3h05m)');
    expect(r.frame()).toContain('Level 3');
  });
});

describe('help overlay', () => {
  test('? shows the keys of the current scope grouped by category; Escape closes it', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await press(r, '?', (f) => f.includes('Esc closes'));
    const f = r.frame();
    for (const text of ['Incident', 'Navigation', 'App', 'Acknowledge incident', 'Move down', 'Quit']) {
      expect(f).toContain(text);
    }
    expect(f).not.toContain('Back to the list');
    expect(f).not.toContain('Confirm');
    await press(r, KEY.esc, (f2) => !f2.includes('Esc closes') && f2.includes('#4211'));
  });

  test('in the compliance panel there is no incident action to show; its list keys and filter are', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await press(r, '3', (f) => /▶ 3 Endpoint/.test(f));
    await press(r, '?', (f) => f.includes('Esc closes'));
    expect(r.frame()).not.toContain('Acknowledge incident');
    expect(r.frame()).toContain('Move down');
    expect(r.frame()).toContain('Filter the list');
    expect(r.frame()).toContain('Focus next panel');
  });

  test('keys of the covered screen do nothing while help is open', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, '?', (f) => f.includes('Esc closes'));
    r.stdin.write('a');
    r.stdin.write(KEY.esc);
    await vi.waitFor(() => expect(r.frame()).not.toContain('Esc closes'));
    expect(r.frame()).not.toContain('[y] Acknowledge');
  });
});

describe('quit and refresh', () => {
  test('r asks the store to refresh', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'r', (f) => f.includes('Refreshing'));
    expect(t.refreshes).toEqual([undefined]);
  });

  test('q and Ctrl-C end the app', async () => {
    for (const key of ['q', KEY.ctrlC]) {
      const r = renderApp(createTestStore().store);
      await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
      r.stdin.write(key);
      await expect(r.waitUntilExit()).resolves.toBeUndefined();
    }
  });
});

// Issue 15 changed what the cursor keeps: its place on the screen, as in k9s and lazygit, not the
// record wherever it goes (which dragged it down to row 21 after an acknowledgement, away from
// the new P1s at the top). Nothing ever acts on a record without a confirmation that names it.
describe('the cursor keeps its place when the list changes under it (service-desk and issue-15 findings)', () => {
  test('when the selected ticket leaves, or a row above it does, the cursor stays on its screen row', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    await press(r, 'j', (f) => selectedKey(f) === '#4212');
    const without = (...ids: string[]) =>
      t.container.set((s) => {
        const c = s.connectors['pd-demo']!;
        const inc = c.streams.incidents!;
        const records = inc.records.filter((x) => !('id' in x && ids.includes(x.id)));
        return {
          ...s,
          connectors: {
            ...s.connectors,
            'pd-demo': { ...c, streams: { ...c.streams, incidents: { ...inc, records } } },
          },
        };
      });
    without('Q2'); // #4212 resolved elsewhere: the row now at its position is selected
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4215'));
    without('Q2', 'Q1'); // a row above disappears too: the cursor keeps the second row, it does not follow #4215 up
    await vi.waitFor(() => expect(r.frame()).not.toContain('#4211'));
    expect(selectedKey(r.frame())).not.toBe('#4215');
    expect(selectedRowIndex(r.frame())).toBe(1);
  });
});

describe('the cursor starts on the top row, whatever arrives first (on-call finding)', () => {
  test('while a source is still loading the cursor follows the top; after that it keeps its screen row', async () => {
    const early = connector('pd-demo');
    const all = early.streams.incidents!.records;
    const late = connector('pd-late');
    const lateRows = late.streams.incidents!.records.filter((x) => 'id' in x && ['Q1', 'Q2'].includes(x.id));
    const t = createTestStore({
      connectors: {
        'pd-demo': {
          ...early,
          streams: {
            ...early.streams,
            incidents: stream(
              'incidents',
              all.filter((x) => !('id' in x && ['Q1', 'Q2'].includes(x.id))),
            ),
          },
        },
        // A second PagerDuty account whose first answer has not come yet.
        'pd-late': {
          ...late,
          streams: { incidents: stream('incidents', [], { fetchedAt: null, status: 'loading' }) },
        },
      },
    });
    const setLate = (records: typeof lateRows) =>
      t.container.set((s) => {
        const c = s.connectors['pd-late']!;
        return {
          ...s,
          connectors: {
            ...s.connectors,
            'pd-late': { ...c, streams: { incidents: stream('incidents', records) } },
          },
        };
      });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4215'));
    setLate(lateRows); // it answers, and its P1 sorts above
    await vi.waitFor(() => expect(selectedKey(r.frame())).toBe('#4211'));
    // Every source has answered: a re-sort (#4211 drops to P5) leaves the cursor on the top row,
    // where the most urgent incident now is, rather than following #4211 down the list.
    setLate(
      lateRows.map((x) =>
        x.kind === 'incident' && x.id === 'Q1' ? { ...x, priority: 'P5', priorityLabel: 'P5' } : x,
      ),
    );
    await vi.waitFor(() => expect(r.frame()).toMatch(/#4211 +P5/));
    expect(selectedRowIndex(r.frame())).toBe(0);
    expect(selectedKey(r.frame())).not.toBe('#4211');
  });
});
