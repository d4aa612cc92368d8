import { type Incident, retryAfterMs } from 'itops-tui/plugin';
import { describe, expect, it } from 'vitest';
import { stateChangeBody } from '../../plugins/servicenow/connector.js';
import { looksLikeHtml, serviceNowError } from '../../plugins/servicenow/errors.js';
import {
  holdReasonCode,
  mapIncident,
  mapSla,
  stageOf,
  statusOf,
  targetOf,
} from '../../plugins/servicenow/map.js';
import { snIncidentSchema, snTaskSlaSchema } from '../../plugins/servicenow/schema.js';

const opts = { source: 'snow', instanceUrl: 'https://acme.service-now.com' };
const dv = (value: string, display_value = value) => ({ value, display_value });
const ID = '46d44a5ea9fe1981010a8e1f2d2a7a47';

function incidentRow(extra: Record<string, unknown> = {}) {
  return snIncidentSchema.parse({
    sys_id: dv(ID),
    number: dv('INC0010042'),
    short_description: dv('VPN down in Paris'),
    state: dv('3', 'On Hold'),
    active: dv('true'),
    priority: dv('1', '1 - Critical'),
    urgency: dv('1', '1 - High'),
    assignment_group: dv('8a4dde73c6112278017a6a4baf547aa7', 'Network Operations'),
    assigned_to: dv('5137153cc611227c000bbd1bd8cd2005', 'Beth Anglin'),
    cmdb_ci: dv('', ''),
    business_service: dv('b1', 'Remote Access'),
    hold_reason: dv('4', 'Awaiting Vendor'),
    opened_at: dv('2026-11-20 08:00:00', '20.11.2026 09:00:00'),
    sys_updated_on: dv('2026-11-20 08:31:10', '20.11.2026 09:31:10'),
    reopen_count: dv('2'),
    ...extra,
  });
}

