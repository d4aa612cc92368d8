/**
 * Every screen of the cockpit, reached by its UI state rather than by replaying keys: each
 * panel focused, each detail view, each dialog step, help, and the message line with
 * outcomes and progress. Used by the hostile-text property tests and the ASCII sweep.
 */

import servicenow from '../../plugins/servicenow/index.js';
import { keyOfRecord, subjectOf } from '../../src/domain/kinds.js';
import type { EscalationPolicy, Incident } from '../../src/domain/model.js';
import { selectPanels, selectRecords } from '../../src/store/selectors.js';
import type { AppState, Capability } from '../../src/store/types.js';
import { displayWidth } from '../../src/ui/text/fit.js';
import { afterInput, afterPick, type Flow, startFlow } from '../../src/ui/view/action-flow.js';
import { escalationPlan } from '../../src/ui/view/action-text.js';
import { initialUi, type UiState } from '../../src/ui/view/ui-state.js';
import { actionsFor, createTestStore, NOW } from './fixture-store.js';
import { renderApp } from './render.js';

export const SIZES = [
  [60, 16],
  [80, 24],
  [100, 30],
  [240, 60],
] as const;

export interface ScreenDef {
  name: string;
  ui: UiState;
  /** Store state this screen needs besides the world's (messages, writes in flight). */
  state?: Partial<AppState>;
}

const ui = (over: Partial<UiState>): UiState => ({ ...initialUi(), ...over });

/** An incident whose connector could only say "level 1 or 2". */
function ambiguous(i: Incident): Incident {
  const { escalationLevel: _known, ...rest } = i;
  return { ...rest, escalationLevelCandidates: [1, 2] };
}
const at = (index: number, key: string | null = null) => ({ key, index });

/**
 * The screens for a state. `typed` is what the user typed into a note (and what messages
 * say), so user and vendor text both reach the dialogs and the message line.
 */
