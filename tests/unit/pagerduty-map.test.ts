import { describe, expect, it } from 'vitest';
import {
  mapEscalationPolicy,
  mapIncident,
  mapOnCall,
  mapService,
  normalizePriority,
} from '../../plugins/pagerduty/map.js';
import {
  pdEscalationPolicySchema,
  pdIncidentSchema,
  pdOnCallSchema,
  pdServiceSchema,
} from '../../plugins/pagerduty/schema.js';

const opts = { source: 'pd', region: 'us' as const };

/** Shaped like PagerDuty's list response (see pagerduty.md §10), plus fields we never read. */
const fullIncident = {
  id: 'Q0FAKEAAA1',
  type: 'incident',
  incident_number: 4211,
  title: 'API p99 latency > 2s',
  summary: '[#4211] API p99 latency > 2s',
  status: 'triggered',
  urgency: 'high',
  priority: { id: 'PPRIO01', type: 'priority', summary: 'P1' },
  created_at: '2030-03-04T09:12:00Z',
  updated_at: '2030-03-04T09:12:05Z',
  resolved_at: null,
  service: { id: 'PSVC001', type: 'service_reference', summary: 'checkout-api' },
  escalation_policy: { id: 'PEP0001', type: 'escalation_policy_reference', summary: 'Checkout EP' },
  teams: [
    { id: 'PTEAM01', type: 'team_reference', summary: 'Payments' },
    { id: 'PTEAM02', type: 'team_reference', summary: 'SRE' },
  ],
  assignments: [
    { at: '2030-03-04T09:27:01Z', assignee: { id: 'PUSR009', type: 'user_reference', summary: 'Lead' } },
    { at: '2030-03-04T09:27:01Z', assignee: { id: 'PUSR001', type: 'user_reference', summary: 'Ana' } },
  ],
  acknowledgements: [
    { at: '2030-03-04T09:20:00Z', acknowledger: { id: 'PUSR002', type: 'user_reference', summary: 'Bo' } },
    { at: '2030-03-04T09:14:00Z', acknowledger: { id: 'PUSR001', type: 'user_reference', summary: 'Ana' } },
  ],
  pending_actions: [
    { type: 'unacknowledge', at: '2030-03-04T09:40:00Z' },
    { type: 'escalate', at: '2030-03-04T09:42:01Z' },
  ],
  html_url: 'https://acme.pagerduty.com/incidents/Q0FAKEAAA1',
  // Fields the connector never reads, including ones PagerDuty has not invented yet.
  alert_counts: { all: 3, triggered: 3, resolved: 0 },
  conference_bridge: null,
  incident_type: { name: 'incident_default' },
  brand_new_field_2031: { nested: [1, 2, 3] },
};

function incident(overrides: Record<string, unknown> = {}) {
  return pdIncidentSchema.parse({ ...fullIncident, ...overrides });
}

