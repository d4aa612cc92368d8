/**
 * A write on its way through the UI, driven entirely by its action's descriptor: the input
 * steps it declares (choices, chains of choices, text), then the confirm dialog. Nothing here
 * writes; every path ends at a confirm, and Escape at any step drops the whole flow.
 */
import type { Subject } from '../../domain/kinds.js';
import type { ActionDescriptor, ActionValues, ChoiceOption, InputStep } from '../../store/types.js';
import type { RepeatWarning } from './action-text.js';
import { chooseLevel, type EscalationPlan } from './escalation-plan.js';

/** A text step that was answered, for the confirm's lines. */
interface Answered {
  field: string;
  line?: string;
  emptyLine?: string;
}

export interface Flow {
  /** `input` and `choose` show the first of `steps` (or the plan's level chooser); `confirm` the dialog. */
  step: 'input' | 'choose' | 'confirm';
  action: ActionDescriptor;
  subject: Subject;
  /** Steps still to answer, the current one first. */
  steps: readonly InputStep[];
  /** What was entered so far, by field. */
  values: ActionValues;
  /** How each entered value reads (an option's label, the text), by field. */
  labels: Readonly<Record<string, string>>;
  /** Options picked so far, in order: their lines, phrases and danger shape the confirm. */
  picked: readonly Omit<ChoiceOption, 'next'>[];
  answered: readonly Answered[];
  /** The escalation plan, for actions that ask for the `escalation-level` planner. */
  plan?: EscalationPlan;
  /** The plan's level chooser is showing (the level is not known). */
  pickLevel?: boolean;
  /** Text to put back in the field when the user declines to send it. */
  draft?: string;
  /** The same write on this record got no clear answer earlier: the confirm warns first. */
  repeat?: RepeatWarning;
  /** The audit trail could not be written when the flow opened: the confirm says so. */
  auditProblem?: string;
  /** Escape was pressed with typed text in the flow: ask before dropping it, the current step kept. */
  askDiscard?: boolean;
  /**
   * A bulk write over marked rows: every record it goes to (`subject` is the first), each with
   * its own connector's descriptor of the action, and the panel whose marks they were.
   */
  bulk?: { panel: string; targets: readonly BulkTarget[]; skipped: readonly string[] };
}

/** One record of a bulk write and the descriptor its connector has for the action. */
export interface BulkTarget {
  subject: Subject;
  action: ActionDescriptor;
  /** The marked rows that stand for it (an incident can have two SLA rows). */
  rows: readonly string[];
}

/** Where a flow goes once `steps` changed: the next step, or the confirm. */
function advance(flow: Flow): Flow {
  const next = flow.steps[0];
  if (!next) return { ...flow, step: 'confirm' };
  return { ...flow, step: next.kind === 'text' ? 'input' : 'choose' };
}

/** A new flow for `action` on `subject`: its first step (or the plan's level chooser, or the confirm). */
export function startFlow(
  action: ActionDescriptor,
  subject: Subject,
  extra: Pick<Flow, 'plan' | 'repeat' | 'auditProblem' | 'bulk'> = {},
): Flow {
  const flow: Flow = {
    step: 'confirm',
    action,
    subject,
    steps: action.input,
    values: {},
    labels: {},
    picked: [],
    answered: [],
    ...extra,
  };
  if (flow.plan?.choices) return { ...flow, step: 'choose', pickLevel: true };
  return advance(flow);
}

/** The step on screen, when it is one of the action's own. */
export function currentStep(flow: Flow): InputStep | undefined {
  return flow.pickLevel || flow.step === 'confirm' ? undefined : flow.steps[0];
}

/** The options of the current choice step. */
export function choicesOf(flow: Flow): readonly { label: string }[] {
  if (flow.pickLevel) return flow.plan?.choices ?? [];
  const step = currentStep(flow);
  return step?.kind === 'choice' ? step.options : [];
}

/** The flow after picking option `index`; unchanged when there is no such option (the list moved). */
export function afterPick(flow: Flow, index: number): Flow {
  if (flow.pickLevel) {
    const choice = flow.plan?.choices?.[index];
    if (!choice || !flow.plan) return flow;
    return advance({ ...flow, pickLevel: false, plan: chooseLevel(flow.plan, choice) });
  }
  const step = currentStep(flow);
  const option = step?.kind === 'choice' ? step.options[index] : undefined;
  if (!step || !option) return flow;
  const { next, ...picked } = option;
  return advance({
    ...flow,
    steps: [...(next ?? []), ...flow.steps.slice(1)],
    values: { ...flow.values, [step.field]: option.value },
    labels: { ...flow.labels, [step.field]: option.label },
    picked: [...flow.picked, picked],
  });
}

/** The flow once the text step is answered (an empty optional text is simply not sent). */
export function afterInput(flow: Flow, text: string): Flow {
  const step = currentStep(flow);
  if (step?.kind !== 'text') return flow;
  const { [step.field]: _old, ...values } = flow.values;
  return advance({
    ...flow,
    steps: flow.steps.slice(1),
    values: text ? { ...values, [step.field]: text } : values,
    labels: { ...flow.labels, [step.field]: text },
    answered: [
      ...flow.answered.filter((a) => a.field !== step.field),
      {
        field: step.field,
        ...(step.line ? { line: step.line } : {}),
        ...(step.emptyLine ? { emptyLine: step.emptyLine } : {}),
      },
    ],
  });
}

/**
 * Declining a confirm after typing: a flow whose only input is one text step goes back to it,
 * text intact (typed text is work, and Enter twice used to lose it); a chain is dropped whole.
 */
export function backToText(flow: Flow): Flow | null {
  const only = flow.action.input.length === 1 ? flow.action.input[0] : undefined;
  if (only?.kind !== 'text' || !flow.values[only.field]) return null;
  return { ...flow, step: 'input', steps: [only], draft: String(flow.values[only.field]) };
}

/** The values the connector gets: what was entered, plus the plan's target level. */
export function valuesOf(flow: Flow): ActionValues {
  const target = flow.plan?.target;
  return {
    ...flow.values,
    ...(target?.level !== undefined ? { level: target.level } : {}),
    ...(target?.fromLevel !== undefined ? { fromLevel: target.fromLevel } : {}),
  };
}

/** Text the user typed in this flow so far: answered text steps, and what is in the field being edited. */
export function typedText(flow: Flow, editing = ''): string {
  const editingField = flow.step === 'input' ? currentStep(flow)?.field : undefined;
  const texts = textFields(flow.action.input).filter((f) => f !== editingField);
  const answered = texts
    .map((f) => flow.values[f])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  return [...answered, ...(editing.trim() ? [editing] : [])].join(' / ');
}

function textFields(steps: readonly InputStep[]): string[] {
  return steps.flatMap((s) =>
    s.kind === 'text' ? [s.field] : s.options.flatMap((o) => textFields(o.next ?? [])),
  );
}

/**
 * Escape on a step: a flow holding typed text asks first (typed text is work: a note written
 * at 3 a.m. must not vanish on a reflex), keeping what is in the field as the draft; a flow
 * with nothing typed is simply dropped (null).
 */
export function escapeFrom(flow: Flow, editing = ''): Flow | null {
  if (!typedText(flow, editing)) return null;
  return { ...flow, askDiscard: true, ...(flow.step === 'input' ? { draft: editing } : {}) };
}

/** "Keep editing": back to the step Escape was pressed on, with its text. */
export function keepEditing(flow: Flow): Flow {
  const { askDiscard: _ask, ...rest } = flow;
  return rest;
}
