/**
 * Incident state changes and their SLA side effects, shared by the simulated
 * service desk (scripted steps) and by API writes: leaving New achieves the
 * response SLA, On Hold pauses resolution SLAs, resolving stops every clock,
 * cancelling cancels them, reopening starts a fresh resolution SLA.
 */
import { MINUTE } from '../clock.js';
import type { Rng } from '../random.js';
import { inventIncident } from '../world/titles.js';
import { sysId } from './format.js';
import { isClosedState, priorityOf, type SnIncident, type SnTaskSla } from './model.js';
import { pauseSla, resumeSla, stopSla } from './sla.js';
import type { ServiceNowData } from './world.js';

const CATEGORIES: Record<string, string> = {
  web: 'software',
  db: 'database',
  k8s: 'software',
  net: 'network',
  mail: 'software',
};

export function newIncident(d: ServiceNowData, rng: Rng, at: number): SnIncident {
  const service = rng.pick(d.world.services);
  const idea = inventIncident(rng, service);
  const urgency =
    idea.urgency === 'high'
      ? rng.weighted([
          [1, 3],
          [2, 2],
        ] as const)
      : rng.int(2, 3);
  const impact = rng.weighted([
    [1, 1],
    [2, 3],
    [3, 2],
  ] as const);
  const caller = rng.pick(d.users.filter((u) => u.worldUserId !== null));
  const group = d.dir.groupOfTeam.get(service.teamId) ?? d.dir.groups[0]!;
  return {
    sys_id: sysId(rng),
    number: `INC${String(d.takeNumber()).padStart(7, '0')}`,
    short_description: idea.title,
    description: `${idea.title}\nMonitoring check ${idea.incidentKey} on ${idea.host} (service ${service.name}).`,
    category: CATEGORIES[service.kind] ?? 'inquiry',
    state: 1,
    impact,
    urgency,
    hold_reason: '',
    assignmentGroupId: group.sys_id,
    assignedToId: '',
    callerId: caller.sys_id,
    openedById: d.dir.integration.sys_id,
    cmdbCiId: d.dir.hostCi.get(idea.host)?.sys_id ?? '',
    businessServiceId: d.dir.serviceCi.get(service.id)?.sys_id ?? '',
    openedAt: at,
    updatedAt: at,
    updatedBy: d.dir.integration.user_name,
    createdBy: d.dir.integration.user_name,
    modCount: 0,
    resolvedAt: null,
    resolvedById: '',
    closedAt: null,
    close_code: '',
    close_notes: '',
    reopenCount: 0,
    reassignmentCount: 0,
    version: 0,
    scripted: true,
  };
}

export const priority = (inc: SnIncident) => priorityOf(inc.impact, inc.urgency);

/** Attach the SLAs of the incident's priority, starting at `start` (response only while New). */
export function attachSlas(d: ServiceNowData, rng: Rng, inc: SnIncident, start: number, t: number): void {
  const p = priority(inc);
  const targets = d.slasPerIncident >= 2 && inc.state === 1 ? ['response', 'resolution'] : ['resolution'];
  for (const def of d.dir.slaDefs) {
    if (def.priority !== p || !targets.includes(def.target)) continue;
    const row: SnTaskSla = {
      sys_id: sysId(rng),
      taskId: inc.sys_id,
      defId: def.sys_id,
      start,
      pauseMs: 0,
      pauseSpans: [],
      pausedSince: null,
      stoppedAt: null,
      cancelled: false,
      createdAt: t,
      updatedAt: t,
      modCount: 0,
    };
    d.addSla(row);
    if (inc.state === 3) pauseSla(row, t);
  }
}

function running(d: ServiceNowData, inc: SnIncident, target?: 'response' | 'resolution'): SnTaskSla[] {
  return d
    .slasOf(inc.sys_id)
    .filter((s) => s.stoppedAt === null && (!target || d.slaDef(s.defId).target === target));
}

export function touch(inc: SnIncident, t: number, by: string): void {
  inc.updatedAt = Math.max(inc.updatedAt, t);
  inc.updatedBy = by;
  inc.modCount++;
}