describe('servicenow mapIncident', () => {
  it('says what the ticket is about: its CI, its service, and the incident it was opened from', () => {
    const out = mapIncident(
      incidentRow({
        cmdb_ci: dv('c1', 'DB-08'),
        correlation_id: dv('Q1ABC'),
        correlation_display: dv('PagerDuty'),
      }),
      opts,
    );
    expect(out?.about).toEqual({
      cis: ['DB-08'],
      services: ['Remote Access'],
      ids: ['servicenow:incident:inc0010042'],
      refs: ['pagerduty:incident:q1abc'],
    });
  });

  it('maps display_value=all rows, reading values for logic and labels for the UI', () => {
    expect(mapIncident(incidentRow(), opts)).toEqual({
      kind: 'incident',
      source: 'snow',
      id: ID,
      key: 'INC0010042',
      title: 'VPN down in Paris',
      status: 'acknowledged',
      vendorStatus: 'On Hold',
      priority: 'P1',
      priorityLabel: '1 - Critical',
      urgency: 'high',
      service: 'Remote Access',
      serviceId: 'b1',
      assignees: ['Beth Anglin'],
      group: 'Network Operations',
      // UTC raw values, not the user-timezone display values.
      openedAt: '2026-11-20T08:00:00.000Z',
      updatedAt: '2026-11-20T08:31:10.000Z',
      onHold: true,
      holdReason: 'Awaiting Vendor',
      reopenCount: 2,
      url: `https://acme.service-now.com/nav_to.do?uri=incident.do?sys_id=${ID}`,
      about: { services: ['Remote Access'], ids: ['servicenow:incident:inc0010042'] },
    });
  });

  it('maps every default state code', () => {
    expect(statusOf('1')).toEqual({ status: 'triggered', onHold: false });
    expect(statusOf('2')).toEqual({ status: 'acknowledged', onHold: false });
    expect(statusOf('3')).toEqual({ status: 'acknowledged', onHold: true });
    for (const s of ['6', '7', '8']) expect(statusOf(s).status).toBe('resolved');
    // A custom state is still open work.
    expect(statusOf('42').status).toBe('triggered');
  });

  it('sets resolvedAt only for resolved tickets and falls back to closed_at', () => {
    const r = mapIncident(
      incidentRow({ state: dv('7', 'Closed'), closed_at: dv('2026-11-20 10:00:00'), hold_reason: '' }),
      opts,
    );
    expect(r).toMatchObject({
      status: 'resolved',
      vendorStatus: 'Closed',
      resolvedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(r?.onHold).toBeUndefined();
    expect(r?.holdReason).toBeUndefined();
  });

  it('survives odd display values and missing optional fields', () => {
    const r = mapIncident(
      snIncidentSchema.parse({
        sys_id: ID, // bare string: an instance that ignored sysparm_display_value
        state: { value: '99' }, // custom state without a label
        priority: dv('9', 'Custom'),
        urgency: dv('', ''),
        assigned_to: '',
        reopen_count: dv('n/a'),
        opened_at: dv('yesterday'),
        extra_u_field: { value: 1 },
      }),
      opts,
    );
    expect(r).toMatchObject({
      id: ID,
      key: ID,
      title: '(no short description)',
      status: 'triggered',
      vendorStatus: '99',
      priorityLabel: 'Custom',
      assignees: [],
      openedAt: '1970-01-01T00:00:00.000Z',
    });
    expect(r?.priority).toBeUndefined();
    expect(r?.urgency).toBeUndefined();
    expect(r?.reopenCount).toBeUndefined();
    expect(r?.group).toBeUndefined();
  });

  it('skips rows without a sys_id instead of throwing', () => {
    expect(mapIncident(snIncidentSchema.parse({ number: dv('INC1') }), opts)).toBeUndefined();
  });

  it('uses the hold reason code when the label is missing', () => {
    const r = mapIncident(incidentRow({ hold_reason: { value: '1' } }), opts);
    expect(r?.holdReason).toBe('Awaiting Caller');
  });
});

describe('servicenow mapSla', () => {
  const row = (extra: Record<string, unknown> = {}) =>
    snTaskSlaSchema.parse({
      sys_id: dv('1f2e3d4c5b6a79880f1e2d3c4b5a6978'),
      task: dv(ID, 'INC0010042'),
      sla: dv('0a0b', 'P1 resolution (4 hour)'),
      stage: dv('in_progress', 'In progress'),
      has_breached: dv('false'),
      percentage: dv('87.42'),
      start_time: dv('2026-11-20 08:00:00', '20.11.2026 09:00'),
      planned_end_time: dv('2026-11-20 12:00:00', '2026-11-20 13:00:00'),
      ...extra,
    });

  it('maps a running clock with times in UTC and the incident context', () => {
    const incident = mapIncident(incidentRow(), opts) as Incident;
    expect(mapSla(row(), opts, { incident })).toEqual({
      kind: 'sla',
      source: 'snow',
      id: '1f2e3d4c5b6a79880f1e2d3c4b5a6978',
      taskId: ID,
      taskKey: 'INC0010042',
      taskTitle: 'VPN down in Paris',
      name: 'P1 resolution (4 hour)',
      target: 'resolution',
      stage: 'in_progress',
      vendorStage: 'in_progress',
      breached: false,
      percentElapsed: 87.42,
      startedAt: '2026-11-20T08:00:00.000Z',
      plannedEndAt: '2026-11-20T12:00:00.000Z',
      assignee: 'Beth Anglin',
      group: 'Network Operations',
      priority: 'P1',
      url: `https://acme.service-now.com/nav_to.do?uri=incident.do?sys_id=${ID}`,
    });
  });

  it('splits the compatibility stage "completed" on has_breached', () => {
    expect(stageOf('completed', true)).toBe('breached');
    expect(stageOf('completed', false)).toBe('achieved');
    const done = mapSla(row({ stage: dv('completed', 'Completed'), has_breached: dv('true') }), opts);
    expect(done).toMatchObject({ stage: 'breached', vendorStage: 'completed', breached: true });
    expect(stageOf('paused', false)).toBe('paused');
    expect(stageOf('weird', false)).toBe('in_progress');
  });

  it('tolerates missing percentage, unknown targets and bare strings', () => {
    const r = mapSla(
      snTaskSlaSchema.parse({
        sys_id: 'abc',
        task: ID,
        sla: '0a0b0c0d0e0f10111213141516171819',
        'sla.name': 'Gold OLA',
        stage: 'breached',
        percentage: '',
      }),
      opts,
    );
    expect(r).toMatchObject({
      taskKey: ID,
      name: 'Gold OLA',
      stage: 'breached',
      breached: true,
      percentElapsed: 0,
    });
    expect(r?.target).toBeUndefined();
    expect(targetOf('P2 response (1 hour)')).toBe('response');
  });
});

describe('servicenow state changes', () => {
  const inc = { key: 'INC0010042' } as Incident;

  it('maps in progress, hold reasons and resolution to Table API fields', () => {
    expect(stateChangeBody(inc, { state: 'in_progress' })).toEqual({ state: '2' });
    expect(stateChangeBody(inc, { state: 'on_hold', holdReason: 'Awaiting Change' })).toEqual({
      state: '3',
      hold_reason: '5',
    });
    expect(holdReasonCode(' awaiting   problem ')).toBe('3');
    expect(
      stateChangeBody(inc, { state: 'resolved', closeCode: 'Solution provided', closeNotes: 'Rebooted' }),
    ).toEqual({ state: '6', close_code: 'Solution provided', close_notes: 'Rebooted' });
  });

  it('refuses an unknown hold reason, listing the valid ones', () => {
    expect(() => stateChangeBody(inc, { state: 'on_hold', holdReason: 'Awaiting Godot' })).toThrow(
      /Awaiting Caller, Awaiting Problem, Awaiting Vendor, Awaiting Change/,
    );
  });

  it('names what a resolution is missing', () => {
    expect(() => stateChangeBody(inc, { state: 'resolved', closeCode: ' ', closeNotes: '' })).toThrow(
      /needs a close code and close notes/,
    );
    expect(() => stateChangeBody(inc, { state: 'resolved', closeCode: 'Duplicate', closeNotes: '' })).toThrow(
      /needs close notes$/,
    );
  });
});

describe('servicenow errors', () => {
  const c = {
    configKey: 'connectors.snow',
    write: false,
    redact: (s: string) => s.split('hunter2').join('***'),
    now: 0,
  };
  const fail = (statusCode: number, body: string, headers: Record<string, string> = {}) =>
    serviceNowError('GET /api/now/table/incident', { response: { statusCode, body, headers } }, c);

  it('detects HTML pages', () => {
    expect(looksLikeHtml('<!DOCTYPE html><html><body>Login</body></html>')).toBe(true);
    expect(looksLikeHtml('  <html>')).toBe(true);
    expect(looksLikeHtml('{"result":[]}', 'text/html; charset=utf-8')).toBe(true);
    expect(looksLikeHtml('{"result":[]}', 'application/json')).toBe(false);
    expect(
      fail(503, '<html>Your instance is hibernating</html>', { 'content-type': 'text/html' }),
    ).toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringMatching(/HTML page instead of JSON.*instance awake/),
    });
  });

  it('maps statuses to codes with ServiceNow explanations, without secrets', () => {
    const err = '{"error":{"message":"Invalid query","detail":"field hunter2 unknown"},"status":"failure"}';
    const bad = fail(400, err);
    expect(bad).toMatchObject({ code: 'INVALID', status: 400 });
    expect(bad.message).toContain('ServiceNow said: Invalid query: field *** unknown');
    expect(bad.message).not.toContain('hunter2');
    expect(fail(401, '{}').code).toBe('AUTH');
    expect(fail(401, '{}').message).toContain('connectors.snow.auth');
    expect(fail(403, '{}').code).toBe('FORBIDDEN');
    expect(fail(404, '{"error":{"message":"No Record found"}}').code).toBe('NOT_FOUND');
    expect(fail(500, '{}').code).toBe('UNAVAILABLE');
  });

  it('reads Retry-After and the epoch X-RateLimit-Reset (the toolkit reader)', () => {
    expect(fail(429, '{}', { 'retry-after': '7' })).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 7000,
    });
    expect(retryAfterMs({ 'x-ratelimit-reset': '1700000030' }, 1_700_000_000_000)).toBe(30_000);
    expect(retryAfterMs({}, 0)).toBeUndefined();
  });
});

