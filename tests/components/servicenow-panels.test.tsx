import { afterEach, describe, expect, test, vi } from 'vitest';
import { createSnStore, SN_INCIDENTS, SN_SLAS, snConnector } from '../helpers/fixture-servicenow.js';
import { createTestStore, stream } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

type R = ReturnType<typeof renderApp>;

async function press(r: R, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame())).toBe(true));
}

const slaRows = (f: string) => f.split('\n').filter((l) => /INC\d{7} +(sla|paused)/.test(l));

async function slaPanel(opts: { cols?: number; rows?: number; withPagerDuty?: boolean } = {}) {
  const t = createSnStore({ withPagerDuty: opts.withPagerDuty ?? false });
  const r = renderApp(t.store, { cols: opts.cols ?? 80, rows: opts.rows ?? 24 });
  await vi.waitFor(() => expect(r.frame()).toContain('INC0010001'));
  await press(r, '4', (f) => f.includes('▶ 4 SLA risk'));
  return { t, r };
}

describe('SLA risk panel with ServiceNow clocks', () => {
  test('breached first, running by time left, paused last and not counting down', async () => {
    const { r } = await slaPanel();
    const rows = slaRows(r.frame());
    expect(rows.map((l) => /INC\d{7}/.exec(l)![0])).toEqual([
      'INC0010001',
      'INC0010002',
      'INC0010099',
      'INC0010003',
    ]);
    expect(rows[0]).toMatch(/sla +✖ breached 10m ago +█+ 108%/);
    expect(rows[1]).toMatch(/sla +● 30m left/);
    expect(rows[3]).toMatch(/paused +paused · 1h20m left +██░+ 40%/);
    expect(rows[0]).toContain('P1 resolution');
  });

  test('the headline counts paused clocks and names the next running one', async () => {
    const { r } = await slaPanel();
    expect(r.frame()).toContain(
      '✖ 1 breached · ▲ 0 at risk · 1 paused · 4 tracked · next: INC0010002 30m left',
    );
  });

  test('assignee and group show when the panel is wide', async () => {
    // Wide but short: the focus layout gives SLA risk the full width.
    const { r } = await slaPanel({ cols: 140, rows: 30 });
    const rows = slaRows(r.frame());
    expect(rows.find((l) => l.includes('INC0010002'))).toContain('Beth Agent / Service Desk');
    expect(rows.find((l) => l.includes('INC0010099'))).toContain('Field Services');
  });

  test('Enter on an SLA row shows the clock: name, stage, planned end, elapsed, ticket, owner', async () => {
    const { r } = await slaPanel({ cols: 100, rows: 30 });
    await press(r, KEY.down, (f) => slaRows(f)[1]?.includes('▶') === true);
    await press(r, KEY.down, (f) => slaRows(f)[2]?.includes('▶') === true);
    await press(r, KEY.down, (f) => slaRows(f)[3]?.includes('▶') === true);
    await press(r, KEY.enter, (f) => f.includes('SLA INC0010003 · P3 resolution (3 day)'));
    const f = r.frame();
    expect(f).toMatch(/Stage +paused \(ticket on hold\) \(vendor: paused\)/);
    expect(f).toMatch(/Planned end +04:32 · paused · 1h20m left/);
    expect(f).toMatch(/Elapsed +██░░░░ 40%/);
    expect(f).toMatch(/Counted in +wall-clock time/);
    expect(f).not.toContain('Business left');
    expect(f).toMatch(/Ticket +INC0010003 Printer jam on level 3/);
    expect(f).toMatch(/Assignee +Beth Agent/);
    expect(f).toMatch(/Group +Service Desk/);
    await press(r, KEY.esc, (fr) => slaRows(fr).length === 4);
  });
});

