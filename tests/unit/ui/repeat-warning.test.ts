/** What the confirm dialog says before repeating a write whose outcome was unknown. */
import { describe, expect, it } from 'vitest';
import { subjectOf } from '../../../src/domain/kinds.js';
import type { UncertainWrite } from '../../../src/store/types.js';
import { startFlow } from '../../../src/ui/view/action-flow.js';
import { confirmText, recordState, repeatWarning } from '../../../src/ui/view/action-text.js';
import { actionsFor } from '../../helpers/fixture-store.js';
import { incident } from '../domain/records.js';

const ACTIONS = actionsFor(['incidents.ack', 'incidents.escalate']);
const ack = ACTIONS.find((a) => a.id === 'incidents.ack')!;
const escalate = ACTIONS.find((a) => a.id === 'incidents.escalate')!;

process.env.TZ = 'UTC';
const AT = Date.parse('2025-03-01T03:12:00Z');
const earlier: UncertainWrite = {
  record: 'pd:Q1',
  action: 'incidents.escalate',
  key: '#4211',
  at: AT,
  values: { level: 2 },
  reason: 'no answer',
};
const now = incident('Q1', {
  key: '#4211',
  status: 'acknowledged',
  vendorStatus: 'acknowledged',
  escalationLevel: 2,
  escalationPolicy: 'Checkout EP',
  assignees: ['Bob Builder'],
});

describe('repeatWarning', () => {
  it('shows the record as read after the write', () => {
    expect(repeatWarning(escalate, subjectOf(now), { earlier, readAt: AT + 20_000 })).toBe(
      'Your escalation of #4211 to level 2 at 03:12:00 got no clear answer and may have been applied. ' +
        'As read at 03:12:20 it is acknowledged, at level 2 of Checkout EP, assigned to Bob Builder.',
    );
  });

  it('does not pass off a read from before the write as its current state', () => {
    const stale = repeatWarning(escalate, subjectOf(now), { earlier, readAt: AT - 5_000 });
    expect(stale).toMatch(/Its state is unknown \(last read 03:11:55, before it\): press Esc, then r/);
    expect(stale).not.toMatch(/level 2 of Checkout EP/);
    expect(repeatWarning(escalate, subjectOf(now), { earlier, readAt: null })).toMatch(/not read yet/);
  });

  it('makes every repeat a danger dialog labelled "again", and leaves first tries alone', () => {
    const again = confirmText(
      startFlow(ack, subjectOf(now), {
        repeat: { earlier: { ...earlier, action: 'incidents.ack' }, readAt: AT + 1 },
      }),
    );
    expect(again).toMatchObject({ danger: true, confirmLabel: 'Acknowledge again' });
    expect(again.title).toMatch(/ again\?$/);
    expect(again.warning).toMatch(/^Your acknowledgement of #4211/);
    const first = confirmText(startFlow(ack, subjectOf(now)));
    expect(first.warning).toBeUndefined();
    expect(first.danger).toBe(false);
  });

  it('says before `y` that an unwritable audit trail will refuse the write', () => {
    const text = confirmText(
      startFlow(ack, subjectOf(now), { auditProblem: '/var/log/a.fifo is a FIFO (named pipe)' }),
    );
    expect(text.warning).toBe(
      'The audit log could not be written (/var/log/a.fifo is a FIFO (named pipe)); this will be refused unless it can be now. Fix audit.path.',
    );
    const both = confirmText(
      startFlow(escalate, subjectOf(now), { repeat: { earlier, readAt: AT + 1 }, auditProblem: 'disk full' }),
    );
    expect(both.warning).toMatch(
      /^Your escalation of #4211.*The audit log could not be written \(disk full\)/,
    );
  });

  it('sanitizes vendor text in the record state', () => {
    const hostile = incident('Q1', {
      assignees: ['Eve\u001B[2J\u0007'],
      vendorStatus: 'On Hold\u001B]52;c;x\u0007',
    });
    expect(recordState(hostile)).not.toMatch(/[\u0000-\u001F\u007F]/);
  });
});
