/**
 * Changing incidents: PUT /incidents/{id}, bulk PUT /incidents, notes and
 * snooze. Every update is checked completely before anything changes, so a
 * bulk update with one bad item changes nothing.
 *
 * Choices where PagerDuty's behaviour is loosely documented:
 * - acknowledging an acknowledged incident succeeds (200) and refreshes the ack
 *   and its timeout, as PagerDuty does;
 * - resolving, escalating or reassigning a resolved incident fails with 1001
 *   "Incident Already Resolved";
 * - setting status triggered/acknowledged on a resolved incident reopens it, as
 *   the spec describes;
 * - escalation_level outside the policy's levels fails with 1006, and so does any
 *   escalation_level on a low-urgency incident (PagerDuty: low-urgency incidents do not
 *   escalate), unless the same update raises the urgency to high.
 */
import type { SimResponse } from '../http/server.js';
import { type Incident, type User, userAgentOf, WorldError } from '../world.js';
import type { Route, RouteContext } from './context.js';
import { fromWorldError, invalidInput, notFound, pdError } from './errors.js';
import { findIncident } from './incident-routes.js';
import * as render from './render.js';

export const MAX_BULK = 250;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseBody(raw: string): Json | SimResponse {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return invalidInput('The request body is not valid JSON');
  }
  return isObject(body) ? body : invalidInput('The request body must be a JSON object');
}

const isResponse = (v: unknown): v is SimResponse => isObject(v) && typeof v.status === 'number';
const refused = (message: string): never => {
  throw new WorldError('invalid', message);
};

/** Check one update against the incident's current state; returns the change to run. */
function plan(c: RouteContext, inc: Incident, u: Json, actor: User): () => void {
  const w = c.world;
  const by = userAgentOf(actor.id);
  if (u.type !== undefined && u.type !== 'incident' && u.type !== 'incident_reference') {
    refused('type must be "incident" or "incident_reference"');
  }
  const status = u.status;
  if (status !== undefined && status !== 'triggered' && status !== 'acknowledged' && status !== 'resolved') {
    refused('status must be triggered, acknowledged or resolved');
  }
  if (u.assignments !== undefined && u.escalation_policy !== undefined) {
    refused('Send either assignments or escalation_policy, not both');
  }
  let policyId = inc.policyId;
  if (u.escalation_policy !== undefined) {
    const id = isObject(u.escalation_policy) ? u.escalation_policy.id : undefined;
    if (typeof id !== 'string' || !w.policies.some((p) => p.id === id)) refused('Unknown escalation_policy');
    policyId = id as string;
  }
  let assignees: string[] | undefined;
  if (u.assignments !== undefined) {
    if (!Array.isArray(u.assignments) || u.assignments.length === 0)
      refused('assignments must be a non-empty list');
    assignees = (u.assignments as unknown[]).map((a) => {
      const id = isObject(a) && isObject(a.assignee) ? a.assignee.id : undefined;
      if (typeof id !== 'string' || !w.users.some((x) => x.id === id))
        refused(`Unknown assignee ${String(id)}`);
      return id as string;
    });
  }
  const level = u.escalation_level;
  if (level !== undefined) {
    const levels = w.policy(policyId).rules.length;
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > levels) {
      throw new WorldError(
        'cannot_escalate',
        `Escalation level ${String(level)} is out of range (1-${levels})`,
      );
    }
  }
  let priorityId: string | null | undefined;
  if (u.priority === null) priorityId = null;
  else if (u.priority !== undefined) {
    const p = isObject(u.priority)
      ? w.priorities.find((x) => x.id === (u.priority as Json).id)
      : w.priorities.find((x) => x.name === u.priority);
    if (!p) throw new WorldError('invalid_priority', `Unknown priority ${JSON.stringify(u.priority)}`);
    priorityId = p.id;
  }
  const urgency = u.urgency;
  if (urgency !== undefined && urgency !== 'high' && urgency !== 'low')
    refused('urgency must be high or low');
  if (level !== undefined && (urgency ?? inc.urgency) === 'low' && inc.status !== 'resolved') {
    throw new WorldError(
      'cannot_escalate',
      'Low urgency incidents cannot be escalated; change the urgency to high first',
    );
  }
  if (u.title !== undefined && (typeof u.title !== 'string' || u.title.trim() === ''))
    refused('title must be text');
  const resolution = typeof u.resolution === 'string' ? u.resolution : undefined;

  const reopening = inc.status === 'resolved' && (status === 'triggered' || status === 'acknowledged');
  const routing = policyId !== inc.policyId || assignees !== undefined || level !== undefined;
  if (inc.status === 'resolved' && !reopening && (status === 'resolved' || routing)) {
    throw new WorldError('already_resolved', `Incident ${inc.id} is already resolved`);
  }

  return () => {
    const id = inc.id;
    if (reopening) w.reopen(id, by, c.now);
    if (policyId !== inc.policyId) w.changePolicy(id, policyId, by, c.now);
    if (assignees) w.reassign(id, assignees, by, c.now);
    // Urgency first: an update that raises it and escalates in one go is allowed.
    if (urgency === 'high' || urgency === 'low') w.setUrgency(id, urgency, by, c.now);
    if (typeof level === 'number') w.escalate(id, level, by, c.now);
    // "triggered" on an open incident re-notifies the people it is assigned to.
    if (status === 'triggered' && !reopening && !routing) w.retrigger(id, by, c.now);
    if (status === 'acknowledged') w.acknowledge(id, actor.id, c.now);
    if (status === 'resolved') w.resolve(id, by, resolution, c.now);
    if (priorityId !== undefined) w.setPriority(id, priorityId, c.now);
    if (typeof u.title === 'string') w.setTitle(id, u.title, c.now);
  };
}

