import { recordKey } from '../../domain/kinds.js';
import { streamOf } from '../../store/selectors.js';
import type { ActionDescriptor } from '../../store/types.js';
import {
  type CockpitActions,
  type CockpitState,
  useCockpit,
  useCockpitActions,
} from '../hooks/use-cockpit.js';
import { useCommand } from '../keys/use-command.js';
import { clean } from '../text/fit.js';
import { type BulkTarget, startFlow } from '../view/action-flow.js';
import { subjectLabel } from '../view/action-text.js';
import { planFor } from '../view/planners.js';

/**
 * Open the flow of `action` on the cockpit's subject. Gating (read-only, the connector lacks
 * the action) already happened in the KeyProvider; this refuses a second write on a record
 * with one in flight, asks the action's planner (escalation levels), and marks a repeat of a
 * write whose outcome was unknown so its confirmation warns.
 */
export function startAction(m: CockpitState, act: CockpitActions, action: ActionDescriptor) {
  // Rows marked in the list (Space): the action goes to all of them, after one confirmation.
  if (!m.ui.detail && m.marks.size > 0) return startBulk(m, act, action);
  const subject = m.subject;
  if (!subject) return 'pass' as const;
  const key = recordKey(subject.ref);
  const busy = m.state.pending[key];
  if (busy) {
    const progress = m.state.connectors[subject.ref.source]?.actions.find((a) => a.id === busy.action);
    const word = progress?.wording.progress ?? busy.label.split(' ')[0];
    act.notify('warn', `${word} ${subjectLabel(subject, 30)}: wait for it to finish.`);
    return 'handled' as const;
  }
  const planned = planFor(action, subject, m.state, { now: m.now, real: m.realNow });
  if ('refuse' in planned) {
    act.notify('warn', planned.refuse);
    return 'handled' as const;
  }
  // The same write on this record may have landed already: warn, with the record as last read.
  const earlier = m.state.uncertain.find((u) => u.record === key && u.action === action.id);
  const stream = streamOf(subject.kind);
  const readAt = stream ? (m.state.connectors[subject.ref.source]?.streams[stream]?.fetchedAt ?? null) : null;
  const flow = startFlow(action, subject, {
    ...(planned.plan ? { plan: planned.plan } : {}),
    ...(earlier ? { repeat: { earlier, readAt } } : {}),
    ...(m.state.auditProblem ? { auditProblem: m.state.auditProblem } : {}),
  });
  act.dispatch({ type: 'flow', flow });
  return 'handled' as const;
}

/**
 * Open one flow for every marked row: each record with its own connector's descriptor of the
 * action. Records whose connector lacks it, or with a write in flight, are left out and named
 * in the confirmation. Actions that need a plan (escalation levels) or a typed name go one
 * record at a time.
 */
export function startBulk(m: CockpitState, act: CockpitActions, action: ActionDescriptor) {
  const shown = m.lists[m.ui.focus];
  if (!shown) return 'pass' as const;
  const verb = action.wording.verb;
  if (action.plan || action.danger === 'typed') {
    act.notify(
      'warn',
      `${action.wording.title.replace(/…$/, '')} goes one record at a time: Esc clears the marks, then pick one.`,
    );
    return 'handled' as const;
  }
  const seen = new Map<string, string[]>();
  const targets: BulkTarget[] = [];
  const skipped: string[] = [];
  for (const row of shown.all) {
    if (!m.marks.has(row.key) || !row.subject) continue;
    const subject = row.subject;
    const key = recordKey(subject.ref);
    const rows = seen.get(key);
    if (rows) {
      rows.push(row.key);
      continue;
    }
    const mine = [row.key];
    seen.set(key, mine);
    const own = m.state.connectors[subject.ref.source]?.actions.find(
      (a) => a.command === action.command && a.kind === subject.kind,
    );
    if (!own) skipped.push(`${clean(subject.label)} (${clean(subject.ref.source)} cannot ${verb} it)`);
    else if (m.state.pending[key]) skipped.push(`${clean(subject.label)} (a write is still in flight)`);
    else targets.push({ subject, action: own, rows: mine });
  }
  const first = targets[0];
  if (!first) {
    act.notify('warn', `None of the marked rows can be sent: ${skipped.join('; ') || 'they are gone'}.`);
    return 'handled' as const;
  }
  const flow = startFlow(first.action, first.subject, {
    bulk: { panel: m.ui.focus, targets, skipped },
    ...(m.state.auditProblem ? { auditProblem: m.state.auditProblem } : {}),
  });
  act.dispatch({ type: 'flow', flow });
  return 'handled' as const;
}

/** One action command's key: the subject's connector's own descriptor of that action runs. */
function ActionKey({ command }: { command: string }) {
  const m = useCockpit();
  const act = useCockpitActions();
  useCommand(command, () => {
    const action = m.keys.actions?.find((a) => a.command === command);
    return action ? startAction(m, act, action) : 'pass';
  });
  return null;
}

/** Every action command of the registry, standard and plugins' own alike. */
export function ActionKeys() {
  const { keymap } = useCockpit();
  const commands = keymap.registry.ids.filter((id) => keymap.registry.spec(id).action !== undefined);
  return (
    <>
      {commands.map((id) => (
        <ActionKey key={id} command={id} />
      ))}
    </>
  );
}
