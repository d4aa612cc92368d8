/**
 * Cockpit-side planners an action can ask for by name (`ActionDescriptor.plan`). A planner
 * works out, from what the cockpit already knows, what a write will do before it is confirmed,
 * or why it should not be offered at all: `escalation-level`, `containment`.
 */
import type { Subject } from '../../domain/kinds.js';
import type { EscalationPolicy } from '../../domain/model.js';
import { type Clocks, deriveOnCallPanel, selectRecords } from '../../store/selectors.js';
import type { ActionDescriptor, AppState } from '../../store/types.js';
import { clean } from '../text/fit.js';
import { subjectLabel } from './action-text.js';
import { type EscalationPlan, escalationPlan } from './escalation-plan.js';

export type PlanOutcome = { refuse: string } | { plan?: EscalationPlan };

/**
 * Who gets paged: from the incident's escalation policy and who is on call now. Only for an
 * incident that has a policy; a connector whose escalation is something else (a ticket's
 * priority and group) declares no planner and says in its own words what will change.
 */
function escalationLevel(subject: Subject, state: AppState, clocks: Clocks): PlanOutcome {
  const incident = subject.record;
  if (incident.kind !== 'incident' || !incident.escalationPolicyId) return {};
  // Don't ask to confirm something the vendor will refuse: say so, and what to do instead.
  if (incident.escalationBlocked) return { refuse: clean(incident.escalationBlocked) };
  const plan = escalationPlan(
    incident,
    deriveOnCallPanel(state, clocks),
    selectRecords<EscalationPolicy>(state, 'policies'),
  );
  if (plan.lastLevel !== undefined) {
    const of = plan.policyName ? ` of ${plan.policyName}` : '';
    return {
      refuse: `${subjectLabel(subject, 30)} is already at the last level (${plan.lastLevel})${of}; nobody further to page. Add a note or reassign in the vendor UI.`,
    };
  }
  if (plan.refusal) return { refuse: plan.refusal };
  return { plan };
}

/**
 * Containment changes one way at a time: containing a host already contained, or lifting one
 * that is not, would ask the user to confirm a write that changes nothing (or races one still
 * pending at the vendor). Say where it stands and what would help instead.
 */
function containment(action: ActionDescriptor, subject: Subject): PlanOutcome {
  const host = subject.record;
  if (host.kind !== 'host') return {};
  const name = clean(subject.label);
  const lifting = action.id === 'endpoints.lift';
  switch (host.containment) {
    case 'containment_pending':
      return { refuse: `${name}: containment is still pending at the vendor; r re-reads it.` };
    case 'lift_containment_pending':
      return { refuse: `${name}: lifting its containment is still pending at the vendor; r re-reads it.` };
    case 'contained':
      return lifting
        ? {}
        : { refuse: `${name} is already contained; lift containment to give it its network back.` };
    default:
      return lifting ? { refuse: `${name} is not contained: there is no containment to lift.` } : {};
  }
}

export function planFor(
  action: ActionDescriptor,
  subject: Subject,
  state: AppState,
  clocks: Clocks,
): PlanOutcome {
  switch (action.plan) {
    case 'escalation-level':
      return escalationLevel(subject, state, clocks);
    case 'containment':
      return containment(action, subject);
    default:
      return {};
  }
}
