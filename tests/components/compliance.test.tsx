/**
 * The endpoint compliance panel and host containment at the component level: the panel at
 * 80×24 and 120×40, the filter, the host detail with each rule's verdict, and the typed
 * confirmation of a containment (a wrong name contains nothing; --read-only refuses).
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Host } from '../../src/domain/model.js';
import { DEFAULT_PANEL_SETTINGS } from '../../src/domain/settings.js';
import { selectPanels } from '../../src/store/selectors.js';
import type { AppState, ConnectorState } from '../../src/store/types.js';
import { NowContext } from '../../src/ui/hooks/use-now.js';
import { compliancePanel } from '../../src/ui/panels/CompliancePanel.js';
import { displayWidth } from '../../src/ui/text/fit.js';
import {
  actionsFor,
  connector,
  createTestStore,
  fixtureState,
  NOW,
  stream,
} from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, render, renderApp, settle, stripAnsi } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function host(id: string, over: Partial<Host> = {}): Host {
  return {
    kind: 'host',
    source: 'edr',
    id,
    hostname: `host-${id}`,
    platform: 'Windows',
    os: 'Windows 11',
    sensorVersion: '7.19.18811.0',
    lastSeen: iso(NOW - 60_000),
    containment: 'normal',
    vendorStatus: 'normal',
    reducedFunctionality: false,
    prevention: { id: 'p1', name: 'Workstations', applied: true },
    sensorUpdate: { id: 's1', name: 'Windows n-1', applied: true, targetVersion: '7.19.18811' },
    ztaScore: 80,
    tags: ['FalconGroupingTags/prod'],
    ...over,
  };
}

const FLEET: Host[] = [
  ...Array.from({ length: 30 }, (_, i) =>
    host(`ok${i}`, { hostname: `WS-OK-${String(i).padStart(2, '0')}` }),
  ),
  host('w1', { hostname: 'WS-FIN-042', sensorVersion: '7.16.1', ztaScore: 20 }),
  host('w2', { hostname: 'ws-hr-007.corp.acme.internal', lastSeen: iso(NOW - 12 * DAY) }),
  host('m1', { hostname: 'MBP-ana', platform: 'Mac', reducedFunctionality: true }),
  host('l1', {
    hostname: 'db-07',
    platform: 'Linux',
    prevention: { id: 'p2', name: 'Linux Servers', applied: false },
  }),
  host('c1', {
    hostname: 'WS-SUSPECT-1',
    containment: 'contained',
    ztaScore: undefined,
    sensorVersion: '7.1',
  }),
];

function edr(hosts: Host[] = FLEET, over: Partial<ConnectorState> = {}): ConnectorState {
  const capabilities = ['endpoints.read', 'endpoints.contain', 'endpoints.lift'] as const;
  return connector('edr', {
    pluginId: 'edr-fixture',
    displayName: 'EDR',
    capabilities: [...capabilities],
    actions: actionsFor([...capabilities]),
    streams: { hosts: stream('hosts', hosts) },
    ...over,
  });
}

const state = (hosts?: Host[]): AppState =>
  fixtureState({ connectors: { 'pd-demo': connector(), edr: edr(hosts) } });

function body(s: AppState, width: number, height: number, filter = '') {
  const view = selectPanels(s, NOW).compliance;
  const r = render(
    <NowContext.Provider value={{ now: NOW, real: NOW }}>
      <compliancePanel.Body
        view={view}
        number={3}
        focused
        width={width}
        height={height}
        selected={0}
        filter={filter}
      />
    </NowContext.Provider>,
    { cols: width, rows: height },
  );
  return stripAnsi(r.lastFrame());
}

describe('Endpoint compliance panel', () => {
  test.each([
    [80, 24],
    [120, 40],
  ])(
    'at %i×%i: share with bar, failing rules ranked, platforms, stalest, worst hosts first; fits',
    (w, h) => {
      const f = body(state(), w, h);
      const lines = f.split('\n');
      expect(lines.length).toBeLessThanOrEqual(h);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(w);
      expect(f).toMatch(/Compliant 85\.7% · [█░]+ · 30\/35 hosts/);
      expect(f).toContain('Failing: sensor 2 · stale 1');
      expect(f).toMatch(/Platforms: Windows 33 \(90\.9%\) · Linux 1 \(0%\)/);
      expect(f).toContain('Stalest: ws-hr-007');
      // Worst first: the contained suspect fails sensor only, WS-FIN-042 fails sensor and ZTA.
      const rows = lines.filter((l) => /WS-|ws-|MBP|db-07/.test(l) && !l.includes('Stalest'));
      expect(rows[0]).toContain('WS-FIN-042');
      expect(rows[0]).toContain('sensor, ZTA');
      expect(f).toContain('⚠ contained');
    },
  );

  test('the filter narrows by platform, rule, tag and name, and says how many match', () => {
    expect(body(state(), 120, 40, 'platform:win')).toMatch(/Filter: platform:win · 3 hosts failing/);
    expect(body(state(), 120, 40, 'tag:prod all')).toMatch(/Filter: tag:prod all · 35 hosts /);
    const mac = body(state(), 120, 40, 'platform:mac');
    expect(mac).toContain('MBP-ana');
    expect(mac).not.toContain('WS-FIN-042');
    expect(body(state(), 120, 40, 'rule:stale')).toContain('ws-hr-007');
    expect(body(state(), 120, 40, 'rule:prevention')).toContain('db-07');
    expect(body(state(), 120, 40, 'nothing-like-this')).toContain('No non-compliant host matches');
  });

  test('no hosts yet, and an unconfigured panel, say so', () => {
    expect(body(state([]), 80, 24)).toContain('No hosts reported');
    const f = body(fixtureState(), 80, 24);
    expect(f).toContain('needs an endpoint connector');
  });

  test('hostile host names are cleaned and never widen a row', () => {
    const f = body(
      state([
        host('x', {
          hostname: '\u001b[31mEVIL\u001b]0;pwn\u0007-工作站-07-very-long-name-that-goes-on',
          sensorVersion: '1',
        }),
      ]),
      80,
      24,
    );
    expect(f).not.toContain('\u001b]0;');
    for (const line of f.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });
});

type R = ReturnType<typeof renderApp>;
async function press(r: R, key: string, until: (f: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame()), r.frame()).toBe(true));
}
async function type(r: R, text: string) {
  await settle();
  for (const ch of text) r.stdin.write(ch);
}

describe('filter, detail and containment through the keyboard', () => {
  async function openFinHost(r: R) {
    await press(r, '3', (f) => /▶ 3 Endpoint compliance/.test(f));
    await press(r, '/', (f) => f.includes('Filter non-compliant hosts'));
    await type(r, 'platform:windows rule:zta');
    await vi.waitFor(() => expect(r.frame()).toContain('> platform:windows rule:zta'));
    await press(r, KEY.enter, (f) => f.includes('Filter: platform:windows rule:zta · 1 host failing'));
    await press(r, KEY.enter, (f) => f.includes('Host WS-FIN-042'));
  }

  test('the detail shows each rule with the value that decided it, policies and containment', async () => {
    const t = createTestStore({ connectors: { edr: edr() }, settings: DEFAULT_PANEL_SETTINGS });
    const r = renderApp(t.store, { cols: 120, rows: 40 });
    await openFinHost(r);
    const f = r.frame();
    expect(f).toMatch(/Containment +not contained/);
    expect(f).toMatch(/Compliance +✖ fails 2 rules/);
    expect(f).toMatch(/Sensor current +✖ FAIL · 7\.16\.1 < 7\.19\.18811 \(policy target\)/);
    expect(f).toMatch(/Zero trust +✖ FAIL · 20 < 50/);
    expect(f).toMatch(/Seen recently +● pass · last seen within the last minute/);
    expect(f).toMatch(/Policy applied +● pass · Workstations applied/);
    expect(f).toMatch(/Last seen +03:11 \(1m ago\)/);
    expect(f).toMatch(/Prevention +Workstations · applied/);
    expect(f).toMatch(/Sensor update +Windows n-1 · applied · targets 7\.19\.18811/);
  });

  test('an unknown filter word is refused with the words that work, and the field stays open', async () => {
    const t = createTestStore({ connectors: { edr: edr() } });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await press(r, '3', (f) => /▶ 3 Endpoint compliance/.test(f));
    await press(r, '/', (f) => f.includes('Filter non-compliant hosts'));
    await type(r, 'rule:bogus');
    await vi.waitFor(() => expect(r.frame()).toContain('> rule:bogus'));
    await press(r, KEY.enter, (f) => f.includes('No rule "bogus"'));
    expect(r.frame()).toContain('Filter non-compliant hosts');
  });

  test('contain asks for the host name: y does not confirm, a wrong name contains nothing, the right one does', async () => {
    const t = createTestStore({ connectors: { edr: edr() } });
    const r = renderApp(t.store, { cols: 120, rows: 40 });
    await openFinHost(r);
    await press(r, 'C', (f) => f.includes('Type WS-FIN-042 to confirm:'));
    expect(r.frame()).toContain('Contain WS-FIN-042');
    expect(r.frame()).toContain('only its sensor keeps talking to the vendor');
    await type(r, 'y');
    await vi.waitFor(() => expect(r.frame()).toContain('Type WS-FIN-042 to confirm: y'));
    await press(r, KEY.enter, (f) => f.includes('Type WS-FIN-042 exactly to confirm (Esc cancels).'));
    expect(t.calls).toHaveLength(0);
    r.stdin.write('\u0015');
    await type(r, 'WS-FIN-043');
    await vi.waitFor(() => expect(r.frame()).toContain('confirm: WS-FIN-043'));
    r.stdin.write(KEY.enter);
    await vi.waitFor(() => expect(r.frame()).toContain('Type WS-FIN-042 exactly'));
    expect(t.calls).toHaveLength(0);
    r.stdin.write('\u0015');
    await type(r, 'WS-FIN-042');
    await vi.waitFor(() => expect(r.frame()).toContain('confirm: WS-FIN-042'));
    r.stdin.write(KEY.enter);
    await vi.waitFor(() => expect(t.calls).toHaveLength(1));
    expect(t.calls[0]).toMatchObject({
      action: 'endpoints.contain',
      subject: { label: 'WS-FIN-042', kind: 'host' },
    });
  });

  test('Esc at the typed confirmation contains nothing; read-only refuses before asking', async () => {
    const t = createTestStore({ connectors: { edr: edr() } });
    const r = renderApp(t.store, { cols: 120, rows: 40 });
    await openFinHost(r);
    await press(r, 'C', (f) => f.includes('Type WS-FIN-042 to confirm:'));
    await press(r, KEY.esc, (f) => !f.includes('Type WS-FIN-042 to confirm:'));
    expect(t.calls).toHaveLength(0);
    cleanup();
    const ro = createTestStore({ connectors: { edr: edr() } });
    const r2 = renderApp(ro.store, { cols: 120, rows: 40, readOnly: true });
    await openFinHost(r2);
    await press(r2, 'C', (f) => f.includes('Read-only mode: cannot contain hosts'));
    expect(ro.calls).toHaveLength(0);
  });

  test('lift containment is a plain danger confirm on a contained host', async () => {
    const t = createTestStore({ connectors: { edr: edr() } });
    const r = renderApp(t.store, { cols: 120, rows: 40 });
    await press(r, '3', (f) => /▶ 3 Endpoint compliance/.test(f));
    await press(r, '/', (f) => f.includes('Filter non-compliant hosts'));
    await type(r, 'SUSPECT');
    await vi.waitFor(() => expect(r.frame()).toContain('> SUSPECT'));
    await press(r, KEY.enter, (f) => f.includes('Filter: SUSPECT · 1 host failing'));
    await press(r, 'L', (f) => f.includes('Lift containment of WS-SUSPECT-1'));
    await press(r, 'y', () => t.calls.length === 1);
    expect(t.calls[0]).toMatchObject({ action: 'endpoints.lift' });
  });
});
