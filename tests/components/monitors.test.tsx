/**
 * Issue 13: firing monitors as rows one can reach. The Monitors panel lists Alert, Warn and No
 * Data monitors (muted ones marked, after the unmuted), each with state glyph and word, priority,
 * name, where it fires and until when it is muted, and ⇄ when other sources have records of the
 * same outage; `/` narrows the list. Its detail shows every group's state, the query, the mutes
 * with their end, the link and the related records. Mute and unmute work from the row, from the
 * detail, and on a monitor reached through another record's related list.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Monitor } from '../../src/domain/model.js';
import { actionsFor, connector, createTestStore, NOW, stream } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function monitor(id: string, over: Partial<Monitor> = {}): Monitor {
  return {
    kind: 'monitor',
    source: 'dd',
    id,
    monitorId: id,
    name: `monitor ${id}`,
    state: 'alert',
    vendorState: 'Alert',
    type: 'metric alert',
    hosts: [],
    tags: [],
    groups: [],
    muted: false,
    mutes: [],
    ...over,
  };
}

/** Fires on db-7, which #4212's title names: related. */
const disk = monitor('9001', {
  name: '[prod] Disk usage on db-7',
  priority: 'P1',
  hosts: ['db-7'],
  service: 'payments-db',
  tags: ['service:payments-db', 'env:prod'],
  query: 'avg(last_5m):avg:system.disk.in_use{host:db-7} by {host} > 0.95',
  url: 'https://app.example.test/monitors/9001',
  triggeredAt: iso(NOW - 25 * MIN),
  groups: [{ name: 'host:db-7', state: 'alert', vendorState: 'Alert', host: 'db-7', muted: false }],
});
const cpu = monitor('9002', {
  name: 'checkout CPU',
  priority: 'P3',
  state: 'warn',
  vendorState: 'Warn',
  hosts: ['web-1', 'web-2', 'web-3'],
  groups: [
    { name: 'host:web-1', state: 'warn', vendorState: 'Warn', host: 'web-1', muted: false },
    { name: 'host:web-2', state: 'warn', vendorState: 'Warn', host: 'web-2', muted: false },
    { name: 'host:web-3', state: 'ok', vendorState: 'OK', host: 'web-3', muted: false },
  ],
});
const silent = monitor('9003', { name: 'log intake', state: 'no_data', vendorState: 'No Data' });
const muted = monitor('9004', {
  name: 'nightly batch errors',
  priority: 'P1',
  muted: true,
  mutes: [{ id: 'dt-1', until: iso(NOW + 60 * MIN), message: 'muted by ana' }],
});
const fine = monitor('9005', { name: 'all good here', state: 'ok', vendorState: 'OK' });

