/** A write's way through the UI, driven by its descriptor alone (issue 9). */
import { describe, expect, it } from 'vitest';
import { subjectOf } from '../../../src/domain/kinds.js';
import type { ActionDescriptor } from '../../../src/store/types.js';
import { afterInput, afterPick, backToText, startFlow, valuesOf } from '../../../src/ui/view/action-flow.js';
import { chooserTitle, confirmText, fillTemplate, inputText } from '../../../src/ui/view/action-text.js';
import { actionsFor } from '../../helpers/fixture-store.js';
import { incident } from '../domain/records.js';

const INC = subjectOf(incident('Q1', { key: 'INC7', title: 'Mail down', source: 'sn' }));
const action = (id: string): ActionDescriptor =>
  actionsFor(['incidents.state', 'incidents.note', 'incidents.resolve', 'incidents.ack'], {
    standard: {
      'incidents.state': {
        choices: {
          holdReason: [{ value: 'Awaiting Caller', label: 'Awaiting Caller' }],
          closeCode: [{ value: 'Dup', label: 'Duplicate' }],
        },
      },
    },
  }).find((a) => a.id === id)!;
const optionIndex = (flow: ReturnType<typeof startFlow>, value: string) => {
  const step = flow.steps[0];
  return step?.kind === 'choice' ? step.options.findIndex((o) => o.value === value) : -1;
};

describe('a chain of choices, then text, then the confirm', () => {
  it('walks state → close code → notes, and the confirm says what each choice means', () => {
    let flow = startFlow(action('incidents.state'), INC);
    expect(flow.step).toBe('choose');
    expect(chooserTitle(flow)).toBe('Change state of INC7 Mail down to…');
    flow = afterPick(flow, optionIndex(flow, 'resolved'));
    expect(chooserTitle(flow)).toBe('Close code for INC7 Mail down');
    flow = afterPick(flow, 0);
    expect(flow.step).toBe('input');
    expect(inputText(flow)).toMatchObject({ label: 'Close notes for INC7 Mail down (Duplicate)' });
    flow = afterInput(flow, 'merged into INC6');
    expect(flow.step).toBe('confirm');
    // The value sent is the option's value; the words are its label.
    expect(valuesOf(flow)).toEqual({ state: 'resolved', closeCode: 'Dup', closeNotes: 'merged into INC6' });
    expect(confirmText(flow)).toEqual({
      title: 'Set INC7 Mail down to Resolved (Duplicate)?',
      lines: ['Close code: Duplicate', 'Close notes: "merged into INC6"'],
      confirmLabel: 'Change state',
      // The option that closes the ticket is the dangerous one.
      danger: true,
    });
  });

  it('a pick that is not there (the list moved under the cursor) changes nothing', () => {
    const flow = startFlow(action('incidents.state'), INC);
    expect(afterPick(flow, 7)).toBe(flow);
  });

  it('declining a typed note goes back to it; a chain is dropped whole', () => {
    const note = afterInput(startFlow(action('incidents.note'), INC), 'called the user');
    expect(backToText(note)).toMatchObject({ step: 'input', draft: 'called the user' });
    const empty = afterInput(startFlow(action('incidents.resolve'), INC), '');
    expect(backToText(empty)).toBeNull();
    expect(confirmText(empty).lines).toEqual([
      'Closes it in sn and stops all paging for it.',
      'No resolution note.',
    ]);
    const chain = startFlow(action('incidents.state'), INC);
    const held = afterPick(afterPick(chain, optionIndex(chain, 'on_hold')), 0);
    expect(backToText(held)).toBeNull();
    expect(confirmText(held).title).toBe('Set INC7 Mail down to On Hold (Awaiting Caller)?');
  });

  it('an action with no input goes straight to its confirm', () => {
    const flow = startFlow(action('incidents.ack'), INC);
    expect(flow.step).toBe('confirm');
    expect(confirmText(flow)).toMatchObject({ title: 'Acknowledge INC7 Mail down?', danger: false });
  });
});

describe('templates', () => {
  const flow = afterPick(startFlow(action('incidents.state'), INC), 0);
  it('fill subject, key, source and entered fields, cleaned; an unknown placeholder shows as written', () => {
    expect(fillTemplate('{key} from {source}: {state} / {nope}', flow)).toBe(
      'INC7 from sn: In Progress / {nope}',
    );
    const hostile = subjectOf(incident('Q2', { key: 'K\u001b[2J', title: 'T\u0007itle', source: 's' }));
    expect(fillTemplate('{subject}', { ...flow, subject: hostile })).toBe('K Title');
  });

  it('a typed confirmation asks for the key, cleaned of anything a terminal would act on', () => {
    const typed: ActionDescriptor = { ...action('incidents.ack'), danger: 'typed' };
    const hostile = subjectOf(incident('Q3', { key: 'FX\u001b]52;c;x\u0007-1', source: 's' }));
    expect(confirmText(startFlow(typed, hostile)).typed).toBe('FX-1');
  });
});
