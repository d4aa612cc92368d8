/** Muting a monitor through the action flow: which part, for how long, and the confirm says both. */
import { describe, expect, it } from 'vitest';
import datadog from '../../../plugins/datadog/index.js';
import { subjectOf } from '../../../src/domain/kinds.js';
import type { Monitor } from '../../../src/domain/model.js';
import { actionArgs } from '../../../src/plugin-api/actions.js';
import { afterInput, afterPick, startFlow, valuesOf } from '../../../src/ui/view/action-flow.js';
import { chooserTitle, confirmText, inputText } from '../../../src/ui/view/action-text.js';
import { actionsFor } from '../../helpers/fixture-store.js';

const MON: Monitor = {
  kind: 'monitor',
  source: 'dd',
  id: '9100001',
  monitorId: '9100001',
  name: 'checkout-api error rate',
  state: 'alert',
  vendorState: 'Alert',
  type: 'query alert',
  hosts: ['checkout-api-01'],
  tags: [],
  groups: [],
  muted: false,
  mutes: [],
};
const SUBJECT = subjectOf(MON);
const mute = actionsFor(['monitors.mute', 'monitors.unmute'], datadog.actions).find(
  (a) => a.id === 'monitors.mute',
)!;
const index = (flow: ReturnType<typeof startFlow>, value: string) => {
  const step = flow.steps[0];
  return step?.kind === 'choice' ? step.options.findIndex((o) => o.value === value) : -1;
};

describe('mute a monitor', () => {
  it('the whole monitor for one hour: the confirm names both and the vendor line', () => {
    let flow = startFlow(mute, SUBJECT);
    expect(chooserTitle(flow)).toBe('Mute which part of monitor 9100001 checkout-api error rate?');
    flow = afterPick(flow, index(flow, '*'));
    expect(chooserTitle(flow)).toBe('Mute monitor 9100001 checkout-api error rate for…');
    flow = afterPick(flow, index(flow, '60'));
    expect(flow.step).toBe('confirm');
    const text = confirmText(flow);
    expect(text.title).toBe('Mute monitor 9100001 checkout-api error rate (all groups) for 1 hour?');
    expect(text.lines[0]).toMatch(/downtime/);
    expect(text.danger).toBe(true);
    expect(actionArgs(mute, MON, valuesOf(flow))).toEqual([MON, { minutes: 60 }]);
  });

  it('one group until unmuted: the group is typed as the monitor names it', () => {
    let flow = startFlow(mute, SUBJECT);
    flow = afterPick(flow, index(flow, 'one'));
    expect(flow.step).toBe('input');
    expect(inputText(flow).label).toMatch(/Group of monitor 9100001 .* to mute/);
    flow = afterInput(flow, 'host:checkout-api-01');
    flow = afterPick(flow, index(flow, '0'));
    const text = confirmText(flow);
    expect(text.title).toBe(
      'Mute monitor 9100001 checkout-api error rate (group host:checkout-api-01) until unmuted?',
    );
    expect(actionArgs(mute, MON, valuesOf(flow))).toEqual([MON, { group: 'host:checkout-api-01' }]);
  });
});
