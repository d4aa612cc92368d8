import type { ActionCapability } from '../../store/types.js';

/**
 * Where a command listens. The cockpit stacks them as
 * `dialog` > `panel:<focused>` > `incident` > `list` (or `detail`) > `global`; `dialog`,
 * `help` and `status` are modal: while one is open, only its own commands and commands marked
 * `passesModal` are dispatched. `incident` is shared by every panel whose rows are
 * incidents (queue, SLA risk), so an action key means the same thing in both.
 */
export type Scope =
  | 'global'
  | 'incident'
  | 'list'
  | 'detail'
  | 'panel:queue'
  | 'panel:oncall'
  | 'panel:compliance'
  | 'panel:sla'
  | 'dialog'
  | 'help'
  | 'status';

export const MODAL_SCOPES: readonly Scope[] = ['dialog', 'help', 'status'];

export type Category = 'Navigation' | 'Incident' | 'Dialog' | 'App';

export interface CommandSpec {
  /** Shown in help and docs. */
  title: string;
  /** Short label for the footer; commands without one never appear there. */
  short?: string;
  /** Footer order: lower first. */
  hint?: number;
  category: Category;
  scope: Scope;
  /** Capability the selected record's connector must declare. */
  needs?: ActionCapability;
  /** Verb for refusal messages: "pd-x cannot <verb>". */
  verb?: string;
  /** Destructive: always confirmed with a dialog that defaults to Cancel. */
  danger?: boolean;
  /** Writes to a vendor: refused and hidden in read-only mode. */
  mutates?: boolean;
  /** Still dispatched under a modal scope (quit must never be trapped behind a dialog). */
  passesModal?: boolean;
}

export const commands = {
  'nav.nextPanel': { title: 'Focus next panel', category: 'Navigation', scope: 'global' },
  'nav.prevPanel': { title: 'Focus previous panel', category: 'Navigation', scope: 'global' },
  'nav.panel1': { title: 'Focus Queue health', category: 'Navigation', scope: 'global' },
  'nav.panel2': { title: 'Focus On-call', category: 'Navigation', scope: 'global' },
  'nav.panel3': { title: 'Focus Endpoint compliance', category: 'Navigation', scope: 'global' },
  'nav.panel4': { title: 'Focus SLA risk', category: 'Navigation', scope: 'global' },
  'nav.down': { title: 'Move down', category: 'Navigation', scope: 'list' },
  'nav.up': { title: 'Move up', category: 'Navigation', scope: 'list' },
  'nav.pageDown': { title: 'Page down', category: 'Navigation', scope: 'list' },
  'nav.pageUp': { title: 'Page up', category: 'Navigation', scope: 'list' },
  'nav.top': { title: 'Go to top', category: 'Navigation', scope: 'list' },
  'nav.bottom': { title: 'Go to bottom', category: 'Navigation', scope: 'list' },
  'nav.open': { title: 'Open detail', short: 'Detail', hint: 5, category: 'Navigation', scope: 'list' },
  'nav.back': { title: 'Back to the list', short: 'Back', hint: 5, category: 'Navigation', scope: 'detail' },
  'incident.ack': {
    title: 'Acknowledge incident',
    short: 'Ack',
    hint: 1,
    category: 'Incident',
    scope: 'incident',
    needs: 'incidents.ack',
    verb: 'acknowledge',
    mutates: true,
  },
  'incident.escalate': {
    title: 'Escalate…',
    short: 'Escalate…',
    hint: 2,
    category: 'Incident',
    scope: 'incident',
    needs: 'incidents.escalate',
    verb: 'escalate',
    mutates: true,
    danger: true,
  },
  'incident.resolve': {
    title: 'Resolve incident…',
    short: 'Resolve…',
    hint: 3,
    category: 'Incident',
    scope: 'incident',
    needs: 'incidents.resolve',
    verb: 'resolve',
    mutates: true,
    danger: true,
  },
  'incident.note': {
    title: 'Add a note…',
    short: 'Note…',
    hint: 4,
    category: 'Incident',
    scope: 'incident',
    needs: 'incidents.note',
    verb: 'add notes',
    mutates: true,
  },
  'incident.assign': {
    title: 'Assign to me',
    short: 'Assign to me',
    hint: 1,
    category: 'Incident',
    scope: 'incident',
    needs: 'incidents.assign',
    verb: 'assign tickets',
    mutates: true,
  },
  'incident.state': {
    title: 'Change state…',
    short: 'State…',
    hint: 2,
    category: 'Incident',
    scope: 'incident',
    needs: 'incidents.state',
    verb: 'change ticket states',
    mutates: true,
    // One of its choices closes the ticket; that choice's dialog is the danger one.
    danger: true,
  },
  'dialog.confirm': { title: 'Confirm', short: 'Confirm', hint: 1, category: 'Dialog', scope: 'dialog' },
  'dialog.cancel': {
    title: 'Cancel (default)',
    short: 'Cancel',
    hint: 2,
    category: 'Dialog',
    scope: 'dialog',
  },
  'help.close': { title: 'Close help', short: 'Close', hint: 1, category: 'App', scope: 'help' },
  'app.help': { title: 'Show keys', short: 'Keys', hint: 7, category: 'App', scope: 'global' },
  // Full error texts, what to do about them, config warnings and past messages: a toast is gone in seconds.
  'app.status': {
    title: 'Status: sources, full errors, warnings, messages',
    short: 'Status',
    // After Keys: the footer promotes it when a source is in trouble (Workspace).
    hint: 7.5,
    category: 'App',
    scope: 'global',
  },
  'status.close': { title: 'Close status', short: 'Close', hint: 1, category: 'App', scope: 'status' },
  'status.retry': {
    title: 'Retry every source now',
    short: 'Retry',
    hint: 2,
    category: 'App',
    scope: 'status',
  },
  'status.down': { title: 'Scroll down', category: 'Navigation', scope: 'status' },
  'status.up': { title: 'Scroll up', category: 'Navigation', scope: 'status' },
  'status.pageDown': { title: 'Scroll a page down', category: 'Navigation', scope: 'status' },
  'status.pageUp': { title: 'Scroll a page up', category: 'Navigation', scope: 'status' },
  'app.refresh': { title: 'Refresh now', short: 'Refresh', hint: 8, category: 'App', scope: 'global' },
  // Both work from anywhere, dialogs and text fields included: the terminal is not the
  // dialog's to keep, and a garbled screen must be repairable while typing a note.
  'app.suspend': {
    title: 'Suspend to the shell (fg resumes)',
    category: 'App',
    scope: 'global',
    passesModal: true,
  },
  'app.redraw': { title: 'Redraw the whole screen', category: 'App', scope: 'global', passesModal: true },
  // q is a reflex for "close this" in a prompt, so it does not reach through dialogs;
  // Ctrl-C is the way out from anywhere.
  'app.quit': { title: 'Quit', short: 'Quit', hint: 9, category: 'App', scope: 'global' },
  'app.forceQuit': {
    title: 'Quit, even from a dialog',
    short: 'Quit',
    hint: 10,
    category: 'App',
    scope: 'global',
    passesModal: true,
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof commands;

export const COMMAND_IDS = Object.keys(commands) as CommandId[];

/** The registry entry widened to the full spec shape, so optional flags read uniformly. */
export function specOf(id: CommandId): CommandSpec {
  return commands[id];
}

export function isCommandId(id: string): id is CommandId {
  return Object.hasOwn(commands, id);
}
