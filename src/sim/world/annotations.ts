/** Changes that do not move an incident along its policy: urgency (which starts or stops its timer), notes, snooze. */
import { WorldError } from './errors.js';
import { type Core, log, nextEscalation, requireOpen, userAgent } from './lifecycle.js';
import type { Agent, Incident } from './types.js';

export function changeUrgency(core: Core, inc: Incident, urgency: 'high' | 'low', agent: Agent, t: number) {
  if (inc.urgency === urgency) return;
  inc.urgency = urgency;
  // Only high urgency escalates: raising it starts the level's timer, lowering it stops it.
  if (inc.status === 'triggered') inc.escalateAt = nextEscalation(inc, core.policy(inc.policyId), t);
  log(core, inc, {
    type: 'urgency_change_log_entry',
    at: t,
    agent,
    channel: 'api',
    summary: `Urgency changed to ${urgency}`,
  });
}

export function addNote(core: Core, inc: Incident, userId: string, content: string, t: number) {
  const note = { id: core.ids.next('P'), userId, content, at: t };
  inc.notes.push(note);
  log(core, inc, {
    type: 'annotate_log_entry',
    at: t,
    agent: userAgent(userId),
    channel: 'api',
    summary: 'Note added',
  });
  return note;
}

export const MAX_SNOOZE_SECONDS = 604_800;

export function snooze(core: Core, inc: Incident, seconds: number, userId: string, t: number): void {
  requireOpen(inc);
  if (inc.status !== 'acknowledged') throw new WorldError('not_acknowledged', 'Incident is not Acknowledged');
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SNOOZE_SECONDS) {
    throw new WorldError('invalid', `Snooze duration must be 1-${MAX_SNOOZE_SECONDS} seconds`);
  }
  inc.unackAt = t + seconds * 1000;
  log(core, inc, {
    type: 'snooze_log_entry',
    at: t,
    agent: userAgent(userId),
    channel: 'api',
    summary: `Snoozed for ${Math.round(seconds / 60)} minutes`,
  });
}