describe('servicenow rows read with stored values (display_value=false)', () => {
  const raw = (extra: Record<string, unknown> = {}) =>
    snIncidentSchema.parse({
      sys_id: ID,
      number: 'INC0010042',
      short_description: 'VPN down in Paris',
      state: '3',
      priority: '2',
      assignment_group: '8a4dde73c6112278017a6a4baf547aa7',
      'assignment_group.name': 'Network Operations',
      assigned_to: '5137153cc611227c000bbd1bd8cd2005',
      'assigned_to.name': 'Beth Anglin',
      cmdb_ci: '',
      'cmdb_ci.name': '',
      business_service: 'b1',
      'business_service.name': 'Remote Access',
      hold_reason: '4',
      opened_at: '2026-11-20 08:00:00',
      ...extra,
    });

  it('takes names from dot-walked fields and labels from the defaults, never a sys_id', () => {
    expect(mapIncident(raw(), opts)).toMatchObject({
      vendorStatus: 'On Hold',
      priorityLabel: '2 - High',
      assignees: ['Beth Anglin'],
      group: 'Network Operations',
      service: 'Remote Access',
      holdReason: 'Awaiting Vendor',
    });
    // No name came back (a reference ACL, an empty dot-walk): nothing rather than a sys_id.
    const bare = mapIncident(raw({ 'assigned_to.name': '', 'assignment_group.name': undefined }), opts);
    expect(bare?.assignees).toEqual([]);
    expect(bare?.group).toBeUndefined();
  });

  it("uses the instance's own choice labels from sys_choice, and shows an unknown code as is", () => {
    const labels = { state: { '3': 'Pending', '10': 'Awaiting Change' }, priority: { '2': 'P2 - Major' } };
    expect(mapIncident(raw(), { ...opts, labels })).toMatchObject({
      vendorStatus: 'Pending',
      priorityLabel: 'P2 - Major',
    });
    expect(mapIncident(raw({ state: '10' }), { ...opts, labels })?.vendorStatus).toBe('Awaiting Change');
    expect(mapIncident(raw({ state: '11' }), opts)?.vendorStatus).toBe('11');
  });

  it('measures a clock with a schedule in business time, and says which schedule', () => {
    const sla = (extra: Record<string, unknown>) =>
      mapSla(
        snTaskSlaSchema.parse({
          sys_id: 'c1',
          task: ID,
          'task.number': 'INC0010042',
          'sla.name': 'P3 resolution (24 hour)',
          stage: 'in_progress',
          percentage: '312.5',
          business_percentage: '41.67',
          business_time_left: '1970-01-01 14:00:00',
          ...extra,
        }),
        opts,
      );
    expect(sla({ schedule: 'd1', 'schedule.name': '8-5 weekdays' })).toMatchObject({
      taskKey: 'INC0010042',
      percentElapsed: 41.67,
      schedule: '8-5 weekdays',
      businessTimeLeftMs: 14 * 3_600_000,
    });
    // Without a schedule the wall-time percentage is the one, and no business fields are set.
    const wall = sla({ schedule: '' });
    expect(wall?.percentElapsed).toBe(312.5);
    expect(wall?.schedule).toBeUndefined();
    expect(wall?.businessTimeLeftMs).toBeUndefined();
    // A schedule whose name cannot be read is still a schedule.
    expect(sla({ schedule: 'd1' })?.schedule).toBe('business hours');
  });
});