/** Move to `state` with every side effect; `by` is the sys_user doing it. */
export function setState(
  d: ServiceNowData,
  rng: Rng,
  inc: SnIncident,
  state: number,
  t: number,
  byId: string,
): void {
  const from = inc.state;
  if (from === state) return;
  if (isClosedState(from) && !isClosedState(state)) {
    // Reopen: the old clocks stay stopped; resolution is measured afresh from now.
    inc.reopenCount++;
    inc.resolvedAt = null;
    inc.resolvedById = '';
    inc.closedAt = null;
    inc.close_code = '';
    inc.close_notes = '';
    inc.state = state;
    attachSlas(d, rng, inc, t, t);
    return;
  }
  inc.state = state;
  if (from === 1) for (const s of running(d, inc, 'response')) stopSla(s, t);
  if (from === 3 && state !== 3) {
    inc.hold_reason = '';
    for (const s of running(d, inc)) resumeSla(s, t);
  }
  if (state === 3) for (const s of running(d, inc, 'resolution')) pauseSla(s, t);
  if (state === 6 || state === 7) {
    for (const s of running(d, inc)) stopSla(s, t);
    if (inc.resolvedAt === null) {
      inc.resolvedAt = t;
      inc.resolvedById = byId;
    }
    if (state === 7) inc.closedAt = t;
  }
  if (state === 8) for (const s of running(d, inc)) stopSla(s, t, true);
}

/** impact/urgency changed the priority: the old SLAs no longer apply; new ones count from opening. */
export function repriorise(d: ServiceNowData, rng: Rng, inc: SnIncident, before: number, t: number): void {
  if (priority(inc) === before || isClosedState(inc.state)) return;
  for (const s of running(d, inc)) stopSla(s, t, true);
  attachSlas(d, rng, inc, inc.openedAt, t);
  const resolution = running(d, inc, 'resolution');
  if (inc.state === 3) for (const s of resolution) pauseSla(s, t);
}

/** Pick someone from the incident's group (not a service account) to work it. */
export function pickAssignee(d: ServiceNowData, rng: Rng, inc: SnIncident): string {
  const people = d.membersOf(inc.assignmentGroupId).filter((u) => u.worldUserId !== null);
  return people.length > 0 ? rng.pick(people).sys_id : '';
}

/**
 * The ticket of the world's scripted outage (`world.outage`): opened by the paging integration a
 * couple of minutes after the incident, P1, on the host's CI, carrying the incident's id in
 * `correlation_id` and its number in the description. Left to the API (not scripted), so it
 * stays open for the demo; its resolution SLA runs from the start.
 */
export function openOutageTicket(d: ServiceNowData, rng: Rng): SnIncident | undefined {
  const story = d.world.outage;
  if (!story) return undefined;
  const pd = d.world.incident(story.incidentId);
  const service = d.world.service(story.serviceId);
  // Within its SLA at the start, so the demo shows the clock running down, not already breached.
  const at = Math.min(d.start - MINUTE, Math.max(pd.createdAt + 2 * MINUTE, d.start - 30 * MINUTE));
  const group = d.dir.groupOfTeam.get(service.teamId) ?? d.dir.groups[0]!;
  const inc: SnIncident = {
    sys_id: sysId(rng),
    number: `INC${String(d.takeNumber()).padStart(7, '0')}`,
    short_description: `Disk 97% on ${story.host} - PagerDuty #${story.incidentNumber}`,
    description:
      `Opened by the PagerDuty integration from incident #${story.incidentNumber} ` +
      `(monitor ${story.monitorId}).\nCI: ${story.host} (service ${service.name}).`,
    category: CATEGORIES[service.kind] ?? 'inquiry',
    state: 2,
    impact: 1,
    urgency: 1,
    hold_reason: '',
    assignmentGroupId: group.sys_id,
    assignedToId: '',
    callerId: d.dir.integration.sys_id,
    openedById: d.dir.integration.sys_id,
    cmdbCiId: d.dir.hostCi.get(story.host)?.sys_id ?? '',
    businessServiceId: d.dir.serviceCi.get(service.id)?.sys_id ?? '',
    openedAt: at,
    updatedAt: at,
    updatedBy: d.dir.integration.user_name,
    createdBy: d.dir.integration.user_name,
    modCount: 0,
    resolvedAt: null,
    resolvedById: '',
    closedAt: null,
    close_code: '',
    close_notes: '',
    reopenCount: 0,
    reassignmentCount: 0,
    correlation_id: pd.id,
    correlation_display: 'PagerDuty',
    version: 0,
    scripted: false,
  };
  d.addIncident(inc);
  attachSlas(d, rng, inc, at, at);
  return inc;
}
