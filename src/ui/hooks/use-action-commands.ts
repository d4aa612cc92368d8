import type { EscalationPolicy } from '../../domain/model.js';
import { selectRecords } from '../../store/selectors.js';
import type { ActionCapability } from '../../store/types.js';
import { useCommand } from '../keys/use-command.js';
import { clean } from '../text/fit.js';
import { escalationPlan, incidentLabel, PROGRESS } from '../view/action-text.js';
import type { Flow } from '../view/ui-state.js';
import type { CockpitModel } from './use-cockpit-model.js';

/**
 * Action keys open the confirm flow for the subject incident. Gating (read-only,
 * capability) already happened in the KeyProvider; this refuses a second write
 * on a record that has one in flight, and marks a repeat of a write whose outcome
 * was unknown so its confirmation warns.
 */
export function useActionCommands(m: CockpitModel, now: () => number) {
  const start = (capability: ActionCapability) => {
    const incident = m.subject;
    if (!incident) return 'pass' as const;
    const key = `${incident.source}:${incident.id}`;
    const busy = m.ui.inflight[key]?.capability ?? m.state.pending[key];
    if (busy) {
      const text = `${PROGRESS[busy]} ${incidentLabel(incident, 30)}: wait for it to finish.`;
      m.dispatch({ type: 'message', level: 'warn', text, at: now() });
      return 'handled' as const;
    }
    const needsText = capability === 'incidents.note' || capability === 'incidents.resolve';
    const flow: Flow = { step: needsText ? 'input' : 'confirm', capability, incident };
    // A state change starts by choosing the target state; every choice still ends at a confirm.
    if (capability === 'incidents.state') Object.assign(flow, { step: 'choose', pick: 'state' });
    // The same write on this record may have landed already: warn, with the record as last read.
    const earlier = m.state.uncertain.find((u) => u.record === key && u.capability === capability);
    if (earlier) {
      const readAt = m.state.connectors[incident.source]?.streams.incidents?.fetchedAt ?? null;
      flow.repeat = { earlier, readAt };
    }
    if (m.state.auditProblem) flow.auditProblem = m.state.auditProblem;
    // ServiceNow keeps customer-visible comments apart from work notes; say which one this is.
    if (m.state.connectors[incident.source]?.pluginId === 'servicenow') flow.workNote = true;
    if (capability === 'incidents.escalate') {
      const refuse = (text: string) => {
        m.dispatch({ type: 'message', level: 'warn', text, at: now() });
        return 'handled' as const;
      };
      // Don't ask to confirm something the vendor will refuse: say so, and what to do instead.
      if (incident.escalationBlocked) return refuse(clean(incident.escalationBlocked));
      flow.plan = escalationPlan(
        incident,
        m.view.oncall,
        selectRecords<EscalationPolicy>(m.state, 'policies'),
      );
      if (flow.plan.lastLevel !== undefined) {
        const of = flow.plan.policyName ? ` of ${flow.plan.policyName}` : '';
        return refuse(
          `${incidentLabel(incident, 30)} is already at the last level (${flow.plan.lastLevel})${of}; nobody further to page. Add a note or reassign in the vendor UI.`,
        );
      }
      if (flow.plan.refusal) return refuse(flow.plan.refusal);
      // Its level is not known: choose the target level first; a confirm still follows.
      if (flow.plan.choices) Object.assign(flow, { step: 'choose', pick: 'level' });
    }
    m.dispatch({ type: 'flow', flow });
    return 'handled' as const;
  };
  useCommand('incident.ack', () => start('incidents.ack'));
  useCommand('incident.escalate', () => start('incidents.escalate'));
  useCommand('incident.resolve', () => start('incidents.resolve'));
  useCommand('incident.note', () => start('incidents.note'));
  useCommand('incident.assign', () => start('incidents.assign'));
  useCommand('incident.state', () => start('incidents.state'));
}
