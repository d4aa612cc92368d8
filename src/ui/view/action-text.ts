/**
 * What the dialogs say, from the action's words (its descriptor) and what was entered. The only
 * text of its own here is the warnings a write can carry (an earlier identical write may have
 * landed; the audit trail cannot be written), which are the cockpit's, not any vendor's.
 */
import { RECORD_KINDS, type Subject } from '../../domain/kinds.js';
import type { ActionDescriptor, Danger, UncertainWrite } from '../../store/types.js';
import { incidentState, recordLine, recordStateWords } from '../kinds/registry.js';
import { clean } from '../text/fit.js';
import { clockTime } from '../text/time.js';
import type { Flow } from './action-flow.js';
import { escalationLines, levelWords } from './escalation-plan.js';

export { type EscalationPlan, escalationPlan, type LevelChoice } from './escalation-plan.js';

/** What a confirm dialog says: the question, what will happen, and the confirm button's label. */
export interface ConfirmText {
  title: string;
  /** Said first and marked: e.g. an earlier identical write may have been applied. */
  warning?: string;
  lines: string[];
  confirmLabel: string;
  danger: boolean;
  /** Set for a typed confirmation: what the user must type (the subject's key). */
  typed?: string;
}

/** "#4211 API p99 latency…": key plus a title short enough for one dialog line (the kind says how). */
export function subjectLabel(subject: Subject, titleWidth = 40): string {
  return recordLine(subject.record, titleWidth);
}

const DANGER_ORDER: readonly Danger[] = ['none', 'confirm', 'typed'];

/** The most careful confirmation the action or any picked option asks for. */
export function flowDanger(flow: Pick<Flow, 'action' | 'picked'>): Danger {
  return [flow.action.danger, ...flow.picked.map((p) => p.danger ?? 'none')].reduce((a, b) =>
    DANGER_ORDER.indexOf(b) > DANGER_ORDER.indexOf(a) ? b : a,
  );
}

/**
 * Fill a template: `{subject}`, `{key}`, `{source}`, `{value}`, `{planTarget}` and any entered
 * field (a choice reads as its option's phrase, else its label). Every value is cleaned: it may
 * be vendor or typed text. An unknown placeholder stays as written, so a typo shows.
 */
export function fillTemplate(
  template: string,
  flow: Pick<Flow, 'subject' | 'labels' | 'picked' | 'plan' | 'values'> & Partial<Pick<Flow, 'bulk'>>,
  opts: { width?: number; value?: string } = {},
): string {
  const many = flow.bulk && flow.bulk.targets.length > 1 ? flow.bulk.targets : undefined;
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    if (name === 'subject') {
      return many
        ? countOf(many.length, recordNoun(flow.subject))
        : subjectLabel(flow.subject, opts.width ?? 40);
    }
    if (name === 'key')
      return many ? countOf(many.length, recordNoun(flow.subject)) : clean(flow.subject.label);
    if (name === 'source') {
      return many
        ? [...new Set(many.map((t) => clean(t.subject.ref.source)))].join(', ')
        : clean(flow.subject.ref.source);
    }
    if (name === 'value') return clean(opts.value ?? '');
    if (name === 'planTarget') {
      const plan = flow.plan;
      return plan?.toLevel && plan.fromLevel === undefined ? ` to level ${plan.toLevel}` : '';
    }
    if (!Object.hasOwn(flow.labels, name)) return whole;
    const option = flow.picked.find((p) => p.value === flow.values[name] && p.phrase);
    return option?.phrase ? fillTemplate(option.phrase, flow, opts) : clean(flow.labels[name] ?? '');
  });
}

/** "3 incidents", "1 host". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}
const recordNoun = (s: Subject) => RECORD_KINDS[s.kind].noun;

/** Records a bulk confirm names one by one before "and N more". */
export const BULK_LINES = 8;

/** The lines of a bulk confirm after the action's own: each record, then what is left out and why. */
export function bulkLines(bulk: NonNullable<Flow['bulk']>): string[] {
  const shown = bulk.targets.slice(0, BULK_LINES).map((t) => `  ${subjectLabel(t.subject, 40)}`);
  const more = bulk.targets.length - shown.length;
  if (more > 0) shown.push(`  and ${more} more`);
  if (bulk.skipped.length > 0) {
    shown.push(
      `Left out (${bulk.skipped.length}): ${bulk.skipped.slice(0, 4).join('; ')}${bulk.skipped.length > 4 ? '; …' : ''}`,
    );
  }
  shown.push('Each is sent and audited on its own; failures are listed after.');
  return shown;
}

