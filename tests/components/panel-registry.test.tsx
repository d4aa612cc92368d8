/**
 * Issue 9, done-when 3: a panel is one module plus one registry line. The test-only Services
 * panel (tests/fixtures/panels/ServicesPanel.tsx) is added to the cockpit's list here, and gets
 * its number, its focus key (nav.panel6, generated), its place in help, the layouts, list keys
 * and its detail view, with nothing else changed.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Service } from '../../src/domain/model.js';
import { COCKPIT_PANELS } from '../../src/ui/panels/registry.js';
import { servicesPanel } from '../fixtures/panels/ServicesPanel.js';
import { connector, createTestStore, stream } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

/** The one registry line. */
const PANELS = [...COCKPIT_PANELS, servicesPanel];

const service = (id: string, name: string, status: string): Service => ({
  kind: 'service',
  source: 'pd-demo',
  id,
  name,
  status,
});

function store() {
  const base = connector();
  const services = [service('S1', 'checkout-api', 'active'), service('S2', 'billing', 'disabled')];
  return createTestStore({
    connectors: {
      'pd-demo': { ...base, streams: { ...base.streams, services: stream('services', services) } },
    },
  });
}

async function press(r: ReturnType<typeof renderApp>, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame()), r.frame()).toBe(true));
}

describe('a panel added by one module and one registry line', () => {
  test('numbered 6 (after the five built-in ones), focused by a generated key 6, listed in help, with list keys and a detail', async () => {
    const r = renderApp(store().store, { cols: 100, rows: 30, panels: PANELS });
    await vi.waitFor(() => expect(r.frame()).toMatch(/6 Services +.*2 services · 1 not active/));
    await press(r, '?', (f) => f.includes('Esc closes'));
    expect(r.frame()).toMatch(/6 +Focus Services/);
    await press(r, KEY.esc, (f) => !f.includes('Esc closes'));
    await press(r, '6', (f) => f.includes('▶ 6 Services'));
    // Not active first: billing is selected.
    expect(r.frame()).toMatch(/▶ billing disabled/);
    await press(r, 'j', (f) => /▶ checkout-api active/.test(f));
    await press(r, KEY.enter, (f) => f.includes('Service checkout-api'));
    expect(r.frame()).toMatch(/Status +active/);
    await press(r, KEY.esc, (f) => f.includes('▶ 6 Services'));
    // Tab cycles through it and back to the first panel.
    await press(r, KEY.tab, (f) => f.includes('▶ 1 Queue health'));
  });

  test('the grid layout places a sixth panel, keeps the five built-in ones and still fits 160×48', async () => {
    const r = renderApp(store().store, { cols: 160, rows: 48, panels: PANELS });
    await vi.waitFor(() => expect(r.frame()).toContain('6 Services'));
    for (const title of ['1 Queue health', '2 On-call', '3 Endpoint compliance', '4 SLA risk', '5 Monitors'])
      expect(r.frame()).toContain(title);
    const lines = r.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(48);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(160);
  });

  test('without the line, the cockpit has its five panels and no key 6', async () => {
    const r = renderApp(store().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('5 Monitors'));
    expect(r.frame()).not.toContain('Services');
    await press(r, '?', (f) => f.includes('Esc closes'));
    expect(r.frame()).not.toContain('Focus Services');
    expect(r.frame()).toMatch(/5 +Focus Monitors/);
  });
});
