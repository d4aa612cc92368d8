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
import { startFlow } from '../view/action-flow.js';
import { subjectLabel } from '../view/action-text.js';
import { planFor } from '../view/planners.js';

/**
 * Open the flow of `action` on the cockpit's subject. Gating (read-only, the connector lacks
 * the action) already happened in the KeyProvider; this refuses a second write on a record
 * with one in flight, asks the action's planner (escalation levels), and marks a repeat of a
 * write whose outcome was unknown so its confirmation warns.
 */
export function startAction(m: CockpitState, act: CockpitActions, action: ActionDescriptor) {
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
