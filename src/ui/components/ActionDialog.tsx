import type { Dispatch } from 'react';
import type { Store } from '../../store/types.js';
import { clean } from '../text/fit.js';
import { confirmText, incidentLabel, PROGRESS } from '../view/action-text.js';
import type { Flow, UiAction } from '../view/ui-state.js';
import { ConfirmDialog, confirmHeight } from './ConfirmDialog.js';
import { TEXT_INPUT_HEIGHT, TextInput } from './TextInput.js';

interface Props {
  flow: Flow;
  width: number;
  store: Store;
  dispatch: Dispatch<UiAction>;
  now(): number;
}

/** Rows the current step of a flow takes, so the layout can give the rest to the panels. */
export function flowHeight(flow: Flow, width: number): number {
  return flow.step === 'input'
    ? TEXT_INPUT_HEIGHT
    : confirmHeight(confirmText(flow.capability, flow.incident, flow), width);
}

/**
 * The write path: optional text, then a confirm dialog, then `store.runAction`.
 * The dialog closes on `y`; progress shows in the toast line until the outcome.
 */
export function ActionDialog({ flow, width, store, dispatch, now }: Props) {
  const close = () => dispatch({ type: 'flow', flow: null });
  const say = (level: 'info' | 'success' | 'error', text: string) =>
    dispatch({ type: 'message', level, text, at: now() });

  if (flow.step === 'input') {
    const note = flow.capability === 'incidents.note';
    return (
      <TextInput
        label={`${note ? 'Note for' : 'Resolution note (optional) for'} ${incidentLabel(flow.incident, 40)}`}
        placeholder={note ? 'what you found or did' : 'why it is resolved'}
        width={width}
        onCancel={() => {
          close();
          say('info', 'Cancelled.');
        }}
        onSubmit={(text) => {
          if (note && !text) return say('error', 'A note needs some text (Esc cancels).');
          dispatch({ type: 'flow', flow: { ...flow, step: 'confirm', ...(text ? { text } : {}) } });
        }}
      />
    );
  }

  const run = () => {
    const { incident, capability } = flow;
    const key = `${incident.source}:${incident.id}`;
    close();
    dispatch({
      type: 'inflight',
      key,
      entry: { capability, label: `${PROGRESS[capability]} ${clean(incident.key)}` },
    });
    const request = {
      capability,
      incident,
      ...(flow.text ? { text: flow.text } : {}),
      ...(flow.plan ? { target: flow.plan.target } : {}),
    };
    store.runAction(request).then(
      (outcome) => {
        dispatch({ type: 'inflight', key, entry: null });
        // The outcome is the news now: drop older UI messages so they cannot hide it.
        dispatch({ type: 'expire', before: Number.POSITIVE_INFINITY });
        // The store toasts outcomes itself; only speak up if this one did not.
        if (!store.getState().toasts.some((t) => t.text === outcome.message)) {
          say(outcome.ok ? 'success' : 'error', outcome.message);
        }
      },
      (err: unknown) => {
        dispatch({ type: 'inflight', key, entry: null });
        say('error', `${PROGRESS[capability]} ${clean(incident.key)} failed: ${(err as Error).message}`);
      },
    );
  };

  return (
    <ConfirmDialog
      text={confirmText(flow.capability, flow.incident, flow)}
      width={width}
      onConfirm={run}
      onCancel={() => {
        close();
        say('info', 'Cancelled.');
      }}
    />
  );
}
