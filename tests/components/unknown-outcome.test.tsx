/**
 * Issue 7, defect 8, as the on-call engineer meets it: an escalation gets no clear answer.
 * The screen must say it may have been applied (never "failed"), the incident is re-read,
 * and pressing `e` again warns with the incident as now read before anyone is paged twice.
 * The real store runs here; only the connector is scripted.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ActionResult, DomainRecord, Incident } from '../../src/domain/model.js';
import type { ActionInput, ConnectorPort } from '../../src/host/port.js';
import { emptyStats } from '../../src/host/stats.js';
import type { StreamName } from '../../src/plugin-api/index.js';
import type { AuditEntry } from '../../src/store/audit.js';
import { type CockpitStore, createCockpitStore } from '../../src/store/scheduler.js';
import { displayWidth } from '../../src/ui/text/fit.js';
import { ALL_CAPS, actionsFor, from, INCIDENTS, NOW, POLICIES, SHIFTS } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
/** Generous: a loaded 2-core machine renders slowly, and nothing here depends on speed. */
const SLOW_OK = { timeout: 5_000 };
let store: CockpitStore | undefined;
afterEach(async () => {
  cleanup();
  await store?.stop();
  store = undefined;
});

/**
 * A PagerDuty-like connector whose escalation write "times out" after the vendor applied it:
 * from then on its incidents feed shows #4211 at level 2, assigned to the level-2 responder.
 */
function slowVendor() {
  let escalated = false;
  const reads: StreamName[] = [];
  const writes: ActionInput[] = [];
  const incidents = (): Incident[] =>
    from('pd', INCIDENTS).map((i) =>
      escalated && i.id === 'Q1' ? { ...i, escalationLevel: 2, assignees: ['Bob Builder'] } : i,
    );
  const port: ConnectorPort = {
    instance: 'pd',
    pluginId: 'pagerduty',
    displayName: 'PagerDuty',
    capabilities: ALL_CAPS,
    streams: ['incidents', 'oncall', 'policies'],
    actions: actionsFor(ALL_CAPS),
    traits: [],
    stats: () => emptyStats(),
    describeActions: async () => actionsFor(ALL_CAPS),
    async fetch(stream) {
      reads.push(stream);
      const records: Record<string, DomainRecord[]> = {
        incidents: incidents(),
        oncall: from('pd', SHIFTS),
        policies: from('pd', POLICIES),
      };
      return records[stream] ?? [];
    },
    async act(input): Promise<ActionResult> {
      writes.push(input);
      escalated = true; // applied…
      // …but the answer never came back in time.
      throw Object.assign(new Error('PagerDuty PUT /incidents/Q1 got no answer (ETIMEDOUT)'), {
        code: 'OUTCOME_UNKNOWN',
      });
    },
    health: async () => ({ ok: true, detail: 'fine' }),
    dispose: async () => {},
  };
  return { port, reads, writes };
}

async function press(r: ReturnType<typeof renderApp>, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame())).toBe(true), SLOW_OK);
}

describe('an escalation with no clear answer', () => {
  test('says it may have been applied, re-reads #4211, and the repeat dialog warns with its state', async () => {
    const audit: AuditEntry[] = [];
    const vendor = slowVendor();
    store = createCockpitStore({
      ports: [vendor.port],
      clock: { now: () => NOW },
      actor: 'ana',
      audit: (e) => void audit.push(e),
    });
    await store.firstLoad();
    const r = renderApp(store, { cols: 120, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'), SLOW_OK);

    await press(r, 'e', (f) => f.includes('[y] Escalate'));
    expect(r.frame()).toContain('From level 1 (Ana Example) to level 2');
    const readsBefore = vendor.reads.filter((s) => s === 'incidents').length;
    await press(r, 'y', (f) => /may have applied it/.test(f));
    const toast = r.frame();
    expect(toast).toContain('Escalate #4211: no clear answer, so pd may have applied it');
    expect(toast).not.toMatch(/failed/i);
    expect(audit.map((e) => e.phase)).toEqual(['intent', 'unknown']);

    // Re-read: the incident now shows what the vendor did.
    await vi.waitFor(
      () => expect(vendor.reads.filter((s) => s === 'incidents').length).toBeGreaterThan(readsBefore),
      SLOW_OK,
    );
    await vi.waitFor(
      () =>
        expect(store!.getState().connectors.pd?.streams.incidents?.records).toContainEqual(
          expect.objectContaining({ id: 'Q1', escalationLevel: 2 }),
        ),
      SLOW_OK,
    );

    // Pressing e again: a warning first, with the incident as now read, and "again" on the button.
    await press(r, 'e', (f) => f.includes('[y] Escalate again'));
    // The warning wraps inside the dialog's border: read it as one text.
    const dialog = r.frame().replace(/[║│]/g, ' ').replace(/\s+/g, ' ');
    expect(dialog).toContain('Escalate #4211');
    expect(dialog).toContain('again?');
    expect(dialog).toContain(
      'Your escalation of #4211 to level 2 at 03:12:45 got no clear answer and may have been applied.',
    );
    expect(dialog).toContain(
      'As read at 03:12:45 it is triggered, at level 2 of Checkout EP, assigned to Bob Builder.',
    );
    // Cancel is still the default: Enter sends nothing.
    await press(r, KEY.enter, (f) => !f.includes('[y] Escalate again'));
    expect(vendor.writes).toHaveLength(1);
  });

  test('at 80×24 the warning wraps and the dialog, buttons included, still fits', async () => {
    const vendor = slowVendor();
    store = createCockpitStore({ ports: [vendor.port], clock: { now: () => NOW } });
    await store.firstLoad();
    const r = renderApp(store, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'), SLOW_OK);
    await press(r, 'e', (f) => f.includes('[y] Escalate'));
    await press(r, 'y', (f) => /may have applied it/.test(f));
    await press(r, 'e', (f) => f.includes('[y] Escalate again'));
    const lines = r.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(r.frame()).toContain('may have been applied');
  });

  test('an ordinary first escalation has no warning', async () => {
    const vendor = slowVendor();
    store = createCockpitStore({ ports: [vendor.port], clock: { now: () => NOW } });
    await store.firstLoad();
    const r = renderApp(store, { cols: 120, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'), SLOW_OK);
    await press(r, 'e', (f) => f.includes('[y] Escalate'));
    expect(r.frame()).not.toMatch(/again|may have been applied/);
  });
});