describe('an SLA clock with a business schedule (issue 8)', () => {
  test('shows the business-hours share it is measured in and the schedule time left', async () => {
    // The running P2 response clock, bound to an 8-5 schedule: 25 % of business time used, although
    // half of its real-time window has passed.
    const slas = SN_SLAS.map((c) =>
      c.id === 'c2'
        ? { ...c, percentElapsed: 25, schedule: '8-5 weekdays', businessTimeLeftMs: 45 * 60_000 }
        : c,
    );
    const conn = snConnector('sn-prod', {
      streams: { incidents: stream('incidents', SN_INCIDENTS), slas: stream('slas', slas) },
    });
    const t = createTestStore({ connectors: { 'sn-prod': conn } });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('INC0010001'));
    await press(r, '4', (f) => f.includes('▶ 4 SLA risk'));
    expect(slaRows(r.frame()).find((l) => l.includes('INC0010002'))).toMatch(/ 25%/);
    await press(r, KEY.down, (f) => slaRows(f)[1]?.includes('▶') === true);
    await press(r, KEY.enter, (f) => f.includes('SLA INC0010002 · P2 response (1 hour)'));
    const f = r.frame();
    expect(f).toMatch(/Elapsed +█+░+ 25%/);
    expect(f).toMatch(/Counted in +business hours of 8-5 weekdays \(ServiceNow business %\)/);
    expect(f).toMatch(/Business left +45m of schedule time/);
  });
});

describe('actions from the SLA panel', () => {
  test('m on an SLA row acts on its ticket', async () => {
    const { t, r } = await slaPanel();
    await press(r, KEY.down, (f) => slaRows(f)[1]?.includes('▶') === true);
    await press(r, 'm', (f) => f.includes('Assign INC0010002 VPN drops'));
    await press(r, 'y', (f) => f.includes('Assigned INC0010002'));
    expect(t.calls[0]).toMatchObject({ action: 'incidents.assign', subject: { ref: { id: 's2' } } });
  });

  test('s works from an SLA detail too', async () => {
    const { t, r } = await slaPanel({ cols: 100, rows: 30 });
    await press(r, KEY.enter, (f) => f.includes('SLA INC0010001'));
    await press(r, 's', (f) => f.includes('Change state of INC0010001'));
    await press(r, '1', (f) => f.includes('[y] Change state'));
    await press(r, 'y', (f) => f.includes('Updated INC0010001'));
    expect(t.calls[0]).toMatchObject({ action: 'incidents.state', values: { state: 'in_progress' } });
  });

  test('a row whose ticket is not in the feed refuses with a message', async () => {
    const { t, r } = await slaPanel();
    await press(r, KEY.down, (f) => slaRows(f)[1]?.includes('▶') === true);
    await press(r, KEY.down, (f) => slaRows(f)[2]?.includes('▶') === true);
    await press(r, 'm', (f) => f.includes('INC0010099 is not in the incidents feed: cannot assign tickets.'));
    expect(r.frame()).not.toContain('[y]');
    expect(t.calls).toHaveLength(0);
  });
});

describe('capability gating', () => {
  test('a PagerDuty incident does not offer m or s; the keys are refused with the connector message', async () => {
    const t = createSnStore({ withPagerDuty: true });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    // INC0010001 (P1, 2h10m old) sorts first; the PagerDuty P1 #4211 is the next row.
    await vi.waitFor(() => expect(r.frame()).toContain('▶ ▲ TRIG INC0010001'));
    await press(r, KEY.down, (f) => f.includes('▶ ▲ TRIG #4211'));
    expect(r.frame()).not.toContain('Assign to me');
    expect(r.frame()).toContain('a Ack');
    await press(r, 'm', (f) => f.includes('pd-demo cannot assign tickets. Instead: a Acknowledge'));
    await press(r, 's', (f) => f.includes('pd-demo cannot change ticket states. Instead: a Acknowledge'));
    expect(t.calls).toHaveLength(0);
  });

  test('a ServiceNow ticket offers m and s but not Ack', async () => {
    const t = createSnStore({ withPagerDuty: true });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('▶ ▲ TRIG INC0010001'));
    expect(r.frame()).toContain('m Assign to me');
    expect(r.frame()).toContain('s State…');
    expect(r.frame()).not.toContain('a Ack');
  });

  test('a on a ServiceNow ticket points to m and s; ? lists a, dimmed, with the same pointer', async () => {
    const t = createSnStore({ withPagerDuty: true });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('▶ ▲ TRIG INC0010001'));
    await press(r, 'a', (f) => f.includes('cannot acknowledge. Instead: m Assign to me, s Change state'));
    expect(r.frame()).not.toContain('lacks');
    await press(r, '?', (f) => f.includes('Esc closes'));
    expect(r.frame()).toMatch(/ a +Acknowledge/);
    expect(r.frame()).toMatch(/\(not on sn-\S+: use m Assign to me\)/);
    expect(r.frame()).toMatch(/ m +Assign to me/);
    expect(t.calls).toHaveLength(0);
  });
});

