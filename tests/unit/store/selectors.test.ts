import { describe, expect, it } from 'vitest';
import type { DomainRecord } from '../../../src/domain/model.js';
import { selectPanels, selectRecords } from '../../../src/store/selectors.js';
import { initialState } from '../../../src/store/state.js';
import type {
  AppState,
  Capability,
  ConnectorState,
  StreamName,
  StreamState,
} from '../../../src/store/types.js';
import { at, incident, policy, shift, T0 } from '../domain/records.js';

function streamState(name: StreamName, over: Partial<StreamState> = {}): StreamState {
  return {
    name,
    records: [],
    fetchedAt: T0,
    status: 'ok',
    intervalMs: 10_000,
    nextPollAt: null,
    failures: 0,
    ...over,
  };
}

function connector(
  instance: string,
  capabilities: Capability[],
  streams: Partial<Record<StreamName, Partial<StreamState>>>,
): ConnectorState {
  const out: ConnectorState['streams'] = {};
  for (const [name, over] of Object.entries(streams))
    out[name as StreamName] = streamState(name as StreamName, over);
  return {
    instance,
    pluginId: 'fake',
    displayName: instance,
    capabilities,
    actions: [],
    traits: [],
    health: 'ok',
    streams: out,
  };
}

const state = (...connectors: ConnectorState[]): AppState =>
  initialState({ connectors: Object.fromEntries(connectors.map((c) => [c.instance, c])) });

describe('selectPanels empty states', () => {
  it('says what to configure when no connector has the capability', () => {
    const panels = selectPanels(state(), T0);
    for (const panel of [panels.queue, panels.oncall, panels.sla, panels.compliance]) {
      expect(panel.configured).toBe(false);
      expect(panel.loading).toBe(false);
      expect(panel.sources).toEqual([]);
      expect(panel.hint).toMatch(/connector/i);
    }
    expect(panels.queue.hint).toContain('config.example.yml');
    // Vendor ids stay out of the store (issue 9): the hint names what kind of connector is missing.
    expect(panels.compliance.hint).toContain('endpoint connector');
  });

  it('does not feed the on-call panel from a connector that only reads incidents', () => {
    const panels = selectPanels(state(connector('sn', ['incidents.read'], { incidents: {} })), T0);
    expect(panels.queue.configured).toBe(true);
    expect(panels.oncall.configured).toBe(false);
  });

  it('lists both on-call streams of a PagerDuty-like connector as sources', () => {
    const pd = connector('pd', ['incidents.read', 'oncall.read', 'policies.read'], {
      oncall: {},
      policies: {},
    });
    expect(selectPanels(state(pd), T0).oncall.sources.map((s) => s.stream)).toEqual(['oncall', 'policies']);
  });
});

describe('selectPanels loading and staleness', () => {
  it('is loading while every source is still waiting for its first answer', () => {
    const s = state(
      connector('pd', ['incidents.read'], { incidents: { status: 'loading', fetchedAt: null } }),
    );
    expect(selectPanels(s, T0).queue).toMatchObject({ configured: true, loading: true });
  });

  it('stops loading once any source has answered, even with a failure', () => {
    const s = state(
      connector('a', ['incidents.read'], { incidents: { status: 'loading', fetchedAt: null } }),
      connector('b', ['incidents.read'], { incidents: { status: 'error', fetchedAt: null, error: 'boom' } }),
    );
    const queue = selectPanels(s, T0).queue;
    expect(queue.loading).toBe(false);
    expect(queue.sources.find((x) => x.instance === 'b')).toMatchObject({ status: 'error', error: 'boom' });
  });

  it('flags a source stale only past twice its interval', () => {
    const s = state(
      connector('pd', ['incidents.read'], { incidents: { fetchedAt: T0, intervalMs: 10_000 } }),
    );
    expect(selectPanels(s, T0 + 20_000).queue.sources[0]!.stale).toBe(false);
    expect(selectPanels(s, T0 + 20_001).queue.sources[0]!.stale).toBe(true);
  });
});

describe('selectPanels derivations', () => {
  it('merges incidents from every connector into the queue and SLA views', () => {
    const s = state(
      connector('pd', ['incidents.read'], { incidents: { records: [incident('1', { source: 'pd' })] } }),
      connector('sn', ['incidents.read'], { incidents: { records: [incident('2', { source: 'sn' })] } }),
    );
    const panels = selectPanels(s, T0);
    expect(panels.queue.rows.map((r) => r.key).sort()).toEqual(['pd:1', 'sn:2']);
    expect(panels.sla.items).toHaveLength(2);
  });

  it('applies the on-call policy filter from settings', () => {
    const records: DomainRecord[] = [
      shift('u1', { policyId: 'P-A', policyName: 'A' }),
      shift('u2', { policyId: 'P-B', policyName: 'B' }),
    ];
    const s: AppState = {
      ...state(
        connector('pd', ['oncall.read'], {
          oncall: { records },
          policies: { records: [policy('P-C', 'C')] },
        }),
      ),
    };
    const filtered = { ...s, settings: { ...s.settings, oncall: { policies: ['B', 'P-C'] } } };
    const view = selectPanels(filtered, T0).oncall;
    expect(view.policies.map((p) => p.policyName)).toEqual(['C', 'B']);
    expect(view.uncovered).toEqual(['C']);
  });

  it('uses SLA targets from settings', () => {
    const s = state(
      connector('pd', ['incidents.read'], { incidents: { records: [incident('1', { openedAt: at(-3) })] } }),
    );
    const tight = {
      ...s,
      settings: {
        ...s.settings,
        sla: {
          ...s.settings.sla,
          byUrgency: {
            high: { ackMinutes: 2, resolveMinutes: 9 },
            low: { ackMinutes: 2, resolveMinutes: 9 },
          },
        },
      },
    };
    expect(selectPanels(tight, T0).sla.breached).toBe(1);
    expect(selectPanels(s, T0).sla.breached).toBe(0);
  });
});

describe('selectRecords', () => {
  it('collects one stream across connectors and skips connectors without it', () => {
    const s = state(
      connector('pd', ['incidents.read'], { incidents: { records: [incident('1')] } }),
      connector('x', ['oncall.read'], { oncall: { records: [shift('u')] } }),
    );
    expect(selectRecords(s, 'incidents')).toHaveLength(1);
    expect(selectRecords(s, 'services')).toEqual([]);
  });
});

describe('empty panels name a refused connector (new-user finding)', () => {
  it('shows why the configured connector did not start instead of a generic hint', () => {
    const state = initialState({
      refused: [
        { instance: 'pd-us', plugin: 'pagerduty', reason: 'connectors.pd-us.region: expected "us" or "eu"' },
      ],
    });
    const view = selectPanels(state, 0);
    expect(view.queue.configured).toBe(false);
    expect(view.queue.hint).toBe(
      'pd-us (pagerduty) was not started: connectors.pd-us.region: expected "us" or "eu"',
    );
  });
});
