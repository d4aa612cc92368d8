/**
 * Issue 11 item 3: a first poll that does not answer is "not answering for N s" after
 * NOT_ANSWERING_MS, in the header badge, the panel reading and the status view, with N
 * moving with the clock; the port's stats reach the state after every poll.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainRecord } from '../../../src/domain/model.js';
import { NOT_ANSWERING_MS, notAnsweringMs } from '../../../src/store/freshness.js';
import { type CockpitStore, createCockpitStore } from '../../../src/store/scheduler.js';
import { PANEL_NEEDS, panelSources } from '../../../src/store/selectors.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import { connectorBadge } from '../../../src/ui/view/badges.js';
import { panelReading } from '../../../src/ui/view/freshness-text.js';
import { statusLines } from '../../../src/ui/view/status-lines.js';
import { incident } from '../domain/records.js';
import { deferred, fakePort } from './fake-port.js';

const g = createTheme().glyph;
let store: CockpitStore | undefined;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(async () => {
  await store?.stop();
  store = undefined;
  vi.useRealTimers();
});

describe('a first poll that does not answer', () => {
  it('reads "loading" first, then "not answering for N s" with N following the clock, then clears', async () => {
    const answer = deferred<DomainRecord[]>();
    let calls = 0;
    const port = fakePort('pd', {
      fetch: () => {
        calls++;
        return answer.promise;
      },
    });
    port.stats = () => ({
      requests: calls,
      httpFailures: 0,
      rateLimit: null,
      operations: { listIncidents: { calls, failures: 0, lastMs: 1, p50Ms: 1, maxMs: 1 } },
      dropped: {},
      lastError: null,
    });
    store = createCockpitStore({ ports: [port], clock: { now: () => Date.now() } });
    store.start();
    const started = Date.now();
    const c = () => store!.getState().connectors.pd!;
    expect(c().streams.incidents?.pollStartedAt).toBe(started);

    const at = (ms: number) => {
      const real = started + ms;
      return {
        badge: connectorBadge(c(), real).text,
        panel: panelReading(panelSources(store!.getState(), PANEL_NEEDS.queue, real), real, g)?.text,
        status: statusLines(store!.getState(), [], { width: 100, real, g, retry: 'press r' })
          .map((l) => l.text)
          .join('\n'),
      };
    };
    expect(at(NOT_ANSWERING_MS - 1)).toMatchObject({ badge: 'pd loading', panel: `loading${g.ellipsis}` });
    expect(at(7_000)).toMatchObject({
      badge: 'pd not answering for 7s',
      panel: `${g.stale} not answering for 7s`,
    });
    expect(at(7_000).status).toContain('incidents: loading · not answering for 7s');
    expect(at(12_000).badge).toBe('pd not answering for 12s');

    answer.resolve([incident('1')]);
    await vi.waitFor(() => expect(c().streams.incidents?.status).toBe('ok'));
    expect(c().streams.incidents?.pollStartedAt).toBeUndefined();
    expect(at(12_000).badge).toBe('pd');
    // The port's stats were copied into state when the poll settled.
    expect(c().stats?.operations.listIncidents?.calls).toBe(1);
  });

  it('a failed first poll is "no data", not "not answering"', () => {
    const s = {
      name: 'incidents' as const,
      records: [],
      fetchedAt: null,
      status: 'error' as const,
      error: 'refused',
      intervalMs: 1000,
      nextPollAt: null,
      failures: 1,
      pollStartedAt: 0,
    };
    expect(notAnsweringMs(s, 60_000)).toBeNull();
    expect(notAnsweringMs({ ...s, error: undefined, status: 'loading' }, 60_000)).toBe(60_000);
    expect(
      notAnsweringMs({ ...s, error: undefined, status: 'loading', pollStartedAt: undefined }, 60_000),
    ).toBeNull();
  });

  it('while the plugin still sets up in its thread the status view says so; the badge tells the same story', async () => {
    const setup = deferred<void>();
    const answer = deferred<DomainRecord[]>();
    const port = fakePort('pd', { fetch: () => answer.promise });
    port.ready = setup.promise;
    store = createCockpitStore({ ports: [port], clock: { now: () => Date.now() } });
    store.start();
    const started = Date.now();
    const c = () => store!.getState().connectors.pd!;
    const status = (ms: number) =>
      statusLines(store!.getState(), [], { width: 120, real: started + ms, g, retry: 'press r' })
        .map((l) => l.text)
        .join('\n');
    expect(c().settingUp).toBe(true);
    expect(status(1_000)).toContain('incidents: loading · plugin setting up');
    expect(status(7_000)).toContain(
      'incidents: loading · not answering for 7s (its plugin is still setting up)',
    );
    expect(connectorBadge(c(), started + 7_000).text).toBe('pd not answering for 7s');

    setup.resolve();
    await vi.waitFor(() => expect(c().settingUp).toBeUndefined());
    // Set up, the poll now waits on the plugin's call: the same words, without the setup note.
    expect(status(8_000)).toContain('incidents: loading · not answering for 8s');
    expect(status(8_000)).not.toContain('setting up');
    answer.resolve([incident('1')]);
    await vi.waitFor(() => expect(c().streams.incidents?.status).toBe('ok'));
  });
});