describe('queue groups', () => {
  test('ServiceNow queues show the worst group, hold reasons, reopened and MTTR', async () => {
    const t = createSnStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('INC0010001'));
    const f = r.frame();
    expect(f).toContain('Service Desk: P1 1 · P2 1 · On Hold 1 · unassigned 1 (oldest 2h10m)');
    expect(f).toContain('MTTR 1h30m (2 resolved) · reopened 1 · On hold: Awaiting Caller 1');
    expect(f).toContain('Network: P2 1');
    expect(f.indexOf('Service Desk:')).toBeLessThan(f.indexOf('Network:'));
  });

  test('PagerDuty alone shows no group lines', async () => {
    const { createTestStore } = await import('../helpers/fixture-store.js');
    const r = renderApp(createTestStore().store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    expect(r.frame()).not.toContain('MTTR');
  });

  test('a short screen keeps only the worst group line', async () => {
    const t = createSnStore();
    const r = renderApp(t.store, { cols: 80, rows: 17 });
    await vi.waitFor(() => expect(r.frame()).toContain('INC0010001'));
    expect(r.frame()).toContain('Service Desk: P1 1');
    expect(r.frame()).not.toContain('Network: P2');
    expect(r.frame()).not.toContain('MTTR');
  });
});

describe('frames fit', () => {
  test.each([
    [80, 24],
    [100, 30],
    [160, 48],
  ])('%i×%i: every ServiceNow screen fits', async (cols, rows) => {
    const fitsIn = (r: R) => () => {
      const lines = r.frame().split('\n');
      expect(lines.length).toBeLessThanOrEqual(rows);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(cols);
    };
    // Beside PagerDuty: both vendors' rows in one queue and one SLA list.
    const mixed = renderApp(createSnStore({ withPagerDuty: true }).store, { cols, rows });
    await vi.waitFor(() => expect(mixed.frame()).toContain('#4211'));
    fitsIn(mixed)();
    await press(mixed, '4', (f) => f.includes('▶ 4 SLA risk'));
    fitsIn(mixed)();
    mixed.unmount();

    const r = renderApp(createSnStore().store, { cols, rows });
    const fits = fitsIn(r);
    await vi.waitFor(() => expect(r.frame()).toContain('INC0010001'));
    fits();
    await press(r, '4', (f) => f.includes('▶ 4 SLA risk'));
    fits();
    await press(r, KEY.enter, (f) => f.includes('SLA INC0010001'));
    fits();
    await press(r, 's', (f) => f.includes('1. In Progress'));
    fits();
    await press(r, '3', (f) => f.includes('6. User error'));
    fits();
    await press(r, '1', (f) => f.includes('Close notes for'));
    fits();
  });
});

describe('status words for tickets', () => {
  test('an On Hold ticket reads HOLD, not ACK: it waits on someone else', async () => {
    const t = createSnStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toMatch(/HOLD +INC0010003/));
    expect(r.frame()).toMatch(/ACK +INC0010002/);
  });
});

// User trial: at 60x16 the state chooser over a detail view drew the first field over the
// detail's title ("║Titleident INC00Email down…"): the title row was shrunk away.
describe('a dialog over a detail view in a short terminal', () => {
  test('the detail keeps its title row and each field its own row', async () => {
    const t = createSnStore();
    const r = renderApp(t.store, { cols: 60, rows: 16 });
    await vi.waitFor(() => expect(r.frame()).toContain('INC0010001'));
    await press(r, KEY.enter, (f) => f.includes('Incident INC0010001'));
    await press(r, 's', (f) => f.includes('Change state of INC0010001'));
    const lines = r.frame().split('\n');
    const title = lines.findIndex((l) => l.startsWith('║▶ Incident INC0010001'));
    expect(title).toBeGreaterThan(0);
    expect(lines[title + 1]).toMatch(/^║Title +Email down/);
  });
});
