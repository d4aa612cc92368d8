/**
 * A PagerDuty + ServiceNow world whose every vendor text field says what the test wants:
 * incidents of both vendors, on-call shifts, escalation policies, services, SLA clocks, and
 * a vendor error message. Ids stay unique (a suffix per record) so rows keep their identity.
 */

import type { EscalationPolicy, Incident, OnCallShift, Service, SlaClock } from '../../src/domain/model.js';
import { sanitizeDeep } from '../../src/domain/sanitize.js';
import type { AppState } from '../../src/store/types.js';
import { SN_INCIDENTS, SN_SLAS, snConnector } from './fixture-servicenow.js';
import { connector, INCIDENTS, NOW, POLICIES, SHIFTS, stream } from './fixture-store.js';

/** Text for one field slot, e.g. `incident.title#2`. */
export type TextFor = (slot: string) => string;

const incident = (i: Incident, n: number, t: TextFor): Incident => ({
  ...i,
  id: `${t(`incident.id#${n}`)}~${n}`,
  key: t(`incident.key#${n}`),
  title: t(`incident.title#${n}`),
  vendorStatus: t(`incident.vendorStatus#${n}`),
  priorityLabel: t(`incident.priorityLabel#${n}`),
  service: t(`incident.service#${n}`),
  assignees: n % 3 === 2 ? [] : [t(`incident.assignee#${n}`), t(`incident.assignee2#${n}`)],
  group: t(`incident.group#${n}`),
  ...(i.escalationPolicyId ? { escalationPolicy: t(`incident.escalationPolicy#${n}`) } : {}),
  ...(i.onHold ? { holdReason: t(`incident.holdReason#${n}`) } : {}),
  url: t(`incident.url#${n}`),
});

/** The world, as the store would hold it; `sanitized` runs the host's sanitizer first. */
export function hostileWorld(t: TextFor, sanitized = false): Partial<AppState> {
  const policyId = (n: number) => `${t(`policy.id#${n}`)}~${n}`;
  const policies: EscalationPolicy[] = POLICIES.map((p, n) => ({
    ...p,
    id: policyId(n),
    name: t(`policy.name#${n}`),
    levels: p.levels.map((l) => ({ ...l, targets: [t(`policy.target#${n}.${l.level}`)] })),
    url: t(`policy.url#${n}`),
  }));
  const pdIncidents = INCIDENTS.map((i, n) =>
    incident({ ...i, ...(i.escalationPolicyId ? { escalationPolicyId: policyId(0) } : {}) }, n, t),
  );
  const shifts: OnCallShift[] = SHIFTS.map((s, n) => ({
    ...s,
    policyId: policyId(s.policyId === 'EP1' ? 0 : 1),
    policyName: t(`shift.policyName#${s.policyId}`),
    scheduleName: t(`shift.scheduleName#${n}`),
    userId: `${t(`shift.userId#${n}`)}~${n}`,
    userName: t(`shift.userName#${n}`),
    userEmail: t(`shift.userEmail#${n}`),
  }));
  const services: Service[] = [0, 1].map((n) => ({
    kind: 'service',
    source: 'pd-demo',
    id: `${t(`service.id#${n}`)}~${n}`,
    name: t(`service.name#${n}`),
    status: t(`service.status#${n}`),
    url: t(`service.url#${n}`),
  }));
  const snIncidents = SN_INCIDENTS.map((i, n) => incident({ ...i, source: 'sn-prod' }, n + 10, t));
  const slas: SlaClock[] = SN_SLAS.map((c, n) => {
    const task = snIncidents[SN_INCIDENTS.findIndex((i) => i.id === c.taskId)];
    return {
      ...c,
      source: 'sn-prod',
      id: `${t(`sla.id#${n}`)}~${n}`,
      taskId: task?.id ?? `${t(`sla.taskId#${n}`)}~${n}`,
      taskKey: task?.key ?? t(`sla.taskKey#${n}`),
      taskTitle: t(`sla.taskTitle#${n}`),
      name: t(`sla.name#${n}`),
      vendorStage: t(`sla.vendorStage#${n}`),
      assignee: t(`sla.assignee#${n}`),
      group: t(`sla.group#${n}`),
      url: t(`sla.url#${n}`),
    };
  });
  const maybe = <T>(records: T[]): T[] => (sanitized ? records.map((r) => sanitizeDeep(r)) : records);
  const pd = connector('pd-demo', {
    streams: {
      incidents: stream('incidents', maybe(pdIncidents)),
      oncall: stream('oncall', maybe(shifts)),
      policies: stream('policies', maybe(policies)),
      services: stream('services', maybe(services)),
    },
  });
  const sn = snConnector('sn-prod', {
    health: 'degraded',
    streams: {
      incidents: stream('incidents', maybe(snIncidents)),
      // A failing stream: the vendor's error message is shown with the last good data.
      slas: stream('slas', maybe(slas), {
        status: 'error',
        error: t('stream.error'),
        errorDetail: `${t('stream.error')}\n${t('stream.errorDetail')}`,
        errorCode: 'BAD_RESPONSE',
        fetchedAt: NOW - 600_000,
      }),
    },
  });
  return {
    connectors: { 'pd-demo': pd, 'sn-prod': sn },
    toasts: [{ id: 1, level: 'success', text: `Acknowledged ${t('toast.key')}`, at: NOW }],
    // The status view shows these in full: vendor and config text wrapped, never cut.
    history: [{ id: 1, level: 'error', text: `pd-demo incidents failed: ${t('history.text')}`, at: NOW }],
    warnings: [`config: ${t('warning.text')}`],
    refused: [{ instance: 'pd-eu', plugin: 'pagerduty', reason: t('refused.reason'), code: 'PLUGIN_SETUP' }],
  };
}
