import { incidentLabel } from './action-text.js';
import { chooseLevel, levelWords } from './escalation-plan.js';
import type { ChoiceList, Flow } from './ui-state.js';

/** Target states offered by the state chooser, in the order ServiceNow's form lists them. */
export const STATE_CHOICES = ['In Progress', 'On Hold…', 'Resolved…'] as const;

/** ServiceNow's default hold reasons (display words; the connector maps them to codes). */
export const HOLD_REASONS = [
  'Awaiting Caller',
  'Awaiting Problem',
  'Awaiting Vendor',
  'Awaiting Change',
] as const;

/** ServiceNow's default resolution codes. */
export const CLOSE_CODES = [
  'Solution provided',
  'Workaround provided',
  'Duplicate',
  'Known error',
  'Resolved by caller',
  'User error',
] as const;

export function choicesFor(pick: ChoiceList, flow?: Flow): readonly string[] {
  if (pick === 'level') return (flow?.plan?.choices ?? []).map((c) => c.label);
  return pick === 'state' ? STATE_CHOICES : pick === 'hold' ? HOLD_REASONS : CLOSE_CODES;
}

export function chooserTitle(pick: ChoiceList, flow: Flow): string {
  const label = incidentLabel(flow.incident, 30);
  if (pick === 'level') {
    const candidates = flow.plan?.candidates;
    return candidates
      ? `${label} may be at level ${levelWords(candidates)}. Escalate to:`
      : `${label}: level unknown. Escalate to:`;
  }
  if (pick === 'state') return `Change state of ${label} to…`;
  if (pick === 'hold') return `Why is ${label} on hold?`;
  return `Close code for ${label}`;
}

/**
 * The next step after picking `index` from the current list. Nothing here writes:
 * every path ends at the confirm dialog.
 */
export function afterPick(flow: Flow, index: number): Flow {
  const { pick, ...rest } = flow;
  if (pick === 'level') {
    const choice = flow.plan?.choices?.[index];
    // No such choice (the list changed under the cursor): stay on the list rather than guess.
    if (!choice || !flow.plan) return flow;
    return { ...rest, step: 'confirm', plan: chooseLevel(flow.plan, choice) };
  }
  if (pick === 'state') {
    if (index === 0) return { ...rest, step: 'confirm', change: { state: 'in_progress' } };
    return { ...rest, step: 'choose', pick: index === 1 ? 'hold' : 'code' };
  }
  if (pick === 'hold') {
    return { ...rest, step: 'confirm', change: { state: 'on_hold', holdReason: HOLD_REASONS[index]! } };
  }
  // Resolved also needs close notes, typed next.
  return { ...rest, step: 'input', closeCode: CLOSE_CODES[index]! };
}

/** What the text step asks for, and whether an empty answer is refused (with the refusal). */
export interface InputText {
  label: string;
  placeholder: string;
  /** Refusal for empty text; absent when the text is optional. */
  required?: string;
}

export function inputText(flow: Flow): InputText {
  const label = incidentLabel(flow.incident, 40);
  if (flow.capability === 'incidents.state') {
    return {
      label: `Close notes for ${label} (${flow.closeCode ?? ''})`,
      placeholder: 'what fixed it, for the caller and the next engineer',
      required: 'Close notes are required to resolve (Esc cancels).',
    };
  }
  if (flow.capability === 'incidents.note') {
    const what = flow.workNote ? 'work note' : 'note';
    return {
      label: `Add a ${what} to ${label}`,
      placeholder: 'what you found or did',
      required: `A ${what} needs some text (Esc cancels).`,
    };
  }
  return { label: `Resolution note (optional) for ${label}`, placeholder: 'why it is resolved' };
}

/** The flow once the text step is answered: close notes complete a state change, other text rides along. */
export function afterInput(flow: Flow, text: string): Flow {
  if (flow.capability === 'incidents.state') {
    const { closeCode = '', ...rest } = flow;
    return { ...rest, step: 'confirm', change: { state: 'resolved', closeCode, closeNotes: text } };
  }
  return { ...flow, step: 'confirm', ...(text ? { text } : {}) };
}
