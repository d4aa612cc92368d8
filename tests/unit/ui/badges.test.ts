import { describe, expect, it } from 'vitest';
import { initialState } from '../../../src/store/state.js';
import type { ConnectorState, StreamState } from '../../../src/store/types.js';
import { connectorBadge, headerBadges, shortReason } from '../../../src/ui/view/badges.js';

const WALL = 10_000_000;

function st(name: StreamState['name'], over: Partial<StreamState> = {}): StreamState {
  return {
    name,
    records: [],
    fetchedAt: WALL - 1_000,
    status: 'ok',
    intervalMs: 10_000,
    nextPollAt: null,
    failures: 0,
    ...over,
  };
}

function c(health: ConnectorState['health'], ...streams: StreamState[]): ConnectorState {
  return {
    instance: 'pd',
    pluginId: 'pagerduty',
    displayName: 'PagerDuty',
    capabilities: ['incidents.read'],
    actions: [],
    traits: [],
    health,
    streams: Object.fromEntries(streams.map((s) => [s.name, s])),
  };
}

const failing = { status: 'backoff' as const, failures: 3, error: '503', errorCode: 'UNAVAILABLE' };

describe('connectorBadge', () => {
  it('paused: what to do and the key, with the reading when stale', () => {
    const paused = st('incidents', {
      status: 'paused',
      failures: 1,
      errorCode: 'FORBIDDEN',
      fetchedAt: WALL - 60_000,
    });
    expect(connectorBadge(c('down', paused), WALL, 'press r')).toEqual({
      instance: 'pd',
      kind: 'error',
      text: 'pd paused: grant access, press r (stale 1m)',
    });
  });

  it('down and stale: both, with the connector reading (its oldest stale stream)', () => {
    const b = connectorBadge(
      c(
        'down',
        st('incidents', { ...failing, fetchedAt: WALL - 35_000, intervalMs: 3_000 }),
        st('oncall', { ...failing, fetchedAt: WALL - 41_000 }),
      ),
      WALL,
    );
    expect(b).toMatchObject({ kind: 'error', text: 'pd down, stale 41s' });
  });

  it('stale with polls succeeding again later (e.g. a hung poll): warn with the reading', () => {
    expect(connectorBadge(c('ok', st('incidents', { fetchedAt: WALL - 25_000 })), WALL)).toMatchObject({
      kind: 'warn',
      text: 'pd stale 25s',
    });
  });

  it('no data from any stream, a failure while others still load, loading, ok', () => {
    const missing = st('incidents', { ...failing, fetchedAt: null });
    expect(connectorBadge(c('down', missing, st('oncall', { ...failing, fetchedAt: null })), WALL).text).toBe(
      'pd no data',
    );
    expect(
      connectorBadge(c('starting', missing, st('oncall', { fetchedAt: null, status: 'loading' })), WALL).text,
    ).toBe('pd degraded');
    expect(
      connectorBadge(c('starting', st('incidents', { fetchedAt: null, status: 'loading' })), WALL),
    ).toMatchObject({
      kind: 'warn',
      text: 'pd loading',
    });
    expect(connectorBadge(c('ok', st('incidents')), WALL)).toMatchObject({ kind: 'ok', text: 'pd' });
  });
});

describe('headerBadges', () => {
  it('keeps a count of config warnings after their toast is gone, naming the status key', () => {
    const state = initialState({
      warnings: ['a', 'b'],
      refused: [{ instance: 'x', plugin: 'y', reason: 'z' }],
    });
    expect(headerBadges(state, WALL, 'press r', 'i').map((b) => b.text)).toEqual([
      'x refused: z (i)',
      '2 config warnings (i)',
    ]);
  });

  it('a refusal shows the start of its reason (issue 11: "throws in setup" said only "refused")', () => {
    const reason =
      'acme setup failed: license server unreachable at https://lic.example.com after 3 tries\nstack…';
    const state = initialState({ refused: [{ instance: 'acme-1', plugin: 'acme', reason }] });
    const [badge] = headerBadges(state, WALL, 'press r', 'i');
    expect(badge?.text).toBe('acme-1 refused: setup failed: license server unreachable at htt… (i)');
    expect(shortReason('', 'x')).toBe('no reason given');
  });
});
