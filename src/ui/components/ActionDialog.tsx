import { RECORD_KINDS } from '../../domain/kinds.js';
import type { ActionOutcome, ActionValues } from '../../store/types.js';
import { type CockpitActions, useCockpitActions } from '../hooks/use-cockpit.js';
import { clean } from '../text/fit.js';
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
import { chooserTitle, confirmText, countOf, inputText, subjectLabel } from '../view/action-text.js';
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
 * Send a bulk write: one request per record, one after another (each audited by the store on
 * its own, and a vendor's rate limit sees a queue, not a burst). Then one message says how it
 * went, naming every failure; the marks of the records that went through come off, the failed
 * ones stay marked so the same key retries just them.
 */
export async function runBulk(
  act: Pick<CockpitActions, 'run' | 'notify' | 'dispatch'>,
  bulk: NonNullable<Flow['bulk']>,
  values: ActionValues,
): Promise<{ ok: number; failed: string[] }> {
  const failed: string[] = [];
  const done = new Set<string>();
  const first = bulk.targets[0]!;
  for (const t of bulk.targets) {
    let outcome: ActionOutcome;
    try {
      outcome = await act.run({ action: t.action.id, subject: t.subject, values });
    } catch (err) {
      outcome = { ok: false, message: `outcome unknown (${(err as Error).message})`, unknown: true };
    }
    if (outcome.ok) for (const row of t.rows) done.add(row);
    else {
      failed.push(`${clean(t.subject.label)}: ${clean(outcome.message)}`);
    }
  }
  act.dispatch({ type: 'unmark', panel: bulk.panel, keys: done });
  const n = bulk.targets.length;
  const what = `${first.action.wording.progress} ${countOf(n, RECORD_KINDS[first.subject.kind].noun)}`;
  if (failed.length === 0) act.notify('success', `${what}: all ${n} done.`);
  else
    act.notify(
      'error',
      `${what}: ${n - failed.length} done, ${failed.length} failed (still marked) ${'\u2014'} ${failed.join('; ')}`,
    );
  return { ok: n - failed.length, failed };
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
    if (flow.bulk) {
      void runBulk(act, flow.bulk, valuesOf(flow));
      return;
    }
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