export const updateIncident: Route = (c, req, [id]) => {
  const body = parseBody(req.body);
  if (isResponse(body)) return body;
  const inc = findIncident(c, id!);
  if (!inc) return notFound();
  if (!isObject(body.incident)) return invalidInput('incident is required');
  try {
    plan(c, inc, body.incident, c.actor!)();
  } catch (err) {
    return fromWorldError(err);
  }
  return { status: 200, json: { incident: render.incident(c, inc) } };
};

export const updateIncidents: Route = (c, req) => {
  const body = parseBody(req.body);
  if (isResponse(body)) return body;
  if (!Array.isArray(body.incidents)) return invalidInput('incidents must be a list');
  if (body.incidents.length > MAX_BULK) {
    return pdError(413, 2001, 'Request Entity Too Large', [
      `At most ${MAX_BULK} incidents can be updated at once`,
    ]);
  }
  const steps: { inc: Incident; run: () => void }[] = [];
  for (const [i, item] of (body.incidents as unknown[]).entries()) {
    if (!isObject(item) || typeof item.id !== 'string') return invalidInput(`incidents[${i}].id is required`);
    const inc = findIncident(c, item.id);
    if (!inc) return pdError(404, 2100, 'Not Found', [`Incident ${item.id} not found`]);
    try {
      steps.push({ inc, run: plan(c, inc, item, c.actor!) });
    } catch (err) {
      return fromWorldError(err);
    }
  }
  try {
    for (const s of steps) s.run();
  } catch (err) {
    return fromWorldError(err);
  }
  return {
    status: 200,
    json: {
      incidents: steps.map((s) => render.incident(c, s.inc)),
      limit: steps.length,
      offset: 0,
      more: false,
      total: null,
    },
  };
};

export const createNote: Route = (c, req, [id]) => {
  const body = parseBody(req.body);
  if (isResponse(body)) return body;
  const inc = findIncident(c, id!);
  if (!inc) return notFound();
  const content = isObject(body.note) ? body.note.content : undefined;
  if (typeof content !== 'string' || content.trim() === '') return invalidInput('note.content is required');
  const note = c.world.addNote(inc.id, c.actor!.id, content, c.now);
  // The spec declares 200 for this operation (the live API has been seen to answer 201).
  return { status: 200, json: { note: render.note(c, note) } };
};

export const snoozeIncident: Route = (c, req, [id]) => {
  const body = parseBody(req.body);
  if (isResponse(body)) return body;
  const inc = findIncident(c, id!);
  if (!inc) return notFound();
  try {
    c.world.snooze(inc.id, body.duration as number, c.actor!.id, c.now);
  } catch (err) {
    if (err instanceof WorldError && err.kind === 'invalid') {
      return pdError(400, 1013, 'Invalid Snooze Duration', [err.message]);
    }
    return fromWorldError(err);
  }
  return { status: 201, json: { incident: render.incident(c, inc) } };
};
