/**
 * Issue 14: links a terminal can click (OSC 8) only when enabled and never built from raw
 * vendor text, `y` copying the selected record's link (OSC 52) with a message, the
 * high-contrast theme, and severity that survives NO_COLOR as glyph and word.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { keyOfRecord } from '../../src/domain/kinds.js';
import type { Incident } from '../../src/domain/model.js';
import { initialState } from '../../src/store/state.js';
import { initialUi } from '../../src/ui/view/ui-state.js';
import { snState } from '../helpers/fixture-servicenow.js';
import { connector, createTestStore, fixtureState, INCIDENTS, stream } from '../helpers/fixture-store.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';
import { drawScreen, screensFor } from '../helpers/screens.js';

process.env.TZ = 'UTC';
afterEach(cleanup);
// Colours and faint text are what parts of this file check: have Ink's chalk emit them.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const ESC = '\u001B';
const Q1_URL = 'https://example.pagerduty.com/incidents/Q1';
const detailOf = (i: Incident) => ({ ...initialUi(), detail: { panel: 'queue', key: keyOfRecord(i) } });

function withIncidents(incidents: Incident[]) {
  const base = connector();
  return fixtureState({
    connectors: {
      'pd-demo': { ...base, streams: { ...base.streams, incidents: stream('incidents', incidents) } },
    },
  });
}

describe('OSC 8 links in detail views', () => {
  test('on: the URL field is a link to the record; off: the same URL as plain text, no OSC 8', async () => {
    const on = renderApp(createTestStore().store, {
      cols: 100,
      rows: 30,
      hyperlinks: true,
      initialUi: detailOf(INCIDENTS[0]!),
    });
    await vi.waitFor(() => expect(on.frame()).toContain('Incident #4211'));
    expect(on.lastFrame()).toContain(`${ESC}]8;;${Q1_URL}${ESC}\\${Q1_URL}${ESC}]8;;${ESC}\\`);
    on.unmount();
    const off = renderApp(createTestStore().store, {
      cols: 100,
      rows: 30,
      initialUi: detailOf(INCIDENTS[0]!),
    });
    await vi.waitFor(() => expect(off.frame()).toContain('Incident #4211'));
    expect(off.lastFrame()).not.toContain(`${ESC}]8;`);
    expect(off.frame()).toContain(Q1_URL);
  });

  test('an escape sequence in a vendor URL cannot break out of the link', async () => {
    const evil = `https://x.example/a${ESC}]52;c;ZXZpbA==\u0007${ESC}]8;;http://evil${ESC}\\b`;
    const hostile = { ...INCIDENTS[0]!, url: evil };
    const r = renderApp(createTestStore(withIncidents([hostile])).store, {
      cols: 120,
      rows: 30,
      hyperlinks: true,
      initialUi: detailOf(hostile),
    });
    await vi.waitFor(() => expect(r.frame()).toContain('Incident #4211'));
    const raw = r.lastFrame();
    expect(raw).not.toContain(`${ESC}]52`);
    expect(raw).not.toContain('\u0007');
    const targets = [...raw.matchAll(/\u001B\]8;;([^\u001B]*)\u001B\\/g)].map((m) => m[1]!).filter(Boolean);
    expect(targets.length).toBeGreaterThan(0);
    // The target is the URL the screen shows: the vendor's escape sequences are gone from both.
    for (const t of targets) expect(t).toBe('https://x.example/ab');
    expect(r.frame()).toContain('https://x.example/ab');
  });
});

describe('c copies the selected record’s link (OSC 52)', () => {
  test('sends the URL to the clipboard and says so; a record without a link says that instead', async () => {
    const copied: string[] = [];
    const r = renderApp(createTestStore().store, {
      cols: 120,
      rows: 30,
      clipboard: { copy: (t) => copied.push(t) },
    });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    await settle();
    r.stdin.write('c');
    await vi.waitFor(() => expect(r.frame()).toContain('Copied the link of #4211'));
    expect(copied).toEqual([Q1_URL]);
    r.stdin.write('j');
    await settle();
    r.stdin.write('c');
    await vi.waitFor(() => expect(r.frame()).toMatch(/#4212 has no web link to copy/));
    expect(copied).toEqual([Q1_URL]);
  });

  test('a link that is not http(s) is never copied', async () => {
    const copied: string[] = [];
    const bad = { ...INCIDENTS[0]!, url: 'javascript:alert(1)' };
    const r = renderApp(createTestStore(withIncidents([bad])).store, {
      cols: 120,
      rows: 30,
      clipboard: { copy: (t) => copied.push(t) },
    });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    await settle();
    r.stdin.write('c');
    await vi.waitFor(() => expect(r.frame()).toContain('#4211 has no web link to copy'));
    expect(copied).toEqual([]);
  });

  test('without the terminal’s clipboard the message shows the link to copy by hand', async () => {
    const r = renderApp(createTestStore().store, { cols: 160, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    await settle();
    r.stdin.write('c');
    await vi.waitFor(() => expect(r.frame()).toContain(`The link: ${Q1_URL}`));
  });
});

/** SGR parameters of every style sequence in a frame. */
const sgrCodes = (raw: string) =>
  [...raw.matchAll(/\u001B\[([0-9;]*)m/g)].flatMap((m) => m[1]!.split(';').filter(Boolean).map(Number));

describe('themes', () => {
  const fixtures = snState({ withPagerDuty: true });
  const screens = screensFor(initialState(fixtures), 'checked the disk');

  test('high contrast: no faint text and no grey on any screen; the default theme has both', () => {
    let defaultFaint = false;
    for (const screen of screens) {
      const { store } = createTestStore({ ...fixtures, ...screen.state });
      const hc = renderApp(store, { cols: 120, rows: 30, theme: 'high-contrast', initialUi: screen.ui });
      const codes = sgrCodes(hc.lastFrame());
      hc.unmount();
      expect(codes, screen.name).not.toContain(2);
      expect(codes, screen.name).not.toContain(90);
      const dark = drawScreen({ ...fixtures, ...screen.state }, screen, [120, 30]);
      if (sgrCodes(dark.raw).includes(2)) defaultFaint = true;
    }
    expect(defaultFaint).toBe(true);
    const { store } = createTestStore(fixtures);
    const hc = renderApp(store, { cols: 120, rows: 30, theme: 'high-contrast' });
    // Danger in bright red (91), not the default red (31).
    expect(sgrCodes(hc.lastFrame())).toContain(91);
    expect(sgrCodes(hc.lastFrame())).not.toContain(31);
  });

  test('NO_COLOR and mono: no colour on any screen, and severity still reads in glyph and word', () => {
    const words: Record<string, RegExp[]> = {
      queue: [/▲ TRIG/, /◐ ACK/],
      'on-call': [/⚠ NOBODY ON CALL/],
      sla: [/✖ breached \d/, /✖ \d+ breached/, /▲ \d+ at risk/],
    };
    for (const opts of [{ noColor: true }, { theme: 'mono' as const }]) {
      for (const screen of screens) {
        const { store } = createTestStore({ ...fixtures, ...screen.state });
        const r = renderApp(store, { cols: 120, rows: 30, initialUi: screen.ui, ...opts });
        const raw = r.lastFrame();
        const text = r.frame();
        r.unmount();
        const colours = sgrCodes(raw).filter((c) => (c >= 30 && c <= 49) || (c >= 90 && c <= 107));
        expect(colours, `${screen.name} ${JSON.stringify(opts)}`).toEqual([]);
        for (const w of words[screen.name] ?? []) expect(text, screen.name).toMatch(w);
      }
    }
  });
});
