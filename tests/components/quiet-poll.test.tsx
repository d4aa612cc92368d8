/**
 * Issue 10: a poll that changed nothing costs no render. The real store and scheduler, a port
 * that hands out brand-new objects on every fetch (as a worker thread will), the whole cockpit
 * drawn by Ink, and a render counter in every panel. The 1 Hz clock is held still (fake
 * setInterval) so every render counted comes from the store.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { DomainRecord, Incident } from '../../src/domain/model.js';
import { createCockpitStore } from '../../src/store/scheduler.js';
import { COCKPIT_PANELS } from '../../src/ui/panels/registry.js';
import type { PanelModule } from '../../src/ui/panels/types.js';
import { INCIDENTS } from '../helpers/fixture-store.js';
import { cleanup, renderApp } from '../helpers/render.js';
import { fakePort } from '../unit/store/fake-port.js';

process.env.TZ = 'UTC';
const NOW = Date.parse('2026-11-23T03:12:45Z');

const renders: Record<string, number> = {};
const derives: Record<string, number> = {};
/** The cockpit's panels, each counting its renders and its derivations. */
const counted: PanelModule[] = COCKPIT_PANELS.map((p) => ({
  ...p,
  derive: (state, clocks) => {
    derives[p.id] = (derives[p.id] ?? 0) + 1;
    return p.derive(state, clocks);
  },
  Body: (props) => {
    renders[p.id] = (renders[p.id] ?? 0) + 1;
    return <p.Body {...props} />;
  },
}));
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Let every queued store notification, React update and Ink frame run. */
async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  for (const k of Object.keys(renders)) delete renders[k];
  for (const k of Object.keys(derives)) delete derives[k];
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('a poll that changed nothing', () => {
  test('renders nothing and derives nothing; a poll that changed a record renders it', async () => {
    let data: DomainRecord[] = INCIDENTS.map((i) => ({ ...i, source: 'pd' }));
    const port = fakePort('pd', { fetch: async () => structuredClone(data) });
    const store = createCockpitStore({
      ports: [port],
      clock: { now: () => NOW },
      random: () => 0.5,
      // No automatic poll during the test: polls happen when it says so.
      intervals: { pd: { incidents: 3_600_000 } },
    });
    store.start();
    await store.firstLoad();
    const r = renderApp(store, { panels: counted, now: () => NOW, real: () => NOW });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    await settle();

    const rendersBefore = total(renders);
    const derivesBefore = total(derives);
    const stateBefore = store.getState();
    expect(rendersBefore).toBeGreaterThan(0);

    // The same records as new objects: the store keeps its own, and tells nobody.
    store.refresh();
    await vi.waitFor(() => expect(port.calls('incidents')).toBe(2));
    await vi.waitFor(() => expect(store.getState()).not.toBe(stateBefore));
    await settle();
    expect(store.getState().connectors.pd!.streams.incidents!.records).toBe(
      stateBefore.connectors.pd!.streams.incidents!.records,
    );
    expect(total(renders)).toBe(rendersBefore);
    expect(total(derives)).toBe(derivesBefore);

    // Control: one ticket acknowledged upstream is drawn, through the same path.
    data = data.map((i) =>
      (i as Incident).id === 'Q1' ? { ...i, status: 'acknowledged' } : i,
    ) as DomainRecord[];
    store.refresh();
    await vi.waitFor(() => expect(port.calls('incidents')).toBe(3));
    await vi.waitFor(() => expect(total(renders)).toBeGreaterThan(rendersBefore));
    expect(total(derives)).toBeGreaterThan(derivesBefore);
    await store.stop();
  });
});
