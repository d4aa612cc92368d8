import { useCockpitActions } from '../hooks/use-cockpit.js';
import type { Theme } from '../theme/theme.js';
import {
  afterInput,
  afterPick,
  backToText,
  choicesOf,
  escapeFrom,
  type Flow,
  keepEditing,
  typedText,
  valuesOf,
} from '../view/action-flow.js';
import type { ConfirmText } from '../view/action-text.js';
import { chooserTitle, confirmText, inputText, subjectLabel } from '../view/action-text.js';
import { Chooser, chooserHeight } from './Chooser.js';
import { ConfirmDialog, confirmHeight } from './ConfirmDialog.js';
import { TEXT_INPUT_HEIGHT, TextInput } from './TextInput.js';

interface Props {
  flow: Flow;
  width: number;
  /** Rows the dialog may take. */
  maxHeight: number;
}

/** Rows the current step of a flow takes, so the layout can give the rest to the panels. */
export function flowHeight(
  flow: Flow,
  width: number,
  theme: Pick<Theme, 'wrap' | 'fit' | 'glyph'>,
  maxHeight: number,
) {
  if (flow.askDiscard) return confirmHeight(discardText(flow), width, theme, maxHeight);
  if (flow.step === 'input') return TEXT_INPUT_HEIGHT;
  if (flow.step === 'choose') return chooserHeight(choicesOf(flow).length);
  return confirmHeight(confirmText(flow), width, theme, maxHeight);
}

/** The question Escape asks when the flow holds typed text: dropping it is the explicit choice. */
export function discardText(flow: Flow): ConfirmText {
  return {
    title: 'Discard what you typed?',
    lines: [
      `${flow.action.wording.title}: "${typedText(flow, flow.draft ?? '')}"`,
      'n, Esc or Enter goes back to it.',
    ],
    confirmLabel: 'Discard',
    danger: false,
  };
}

/**
 * The write path: the action's choices and text, then a confirm dialog, then the store.
 * Escape at any step drops the whole flow, so nothing half-made is ever sent; when text was
 * typed it asks first (`y` discards, anything else goes back to the step). The dialog
 * closes on confirm; the store's progress line and outcome say the rest.
 */
export function ActionDialog({ flow, width, maxHeight }: Props) {
  const act = useCockpitActions();
  const close = () => act.dispatch({ type: 'flow', flow: null });
  const cancel = () => {
    close();
    act.notify('info', 'Cancelled.');
  };
  const leave = (editing = '') => {
    const ask = escapeFrom(flow, editing);
    if (ask) act.dispatch({ type: 'flow', flow: ask });
    else cancel();
  };

  if (flow.askDiscard) {
    return (
      <ConfirmDialog
        text={discardText(flow)}
        width={width}
        maxHeight={maxHeight}
        onConfirm={() => {
          close();
          act.notify('info', 'Cancelled; the typed text was discarded.');
        }}
        onCancel={() => act.dispatch({ type: 'flow', flow: keepEditing(flow) })}
      />
    );
  }

  if (flow.step === 'choose') {
    return (
      <Chooser
        // A new list starts at its first option rather than inheriting the previous cursor.
        key={flow.pickLevel ? 'level' : (flow.steps[0]?.field ?? '')}
        title={chooserTitle(flow)}
        options={choicesOf(flow).map((o) => o.label)}
        width={width}
        onCancel={() => leave()}
        onPick={(index) => act.dispatch({ type: 'flow', flow: afterPick(flow, index) })}
      />
    );
  }

  if (flow.step === 'input') {
    const ask = inputText(flow);
    return (
      <TextInput
        key={flow.steps[0]?.field ?? ''}
        label={ask.label}
        placeholder={ask.placeholder}
        {...(flow.draft ? { initial: flow.draft } : {})}
        width={width}
        onCancel={(typed) => leave(typed)}
        onSubmit={(text) => {
          if (ask.required && !text) return act.notify('error', ask.required);
          act.dispatch({ type: 'flow', flow: afterInput(flow, text) });
        }}
      />
    );
  }

  const run = () => {
    const { action, subject } = flow;
    close();
    act.run({ action: action.id, subject, values: valuesOf(flow) }).catch((err: unknown) => {
      // The store never rejects; if it ever does, nothing tells us the vendor did not act.
      act.notify(
        'warn',
        `${action.wording.progress} ${subjectLabel(subject, 30)}: outcome unknown (${(err as Error).message}); check it before trying again.`,
      );
    });
  };
  const back = backToText(flow);
  return (
    <ConfirmDialog
      text={confirmText(flow)}
      width={width}
      maxHeight={maxHeight}
      onConfirm={run}
      onMismatch={(typed) => act.notify('error', `Type ${typed} exactly to confirm (Esc cancels).`)}
      onCancel={
        // Typed text is work: declining to send it goes back to editing instead of throwing it away
        // (Enter twice after a note used to lose it). Esc in the text field asks before dropping it.
        back
          ? () => {
              act.dispatch({ type: 'flow', flow: back });
              act.notify('info', 'Not sent. Edit and press Enter, or Esc to drop it.');
            }
          : () => leave()
      }
    />
  );
}
