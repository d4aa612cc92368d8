/**
 * The standard actions, one entry per write capability: the only description of each. The host
 * builds the connector call from it, the store audits and refreshes by it, and the cockpit's
 * keys, footer, help, dialogs and progress line read it. A plugin adjusts the words and choices
 * of the actions it has (`PluginActions.standard`) and may add its own (`PluginActions.custom`),
 * which run through the same path. @experimental added within plugin API v1 (issue 9).
 */
import type { DomainRecord, EscalationTarget, MuteRequest, StateChange } from '../domain/model.js';
import type {
  ActionDeclaration,
  ActionDescriptor,
  ActionValues,
  ActionWording,
  InputStep,
  PlanId,
} from './action-types.js';
import type { StreamName } from './index.js';

/** One standard action: its descriptor's defaults plus what cannot be data (argument building). */
export interface ActionSpec extends Omit<ActionDescriptor, 'id' | 'custom'> {
  refresh: readonly StreamName[];
  /** The connector method's arguments (before the signal), from the record and the entered values. */
  args(record: DomainRecord, values: ActionValues): unknown[];
  /** What the audit line records of the entered values (format 2 field names). */
  audit(values: ActionValues): { text?: string; level?: number; change?: StateChange };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;

/** A state change from the values of the state chooser; the connector maps the words to its codes. */
export function stateChangeOf(values: ActionValues): StateChange {
  if (values.state === 'on_hold') return { state: 'on_hold', holdReason: String(values.holdReason ?? '') };
  if (values.state === 'resolved')
    return {
      state: 'resolved',
      closeCode: String(values.closeCode ?? ''),
      closeNotes: String(values.closeNotes ?? ''),
    };
  return { state: 'in_progress' };
}

function targetOf(values: ActionValues): EscalationTarget {
  const level = num(values.level);
  const fromLevel = num(values.fromLevel);
  return { ...(level ? { level } : {}), ...(fromLevel ? { fromLevel } : {}) };
}

/** A mute's length and group from the values of its choosers. */
export function muteRequestOf(values: ActionValues): MuteRequest {
  const minutes = Number(values.minutes);
  const group = values.group === 'one' ? str(values.groupName)?.trim() : undefined;
  return {
    ...(Number.isFinite(minutes) && minutes > 0 ? { minutes } : {}),
    ...(group ? { group } : {}),
  };
}

/** How long a mute lasts: the same choices for every vendor, so muscle memory carries over. */
const MUTE_LENGTHS = [
  { value: '60', label: '1 hour' },
  { value: '240', label: '4 hours' },
  { value: '480', label: '8 hours' },
  { value: '1440', label: '1 day' },
  { value: '0', label: 'Until unmuted', lines: ['It stays silent until someone unmutes it.'] },
] as const;

const textAudit = (v: ActionValues) => (str(v.text) ? { text: str(v.text)! } : {});
const nothing = () => ({});
const AFTER_WRITE: readonly StreamName[] = ['incidents', 'slas'];

const wording = (w: ActionWording) => w;

export const ACTION_SPECS = {
  'incidents.ack': {
    kind: 'incident',
    method: 'acknowledge',
    command: 'incident.ack',
    key: 'a',
    hint: 1,
    danger: 'none',
    input: [],
    refresh: AFTER_WRITE,
    wording: wording({
      title: 'Acknowledge incident',
      short: 'Ack',
      verb: 'acknowledge',
      ability: 'acknowledge',
      noun: 'acknowledgement',
      progress: 'Acknowledging',
      question: 'Acknowledge {subject}?',
      lines: ['Stops escalation in {source} and records you as the acknowledger.'],
      confirmLabel: 'Acknowledge',
      again: 'Acknowledge again',
    }),
    args: (r) => [r],
    audit: nothing,
  },
  'incidents.escalate': {
    kind: 'incident',
    method: 'escalate',
    command: 'incident.escalate',
    key: 'e',
    hint: 2,
    danger: 'confirm',
    input: [],
    // The page goes to whoever is on call at the next level: the on-call view changes too.
    refresh: ['incidents', 'oncall', 'slas'],
    plan: 'escalation-level',
    wording: wording({
      title: 'Escalate…',
      short: 'Escalate…',
      verb: 'escalate',
      ability: 'escalate',
      noun: 'escalation',
      progress: 'Escalating',
      question: 'Escalate {subject}{planTarget}?',
      lines: ['Escalates it in {source}.'],
      confirmLabel: 'Escalate',
      again: 'Escalate again',
    }),
    args: (r, v) => [r, targetOf(v)],
    audit: (v) => (num(v.level) ? { level: num(v.level)! } : {}),
  },
  'incidents.resolve': {
    kind: 'incident',
    method: 'resolve',
    command: 'incident.resolve',
    key: 'shift+r',
    hint: 3,
    danger: 'confirm',
    input: [
      {
        kind: 'text',
        field: 'text',
        label: 'Resolution note (optional) for {subject}',
        placeholder: 'why it is resolved',
        line: 'Resolution note: "{value}"',
        emptyLine: 'No resolution note.',
      },
    ],
    refresh: AFTER_WRITE,
    wording: wording({
      title: 'Resolve incident…',
      short: 'Resolve…',
      verb: 'resolve',
      ability: 'resolve',
      noun: 'resolution',
      progress: 'Resolving',
      question: 'Resolve {subject}?',
      lines: ['Closes it in {source} and stops all paging for it.'],
      confirmLabel: 'Resolve',
      again: 'Resolve again',
    }),
    args: (r, v) => [r, str(v.text) ? { note: str(v.text) } : {}],
    audit: textAudit,
  },
  'incidents.note': {
    kind: 'incident',
    method: 'addNote',
    command: 'incident.note',
    key: 'n',
    hint: 4,
    danger: 'none',
    input: [
      {
        kind: 'text',
        field: 'text',
        label: 'Add a note to {subject}',
        placeholder: 'what you found or did',
        required: 'A note needs some text (Esc cancels).',
        line: '"{value}"',
      },
    ],
    refresh: AFTER_WRITE,
    wording: wording({
      title: 'Add a note…',
      short: 'Note…',
      verb: 'add a note to',
      ability: 'add notes',
      noun: 'note',
      progress: 'Adding a note to',
      question: 'Add a note to {subject}?',
      lines: [],
      confirmLabel: 'Add note',
      again: 'Add it again',
    }),
    args: (r, v) => [r, str(v.text) ?? ''],
    audit: textAudit,
  },
  'incidents.assign': {
    kind: 'incident',
    method: 'assignToMe',
    command: 'incident.assign',
    key: 'm',
    hint: 1,
    danger: 'none',
    input: [],
    refresh: AFTER_WRITE,
    wording: wording({
      title: 'Assign to me',
      short: 'Assign to me',
      verb: 'assign',
      ability: 'assign tickets',
      noun: 'assignment',
      progress: 'Assigning',
      question: 'Assign {subject} to you?',
      lines: ["Sets you (the {source} connector's user) as the assignee."],
      confirmLabel: 'Assign to me',
      again: 'Assign again',
    }),
    args: (r) => [r],
    audit: nothing,
  },
  'incidents.state': {
    kind: 'incident',
    method: 'changeState',
    command: 'incident.state',
    key: 's',
    hint: 2,
    // Only the choice that closes the ticket is dangerous (see its option).
    danger: 'none',
    input: [
      {
        kind: 'choice',
        field: 'state',
        title: 'Change state of {subject} to…',
        options: [
          { value: 'in_progress', label: 'In Progress', lines: ['Marks the ticket as being worked on.'] },
          {
            value: 'on_hold',
            label: 'On Hold…',
            phrase: 'On Hold ({holdReason})',
            lines: ['The SLA clocks of this ticket pause while it is on hold.'],
            next: [{ kind: 'choice', field: 'holdReason', title: 'Why is {subject} on hold?', options: [] }],
          },
          {
            value: 'resolved',
            label: 'Resolved…',
            phrase: 'Resolved ({closeCode})',
            danger: 'confirm',
            lines: ['Close code: {closeCode}', 'Close notes: "{closeNotes}"'],
            next: [
              { kind: 'choice', field: 'closeCode', title: 'Close code for {subject}', options: [] },
              {
                kind: 'text',
                field: 'closeNotes',
                label: 'Close notes for {subject} ({closeCode})',
                placeholder: 'what fixed it, for the caller and the next engineer',
                required: 'Close notes are required to resolve (Esc cancels).',
              },
            ],
          },
        ],
      },
    ],
    refresh: AFTER_WRITE,
    wording: wording({
      title: 'Change state…',
      short: 'State…',
      verb: 'change the state of',
      ability: 'change ticket states',
      noun: 'state change',
      progress: 'Updating',
      question: 'Set {subject} to {state}?',
      lines: [],
      confirmLabel: 'Change state',
      again: 'Change again',
    }),
    args: (r, v) => [r, stateChangeOf(v)],
    audit: (v) => ({ change: stateChangeOf(v) }),
  },
  // Containment cuts a host off the network (only the vendor's channel stays open): typed
  // confirmation of the host's name, so a slip of the finger on the wrong row contains nothing.
  'endpoints.contain': {
    kind: 'host',
    method: 'contain',
    plan: 'containment',
    command: 'host.contain',
    key: 'shift+c',
    hint: 1,
    danger: 'typed',
    input: [],
    refresh: ['hosts'],
    wording: wording({
      title: 'Contain host…',
      short: 'Contain…',
      verb: 'contain',
      ability: 'contain hosts',
      noun: 'containment',
      progress: 'Containing',
      question: 'Contain {subject}?',
      lines: [
        'Cuts the host off the network in {source}; only its sensor keeps talking to the vendor.',
        'Whoever works on it loses every connection until containment is lifted.',
      ],
      confirmLabel: 'Contain',
      again: 'Contain again',
    }),
    args: (r) => [r],
    audit: nothing,
  },
  'endpoints.lift': {
    kind: 'host',
    method: 'liftContainment',
    plan: 'containment',
    command: 'host.lift',
    key: 'shift+l',
    hint: 2,
    danger: 'confirm',
    input: [],
    refresh: ['hosts'],
    wording: wording({
      title: 'Lift containment…',
      short: 'Lift…',
      verb: 'lift containment of',
      ability: 'lift containment',
      noun: 'lifting of containment',
      progress: 'Lifting containment of',
      question: 'Lift containment of {subject}?',
      lines: ['Gives the host its network back in {source}.'],
      confirmLabel: 'Lift containment',
      again: 'Lift again',
    }),
    args: (r) => [r],
    audit: nothing,
  },
  // Silencing a monitor hides the next real alert too: a confirm, and the length is always chosen.
  'monitors.mute': {
    kind: 'monitor',
    method: 'mute',
    command: 'monitor.mute',
    key: 'shift+m',
    hint: 1,
    danger: 'confirm',
    input: [
      {
        kind: 'choice',
        field: 'group',
        title: 'Mute which part of {subject}?',
        options: [
          { value: '*', label: 'The whole monitor', phrase: 'all groups' },
          {
            value: 'one',
            label: 'One group…',
            phrase: 'group {groupName}',
            lines: ['Only group {groupName} is silenced; the other groups still notify.'],
            next: [
              {
                kind: 'text',
                field: 'groupName',
                label: 'Group of {subject} to mute, as the monitor names it (e.g. host:db-07)',
                placeholder: 'host:db-07',
                required: 'Type the group to mute (Esc cancels).',
              },
            ],
          },
        ],
      },
      { kind: 'choice', field: 'minutes', title: 'Mute {subject} for…', options: MUTE_LENGTHS },
    ],
    refresh: ['monitors'],
    wording: wording({
      title: 'Mute monitor…',
      short: 'Mute…',
      verb: 'mute',
      ability: 'mute monitors',
      noun: 'mute',
      progress: 'Muting',
      question: 'Mute {subject} ({group}) for {minutes}?',
      lines: ['{source} sends no notifications for it while muted; the monitor keeps evaluating.'],
      confirmLabel: 'Mute',
      again: 'Mute again',
    }),
    args: (r, v) => [r, muteRequestOf(v)],
    audit: (v) => {
      const m = muteRequestOf(v);
      return {
        text: `${m.group ?? 'whole monitor'} for ${m.minutes ? `${m.minutes} min` : 'until unmuted'}`,
      };
    },
  },
  'monitors.unmute': {
    kind: 'monitor',
    method: 'unmute',
    command: 'monitor.unmute',
    key: 'shift+u',
    hint: 2,
    danger: 'none',
    input: [],
    refresh: ['monitors'],
    wording: wording({
      title: 'Unmute monitor',
      short: 'Unmute',
      verb: 'unmute',
      ability: 'unmute monitors',
      noun: 'unmute',
      progress: 'Unmuting',
      question: 'Unmute {subject}?',
      lines: ['Lifts every silence on it that the cockpit can see; notifications resume at once.'],
      confirmLabel: 'Unmute',
      again: 'Unmute again',
    }),
    args: (r) => [r, {}],
    audit: nothing,
  },
} as const satisfies Record<string, ActionSpec>;

export type ActionCapability = keyof typeof ACTION_SPECS;

/** A standard action's spec, or undefined for anything else (a plugin's own action). */
export function actionSpec(id: string): ActionSpec | undefined {
  return Object.hasOwn(ACTION_SPECS, id) ? (ACTION_SPECS as Record<string, ActionSpec>)[id] : undefined;
}

/** Arguments of the connector call for an action (the host adds the signal). */
export function actionArgs(
  descriptor: ActionDescriptor,
  record: DomainRecord,
  values: ActionValues,
): unknown[] {
  const spec = descriptor.custom ? undefined : actionSpec(descriptor.id);
  return spec ? spec.args(record, values) : [record, values];
}

/** The audit fields of what was asked: format 2's `text`/`level`/`change`, or `values` for a plugin's own. */
export function auditedValues(
  descriptor: Pick<ActionDescriptor, 'id' | 'custom'>,
  values: ActionValues,
): Record<string, unknown> {
  const spec = descriptor.custom ? undefined : actionSpec(descriptor.id);
  if (spec) return spec.audit(values);
  return Object.keys(values).length > 0 ? { values } : {};
}

/** The descriptor of a standard action with no plugin adjustments. */
export function standardDescriptor(capability: ActionCapability): ActionDescriptor {
  const { args: _a, audit: _b, ...spec } = ACTION_SPECS[capability] as ActionSpec;
  return { id: capability, custom: false, ...spec, refresh: [...spec.refresh] };
}

export type { ActionDeclaration, InputStep, PlanId };
