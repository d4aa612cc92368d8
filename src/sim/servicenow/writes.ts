/**
 * PATCH/PUT on an incident: validate the body the way the default data
 * policies do, then apply it with every side effect (priority recompute,
 * SLA pause/stop/restart, journal entries). Unknown columns are ignored, as
 * the Table API ignores them; `priority` itself is recomputed, never stored.
 */

import type { InstanceBehaviour } from './behaviour.js';
import { sysId } from './format.js';
import { repriorise, setState, touch } from './incidents.js';
import { HOLD_LABELS, isClosedState, type SnIncident, type SnUser, STATE_LABELS } from './model.js';
import { stopSla } from './sla.js';
import type { ServiceNowData } from './world.js';

const LEVELS = ['1', '2', '3'];

/** Why an update was refused: a bad value (400), a data policy (403), a business rule abort (403). */
export interface Refusal {
  kind: 'invalid' | 'data_policy' | 'business_rule';
  /** The message; for a data policy, the labels of the mandatory fields left empty. */
  text: string;
}

/** Apply `body` as `actor` at time `t`; returns the refusal instead when the body is refused. */
export function patchIncident(
  d: ServiceNowData,
  inc: SnIncident,
  body: Record<string, unknown>,
  actor: SnUser,
  t: number,
  rules: Pick<InstanceBehaviour, 'assigneeMustBeMember' | 'dataPolicies'> = {
    assigneeMustBeMember: false,
    dataPolicies: [],
  },
): Refusal | undefined {
  const invalid = (text: string): Refusal => ({ kind: 'invalid', text });
  const v: Record<string, string> = {};
  for (const [k, value] of Object.entries(body)) {
    if (value === null || value === undefined) v[k] = '';
    else if (typeof value === 'object') return invalid(`Field "${k}" must be a string`);
    else v[k] = String(value);
  }
  const state = v.state !== undefined ? Number(v.state) : inc.state;
  if (v.state !== undefined && !(v.state in STATE_LABELS)) return invalid(`Invalid state "${v.state}"`);
  for (const k of ['impact', 'urgency'] as const)
    if (v[k] !== undefined && !LEVELS.includes(v[k]!)) return invalid(`Invalid ${k} "${v[k]}"`);
  if (v.hold_reason !== undefined && v.hold_reason !== '' && !(v.hold_reason in HOLD_LABELS))
    return invalid(`Invalid hold_reason "${v.hold_reason}"`);
  if (v.assignment_group && !d.dir.groups.some((g) => g.sys_id === v.assignment_group))
    return invalid(`Invalid reference: no sys_user_group ${v.assignment_group}`);
  if (v.assigned_to && !d.user(v.assigned_to))
    return invalid(`Invalid reference: no sys_user ${v.assigned_to}`);
  const holdReason = v.hold_reason ?? (state === 3 ? inc.hold_reason : '');
  const resolving = (state === 6 || state === 7) && !isClosedState(inc.state);
  const mandatory = [
    state === 3 && holdReason === '' && 'On hold reason',
    resolving && (v.close_code ?? inc.close_code) === '' && 'Resolution code',
    resolving && (v.close_notes ?? inc.close_notes) === '' && 'Resolution notes',
    ...rules.dataPolicies.map((p) => state === p.whenState && state !== inc.state && !v[p.field] && p.label),
  ].filter((x): x is string => typeof x === 'string');
  if (mandatory.length > 0) return { kind: 'data_policy', text: mandatory.join(', ') };
  const group = v.assignment_group || inc.assignmentGroupId;
  if (
    rules.assigneeMustBeMember &&
    v.assigned_to &&
    group &&
    !d.membersOf(group).some((u) => u.sys_id === v.assigned_to)
  )
    return { kind: 'business_rule', text: 'Assigned to user is not a member of the Assignment group' };

  d.takeOver(inc);
  const rng = d.idRng;
  const before = inc.impact + inc.urgency - 1;
  if (v.short_description !== undefined) inc.short_description = v.short_description;
  if (v.description !== undefined) inc.description = v.description;
  if (v.close_code !== undefined) inc.close_code = v.close_code;
  if (v.close_notes !== undefined) inc.close_notes = v.close_notes;
  if (v.assignment_group !== undefined && v.assignment_group !== inc.assignmentGroupId) {
    inc.assignmentGroupId = v.assignment_group;
    inc.reassignmentCount++;
  }
  if (v.assigned_to !== undefined && v.assigned_to !== inc.assignedToId) {
    if (inc.assignedToId !== '' && v.assignment_group === undefined) inc.reassignmentCount++;
    inc.assignedToId = v.assigned_to;
  }
  if (v.impact !== undefined) inc.impact = Number(v.impact);
  if (v.urgency !== undefined) inc.urgency = Number(v.urgency);
  const wasClosed = isClosedState(inc.state);
  setState(d, rng, inc, state, t, actor.sys_id);
  if (state === 3) inc.hold_reason = holdReason;
  if (!wasClosed) repriorise(d, rng, inc, before, t);
  // Assigning someone to a New incident is a response too (the response SLA's stop condition).
  if (inc.state === 1 && inc.assignedToId !== '')
    for (const s of d.slasOf(inc.sys_id))
      if (s.stoppedAt === null && d.slaDef(s.defId).target === 'response') stopSla(s, t);
  for (const element of ['work_notes', 'comments'] as const) {
    const text = v[element];
    if (text)
      d.journal.push({
        sys_id: sysId(rng),
        elementId: inc.sys_id,
        element,
        value: text,
        createdAt: t,
        createdBy: actor.user_name,
      });
  }
  touch(inc, t, actor.user_name);
  return undefined;
}
