import { RECORD_KINDS, type RecordKindId } from '../../domain/kinds.js';
import type { ActionDescriptor } from '../../store/types.js';

/**
 * Where a command listens. The cockpit stacks them as
 * `dialog` > `panel:<focused>` > `<record kind>` > `list` (or `detail`) > `global`; `dialog`,
 * `help` and `status` are modal: while one is open, only its own commands and commands marked
 * `passesModal` are dispatched. A record kind's scope (`incident`) stacks under every panel
 * whose rows are of that kind (queue, SLA risk), so an action key means the same in both.
 */
export type Scope =
  | 'global'
  | 'list'
  | 'detail'
  | 'dialog'
  | 'help'
  | 'status'
  | `panel:${string}`
  | RecordKindId;

export const MODAL_SCOPES: readonly Scope[] = ['dialog', 'help', 'status'];

/** Help groups: one per record kind ("Incident"), then these. */
export type Category = string;

export interface CommandSpec {
  /** Shown in help and docs. */
  title: string;
  /** Short label for the footer; commands without one never appear there. */
  short?: string;
  /** Footer order: lower first. */
  hint?: number;
  category: Category;
  scope: Scope;
  /** The action it starts: the selected record's connector must have it. */
  action?: string;
  /** For refusals: "pd-x cannot <verb>". */
  verb?: string;
  /** Destructive: always confirmed with a dialog that defaults to Cancel. */
  danger?: boolean;
  /** Writes to a vendor: refused and hidden in read-only mode. */
  mutates?: boolean;
  /** Still dispatched under a modal scope (quit must never be trapped behind a dialog). */
  passesModal?: boolean;
  /** Focus the panel at this position (1-based). */
  panel?: number;
  /** The default key bindings, primary first. */
  keys: readonly string[];
}

