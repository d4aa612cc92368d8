/**
 * Connector ↔ simulator ↔ the ServiceNow Table API spec (vendored in specs/,
 * see its header): run every stream, every action and both OAuth grants against
 * the simulator, then check each recorded request and response.
 *
 * The spec describes rows as sysparm_display_value=false returns them (every
 * field a string). The connector asks for `all`, where each field becomes
 * `{value, display_value}`; the test checks that envelope shape itself and then
 * validates the `.value` projection — exactly the raw row — against the spec.
 */
import { setupPlugin } from 'itops-tui/testing';
import { describe, expect, it } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import { createWorld, ManualClock, type RecordedRequest, startSimulators } from '../../src/sim/index.js';
import { formatViolations, OpenApiValidator, type Violation } from './openapi.js';
import { loadVendoredSpec } from './spec.js';

type Row = Record<string, unknown>;

/** Problems with the display_value=all envelope of one row, as messages. */
function envelopeProblems(row: Row): string[] {
  return Object.entries(row).flatMap(([k, v]) => {
    const ok =
      v !== null &&
      typeof v === 'object' &&
      typeof (v as Row).value === 'string' &&
      typeof (v as Row).display_value === 'string' &&
      !('link' in (v as Row));
    return ok ? [] : [`${k}: ${JSON.stringify(v)} is not {value, display_value} without link`];
  });
}

const project = (row: Row): Row =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, (v as Row).value]));

/** The exchange as the spec sees it: display_value=all rows replaced by their values. */
function asRaw(r: RecordedRequest): {
  exchange: Parameters<OpenApiValidator['validateRequest']>[0];
  problems: string[];
} {
  const exchange = { ...r, responseHeaders: r.responseHeaders as Record<string, string> };
  if (r.query.sysparm_display_value?.[0] !== 'all' || r.status !== 200) return { exchange, problems: [] };
  const body = JSON.parse(r.responseBody ?? '{}') as { result: Row | Row[] };
  const rows = Array.isArray(body.result) ? body.result : [body.result];
  const problems = rows.flatMap((row) => envelopeProblems(row).map((p) => `${r.method} ${r.path}: ${p}`));
  const result = Array.isArray(body.result) ? rows.map(project) : project(body.result);
  return { exchange: { ...exchange, responseBody: JSON.stringify({ result }) }, problems };
}

/**
 * The spec's `tableName` enum lists the tables the project read when it was written, and says
 * "any table the caller can read is accepted". Since issue 8 the connector also reads the
 * instance's own description — sys_dictionary (do the query's fields exist?) and sys_choice
 * (choice labels) — so the check adds exactly those two names, and nothing else, to the enum.
 * Since issue 15 the detail's timeline reads sys_journal_field, the table the spec itself
 * points to for journal entries (its work_notes description), so that one name is added too.
 */
const META_TABLES = ['sys_dictionary', 'sys_choice', 'sys_journal_field'];
function specWithMetaTables(): Record<string, unknown> {
  const spec = structuredClone(loadVendoredSpec('servicenow.openapi.yaml').spec) as {
    components: { parameters: { tableName: { schema: { enum: string[] } } } };
  };
  spec.components.parameters.tableName.schema.enum.push(...META_TABLES);
  return spec as unknown as Record<string, unknown>;
}

