/**
 * The shape of an action, as data. One `ActionDescriptor` says everything the cockpit needs to
 * offer, confirm, run, audit and refresh after one write: which record kind it acts on, the
 * connector method it calls, the keys and words that show it, how dangerous it is, and what the
 * user must enter first. Descriptors are plain data (structured-cloneable): they cross the
 * connector seam, and a plugin's own actions are described the same way as the built-in ones.
 * @experimental added within plugin API v1 (issue 9).
 */
import type { RecordKindId } from '../domain/kinds.js';

/**
 * How a write is confirmed. `none`: a y/N dialog whose default is Cancel. `confirm`: the same
 * dialog marked dangerous (it pages someone, closes something). `typed`: the user types the
 * subject's name (its key) before it goes, for actions that are hard to undo.
 */
export type Danger = 'none' | 'confirm' | 'typed';

/**
 * Values the user entered on the way to the confirm dialog, by field name: a note's `text`,
 * a state change's `state`, an escalation's `level`. What a connector method receives is built
 * from these by the action's argument builder.
 */
export type ActionValues = Readonly<Record<string, string | number>>;

/** One option of a choice step. */
export interface ChoiceOption {
  /** What is sent (the field's value). */
  value: string;
  /** What the list shows. */
  label: string;
  /** How the confirm question names this choice, e.g. `On Hold ({holdReason})`; defaults to `label`. */
  phrase?: string;
  /** Confirm lines when this option is chosen (templates, see `ActionWording`). */
  lines?: readonly string[];
  /** This option is more dangerous than the action's default (e.g. a state change that closes the ticket). */
  danger?: Danger;
  /** Steps that follow when this option is picked (a hold reason after "On Hold"). */
  next?: readonly InputStep[];
}

/** Pick one of a short list. */
export interface ChoiceStep {
  kind: 'choice';
  /** The value's name in `ActionValues`. */
  field: string;
  /** The chooser's title (template). */
  title: string;
  /**
   * The options. Empty means "the plugin supplies them" (its `choices` for this field); when it
   * supplies none either, the step asks for the value as text instead, so an action is never stuck.
   */
  options: readonly ChoiceOption[];
}

/** Type a line of text. */
export interface TextStep {
  kind: 'text';
  field: string;
  /** The field's label (template). */
  label: string;
  placeholder?: string;
  /** Refusal for empty text; absent when the text is optional. */
  required?: string;
  /** Confirm line when text was entered (template; `{value}` is the text). */
  line?: string;
  /** Confirm line when it was left empty. */
  emptyLine?: string;
}

export type InputStep = ChoiceStep | TextStep;

/**
 * Every word the cockpit says about one action. Templates may use `{subject}` (the record's key
 * and title), `{key}` (its key), `{source}` (the connector instance), `{value}` (the text of the
 * step being shown) and `{<field>}` for an entered value (its option label for a choice).
 */
export interface ActionWording {
  /** Help and docs: "Acknowledge incident". A trailing "…" says it asks for something first. */
  title: string;
  /** Footer label: "Ack". */
  short: string;
  /** With a record after it, in messages and the audit: "acknowledge", "add a note to". */
  verb: string;
  /** Standing alone, in "pd-x cannot …" refusals: "acknowledge", "add notes". */
  ability: string;
  /** The write as a thing: "your acknowledgement of #4211". */
  noun: string;
  /** The progress line: "Acknowledging" (the record's key follows). */
  progress: string;
  /** The confirm dialog's question: "Acknowledge {subject}?". */
  question: string;
  /** What will happen, one line each. */
  lines: readonly string[];
  /** The confirm button: "Acknowledge". */
  confirmLabel: string;
  /** The confirm button when repeating a write whose outcome was unknown: "Acknowledge again". */
  again: string;
}

/**
 * Cockpit-side planners an action may ask for, by name. `escalation-level`: the cockpit reads
 * the subject's escalation policy and the on-call data it already has, says who gets paged,
 * refuses at the last level, and offers the policy's levels when the current one is not known.
 */
export type PlanId = 'escalation-level' | 'containment';

/** A resolved action: what the store and the UI read. Plain data. */
export interface ActionDescriptor {
  /** The capability (`incidents.ack`), or a plugin's own id (`<plugin id>.<name>`). */
  id: string;
  /** True for a plugin's own action (not a standard capability). */
  custom: boolean;
  kind: RecordKindId;
  /** Connector method called. */
  method: string;
  /** Command id under `keys:` in config (`incident.ack`). */
  command: string;
  /** Default key binding. */
  key: string;
  /** Footer order: lower first. */
  hint: number;
  wording: ActionWording;
  danger: Danger;
  input: readonly InputStep[];
  /** Streams of the connector to poll again once the write has an outcome. */
  refresh: readonly string[];
  plan?: PlanId;
}

/** A plugin's adjustments to a standard action (or to one of its own, from `describeActions`). */
export interface ActionDeclaration {
  wording?: Partial<ActionWording>;
  danger?: Danger;
  /** Replaces the action's input steps. */
  input?: readonly InputStep[];
  /**
   * Options of choice steps, by field: ServiceNow's hold reasons and close codes. For a step that
   * already has options (a state list), these pick and relabel them by value.
   */
  choices?: Readonly<Record<string, readonly ChoiceOption[]>>;
  /** Ask for a cockpit-side planner, or `null` to turn the standard one off. */
  plan?: PlanId | null;
  /** Footer order. */
  hint?: number;
}

/** A plugin's own action on a record kind. The connector method receives `(record, values, signal)`. */
export interface CustomActionDeclaration extends ActionDeclaration {
  /** `<plugin id>.<name>`, e.g. `acme.snooze`: the audit's `action` and the command id under `keys:`. */
  id: string;
  kind: RecordKindId;
  method: string;
  /** Default key; refused at start-up when it collides with another key in the same scope. */
  key: string;
  wording: ActionWording;
  danger: Danger;
  /** Streams to poll again afterwards; default: the stream of its record kind. */
  refresh?: readonly string[];
}

/** What a plugin declares about actions, on its definition and (refined) from `describeActions()`. */
export interface PluginActions {
  /** Adjustments to standard actions it has the capability for, by capability. */
  standard?: Readonly<Record<string, ActionDeclaration>>;
  custom?: readonly CustomActionDeclaration[];
}