/** The flow is at a confirm that asks for the subject's name. Touches no vendor text, so it cannot throw. */
export function isTypedConfirm(flow: Flow): boolean {
  return flow.step === 'confirm' && flowDanger(flow) === 'typed';
}

/** The confirm dialog of a flow. */
export function confirmText(flow: Flow): ConfirmText {
  const { action } = flow;
  const w = action.wording;
  const fill = (t: string, value?: string) => fillTemplate(t, flow, value === undefined ? {} : { value });
  const chosen = [...flow.picked].reverse().find((p) => p.lines);
  const planned = flow.plan && (flow.plan.toLevel !== undefined || flow.plan.fromLevel !== undefined);
  const lines = planned
    ? escalationLines(flow.plan!)
    : (chosen?.lines ?? w.lines).map((l: string) => fill(l));
  for (const a of flow.answered) {
    const value = flow.values[a.field];
    const line = value !== undefined && value !== '' ? a.line : a.emptyLine;
    if (line) lines.push(fill(line, String(value ?? '')));
  }
  if (flow.bulk) lines.push(...bulkLines(flow.bulk));
  const danger = flowDanger(flow);
  const plain: ConfirmText = {
    title: fill(w.question),
    lines,
    confirmLabel: w.confirmLabel,
    danger: danger !== 'none',
    ...(danger === 'typed' ? { typed: clean(flow.subject.label) } : {}),
  };
  if (flow.auditProblem) {
    // Say it before `y`, not after: the write will be refused unless the trail can be written now.
    plain.warning = `The audit log could not be written (${clean(flow.auditProblem)}); this will be refused unless it can be now. Fix audit.path.`;
  }
  if (!flow.repeat) return plain;
  // A repeat after an unknown outcome is always the dangerous kind: it may page someone twice.
  return {
    ...plain,
    title: plain.title.replace(/\?$/, ' again?'),
    warning: [repeatWarning(action, flow.subject, flow.repeat), plain.warning].filter(Boolean).join(' '),
    confirmLabel: w.again,
    danger: true,
  };
}

/** The title of the current chooser. */
export function chooserTitle(flow: Flow): string {
  if (flow.pickLevel) {
    const label = subjectLabel(flow.subject, 30);
    const candidates = flow.plan?.candidates;
    return candidates
      ? `${label} may be at level ${levelWords(candidates)}. Escalate to:`
      : `${label}: level unknown. Escalate to:`;
  }
  const step = flow.steps[0];
  return step?.kind === 'choice' ? fillTemplate(step.title, flow, { width: 30 }) : '';
}

/** What the text step asks for, and whether an empty answer is refused (with the refusal). */
export interface InputText {
  label: string;
  placeholder: string;
  /** Refusal for empty text; absent when the text is optional. */
  required?: string;
}

export function inputText(flow: Flow): InputText {
  const step = flow.steps[0];
  if (step?.kind !== 'text') return { label: '', placeholder: '' };
  return {
    label: fillTemplate(step.label, flow, { width: 40 }),
    placeholder: step.placeholder ? fillTemplate(step.placeholder, flow) : '',
    ...(step.required ? { required: fillTemplate(step.required, flow) } : {}),
  };
}

/** An earlier write of the same kind on the same record whose outcome is unknown. */
export interface RepeatWarning {
  earlier: UncertainWrite;
  /** When the record on screen was read (epoch ms), null if never. */
  readAt: number | null;
}

/** An incident as last read (kept for callers of the issue-7 name; see `ui/kinds/registry.ts`). */
export const recordState = incidentState;

/**
 * The warning a repeat gets after an unknown outcome: when the earlier write went, that it
 * may have been applied, and the record as last read — saying so when that read is older
 * than the write, so nobody mistakes a pre-write state for proof it did not land.
 */
export function repeatWarning(
  action: Pick<ActionDescriptor, 'wording'>,
  subject: Subject,
  repeat: RepeatWarning,
): string {
  const { earlier, readAt } = repeat;
  const level = earlier.values.level;
  const asked = typeof level === 'number' ? ` to level ${level}` : '';
  const head = `Your ${action.wording.noun} of ${clean(earlier.key)}${asked} at ${clockTime(earlier.at)} got no clear answer and may have been applied.`;
  if (readAt === null || readAt < earlier.at) {
    const when = readAt === null ? 'not read yet' : `last read ${clockTime(readAt)}, before it`;
    return `${head} Its state is unknown (${when}): press Esc, then r, and check before repeating it.`;
  }
  return `${head} As read at ${clockTime(readAt)} it is ${recordStateWords(subject.record)}.`;
}
