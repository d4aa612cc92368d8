/**
 * Issue 8: the ServiceNow connector against a simulator that behaves like a real
 * instance while it reads — read ACLs applied after the page is cut, blanked
 * fields, rows updated between the pages of a load or of a delta. Each defect
 * test failed on the connector before issue 8 (see the report).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/sim/index.js';
import {
  openIds,
  openOf,
  signal,
  startSn as start,
  stopSn,
  sysIdOf as sysId,
} from '../helpers/servicenow-real.js';

afterEach(stopSn);

describe('defect 1: read ACLs thin out pages after they are cut', () => {
  it('loads every visible row although pages come back short', async () => {
    const { connector, sim, data } = await start();
    // A read ACL hides every fourth incident: nearly every page of 10 comes back short.
    const hidden = new Set(data.incidents.filter((_, i) => i % 4 === 1).map((i) => i.sys_id));
    sim.behaviour.rowAcls.push({ table: 'incident', hides: (row) => hidden.has(sysId(row)) });
    const incidents = await connector.listIncidents(signal());
    expect(openOf(incidents)).toEqual(openIds(sim, (id) => !hidden.has(id)));
    expect(incidents.some((i) => hidden.has(i.id))).toBe(false);
  });

  it('walks past whole pages the ACL emptied, without mistaking them for a server that does not page', async () => {
    const { connector, sim, data } = await start();
    const sorted = data.incidents
      .filter((i) => i.state < 6)
      .map((i) => i.sys_id)
      .sort();
    // Rows 10–39 of the open work in sys_id order: three pages of 10 come back empty.
    const hidden = new Set(sorted.slice(10, 40));
    sim.behaviour.rowAcls.push({ table: 'incident', hides: (row) => hidden.has(sysId(row)) });
    const incidents = await connector.listIncidents(signal());
    expect(openOf(incidents)).toEqual(sorted.filter((id) => !hidden.has(id)));
    const emptyPages = sim.requests.filter(
      (r) => r.path === '/api/now/table/incident' && JSON.parse(r.responseBody ?? '{}').result?.length === 0,
    );
    expect(emptyPages.length).toBeGreaterThanOrEqual(2);
  });
});

describe('field ACLs blank values', () => {
  it('still loads a row whose title and assignee the user may not read, without inventing them', async () => {
    const { connector, sim } = await start();
    sim.behaviour.hiddenFields.add('incident.short_description').add('incident.assigned_to');
    const incidents = await connector.listIncidents(signal());
    expect(openOf(incidents)).toEqual(openIds(sim));
    for (const i of incidents) {
      expect(i.title).toBe('(no short description)');
      expect(i.assignees).toEqual([]);
    }
  });
});

describe('defect 2: rows updated between the pages of a load', () => {
  it('loses no row when one already read is updated mid-load, in the load or in the next delta', async () => {
    const { connector, sim, data, clock } = await start();
    // Between page 1 and page 2 of the open-work listing, someone updates the row that sorted
    // first by sys_updated_on: offset paging over that order would slide an unread row back.
    let pages = 0;
    sim.behaviour.beforeListPage = (p) => {
      if (p.table !== 'incident' || !p.query.startsWith('active=true') || ++pages !== 2) return;
      const oldest = data.incidents
        .filter((i) => i.state < 6)
        .sort((a, b) => a.updatedAt - b.updatedAt || (a.sys_id < b.sys_id ? -1 : 1))[0]!;
      data.updateIncident(oldest, clock.now(), (i) => {
        i.short_description = `${i.short_description} (edited)`;
      });
    };
    const first = await connector.listIncidents(signal());
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(openOf(first)).toEqual(openIds(sim));
    sim.behaviour.beforeListPage = undefined;
    clock.advance(MINUTE);
    const second = await connector.listIncidents(signal());
    expect(openOf(second)).toEqual(openIds(sim));
    expect(second.some((i) => i.title.endsWith('(edited)'))).toBe(true);
  });

  it('sees in the next delta a row updated after the load had passed it', async () => {
    const { connector, sim, data, clock } = await start();
    const byId = data.incidents.filter((i) => i.state < 6).sort((a, b) => (a.sys_id < b.sys_id ? -1 : 1));
    const early = byId[0]!; // read on the first page
    const late = byId[byId.length - 1]!; // read on the last page
    let pages = 0;
    sim.behaviour.beforeListPage = (p) => {
      if (p.table !== 'incident' || !p.query.startsWith('active=true')) return;
      pages++;
      if (pages === 2) {
        clock.advance(MINUTE);
        data.updateIncident(early, clock.now(), (i) => {
          i.urgency = 1;
          i.short_description = 'early row, updated after it was read';
        });
      }
      if (pages === 3) {
        clock.advance(10 * MINUTE);
        data.updateIncident(late, clock.now());
      }
    };
    await connector.listIncidents(signal());
    sim.behaviour.beforeListPage = undefined;
    // The newest row seen is `late` (+11 min); a watermark there would skip `early` (+1 min).
    const next = await connector.listIncidents(signal());
    expect(next.find((i) => i.id === early.sys_id)?.title).toBe('early row, updated after it was read');
  });
});

describe('deltas longer than a page', () => {
  it('page by sys_id too, and keep every change when rows move during the delta', async () => {
    const { connector, sim, data, clock } = await start();
    await connector.listIncidents(signal());
    clock.advance(MINUTE);
    const open = data.incidents.filter((i) => i.state < 6).sort((a, b) => (a.sys_id < b.sys_id ? -1 : 1));
    for (const [n, inc] of open.slice(0, 35).entries())
      data.updateIncident(inc, clock.now(), (i) => {
        i.short_description = `changed ${n}`;
      });
    sim.requests.clear();
    let pages = 0;
    sim.behaviour.beforeListPage = (p) => {
      if (p.table !== 'incident' || !p.query.startsWith('sys_updated_on>=') || ++pages !== 2) return;
      // Mid-delta, the first changed row (already read) changes again.
      data.updateIncident(open[0]!, clock.now(), (i) => {
        i.short_description = 'changed again';
      });
    };
    const after = await connector.listIncidents(signal());
    const deltaPages = sim.requests.filter(
      (r) =>
        r.path === '/api/now/table/incident' && r.query.sysparm_query?.[0]?.startsWith('sys_updated_on>='),
    );
    expect(deltaPages.length).toBeGreaterThanOrEqual(4);
    expect(
      deltaPages
        .slice(1)
        .every((r) => /\^sys_id>[0-9a-f]{32}\^ORDERBYsys_id$/.test(r.query.sysparm_query![0]!)),
    ).toBe(true);
    for (const [n, inc] of open.slice(1, 35).entries())
      expect(after.find((i) => i.id === inc.sys_id)?.title).toBe(`changed ${n + 1}`);
    sim.behaviour.beforeListPage = undefined;
    const next = await connector.listIncidents(signal());
    expect(next.find((i) => i.id === open[0]!.sys_id)?.title).toBe('changed again');
  });
});
