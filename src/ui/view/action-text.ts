import type { Incident, StateChange } from '../../domain/model.js';
import { actionNoun } from '../../store/audit.js';
import type { ActionCapability, UncertainWrite } from '../../store/types.js';
import { clean, truncate } from '../text/fit.js';
import { clockTime } from '../text/time.js';
import { type EscalationPlan, escalationLines } from './escalation-plan.js';

export { type EscalationPlan, escalationPlan, type LevelChoice } from './escalation-plan.js';

/** What a confirm dialog says: the question, what will happen, and the confirm button's label. */
export interface ConfirmText {
  title: string;
  /** Said first and marked: e.g. an earlier identical write may have been applied. */
  warning?: string;
  lines: string[];
  confirmLabel: string;
  danger: boolean;
}

export const PROGRESS: Record<ActionCapability, string> = {
  'incidents.ack': 'Acknowledging',
  'incidents.escalate': 'Escalating',
  'incidents.resolve': 'Resolving',
  'incidents.note': 'Adding a note to',
  'incidents.assign': 'Assigning',
  'incidents.state': 'Updating',
};

/** Human words for a state change, as the confirm dialog and toasts say it. */
export function stateChangeLabel(change: StateChange): string {
  switch (change.state) {
    case 'in_progress':
      return 'In Progress';
    case 'on_hold':
      return `On Hold (${clean(change.holdReason)})`;
    case 'resolved':
      return `Resolved (${clean(change.closeCode)})`;
  }
}

/** "#4211 API p99 latency…": key plus a title short enough for one dialog line. */
export function incidentLabel(i: Incident, titleWidth = 40): string {
  return `${clean(i.key)} ${truncate(clean(i.title), titleWidth)}`;
}

/** An earlier write of the same kind on the same record whose outcome is unknown. */
export interface RepeatWarning {
  earlier: UncertainWrite;
  /** When the record on screen was read (epoch ms), null if never. */
  readAt: number | null;
}

/** "acknowledged, at level 2 of Checkout EP, assigned to Bob Builder": the record as last read. */
export function recordState(incident: Incident): string {
  const parts: string[] = [clean(incident.vendorStatus || incident.status)];
  if (incident.status !== 'resolved' && incident.escalationLevel !== undefined) {
    const of = incident.escalationPolicy ? ` of ${clean(incident.escalationPolicy)}` : '';
    parts.push(`at level ${incident.escalationLevel}${of}`);
  }
  if (incident.holdReason) parts.push(`on hold: ${clean(incident.holdReason)}`);
  parts.push(
    incident.assignees.length > 0
      ? `assigned to ${incident.assignees.map((a) => clean(a)).join(', ')}`
      : 'assigned to nobody',
  );
  return parts.join(', ');
}

/**
 * The warning a repeat gets after an unknown outcome: when the earlier write went, that it
 * may have been applied, and the record as last read — saying so when that read is older
 * than the write, so nobody mistakes a pre-write state for proof it did not land.
 */
export function repeatWarning(
  capability: ActionCapability,
  incident: Incident,
  repeat: RepeatWarning,
): string {
  const { earlier, readAt } = repeat;
  const asked = earlier.level ? ` to level ${earlier.level}` : '';
  const head = `Your ${actionNoun(capability)} of ${clean(earlier.key)}${asked} at ${clockTime(earlier.at)} got no clear answer and may have been applied.`;
  if (readAt === null || readAt < earlier.at) {
    const when = readAt === null ? 'not read yet' : `last read ${clockTime(readAt)}, before it`;
    return `${head} Its state is unknown (${when}): press Esc, then r, and check before repeating it.`;
  }
  return `${head} As read at ${clockTime(readAt)} it is ${recordState(incident)}.`;
}

const AGAIN: Record<ActionCapability, string> = {
  'incidents.ack': 'Acknowledge again',
  'incidents.escalate': 'Escalate again',
  'incidents.resolve': 'Resolve again',
  'incidents.note': 'Add it again',
  'incidents.assign': 'Assign again',
  'incidents.state': 'Change again',
};

