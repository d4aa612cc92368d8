/**
 * Every screen of the cockpit, reached by its UI state rather than by replaying keys: each
 * panel focused, each detail view, each dialog step, help, and the message line with
 * outcomes and progress. Used by the hostile-text property tests and the ASCII sweep.
 */
import type { EscalationPolicy, Incident } from '../../src/domain/model.js';
import { selectPanels, selectRecords } from '../../src/store/selectors.js';
import type { AppState } from '../../src/store/types.js';
import { displayWidth } from '../../src/ui/text/fit.js';
import { escalationPlan } from '../../src/ui/view/action-text.js';
import { chooseLevel } from '../../src/ui/view/escalation-plan.js';
import { type Flow, initialUi, type UiState } from '../../src/ui/view/ui-state.js';
import { createTestStore, NOW } from './fixture-store.js';
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
  const flows: [string, Incident | undefined, (i: Incident) => Flow][] = [
    ['ack confirm', pd, (i) => ({ step: 'confirm', capability: 'incidents.ack', incident: i })],
    [
      'escalate confirm',
      pd,
      (i) => ({
        step: 'confirm',
        capability: 'incidents.escalate',
        incident: i,
        plan: escalationPlan(i, view.oncall, policies),
      }),
    ],
    [
      // The same incident as if its level were ambiguous: the level chooser, then its confirm.
      'escalate level chooser',
      pd,
      (i) => {
        const amb = ambiguous(i);
        return {
          step: 'choose',
          capability: 'incidents.escalate',
          incident: amb,
          pick: 'level',
          plan: escalationPlan(amb, view.oncall, policies),
        };
      },
    ],
    [
      'escalate chosen level confirm',
      pd,
      (i) => {
        const amb = ambiguous(i);
        const plan = escalationPlan(amb, view.oncall, policies);
        const choice = plan.choices?.at(-1);
        return {
          step: 'confirm',
          capability: 'incidents.escalate',
          incident: amb,
          plan: choice ? chooseLevel(plan, choice) : plan,
        };
      },
    ],
    [
      'ticket escalate confirm',
      sn,
      (i) => ({ step: 'confirm', capability: 'incidents.escalate', incident: i }),
    ],
    [
      'resolve note input',
      pd,
      (i) => ({ step: 'input', capability: 'incidents.resolve', incident: i, text: typed }),
    ],
    [
      'resolve confirm',
      pd,
      (i) => ({ step: 'confirm', capability: 'incidents.resolve', incident: i, text: typed }),
    ],
    [
      'note confirm',
      sn,
      (i) => ({ step: 'confirm', capability: 'incidents.note', incident: i, text: typed, workNote: true }),
    ],
    ['assign confirm', sn, (i) => ({ step: 'confirm', capability: 'incidents.assign', incident: i })],
    [
      'state chooser',
      sn,
      (i) => ({ step: 'choose', capability: 'incidents.state', incident: i, pick: 'state' }),
    ],
    [
      'hold chooser',
      sn,
      (i) => ({ step: 'choose', capability: 'incidents.state', incident: i, pick: 'hold' }),
    ],
    [
      'close notes input',
      sn,
      (i) => ({ step: 'input', capability: 'incidents.state', incident: i, closeCode: 'Duplicate' }),
    ],
    [
      'state confirm',
      sn,
      (i) => ({
        step: 'confirm',
        capability: 'incidents.state',
        incident: i,
        change: { state: 'resolved', closeCode: 'Duplicate', closeNotes: typed },
      }),
    ],
  ];
  for (const [name, incident, flow] of flows) {
    if (incident) out.push({ name, ui: ui({ flow: flow(incident) }) });
  }
  if (pd) {
    out.push({
      name: 'incident detail',
      ui: ui({ detail: { panel: 'queue', key: `${pd.source}:${pd.id}` } }),
    });
    out.push({
      name: 'progress toast',
      ui: ui({
        selection: { ...initialUi().selection, queue: at(0) },
        inflight: {
          [`${pd.source}:${pd.id}`]: {
            capability: 'incidents.ack',
            label: `Acknowledging ${pd.key}`,
            seq: 1,
          },
        },
      }),
    });
  }
  out.push({
    name: 'status view',
    ui: ui({
      status: true,
      history: [{ id: 1, level: 'warn', text: `Could not add a note: ${typed}`, at: NOW }],
    }),
  });
  if (pd) {
    // A repeat after an unknown outcome, with the audit trail broken too: both warnings drawn.
    const earlier = {
      record: `${pd.source}:${pd.id}`,
      capability: 'incidents.escalate' as const,
      key: pd.key,
      at: NOW - 60_000,
      level: 2,
      reason: typed,
    };
    out.push({
      name: 'repeat escalate confirm',
      ui: ui({
        flow: {
          step: 'confirm',
          capability: 'incidents.escalate',
          incident: pd,
          plan: escalationPlan(pd, view.oncall, policies),
          repeat: { earlier, readAt: NOW - 5_000 },
          auditProblem: typed,
        },
      }),
    });
  }
  out.push({
    name: 'error toast',
    ui: ui({
      messages: [{ id: 1, level: 'error', text: `Could not add a note: ${typed}`, at: NOW }],
      seq: 2,
    }),
  });
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
  screen: UiState,
  size: readonly [number, number],
  ascii = false,
): Drawn {
  const errors: string[] = [];
  const { store } = createTestStore(state);
  const r = renderApp(store, {
    cols: size[0],
    rows: size[1],
    ascii,
    initialUi: screen,
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