export function screensFor(state: AppState, typed: string): ScreenDef[] {
  const view = selectPanels(state, NOW);
  const incidents = view.queue.rows.map((r) => r.incident);
  const pd = incidents.find((i) => i.escalationPolicyId) ?? incidents[0];
  const sn = incidents.find((i) => !i.escalationPolicyId) ?? incidents[0];
  const policies = selectRecords<EscalationPolicy>(state, 'policies');
  const out: ScreenDef[] = [
    { name: 'queue', ui: ui({}) },
    { name: 'on-call', ui: ui({ focus: 'oncall' }) },
    { name: 'compliance', ui: ui({ focus: 'compliance' }) },
    { name: 'sla', ui: ui({ focus: 'sla' }) },
    { name: 'help', ui: ui({ help: true }) },
  ];
  const firstPolicy = view.oncall.policies[0];
  if (firstPolicy) {
    out.push({
      name: 'policy detail',
      ui: ui({ focus: 'oncall', detail: { panel: 'oncall', key: firstPolicy.key } }),
    });
  }
  const sla = view.sla.items.find((i) => i.key.split(':')[1] === 'sla') ?? view.sla.items[0];
  if (sla) {
    out.push({ name: 'sla detail', ui: ui({ focus: 'sla', detail: { panel: 'sla', key: sla.key } }) });
  }
  // The connector's own descriptor, or (for a screen its fixture lacks the capability for, like
  // a ticket's escalation) what its plugin would declare for it.
  const action = (i: Incident, id: string) => {
    const c = state.connectors[i.source];
    const declared = c?.pluginId === 'servicenow' ? servicenow.actions : undefined;
    const found = c?.actions.find((a) => a.id === id) ?? actionsFor([id as Capability], declared)[0];
    if (!found) throw new Error(`no ${id} for ${i.source}`);
    return found;
  };
  const flowOf = (i: Incident, id: string, extra: Parameters<typeof startFlow>[2] = {}) =>
    startFlow(action(i, id), subjectOf(i), extra);
  /** The state flow after picking options by value, in order. */
  const picked = (flow: Flow, ...values: string[]) =>
    values.reduce((f, v) => {
      const step = f.steps[0];
      const index = step?.kind === 'choice' ? step.options.findIndex((o) => o.value === v) : -1;
      return afterPick(f, index);
    }, flow);
  const flows: [string, Incident | undefined, (i: Incident) => Flow][] = [
    ['ack confirm', pd, (i) => flowOf(i, 'incidents.ack')],
    [
      'escalate confirm',
      pd,
      (i) => flowOf(i, 'incidents.escalate', { plan: escalationPlan(i, view.oncall, policies) }),
    ],
    [
      // The same incident as if its level were ambiguous: the level chooser, then its confirm.
      'escalate level chooser',
      pd,
      (i) => {
        const amb = ambiguous(i);
        return flowOf(amb, 'incidents.escalate', { plan: escalationPlan(amb, view.oncall, policies) });
      },
    ],
    [
      'escalate chosen level confirm',
      pd,
      (i) => {
        const amb = ambiguous(i);
        const flow = flowOf(amb, 'incidents.escalate', { plan: escalationPlan(amb, view.oncall, policies) });
        return flow.pickLevel ? afterPick(flow, (flow.plan?.choices?.length ?? 1) - 1) : flow;
      },
    ],
    ['ticket escalate confirm', sn, (i) => flowOf(i, 'incidents.escalate')],
    ['resolve note input', pd, (i) => ({ ...flowOf(i, 'incidents.resolve'), draft: typed })],
    ['resolve confirm', pd, (i) => afterInput(flowOf(i, 'incidents.resolve'), typed)],
    ['note confirm', sn, (i) => afterInput(flowOf(i, 'incidents.note'), typed)],
    ['assign confirm', sn, (i) => flowOf(i, 'incidents.assign')],
    ['state chooser', sn, (i) => flowOf(i, 'incidents.state')],
    ['hold chooser', sn, (i) => picked(flowOf(i, 'incidents.state'), 'on_hold')],
    ['close notes input', sn, (i) => picked(flowOf(i, 'incidents.state'), 'resolved', 'Duplicate')],
    [
      'state confirm',
      sn,
      (i) => afterInput(picked(flowOf(i, 'incidents.state'), 'resolved', 'Duplicate'), typed),
    ],
  ];
  for (const [name, incident, flow] of flows) {
    if (incident) out.push({ name, ui: ui({ flow: flow(incident) }) });
  }
  if (pd) {
    out.push({
      name: 'incident detail',
      ui: ui({ detail: { panel: 'queue', key: keyOfRecord(pd) } }),
    });
  }
  const said = { id: 1, level: 'error' as const, text: `Could not add a note: ${typed}`, at: NOW };
  out.push({ name: 'status view', ui: ui({ status: true }), state: { history: [said] } });
  if (pd) {
    // A repeat after an unknown outcome, with the audit trail broken too: both warnings drawn.
    const earlier = {
      record: keyOfRecord(pd),
      action: 'incidents.escalate',
      key: pd.key,
      at: NOW - 60_000,
      values: { level: 2 },
      reason: typed,
    };
    out.push({
      name: 'repeat escalate confirm',
      ui: ui({
        flow: flowOf(pd, 'incidents.escalate', {
          plan: escalationPlan(pd, view.oncall, policies),
          repeat: { earlier, readAt: NOW - 5_000 },
          auditProblem: typed,
        }),
      }),
    });
  }
  out.push({ name: 'error toast', ui: ui({}), state: { toasts: [said] } });
  if (pd) {
    out.push({
      name: 'progress toast',
      ui: ui({ selection: { queue: at(0) } }),
      state: {
        pending: { [keyOfRecord(pd)]: { action: 'incidents.ack', label: `Acknowledging ${pd.key}`, seq: 1 } },
      },
    });
  }
  return out;
}

export interface Drawn {
  /** Frame as written, SGR styling included. */
  raw: string;
  /** Render errors the screen's boundaries caught: any is a failure. */
  errors: string[];
}

/** Draw one screen at a size and return its first frame. */
export function drawScreen(
  state: Partial<AppState>,
  screen: Pick<ScreenDef, 'ui' | 'state'>,
  size: readonly [number, number],
  ascii = false,
): Drawn {
  const errors: string[] = [];
  const { store } = createTestStore({ ...state, ...screen.state });
  const r = renderApp(store, {
    cols: size[0],
    rows: size[1],
    ascii,
    initialUi: screen.ui,
    onRenderError: (e, where) => errors.push(`${where}: ${e.message}`),
  });
  const raw = r.lastFrame();
  r.unmount();
  return { raw, errors };
}

/** Ink styles text with SGR sequences only; anything else escaping into a frame is a leak. */
export const SGR = /\x1b\[[0-9;]*m/g;

/** Why a frame breaks the screen's rules, or null: width and height, controls, caught errors. */
export function frameProblem(d: Drawn, cols: number, rows: number): string | null {
  if (d.errors.length > 0) return `render error: ${d.errors.join('; ')}`;
  const text = d.raw.replace(SGR, '');
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length > rows) return `${lines.length} lines on a ${rows}-row screen`;
  const wide = lines.find((l) => displayWidth(l) > cols);
  if (wide !== undefined)
    return `line of ${displayWidth(wide)} cells on a ${cols}-column screen: ${JSON.stringify(wide)}`;
  const control = text.match(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  if (control) return `raw control U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} in the frame`;
  if (text.includes('could not be drawn')) return 'a part of the screen shows a render error';
  return null;
}