describe('mapIncident', () => {
  it('maps every field the cockpit shows', () => {
    expect(mapIncident(incident(), opts, { kind: 'known', level: 2 })).toEqual({
      kind: 'incident',
      source: 'pd',
      id: 'Q0FAKEAAA1',
      key: '#4211',
      title: 'API p99 latency > 2s',
      status: 'triggered',
      vendorStatus: 'triggered',
      priority: 'P1',
      priorityLabel: 'P1',
      urgency: 'high',
      service: 'checkout-api',
      serviceId: 'PSVC001',
      assignees: ['Lead', 'Ana'],
      group: 'Payments',
      escalationPolicy: 'Checkout EP',
      escalationPolicyId: 'PEP0001',
      escalationLevel: 2,
      openedAt: '2030-03-04T09:12:00Z',
      // The earliest acknowledgement, not the first in the array.
      acknowledgedAt: '2030-03-04T09:14:00Z',
      updatedAt: '2030-03-04T09:12:05Z',
      nextEscalationAt: '2030-03-04T09:42:01Z',
      url: 'https://acme.pagerduty.com/incidents/Q0FAKEAAA1',
      about: { ids: ['pagerduty:incident:q0fakeaaa1', 'pagerduty:incident-number:4211'] },
    });
  });

  it('carries the monitor a monitoring integration quotes, and never a bare number', () => {
    const viaKey = mapIncident(
      incident({ incident_key: 'https://app.datadoghq.com/monitors/9100211?group=host%3Adb-08' }),
      opts,
    );
    expect(viaKey.about?.refs).toEqual(['datadog:monitor:9100211']);
    const viaTitle = mapIncident(incident({ title: 'Disk 97% on db-08 (monitor 9100211)' }), opts);
    expect(viaTitle.about?.refs).toEqual(['datadog:monitor:9100211']);
    const bare = mapIncident(incident({ title: 'Disk 97% on db-08 (#9100211, 4211 monitors)' }), opts);
    expect(bare.about?.refs).toBeUndefined();
  });

  it('tolerates a null priority and missing optional fields', () => {
    const raw = pdIncidentSchema.parse({
      id: 'Q0MIN',
      created_at: '2030-03-04T07:40:00Z',
      status: 'acknowledged',
      priority: null,
    });
    const out = mapIncident(raw, opts);
    expect(out).toEqual({
      kind: 'incident',
      source: 'pd',
      id: 'Q0MIN',
      key: 'Q0MIN',
      title: '(no title)',
      status: 'acknowledged',
      vendorStatus: 'acknowledged',
      assignees: [],
      openedAt: '2030-03-04T07:40:00Z',
      about: { ids: ['pagerduty:incident:q0min'] },
    });
    expect(Object.values(out)).not.toContain(undefined);
  });

  it('falls back to summary for the title and to the subdomain for the link', () => {
    const raw = incident({ title: null, html_url: undefined });
    const out = mapIncident(raw, { ...opts, region: 'eu', subdomain: 'acme' });
    expect(out.title).toBe('[#4211] API p99 latency > 2s');
    expect(out.url).toBe('https://acme.eu.pagerduty.com/incidents/Q0FAKEAAA1');
  });

  it('keeps the vendor label of a non P1..P5 priority but gives it no bucket', () => {
    const out = mapIncident(incident({ priority: { id: 'X', summary: 'SEV-1', name: 'SEV-1' } }), opts);
    expect(out.priority).toBeUndefined();
    expect(out.priorityLabel).toBe('SEV-1');
    const named = mapIncident(incident({ priority: { id: 'Y', summary: 'p2', name: 'P2 - High' } }), opts);
    expect(named).toMatchObject({ priority: 'P2', priorityLabel: 'P2 - High' });
  });

  it('maps an unknown urgency to none and an unknown status by its other fields', () => {
    const snoozy = mapIncident(incident({ urgency: 'critical', status: 'snoozed' }), opts);
    expect(snoozy.urgency).toBeUndefined();
    // Unknown status with acknowledgements → acknowledged; the vendor word is kept.
    expect(snoozy).toMatchObject({ status: 'acknowledged', vendorStatus: 'snoozed' });
    const gone = mapIncident(
      incident({ status: 'archived', acknowledgements: [], resolved_at: '2030-03-05T00:00:00Z' }),
      opts,
    );
    expect(gone).toMatchObject({ status: 'resolved', resolvedAt: '2030-03-05T00:00:00Z' });
    const fresh = mapIncident(incident({ status: 'new_state', acknowledgements: [] }), opts);
    expect(fresh.status).toBe('triggered');
  });

  it('has no next escalation time without a pending escalate action', () => {
    const out = mapIncident(
      incident({ pending_actions: [{ type: 'resolve', at: '2030-03-04T10:00:00Z' }] }),
      opts,
    );
    expect(out.nextEscalationAt).toBeUndefined();
  });
});

describe('escalation level and refusal on the record', () => {
  it('gives the candidates, not a level, when the level is ambiguous', () => {
    const out = mapIncident(incident(), opts, { kind: 'ambiguous', levels: [1, 3], who: ['Ana'] });
    expect(out.escalationLevel).toBeUndefined();
    expect(out.escalationLevelCandidates).toEqual([1, 3]);
  });

  it('gives neither when the level is unknown or was not read', () => {
    for (const reading of [{ kind: 'unknown', why: 'x' } as const, undefined]) {
      const out = mapIncident(incident(), opts, reading);
      expect(out).not.toHaveProperty('escalationLevel');
      expect(out).not.toHaveProperty('escalationLevelCandidates');
    }
  });

  it('says why an open low-urgency incident cannot be escalated, and what to do instead', () => {
    expect(mapIncident(incident({ urgency: 'low' }), opts).escalationBlocked).toBe(
      '#4211 is low-urgency, and PagerDuty does not escalate low-urgency incidents. ' +
        'Raise its urgency to high in PagerDuty and escalate again, or reassign it.',
    );
    expect(mapIncident(incident(), opts)).not.toHaveProperty('escalationBlocked');
    expect(mapIncident(incident({ urgency: 'low', status: 'resolved' }), opts)).not.toHaveProperty(
      'escalationBlocked',
    );
  });
});