describe('ServiceNow contract: connector and simulator against the Table API spec', () => {
  it('sends only declared requests and gets only declared responses for every stream and action', async () => {
    const validator = new OpenApiValidator(specWithMetaTables());
    const clock = new ManualClock();
    const world = createWorld({ seed: 13, clock });
    const sims = await startSimulators({
      world,
      clock,
      servicenow: { dataOptions: { incidents: 90 }, tokenClock: () => clock.now() },
    });
    try {
      const sn = sims.servicenow;
      const group = sn.server.data.dir.groups[0]!.name;
      const signal = () => AbortSignal.timeout(15_000);
      const { connector } = await setupPlugin(
        servicenow,
        {
          plugin: 'servicenow',
          instanceUrl: sn.url,
          auth: { kind: 'basic', username: sn.username, password: sn.password },
          query: 'priority<=4',
          escalate: 'both',
          escalationGroup: group,
          pageSize: 40,
        },
        { now: () => clock.now(), instance: 'snow', host: true },
      );
      const incidents = await connector.listIncidents(signal());
      await connector.listSlas(signal());
      const target = incidents.find((i) => i.status === 'triggered' && i.priority !== 'P1')!;
      await connector.assignToMe(target, signal());
      await connector.addNote(target, 'Investigating from itops-tui', signal());
      // The detail's timeline (issue 15): the ticket's work notes and comments.
      const timeline = await connector.timeline(target, signal());
      expect(timeline.some((e) => e.text.includes('Investigating from itops-tui'))).toBe(true);
      await connector.escalate(target, {}, signal());
      await connector.changeState(target, { state: 'on_hold', holdReason: 'Awaiting Vendor' }, signal());
      await connector.changeState(target, { state: 'in_progress' }, signal());
      await connector.changeState(
        target,
        { state: 'resolved', closeCode: 'Solution provided', closeNotes: 'Done' },
        signal(),
      );
      await connector.listIncidents(signal()); // delta + user-query re-check
      await connector.listSlas(signal());
      await connector.health(signal());

      const { connector: oauth } = await setupPlugin(
        servicenow,
        {
          plugin: 'servicenow',
          instanceUrl: sn.url,
          auth: {
            kind: 'oauth',
            grant: 'password',
            clientId: sn.clientId,
            clientSecret: sn.clientSecret,
            username: sn.username,
            password: sn.password,
          },
        },
        { now: () => clock.now(), instance: 'snow-oauth', host: true },
      );
      await oauth.health(signal());
      clock.advance(1800_000);
      await oauth.health(signal()); // refresh_token grant

      const exchanges = [...sn.server.requests];
      const ops = new Set(
        exchanges.map((r) => {
          const grant =
            r.path === '/oauth_token.do' ? ` ${new URLSearchParams(r.body ?? '').get('grant_type')}` : '';
          return `${r.method} ${r.path.replace(/\/[0-9a-f]{32}$/, '/{sys_id}')}${grant}`;
        }),
      );
      // The run must cover what the connector does, or a green result means little.
      expect([...ops].sort()).toEqual(
        [
          'GET /api/now/table/incident',
          'GET /api/now/table/sys_choice',
          'GET /api/now/table/sys_dictionary',
          'GET /api/now/table/sys_journal_field',
          'GET /api/now/table/sys_user',
          'GET /api/now/table/sys_user_group',
          'GET /api/now/table/task_sla',
          'PATCH /api/now/table/incident/{sys_id}',
          'POST /oauth_token.do password',
          'POST /oauth_token.do refresh_token',
        ].sort(),
      );

      // The parameters issue 8 added are sent where they belong: keyset pages by sys_id, stored
      // values on reads, no count where none is used, display values only on the write read-back.
      const gets = exchanges.filter((r) => r.method === 'GET' && r.path.startsWith('/api/now/table/'));
      expect(
        gets.some((r) => /\^sys_id>[0-9a-f]{32}\^ORDERBYsys_id$/.test(r.query.sysparm_query?.[0] ?? '')),
      ).toBe(true);
      for (const r of gets) expect(r.query.sysparm_display_value).toEqual(['false']);
      const lookups = gets.filter((r) => /sys_user|sys_choice|sys_dictionary|sys_journal_field/.test(r.path));
      expect(lookups.length).toBeGreaterThan(0);
      for (const r of lookups) expect(r.query.sysparm_no_count).toEqual(['true']);
      const patches = exchanges.filter((r) => r.method === 'PATCH');
      for (const r of patches) expect(r.query.sysparm_display_value).toEqual(['all']);

      const problems: string[] = [];
      const found: Violation[] = exchanges.flatMap((r) => {
        const { exchange, problems: p } = asRaw(r);
        problems.push(...p);
        return [...validator.validateRequest(exchange), ...validator.validateResponse(exchange)];
      });
      expect(problems).toEqual([]);
      expect(formatViolations(found), `${found.length} contract violations`).toBe('');
    } finally {
      await sims.close();
    }
  });

  it('catches a request the spec does not allow (the check can fail)', () => {
    const validator = new OpenApiValidator(specWithMetaTables());
    // Only the tables named above were added: any other unlisted table is still refused.
    const unknownTable = validator.validateRequest({
      method: 'GET',
      requestHeaders: {},
      status: 200,
      responseHeaders: {},
      url: '/api/now/table/sys_properties',
    });
    expect(unknownTable.map((v) => v.pointer)).toEqual(['/request/path/tableName']);
    const base = { method: 'GET', requestHeaders: {}, status: 200, responseHeaders: {} };
    const bad = validator.validateRequest({
      ...base,
      url: '/api/now/table/incident?sysparm_limit=0&sysparm_display_value=yes',
    });
    expect(bad.map((v) => v.pointer).sort()).toEqual([
      '/request/query/sysparm_display_value',
      '/request/query/sysparm_limit',
    ]);
    const form = validator.validateRequest({
      ...base,
      method: 'POST',
      url: '/oauth_token.do',
      requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
      requestBody: 'grant_type=magic&client_id=x',
    });
    expect(formatViolations(form)).toMatch(/client_secret/);
    expect(formatViolations(form)).toMatch(/grant_type/);
    expect(envelopeProblems({ state: '2', number: { value: 'INC1', display_value: 'INC1' } })).toHaveLength(
      1,
    );
  });
});
