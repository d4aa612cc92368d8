/**
 * Correlation in the cockpit: a row with related records in other sources carries the ⇄ marker
 * (a glyph, not a colour); its detail lists them grouped by source and kind with why each is
 * linked; Enter opens one in the panel that shows its kind, where an action acts on THAT record;
 * Escape walks back to the detail it came from.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Host, Incident, Monitor } from '../../src/domain/model.js';
import { actionsFor, connector, createTestStore, NOW, stream } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const ticket: Incident = {
  kind: 'incident',
  source: 'sn-demo',
  id: 'sys-31',
  key: 'INC0010031',
  title: 'Storage alert raised by monitoring',
  status: 'triggered',
  vendorStatus: 'New',
  priority: 'P1',
  assignees: [],
  openedAt: new Date(NOW - 600_000).toISOString(),
  about: { cis: ['db-7'] },
};

const host: Host = {
  kind: 'host',
  source: 'falcon',
  id: 'aid-7',
  hostname: 'DB-7.prod.acme.internal',
  platform: 'Linux',
  containment: 'normal',
  vendorStatus: 'normal',
  reducedFunctionality: false,
  tags: [],
  lastSeen: new Date(NOW - 60_000).toISOString(),
};
const monitor: Monitor = {
  kind: 'monitor',
  source: 'dd',
  id: '9200042',
  monitorId: '9200042',
  name: '[prod] Disk usage on db-7',
  state: 'alert',
  vendorState: 'Alert',
  type: 'metric alert',
  hosts: ['db-7'],
  tags: [],
  groups: [{ name: 'host:db-7', state: 'alert', vendorState: 'Alert', host: 'db-7', muted: false }],
  muted: false,
  mutes: [],
};

/** Same prefix, another machine: must not be listed. */
const nearMiss: Host = { ...host, id: 'aid-70', hostname: 'db-70' };

function store(withMonitors = false) {
  return createTestStore({
    connectors: {
      ...(withMonitors
        ? {
            dd: connector('dd', {
              pluginId: 'datadog',
              displayName: 'Datadog',
              capabilities: ['monitors.read', 'monitors.mute'],
              actions: actionsFor(['monitors.read', 'monitors.mute']),
              streams: { monitors: stream('monitors', [monitor]) },
            }),
          }
        : {}),
      'pd-demo': connector(),
      'sn-demo': connector('sn-demo', {
        pluginId: 'servicenow',
        displayName: 'ServiceNow',
        streams: { incidents: stream('incidents', [ticket]) },
      }),
      falcon: connector('falcon', {
        pluginId: 'crowdstrike',
        displayName: 'CrowdStrike',
        capabilities: ['endpoints.read', 'endpoints.contain'],
        actions: actionsFor(['endpoints.read', 'endpoints.contain']),
        streams: { hosts: stream('hosts', [host, nearMiss]) },
      }),
    },
  });
}

async function press(r: ReturnType<typeof renderApp>, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame()), r.frame()).toBe(true));
}

const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

/** Move the list's cursor (j) onto the row naming `text`, waiting for each move to show. */
async function selectRow(r: ReturnType<typeof renderApp>, text: string) {
  for (let i = 0; i < 8 && !line(r.frame(), text).includes('▶'); i++) {
    const before = r.frame();
    await press(r, 'j', (f) => f !== before);
  }
  expect(line(r.frame(), text)).toContain('▶');
}

/** Move the related list's cursor (j/k) onto the line naming `text`. */
async function choose(r: ReturnType<typeof renderApp>, text: string) {
  for (let i = 0; i < 6 && !line(r.frame(), text).startsWith('▶'); i++) {
    const before = r.frame();
    await press(r, 'j', (f) => f !== before);
  }
  expect(line(r.frame(), text)).toMatch(/^▶/);
}