function store(monitors: Monitor[] = [muted, silent, cpu, fine, disk]) {
  const caps = ['monitors.read', 'monitors.mute', 'monitors.unmute'] as const;
  return createTestStore({
    connectors: {
      'pd-demo': connector(),
      dd: connector('dd', {
        pluginId: 'datadog',
        displayName: 'Datadog',
        capabilities: [...caps],
        actions: actionsFor([...caps]),
        streams: { monitors: stream('monitors', monitors) },
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
const rowsOf = (frame: string) =>
  frame
    .split('\n')
    .filter((l) => /(Alert|Warn|No data) /.test(l))
    .map((l) => l.match(/(\[prod\] Disk usage on db-7|checkout CPU|log intake|nightly batch errors)/)?.[1]);

describe('the Monitors panel', () => {
  test('lists firing monitors, unmuted and most urgent first, with state, priority, where and muted-until', async () => {
    const r = renderApp(store().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('5 Monitors'));
    await press(r, '5', (f) => f.includes('▶ 5 Monitors') && f.includes('checkout CPU'));
    const f = r.frame();
    expect(rowsOf(f)).toEqual([
      '[prod] Disk usage on db-7',
      'checkout CPU',
      'log intake',
      'nightly batch errors',
    ]);
    expect(f).not.toContain('all good here');
    expect(line(f, 'Disk usage')).toMatch(/▶ ✖ Alert +P1 +⇄ \[prod\] Disk usage on db-7 +db-7/);
    expect(line(f, 'checkout CPU')).toMatch(/▲ Warn +P3 +checkout CPU +2 of 3 groups/);
    expect(line(f, 'log intake')).toMatch(/⚠ No data +— +log intake/);
    expect(line(f, 'nightly batch')).toMatch(/✖ Alert +P1 +nightly batch errors .*muted — 04:12/);
    // Only the related one carries the marker.
    expect(line(f, 'checkout CPU')).not.toContain('⇄');
    // The headline counts what fires, the muted apart.
    expect(f).toMatch(/1 monitor alerting \(P1 1\) · 1 warn · 1 no data · 1 muted/);
  });

  test('`/` narrows by words (host) and fields (p:1, status:muted); no match says so', async () => {
    const r = renderApp(store().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('5 Monitors'));
    await press(r, '5', (f) => f.includes('▶ 5 Monitors') && f.includes('checkout CPU'));
    await press(r, '/', (f) => f.includes('Filter firing monitors'));
    await press(r, 'web-2', (f) => f.includes('> web-2'));
    await press(r, KEY.enter, (f) => f.includes('Filter: web-2 · 1 of 4 monitors'));
    expect(rowsOf(r.frame())).toEqual(['checkout CPU']);
    await press(r, '/', (f) => f.includes('Filter firing monitors'));
    await press(r, '\u0015', (f) => !f.includes('> web-2'));
    await press(r, 'p:1 status:muted', (f) => f.includes('> p:1 status:muted'));
    await press(r, KEY.enter, (f) => f.includes('Filter: p:1 status:muted · 1 of 4'));
    expect(rowsOf(r.frame())).toEqual(['nightly batch errors']);
    await press(r, '/', (f) => f.includes('Filter firing monitors'));
    await press(r, '\u0015', (f) => !f.includes('> p:1 status:muted'));
    await press(r, 'nothing-like-this', (f) => f.includes('> nothing-like-this'));
    await press(r, KEY.enter, (f) => f.includes('No firing monitor matches "nothing-like-this"'));
  });

  test('the detail shows each group, the query, the mute with its end, the link and the related records', async () => {
    const r = renderApp(store().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('5 Monitors'));
    await press(r, '5', (f) => f.includes('▶ 5 Monitors') && f.includes('checkout CPU'));
    await press(r, KEY.enter, (f) => f.includes('Monitor 9001 [prod] Disk usage on db-7'));
    let f = r.frame();
    expect(f).toMatch(/State +✖ Alert .*since 02:47/);
    expect(f).toMatch(/Muted +no \(notifications go out\)/);
    expect(f).toMatch(/Groups +1 of 1 firing/);
    expect(f).toContain('✖ Alert host:db-7');
    expect(f).toContain('system.disk.in_use{host:db-7}');
    expect(f).toContain('https://app.example.test/monitors/9001');
    expect(f).toContain('Related (1)');
    expect(line(f, '#4212')).toContain('pd-demo incident');
    await press(r, KEY.esc, (fr) => fr.includes('▶ 5 Monitors'));
    await press(r, 'j', (fr) => line(fr, 'checkout CPU').includes('▶'));
    await press(r, KEY.enter, (fr) => fr.includes('Monitor 9002 checkout CPU'));
    f = r.frame();
    expect(f).toMatch(/Groups +2 of 3 firing/);
    expect(f).toContain('▲ Warn host:web-1');
    expect(f).toContain('● OK host:web-3');
    expect(f).toMatch(/Query +not given by the source/);
    expect(f).not.toContain('Related (');
    await press(r, KEY.esc, (fr) => fr.includes('▶ 5 Monitors'));
    await press(r, 'G', (fr) => line(fr, 'nightly batch').includes('▶'));
    await press(r, KEY.enter, (fr) => fr.includes('Monitor 9004 nightly batch errors'));
    expect(r.frame()).toMatch(/Muted +yes, whole monitor until 04:12 \(in 60m\) · muted by ana/);
  });

  test('mute from the row asks what and how long, and acts on that monitor; unmute from the detail', async () => {
    const t = store();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('5 Monitors'));
    await press(r, '5', (f) => f.includes('▶ 5 Monitors') && f.includes('checkout CPU'));
    await press(r, 'M', (f) => f.includes('Mute which part of monitor 9001'));
    await press(r, KEY.enter, (f) => f.includes('1. 1 hour'));
    await press(r, KEY.enter, (f) => /\(all groups\) for 1 hour\?/.test(f));
    await press(r, 'y', () => t.calls.length === 1);
    expect(t.calls[0]!.action).toBe('monitors.mute');
    expect(t.calls[0]!.subject.ref).toEqual({ source: 'dd', id: '9001' });
    expect(t.calls[0]!.values).toMatchObject({ group: '*', minutes: '60' });

    await press(r, 'G', (f) => line(f, 'nightly batch').includes('▶'));
    await press(r, KEY.enter, (f) => f.includes('Monitor 9004'));
    expect(r.frame()).toContain('U Unmute');
    await press(r, 'U', (f) => f.includes('Unmute monitor 9004 nightly batch errors?'));
    await press(r, 'y', () => t.calls.length === 2);
    expect(t.calls[1]!.action).toBe('monitors.unmute');
    expect(t.calls[1]!.subject.ref).toEqual({ source: 'dd', id: '9004' });
  });

  test('a monitor reached through an incident’s related list opens in the Monitors panel and mutes', async () => {
    const t = store();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4212'));
    for (let i = 0; i < 8 && !line(r.frame(), '#4212').includes('▶'); i++) {
      const before = r.frame();
      await press(r, 'j', (f) => f !== before);
    }
    await press(r, KEY.enter, (f) => f.includes('Incident #4212') && f.includes('Related ('));
    for (let i = 0; i < 6 && !line(r.frame(), 'monitor 9001').startsWith('▶'); i++) {
      const before = r.frame();
      await press(r, 'j', (f) => f !== before);
    }
    expect(line(r.frame(), 'monitor 9001')).toMatch(/^▶ dd monitor/);
    await press(r, KEY.enter, (f) => f.includes('Monitor 9001 [prod] Disk usage on db-7'));
    await press(r, 'M', (f) => f.includes('Mute which part of monitor 9001'));
    await press(r, KEY.enter, (f) => f.includes('1. 1 hour'));
    await press(r, KEY.enter, (f) => /for 1 hour\?/.test(f));
    await press(r, 'y', () => t.calls.length === 1);
    expect(t.calls[0]!.action).toBe('monitors.mute');
    expect(t.calls[0]!.subject.ref).toEqual({ source: 'dd', id: '9001' });
    await press(r, KEY.esc, (f) => f.includes('Incident #4212'));
  });

  test('nothing firing: the panel says so; hostile names render inert and fit 80×24', async () => {
    const r1 = renderApp(store([fine]).store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r1.frame()).toMatch(/5 Monitors +● no monitor firing/));
    cleanup();
    const evil = monitor('9100', {
      name: 'x\u001B[2J\u001B]52;c;ZXZpbA==\u0007 🔥 café\u202Edb',
      hosts: ['\u001B[31mred'],
      groups: [
        { name: 'host:\u0007bell', state: 'alert', vendorState: 'Alert', host: 'bell\u0000', muted: false },
      ],
    });
    const r = renderApp(store([evil]).store, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(r.frame()).toContain('5 Monitors'));
    await press(r, '5', (f) => f.includes('▶ 5 Monitors') && f.includes('🔥'));
    await press(r, KEY.enter, (f) => f.includes('Monitor 9100'));
    const f = r.frame();
    expect(f).not.toMatch(/\u001B\[2J|\u001B\]52|\u0007|\u0000/);
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
  });
});
