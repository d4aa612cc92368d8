import type { Incident, StateChange } from '../../domain/model.js';
import type { PanelId } from '../../store/selectors.js';
import type { ActionCapability } from '../../store/types.js';
import type { Scope } from '../keys/commands.js';
import type { EscalationPlan, RepeatWarning } from './action-text.js';
import { PANEL_ORDER } from './layout.js';
import type { Selection } from './selection.js';

/** Which list a `choose` step shows: the target state, a hold reason, or a close code. */
export type ChoiceList = 'state' | 'hold' | 'code' | 'level';

/**
 * A write in progress through the UI: optional choices and text entry, then
 * confirmation. A state change walks `choose` (state, then hold reason or close
 * code), `input` (close notes, for Resolved), then `confirm`.
 */
export interface Flow {
  step: 'input' | 'confirm' | 'choose';
  capability: ActionCapability;
  incident: Incident;
  text?: string;
  plan?: EscalationPlan;
  /** The list shown while `step` is `choose`. */
  pick?: ChoiceList;
  /** Close code picked on the way to Resolved, kept while the notes are typed. */
  closeCode?: string;
  /** The finished state change, once every choice is made. */
  change?: StateChange;
  /** The incident's connector calls notes "work notes" (ServiceNow), so the dialog does too. */
  workNote?: boolean;
  /** The same write on this record got no clear answer earlier: the confirm warns first. */
  repeat?: RepeatWarning;
  /** The audit trail could not be written when the flow opened: the confirm says so. */
  auditProblem?: string;
}

/** A status-bar message the UI raised itself (refusals, cancellations). */
export interface Message {
  id: number;
  level: 'info' | 'success' | 'warn' | 'error';
  text: string;
  at: number;
}

export interface InFlight {
  capability: ActionCapability;
  label: string;
  /** Message sequence number when it started: later messages win the toast line. */
  seq: number;
}

export interface UiState {
  focus: PanelId;
  selection: Record<PanelId, Selection>;
  detail: { panel: PanelId; key: string } | null;
  help: boolean;
  /** The status and messages view is open. */
  status: boolean;
  flow: Flow | null;
  messages: Message[];
  /** Every message this UI raised, oldest first and capped, for the status view. */
  history: Message[];
  /** Writes this UI submitted and is waiting on, by record key `source:id`. */
  inflight: Record<string, InFlight>;
  seq: number;
}

export type UiAction =
  | { type: 'focus'; panel: PanelId }
  | { type: 'select'; panel: PanelId; selection: Selection }
  | { type: 'detail'; open: { panel: PanelId; key: string } | null }
  | { type: 'help'; open: boolean }
  | { type: 'status'; open: boolean }
  | { type: 'flow'; flow: Flow | null }
  | { type: 'message'; level: Message['level']; text: string; at: number }
  | { type: 'expire'; before: number }
  | { type: 'inflight'; key: string; entry: Omit<InFlight, 'seq'> | null };

const empty = { key: null, index: 0 };
const MAX_UI_HISTORY = 50;

export function initialUi(): UiState {
  return {
    focus: 'queue',
    selection: { queue: empty, oncall: empty, compliance: empty, sla: empty },
    detail: null,
    help: false,
    status: false,
    flow: null,
    messages: [],
    history: [],
    inflight: {},
    seq: 1,
  };
}

export function uiReducer(s: UiState, a: UiAction): UiState {
  switch (a.type) {
    case 'focus':
      return s.focus === a.panel && !s.detail ? s : { ...s, focus: a.panel, detail: null };
    case 'select':
      return { ...s, selection: { ...s.selection, [a.panel]: a.selection } };
    case 'detail':
      return { ...s, detail: a.open };
    case 'help':
      return { ...s, help: a.open };
    case 'status':
      return { ...s, status: a.open };
    case 'flow':
      return { ...s, flow: a.flow };
    case 'message': {
      const message: Message = { id: s.seq, level: a.level, text: a.text, at: a.at };
      return {
        ...s,
        seq: s.seq + 1,
        messages: [...s.messages, message].slice(-4),
        history: [...s.history, message].slice(-MAX_UI_HISTORY),
      };
    }
    case 'expire': {
      const kept = s.messages.filter((m) => m.at > a.before);
      return kept.length === s.messages.length ? s : { ...s, messages: kept };
    }
    case 'inflight': {
      const { [a.key]: _gone, ...rest } = s.inflight;
      return { ...s, inflight: a.entry ? { ...rest, [a.key]: { ...a.entry, seq: s.seq } } : rest };
    }
  }
}

export const LIST_PANELS: readonly PanelId[] = ['queue', 'oncall', 'sla'];

/** Panels whose rows are incidents: the `incident` scope (action keys) stacks under them. */
export const INCIDENT_PANELS: readonly PanelId[] = ['queue', 'sla'];

/** The scope stack for dispatch, top first. Modal layers sit over `global` only. */
export function scopeStack(
  ui: Pick<UiState, 'flow' | 'help' | 'detail' | 'focus'> & { status?: boolean },
): Scope[] {
  if (ui.flow) return ['dialog', 'global'];
  if (ui.help) return ['help', 'global'];
  if (ui.status) return ['status', 'global'];
  const panel = `panel:${ui.focus}` as const;
  const incident: Scope[] = INCIDENT_PANELS.includes(ui.focus) ? ['incident'] : [];
  if (ui.detail) return ['detail', panel, ...incident, 'global'];
  return LIST_PANELS.includes(ui.focus) ? [panel, ...incident, 'list', 'global'] : [panel, 'global'];
}

export function cycleFocus(current: PanelId, step: 1 | -1): PanelId {
  const i = PANEL_ORDER.indexOf(current);
  return PANEL_ORDER[(i + step + PANEL_ORDER.length) % PANEL_ORDER.length]!;
}