describe('related records', () => {
  test('the row of an incident on db-7 is marked; one with no relation is not', async () => {
    const t = store();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4212'));
    expect(line(r.frame(), '#4212')).toContain('⇄');
    expect(line(r.frame(), '#4211')).not.toContain('⇄');
  });

  test('ASCII mode marks with & instead', async () => {
    const t = store();
    const r = renderApp(t.store, { cols: 100, rows: 30, ascii: true });
    await vi.waitFor(() => expect(r.frame()).toContain('#4212'));
    expect(line(r.frame(), '#4212')).toContain('& ');
  });

  test('the detail lists them by source and kind with the reason; Enter opens one; its action acts on it', async () => {
    const t = store();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4212'));
    // Find #4212 in the queue, then open it.
    await selectRow(r, '#4212');
    await press(r, KEY.enter, (f) => f.includes('Related (2)'));
    const f = r.frame();
    expect(line(f, 'INC0010031')).toContain('sn-demo incident');
    expect(line(f, 'INC0010031')).toContain('db-7');
    expect(line(f, 'DB-7.prod.acme.internal')).toContain('falcon host');
    expect(f).not.toContain('db-70');

    // Choose the ticket: Enter opens its detail, and `a` acknowledges IT.
    await choose(r, 'INC0010031');
    await press(r, KEY.enter, (fr) => fr.includes('Incident INC0010031'));
    expect(r.frame()).toContain('Related (2)');
    await press(r, 'a', (fr) => fr.includes('[y] Acknowledge'));
    expect(r.frame()).toContain('INC0010031');
    await press(r, 'y', () => t.calls.length === 1);
    expect(t.calls[0]!.action).toBe('incidents.ack');
    expect(t.calls[0]!.subject.ref).toEqual({ source: 'sn-demo', id: 'sys-31' });

    // Escape goes back to the incident it was opened from, then to the list.
    await press(r, KEY.esc, (fr) => fr.includes('Incident #4212'));
    await choose(r, 'DB-7.prod.acme.internal');
    await press(r, KEY.enter, (fr) => fr.includes('Host DB-7.prod.acme.internal'));
    // Containment is offered on the host (typed confirmation), not on the incident.
    await press(r, 'C', (fr) => fr.includes('Type DB-7.prod.acme.internal to confirm'));
    await press(r, KEY.esc, (fr) => !fr.includes('to confirm') && fr.includes('Host DB-7'));
    await press(r, KEY.esc, (fr) => fr.includes('Incident #4212'));
    await press(r, KEY.esc, (fr) => !fr.includes('Related (') && fr.includes('#4211'));
    expect(t.calls).toHaveLength(1);
  });

  test('a related monitor opens in the Monitors panel detail, where M offers to mute it (keys of its kind)', async () => {
    const t = store(true);
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4212'));
    await selectRow(r, '#4212');
    await press(r, KEY.enter, (f) => f.includes('Related (3)'));
    expect(line(r.frame(), 'monitor 9200042')).toContain('dd monitor');
    await choose(r, 'monitor 9200042');
    await press(r, KEY.enter, (f) => f.includes('Monitor 9200042'));
    expect(r.frame()).toContain('Related (');
    await press(r, 'M', (f) => f.includes('Mute which part of'));
    await press(r, KEY.esc, (f) => !f.includes('Mute which part of') && f.includes('Monitor 9200042'));
    await press(r, KEY.esc, (f) => f.includes('Incident #4212'));
    expect(t.calls).toHaveLength(0);
  });

  test('a record with nothing related shows no list', async () => {
    const t = store();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    await press(r, KEY.enter, (f) => f.includes('Incident #4211'));
    expect(r.frame()).not.toContain('Related (');
    expect(r.frame()).not.toContain('Enter open');
  });

  test('at 80×24 the detail and its related list fit the screen', async () => {
    const t = store();
    const r = renderApp(t.store, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4212'));
    await selectRow(r, '#4212');
    await press(r, KEY.enter, (f) => f.includes('Related (2)'));
    const lines = r.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(r.frame()).toContain('Enter open');
    expect(r.frame()).toContain('? Keys');
    expect(r.frame()).toContain('Title');
  });
});
