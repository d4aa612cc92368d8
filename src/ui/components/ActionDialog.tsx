import type { Dispatch } from 'react';
import type { ActionRequest, Store } from '../../store/types.js';
import { clean } from '../text/fit.js';
import type { Theme } from '../theme/theme.js';
import { confirmText, PROGRESS } from '../view/action-text.js';
import { afterInput, afterPick, choicesFor, chooserTitle, inputText } from '../view/state-flow.js';
import type { Flow, UiAction } from '../view/ui-state.js';
import { Chooser, chooserHeight } from './Chooser.js';
import { ConfirmDialog, confirmHeight } from './ConfirmDialog.js';
import { TEXT_INPUT_HEIGHT, TextInput } from './TextInput.js';

interface Props {
  flow: Flow;
  width: number;
  /** Rows the dialog may take. */
  maxHeight: number;
  store: Store;
  dispatch: Dispatch<UiAction>;
  now(): number;
}

/** Rows the current step of a flow takes, so the layout can give the rest to the panels. */
export function flowHeight(
  flow: Flow,
  width: number,
  theme: Pick<Theme, 'wrap' | 'fit' | 'glyph'>,
  maxHeight: number,
) {
  if (flow.step === 'input') return TEXT_INPUT_HEIGHT;
  if (flow.step === 'choose') return chooserHeight(choicesFor(flow.pick ?? 'state', flow).length);
  return confirmHeight(confirmText(flow.capability, flow.incident, flow), width, theme, maxHeight);
}

/** What `store.runAction` gets for a confirmed flow: only the fields this capability uses. */
function requestOf(flow: Flow): ActionRequest {
  return {
    capability: flow.capability,
    incident: flow.incident,
    ...(flow.text ? { text: flow.text } : {}),
    ...(flow.plan ? { target: flow.plan.target } : {}),
    ...(flow.change ? { change: flow.change } : {}),
  };
}

/**
 * The write path: optional choices and text, then a confirm dialog, then
 * `store.runAction`. Escape at any step drops the whole flow, so nothing half-made
 * is ever sent. The dialog closes on `y`; progress shows in the toast line.
 */
export function ActionDialog({ flow, width, maxHeight, store, dispatch, now }: Props) {
  const close = () => dispatch({ type: 'flow', flow: null });
  const say = (level: 'info' | 'success' | 'warn' | 'error', text: string) =>
    dispatch({ type: 'message', level, text, at: now() });
  const cancel = () => {
    close();
    say('info', 'Cancelled.');
  };

  if (flow.step === 'choose') {
    const pick = flow.pick ?? 'state';
    return (
      <Chooser
        // A new list starts at its first option rather than inheriting the previous cursor.
        key={pick}
        title={chooserTitle(pick, flow)}
        options={choicesFor(pick, flow)}
        width={width}
        onCancel={cancel}
        onPick={(index) => dispatch({ type: 'flow', flow: afterPick({ ...flow, pick }, index) })}
      />
    );
  }

  if (flow.step === 'input') {
    const ask = inputText(flow);
    return (
      <TextInput
        label={ask.label}
        placeholder={ask.placeholder}
        {...(flow.text ? { initial: flow.text } : {})}
        width={width}
        onCancel={cancel}
        onSubmit={(text) => {
          if (ask.required && !text) return say('error', ask.required);
          dispatch({ type: 'flow', flow: afterInput(flow, text) });
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
    store.runAction(requestOf(flow)).then(
      (outcome) => {
        dispatch({ type: 'inflight', key, entry: null });
        // The outcome is the news now: drop older UI messages so they cannot hide it.
        dispatch({ type: 'expire', before: Number.POSITIVE_INFINITY });
        // The store toasts outcomes itself; only speak up if this one did not.
        if (!store.getState().toasts.some((t) => t.text === outcome.message)) {
          say(outcome.ok ? 'success' : !outcome.ok && outcome.unknown ? 'warn' : 'error', outcome.message);
        }
      },
      (err: unknown) => {
        // The store never rejects; if it ever does, nothing tells us the vendor did not act.
        dispatch({ type: 'inflight', key, entry: null });
        say(
          'warn',
          `${PROGRESS[capability]} ${clean(incident.key)}: outcome unknown (${(err as Error).message}); check it before trying again.`,
        );
      },
    );
  };

  return (
    <ConfirmDialog
      text={confirmText(flow.capability, flow.incident, flow)}
      width={width}
      maxHeight={maxHeight}
      onConfirm={run}
      onCancel={
        // Typed text is work: declining to send it goes back to editing instead of throwing it away
        // (Enter twice after a note used to lose it). Esc in the text field drops it for good.
        flow.text !== undefined
          ? () => {
              dispatch({ type: 'flow', flow: { ...flow, step: 'input' } });
              say('info', 'Not sent. Edit and press Enter, or Esc to drop it.');
            }
          : cancel
      }
    />
  );
}
