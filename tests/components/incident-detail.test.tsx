/** The detail of a ticket says its own state in its words, why it is on hold, and its link whole (issue 15). */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { initialUi } from '../../src/ui/view/ui-state.js';
import { createSnStore } from '../helpers/fixture-servicenow.js';
import { cleanup, renderApp } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const open = (id: string, cols = 80, rows = 24) => {
  const t = createSnStore();
  const r = renderApp(t.store, {
    cols,
    rows,
    initialUi: { ...initialUi('queue'), detail: { panel: 'queue', key: `sn-prod:${id}` } },
  });
  return { t, r };
};
const LONG_TITLE =
  'Mail relay rejects every message from the billing cluster after the certificate rotation of last night, callers report bounces and the queue keeps growing on every node';
const flat = (f: string) =>
  f
    .split('\n')
    .map((l) => l.replace(/^[║│]|[║│]$/g, '').trim())
    .join(' ')
    .replace(/ +/g, ' ');

describe('ticket detail', () => {
  test('In Progress is said in the vendor word, never as "acknowledged" beside "Acknowledged not yet"', async () => {
    const { r } = open('s2');
    await vi.waitFor(() => expect(r.frame()).toContain('Incident INC0010002'));
    const f = flat(r.frame());
    expect(f).toContain('In Progress (counted as acknowledged)');
    expect(f).not.toMatch(/Acknowledged +not yet/);
    expect(f).toContain('sn-prod keeps no acknowledgement time');
  });

  test('On Hold shows its reason', async () => {
    const { r } = open('s3');
    await vi.waitFor(() => expect(r.frame()).toContain('Incident INC0010003'));
    const f = flat(r.frame());
    expect(f).toContain('HOLD On Hold (counted as on hold)');
    expect(f).toMatch(/Hold reason Awaiting Caller/);
  });

  test('a long link is shown whole at 80×24, wrapped, before a long title gets its extra rows', async () => {
    const t = createSnStore();
    const url = `https://sn.example.com/nav_to.do?uri=incident.do%3Fsys_id%3D${'a1b2c3d4'.repeat(8)}%26sysparm_view%3Dess`;
    t.container.set((s) => {
      const c = s.connectors['sn-prod']!;
      const inc = c.streams.incidents!;
      return {
        ...s,
        connectors: {
          ...s.connectors,
          'sn-prod': {
            ...c,
            streams: {
              ...c.streams,
              incidents: {
                ...inc,
                records: inc.records.map((x) =>
                  'id' in x && x.id === 's2' ? { ...x, url, title: LONG_TITLE } : x,
                ),
              },
            },
          },
        },
      };
    });
    const r = renderApp(t.store, {
      // 80×24 (not 22): the ticket's SLA clock is related, and its list takes two rows below.
      cols: 80,
      rows: 24,
      initialUi: { ...initialUi('queue'), detail: { panel: 'queue', key: 'sn-prod:s2' } },
    });
    await vi.waitFor(() => expect(r.frame()).toContain('Incident INC0010002'));
    const lines = r.frame().split('\n');
    const at = lines.findIndex((l) => l.includes('URL'));
    const joined = lines
      .slice(at, at + 5)
      .map((l) => l.replace(/^║ ?(URL)? */, '').replace(/ *║$/, ''))
      .join('');
    expect(joined).toContain(url);
  });
});