/** Commands that exist whatever the panels and connectors are. */
export const BASE_COMMANDS = {
  'nav.nextPanel': { title: 'Focus next panel', category: 'Navigation', scope: 'global', keys: ['tab'] },
  'nav.prevPanel': {
    title: 'Focus previous panel',
    category: 'Navigation',
    scope: 'global',
    keys: ['shift+tab'],
  },
  'nav.down': { title: 'Move down', category: 'Navigation', scope: 'list', keys: ['down', 'j'] },
  'nav.up': { title: 'Move up', category: 'Navigation', scope: 'list', keys: ['up', 'k'] },
  'nav.pageDown': { title: 'Page down', category: 'Navigation', scope: 'list', keys: ['pagedown', 'ctrl+d'] },
  'nav.pageUp': { title: 'Page up', category: 'Navigation', scope: 'list', keys: ['pageup', 'ctrl+u'] },
  'nav.top': { title: 'Go to top', category: 'Navigation', scope: 'list', keys: ['g', 'home'] },
  'nav.bottom': { title: 'Go to bottom', category: 'Navigation', scope: 'list', keys: ['shift+g', 'end'] },
  'nav.open': {
    title: 'Open detail',
    short: 'Detail',
    hint: 5,
    category: 'Navigation',
    scope: 'list',
    keys: ['enter'],
  },
  // The endpoint compliance list (non-compliant hosts) narrows by platform, rule, tag and name.
  'hosts.filter': {
    title: 'Filter the hosts (platform:, rule:, tag:, name; all)…',
    short: 'Filter…',
    hint: 6,
    category: 'Navigation',
    scope: 'panel:compliance',
    keys: ['/'],
  },
  // The monitors list (firing ones) narrows by words.
  'monitors.filter': {
    title: 'Filter the monitors (name, host, group, service, tag, P1…, muted)…',
    short: 'Filter…',
    hint: 6,
    category: 'Navigation',
    scope: 'panel:monitors',
    keys: ['/'],
  },
  'nav.back': {
    title: 'Back (to the previous detail, then the list)',
    short: 'Back',
    hint: 5,
    category: 'Navigation',
    scope: 'detail',
    keys: ['escape'],
  },
  // A detail lists the records related to it in other sources; these move through that list
  // and open one (its own detail, where its actions work). Escape comes back.
  'related.down': {
    title: 'Next related record',
    category: 'Navigation',
    scope: 'detail',
    keys: ['down', 'j'],
  },
  'related.up': {
    title: 'Previous related record',
    category: 'Navigation',
    scope: 'detail',
    keys: ['up', 'k'],
  },
  // No footer slot: the related list's own title line says its keys, and the footer's few
  // slots belong to the record's actions and the way to help.
  'related.open': {
    title: 'Open the related record',
    category: 'Navigation',
    scope: 'detail',
    keys: ['enter'],
  },
  'dialog.confirm': {
    title: 'Confirm',
    short: 'Confirm',
    hint: 1,
    category: 'Dialog',
    scope: 'dialog',
    keys: ['y'],
  },
  'dialog.cancel': {
    title: 'Cancel (default)',
    short: 'Cancel',
    hint: 2,
    category: 'Dialog',
    scope: 'dialog',
    keys: ['n', 'escape', 'enter'],
  },
  'help.close': {
    title: 'Close help',
    short: 'Close',
    hint: 1,
    category: 'App',
    scope: 'help',
    keys: ['escape', '?'],
  },
  'app.help': { title: 'Show keys', short: 'Keys', hint: 7, category: 'App', scope: 'global', keys: ['?'] },
  // Full error texts, what to do about them, config warnings and past messages: a toast is gone in seconds.
  'app.status': {
    title: 'Status: sources, full errors, warnings, messages',
    short: 'Status',
    // After Keys: the footer promotes it when a source is in trouble (Workspace).
    hint: 7.5,
    category: 'App',
    scope: 'global',
    keys: ['i'],
  },
  // q closes rather than quits here, as in a pager; Ctrl-C still quits from anywhere.
  'status.close': {
    title: 'Close status',
    short: 'Close',
    hint: 1,
    category: 'App',
    scope: 'status',
    keys: ['escape', 'i', 'q'],
  },
  'status.retry': {
    title: 'Retry every source now',
    short: 'Retry',
    hint: 2,
    category: 'App',
    scope: 'status',
    keys: ['r'],
  },
  'status.down': { title: 'Scroll down', category: 'Navigation', scope: 'status', keys: ['down', 'j'] },
  'status.up': { title: 'Scroll up', category: 'Navigation', scope: 'status', keys: ['up', 'k'] },
  'status.pageDown': {
    title: 'Scroll a page down',
    category: 'Navigation',
    scope: 'status',
    keys: ['pagedown', 'ctrl+d', 'space'],
  },
  'status.pageUp': {
    title: 'Scroll a page up',
    category: 'Navigation',
    scope: 'status',
    keys: ['pageup', 'ctrl+u'],
  },
  'app.refresh': {
    title: 'Refresh now',
    short: 'Refresh',
    hint: 8,
    category: 'App',
    scope: 'global',
    keys: ['r'],
  },
  // Both work from anywhere, dialogs and text fields included: the terminal is not the
  // dialog's to keep, and a garbled screen must be repairable while typing a note.
  'app.suspend': {
    title: 'Suspend to the shell (fg resumes)',
    category: 'App',
    scope: 'global',
    passesModal: true,
    keys: ['ctrl+z'],
  },
  'app.redraw': {
    title: 'Redraw the whole screen',
    category: 'App',
    scope: 'global',
    passesModal: true,
    keys: ['ctrl+l'],
  },
  // q is a reflex for "close this" in a prompt, so it does not reach through dialogs;
  // Ctrl-C is the way out from anywhere.
  'app.quit': { title: 'Quit', short: 'Quit', hint: 9, category: 'App', scope: 'global', keys: ['q'] },
  'app.forceQuit': {
    title: 'Quit, even from a dialog',
    short: 'Quit',
    hint: 10,
    category: 'App',
    scope: 'global',
    passesModal: true,
    keys: ['ctrl+c'],
  },
} as const satisfies Record<string, CommandSpec>;