describe('mapOnCall', () => {
  it('maps a schedule_v3_reference and a full user from include[]=users', () => {
    const raw = pdOnCallSchema.parse({
      escalation_policy: { id: 'PEP0001', type: 'escalation_policy_reference', summary: 'Checkout EP' },
      escalation_level: 1,
      schedule: { id: 'PL5FQHC', type: 'schedule_v3_reference', summary: 'Checkout v3' },
      user: { id: 'PUSR001', type: 'user', name: 'Ana Example', summary: 'Ana', email: 'ana@example.com' },
      start: '2030-03-04T08:00:00Z',
      end: '2030-03-05T08:00:00Z',
      future_field: true,
    });
    expect(mapOnCall(raw, opts)).toEqual({
      kind: 'oncall',
      source: 'pd',
      policyId: 'PEP0001',
      policyName: 'Checkout EP',
      level: 1,
      scheduleId: 'PL5FQHC',
      scheduleName: 'Checkout v3',
      userId: 'PUSR001',
      userName: 'Ana Example',
      userEmail: 'ana@example.com',
      start: '2030-03-04T08:00:00Z',
      end: '2030-03-05T08:00:00Z',
    });
  });

  it('maps a permanent direct-user on-call (null schedule, start and end)', () => {
    const raw = pdOnCallSchema.parse({
      escalation_policy: { id: 'PEP0001', type: 'escalation_policy_reference' },
      escalation_level: 2,
      schedule: null,
      user: { id: 'PUSR009', type: 'user_reference', summary: 'Team Lead' },
      start: null,
      end: null,
    });
    expect(mapOnCall(raw, opts)).toEqual({
      kind: 'oncall',
      source: 'pd',
      policyId: 'PEP0001',
      policyName: 'PEP0001',
      level: 2,
      userId: 'PUSR009',
      userName: 'Team Lead',
      start: null,
      end: null,
    });
  });
});

describe('policies and services', () => {
  it('maps escalation rules to 1-based levels with target names', () => {
    const raw = pdEscalationPolicySchema.parse({
      id: 'PEP0001',
      type: 'escalation_policy',
      name: 'Checkout EP',
      num_loops: 2,
      on_call_handoff_notifications: 'if_has_services',
      escalation_rules: [
        {
          id: 'R1',
          escalation_delay_in_minutes: 15,
          targets: [{ id: 'S1', type: 'schedule_v3_reference', summary: 'Primary' }],
        },
        { id: 'R2', escalation_delay_in_minutes: 30, targets: [{ id: 'U9', type: 'user_reference' }] },
      ],
    });
    expect(mapEscalationPolicy(raw, { ...opts, subdomain: 'acme' })).toEqual({
      kind: 'escalation_policy',
      source: 'pd',
      id: 'PEP0001',
      name: 'Checkout EP',
      numLoops: 2,
      levels: [
        { level: 1, delayMinutes: 15, targets: ['Primary'] },
        { level: 2, delayMinutes: 30, targets: ['U9'] },
      ],
      url: 'https://acme.pagerduty.com/escalation_policies/PEP0001',
    });
  });

  it('keeps an unknown service status word and survives missing fields', () => {
    const raw = pdServiceSchema.parse({ id: 'PSVC9', status: 'hibernating', escalation_policy: null });
    expect(mapService(raw, opts)).toEqual({
      kind: 'service',
      source: 'pd',
      id: 'PSVC9',
      name: 'PSVC9',
      status: 'hibernating',
    });
  });
});

describe('normalizePriority', () => {
  it.each([
    ['P1', 'P1'],
    [' p5 ', 'P5'],
    ['P3 - Minor', 'P3'],
    ['P6', undefined],
    ['P10', undefined],
    ['High', undefined],
    [undefined, undefined],
  ])('%s → %s', (label, expected) => {
    expect(normalizePriority(label)).toBe(expected);
  });
});
