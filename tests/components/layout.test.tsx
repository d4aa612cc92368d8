import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  connector,
  createTestStore,
  fixtureState,
  INCIDENTS,
  NOW,
  stream,
} from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const SIZES = [
  [80, 24],
  [100, 30],
  [160, 48],
] as const;

function expectFits(frame: string, cols: number, rows: number) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(cols);
}

describe('frame budget', () => {
  for (const [cols, rows] of SIZES) {
    test(`every screen fits ${cols}×${rows}`, async () => {
      const r = renderApp(createTestStore().store, { cols, rows });
      const screens: [string, (f: string) => boolean][] = [
        ['', (f) => f.includes('#4211')],
        ['2', (f) => f.includes('▶ 2 On-call')],
        ['4', (f) => f.includes('▶ 4 SLA risk')],
        ['3', (f) => f.includes('▶ 3 Endpoint compliance')],
        ['1', (f) => f.includes('▶ 1 Queue health')],
        ['e', (f) => f.includes('[y] Escalate')],
        [KEY.esc, (f) => !f.includes('[y] Escalate')],
        ['n', (f) => f.includes('Add a note to')],
        [KEY.esc, (f) => !f.includes('Add a note to')],
        [KEY.enter, (f) => f.includes('Incident #4211')],
        [KEY.esc, (f) => !f.includes('Incident #4211')],
        ['?', (f) => f.includes('Esc closes')],
      ];
      for (const [key, ready] of screens) {
        if (key) r.stdin.write(key);
        await vi.waitFor(() => expect(ready(r.frame())).toBe(true));
        expectFits(r.frame(), cols, rows);
      }
    });
  }

  test('all four panels show at least title and headline at 80×24 and 100×30', async () => {
    for (const [cols, rows] of SIZES.slice(0, 2)) {
      const r = renderApp(createTestStore().store, { cols, rows });
      await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
      const f = r.frame();
      expect(f).toContain('1 Queue health');
      expect(f).toMatch(/2 On-call +⚠ NOBODY ON CALL: Data EP/);
      expect(f).toMatch(/3 Endpoint compliance +not configured/);
      expect(f).toMatch(/4 SLA risk +✖ 3 breached/);
      r.unmount();
    }
  });

  test('follows a resize, and shows the too-small screen below 60×16', async () => {
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    r.resize(59, 20);
    await vi.waitFor(() => expect(r.frame()).toContain('Terminal too small (59×20) — need at least 60×16'));
    expectFits(r.frame(), 59, 20);
    r.resize(70, 15);
    await vi.waitFor(() => expect(r.frame()).toContain('Terminal too small (70×15)'));
    r.resize(60, 16);
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    expectFits(r.frame(), 60, 16);
  });
});

describe('terminal safety', () => {
  test('an escape sequence in a vendor title renders as inert text', async () => {
    const r = renderApp(createTestStore().store);
    await vi.waitFor(() => expect(r.frame()).toContain('#4212'));
    const raw = r.lastFrame();
    expect(raw).not.toContain('\u001B[2J');
    expect(raw).not.toContain('\u001B]52');
    expect(raw).not.toContain('\u0007');
    expect(r.frame()).toContain('Disk full  on db-7');
  });

  test('NO_COLOR: no colour codes at all; ASCII: no box-drawing or symbol glyphs', async () => {
    const r = renderApp(createTestStore().store, { noColor: true, ascii: true });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    const raw = r.lastFrame();
    // SGR colour parameters are 30–37, 39, 40–47, 49, 90–97, 100–107 and 38/48 extended forms.
    expect(raw).not.toMatch(/\u001B\[(?:3\d|4\d|9\d|10\d)m/);
    expect(r.frame()).toMatch(/^[\x20-\x7e\n]*$/);
    expect(r.frame()).toContain('! TRIG #4211');
    expect(r.frame()).toContain('* pd-demo');
  });

  test('header badges show connector health with glyph and word', async () => {
    const state = fixtureState({
      demo: true,
      readOnly: true,
      connectors: {
        'pd-demo': connector('pd-demo'),
        'pd-eu': connector('pd-eu', {
          streams: { incidents: stream('incidents', [], { fetchedAt: NOW - 120_000 }) },
        }),
        'pd-us': connector('pd-us', {
          health: 'down',
          streams: {
            incidents: stream('incidents', [], { status: 'paused', errorCode: 'AUTH', error: '401' }),
          },
        }),
      },
    });
    const r = renderApp(createTestStore(state).store, { cols: 120, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('pd-us'));
    const header = r.frame().split('\n')[0]!;
    for (const text of [
      'itops-tui',
      '0.1.0',
      'DEMO',
      'READ-ONLY',
      '03:12:45',
      '● pd-demo',
      '▲ pd-eu stale 2m',
      '✖ pd-us paused: fix credentials, press r',
    ]) {
      expect(header).toContain(text);
    }
  });
});

describe('toasts', () => {
  test('expire on the 1 Hz clock after about six seconds', async () => {
    let now = NOW;
    const t = createTestStore({}, { now: () => now });
    const r = renderApp(t.store, { now: () => now });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    t.container.toast('success', 'Acknowledged #4211', now);
    await vi.waitFor(() => expect(r.frame()).toContain('Acknowledged #4211'));
    now += 7000;
    await vi.waitFor(() => expect(r.frame()).not.toContain('Acknowledged #4211'), { timeout: 3000 });
    await vi.waitFor(() => expect(t.container.get().toasts).toHaveLength(0));
  });
});

describe('golden frames', () => {
  test('80×24 cockpit', async () => {
    const r = renderApp(createTestStore({ demo: true }).store, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    expect(r.frame()).toMatchSnapshot();
  });

  test('100×30 cockpit', async () => {
    const r = renderApp(createTestStore({ demo: true }).store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    expect(r.frame()).toMatchSnapshot();
  });
});

describe('vendor time and real time', () => {
  test('judges freshness by real time even when the vendor clock runs far ahead (accelerated demo)', async () => {
    const { store } = createTestStore();
    // The demo world is an hour ahead of the machine; the data was fetched 3 s ago in real time.
    const r = renderApp(store, { cols: 100, rows: 30, now: () => NOW + 3_600_000, real: () => NOW });
    await vi.waitFor(() => expect(r.frame()).toMatch(/updated 3s ago/));
    expect(r.frame()).not.toMatch(/stale/);
    // …while incident ages follow the vendor clock: #4211 opened 14 min before NOW.
    expect(r.frame()).toMatch(/#4211.*1h14m/);
  });
});

describe('long lists say where the window is', () => {
  test('a position line shows how many rows are above and below the visible ones', async () => {
    const base = connector();
    const many = Array.from({ length: 40 }, (_, n) => ({
      ...INCIDENTS[0]!,
      id: `L${String(n).padStart(2, '0')}`,
      key: `#${6000 + n}`,
      title: `incident ${n}`,
    }));
    const { store } = createTestStore({
      connectors: {
        'pd-demo': { ...base, streams: { ...base.streams, incidents: stream('incidents', many) } },
      },
    });
    const r = renderApp(store);
    await vi.waitFor(() => expect(r.frame()).toMatch(/1–\d+ of 40 · \d+ more below/));
    expect(r.frame()).not.toMatch(/more above/);
    r.stdin.write('G');
    await vi.waitFor(() => expect(r.frame()).toMatch(/\d+–40 of 40 · \d+ more above/));
    expect(r.frame()).not.toMatch(/more below/);
  });
});