export type BaseCommandId = keyof typeof BASE_COMMANDS;
/** A command id: a base command, a panel focus key (`nav.panel2`) or an action's command. */
export type CommandId = string;

/** Panels the focus keys are generated for; at most nine (keys 1–9). */
export interface PanelSlot {
  id: string;
  title: string;
  /** Kind of the records its rows are: that kind's action keys work there. */
  rowKind?: RecordKindId;
  /** Its rows can be moved through (the `list` scope stacks under it). */
  list: boolean;
}

export const MAX_PANELS = 9;

/** Every command of one cockpit: base, focus keys for its panels, and one per action. */
export interface CommandRegistry {
  readonly ids: readonly CommandId[];
  has(id: string): boolean;
  spec(id: CommandId): CommandSpec;
  /** Panels in focus-key order. */
  readonly panels: readonly PanelSlot[];
  /** Category order for help and docs. */
  readonly categories: readonly Category[];
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The help category of an action's record kind: "Incident". */
export function kindCategory(kind: RecordKindId): Category {
  return capitalize(RECORD_KINDS[kind].noun);
}

/**
 * The command an action is started by. Every connector's descriptor of one action shares it
 * (the first seen names it in help); a plugin's own action brings its own.
 */
export function actionCommand(a: ActionDescriptor): CommandSpec {
  const risky = (steps: ActionDescriptor['input']): boolean =>
    steps.some(
      (s) => s.kind === 'choice' && s.options.some((o) => o.danger !== undefined || risky(o.next ?? [])),
    );
  return {
    title: a.wording.title,
    short: a.wording.short,
    hint: a.hint,
    category: kindCategory(a.kind),
    scope: a.kind,
    action: a.id,
    verb: a.wording.ability,
    mutates: true,
    // One of its choices may be the dangerous one (a state change that closes the ticket).
    ...(a.danger !== 'none' || risky(a.input) ? { danger: true } : {}),
    keys: [a.key],
  };
}

/**
 * Build the registry. `panels` undefined means "not known here" (config checking, before any
 * layout is chosen): focus keys for all nine positions exist then, with generic titles.
 */
export function createCommandRegistry(opts: {
  panels?: readonly PanelSlot[];
  actions: readonly ActionDescriptor[];
}): CommandRegistry {
  const specs = new Map<CommandId, CommandSpec>();
  const slots = opts.panels ?? [];
  const count = opts.panels ? Math.min(MAX_PANELS, opts.panels.length) : MAX_PANELS;
  const kinds = new Set<RecordKindId>();
  // Order is help's and the docs' order: focus keys after the panel cycling, actions after the
  // list and detail keys.
  for (const [id, spec] of Object.entries(BASE_COMMANDS)) {
    specs.set(id, spec);
    if (id === 'nav.prevPanel') {
      for (let n = 1; n <= count; n++) {
        const slot = slots[n - 1];
        specs.set(`nav.panel${n}`, {
          title: slot ? `Focus ${slot.title}` : `Focus panel ${n}`,
          category: 'Navigation',
          scope: 'global',
          panel: n,
          keys: [String(n)],
        });
      }
    }
    if (id === 'nav.back') {
      for (const a of opts.actions) {
        kinds.add(a.kind);
        if (!specs.has(a.command)) specs.set(a.command, actionCommand(a));
      }
    }
  }
  const ids = [...specs.keys()];
  return {
    ids,
    has: (id) => specs.has(id),
    spec(id) {
      const spec = specs.get(id);
      if (!spec) throw new Error(`no command "${id}" in this cockpit`);
      return spec;
    },
    panels: slots,
    categories: [...[...kinds].map(kindCategory), 'Navigation', 'Dialog', 'App'],
  };
}