export function confirmText(
  capability: ActionCapability,
  incident: Incident,
  extra: {
    text?: string;
    plan?: EscalationPlan;
    change?: StateChange;
    workNote?: boolean;
    repeat?: RepeatWarning;
    /** Why the audit trail could not be written, when it could not. */
    auditProblem?: string;
  } = {},
): ConfirmText {
  const plain = baseConfirmText(capability, incident, extra);
  if (extra.auditProblem) {
    // Say it before `y`, not after: the write will be refused unless the trail can be written now.
    plain.warning = `The audit log could not be written (${clean(extra.auditProblem)}); this will be refused unless it can be now. Fix audit.path.`;
  }
  if (!extra.repeat) return plain;
  // A repeat after an unknown outcome is always the dangerous kind: it may page someone twice.
  return {
    title: plain.title.replace(/\?$/, ' again?'),
    warning: [repeatWarning(capability, incident, extra.repeat), plain.warning].filter(Boolean).join(' '),
    lines: plain.lines,
    confirmLabel: AGAIN[capability],
    danger: true,
  };
}

function baseConfirmText(
  capability: ActionCapability,
  incident: Incident,
  extra: { text?: string; plan?: EscalationPlan; change?: StateChange; workNote?: boolean },
): ConfirmText {
  const label = incidentLabel(incident);
  const source = clean(incident.source);
  switch (capability) {
    case 'incidents.ack':
      return {
        title: `Acknowledge ${label}?`,
        lines: [`Stops escalation in ${source} and records you as the acknowledger.`],
        confirmLabel: 'Acknowledge',
        danger: false,
      };
    case 'incidents.escalate': {
      // Ticketing systems have no escalation levels: the connector raises the priority and/or
      // reassigns to its escalation group, so say that instead of "pages the next responder".
      if (!incident.escalationPolicyId) {
        return {
          title: `Escalate ${label}?`,
          lines: [
            `${source} raises it to P1 (impact and urgency High) and/or reassigns it to the escalation group in config, with a work note.`,
            'A P1 brings the P1 SLAs with it, counted from when the ticket opened.',
          ],
          confirmLabel: 'Escalate',
          danger: true,
        };
      }
      const plan: EscalationPlan = extra.plan ?? {
        ...(incident.escalationLevel !== undefined ? { fromLevel: incident.escalationLevel } : {}),
        fromPeople: [],
        target: {},
      };
      return {
        title: `Escalate ${label}${plan.toLevel && plan.fromLevel === undefined ? ` to level ${plan.toLevel}` : ''}?`,
        lines: escalationLines(plan),
        confirmLabel: 'Escalate',
        danger: true,
      };
    }
    case 'incidents.resolve':
      return {
        title: `Resolve ${label}?`,
        lines: [
          `Closes it in ${source} and stops all paging for it.`,
          extra.text ? `Resolution note: "${clean(extra.text)}"` : 'No resolution note.',
        ],
        confirmLabel: 'Resolve',
        danger: true,
      };
    case 'incidents.note':
      return {
        title: `Add a ${extra.workNote ? 'work note' : 'note'} to ${label}?`,
        lines: [`"${clean(extra.text ?? '')}"`],
        confirmLabel: extra.workNote ? 'Add work note' : 'Add note',
        danger: false,
      };
    case 'incidents.assign':
      return {
        title: `Assign ${label} to you?`,
        lines: [`Sets you (the ${source} connector's user) as the assignee.`],
        confirmLabel: 'Assign to me',
        danger: false,
      };
    case 'incidents.state': {
      const change = extra.change ?? { state: 'in_progress' };
      const lines =
        change.state === 'resolved'
          ? [`Close code: ${clean(change.closeCode)}`, `Close notes: "${clean(change.closeNotes)}"`]
          : change.state === 'on_hold'
            ? ['The SLA clocks of this ticket pause while it is on hold.']
            : ['Marks the ticket as being worked on.'];
      return {
        title: `Set ${label} to ${stateChangeLabel(change)}?`,
        lines,
        confirmLabel: 'Change state',
        danger: change.state === 'resolved',
      };
    }
  }
}
