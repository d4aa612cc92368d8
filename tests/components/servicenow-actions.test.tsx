import { afterEach, describe, expect, test, vi } from 'vitest';
import { createSnStore } from '../helpers/fixture-servicenow.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

type R = ReturnType<typeof renderApp>;

async function press(r: R, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame())).toBe(true));
}

/** The first queue row is INC0010001 (triggered P1). */
async function ready() {
  const t = createSnStore();
  const r = renderApp(t.store, { cols: 100, rows: 30 });
  await vi.waitFor(() => expect(r.frame()).toContain('INC0010001'));
  return { t, r };
}

describe('assign to me', () => {
  test('m → confirm → y runs incidents.assign on the selected ticket', async () => {
    const { t, r } = await ready();
    await press(r, 'm', (f) => f.includes('Assign INC0010001 Email down'));
    expect(r.frame()).toContain('[y] Assign to me');
    expect(t.calls).toHaveLength(0);
    await press(r, 'y', (f) => f.includes('Assigned INC0010001'));
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ action: 'incidents.assign', subject: { ref: { id: 's1' } } });
  });

  test('Enter (the default) cancels and runs nothing', async () => {
    const { t, r } = await ready();
    await press(r, 'm', (f) => f.includes('[y] Assign to me'));
    await press(r, KEY.enter, (f) => !f.includes('[y] Assign to me'));
    expect(r.frame()).toContain('Cancelled.');
    expect(t.calls).toHaveLength(0);
  });
});

describe('change state', () => {
  test('s opens the chooser; In Progress (Enter) → confirm → y sends the change', async () => {
    const { t, r } = await ready();
    await press(r, 's', (f) => f.includes('Change state of INC0010001'));
    for (const option of ['1. In Progress', '2. On Hold…', '3. Resolved…'])
      expect(r.frame()).toContain(option);
    await press(r, KEY.enter, (f) =>
      f.includes('Set INC0010001 Email down for the finance floor to In Progress?'),
    );
    expect(r.frame()).not.toContain('⚠ Set');
    await press(r, 'y', (f) => f.includes('Updated INC0010001'));
    expect(t.calls).toEqual([
      expect.objectContaining({ action: 'incidents.state', values: { state: 'in_progress' } }),
    ]);
  });

  test('On Hold asks for a reason by arrow keys, then confirms with it', async () => {
    const { t, r } = await ready();
    await press(r, 's', (f) => f.includes('1. In Progress'));
    await press(r, KEY.down, (f) => f.includes('▶ 2. On Hold…'));
    await press(r, KEY.enter, (f) => f.includes('Why is INC0010001'));
    for (const reason of ['Awaiting Caller', 'Awaiting Problem', 'Awaiting Vendor', 'Awaiting Change'])
      expect(r.frame()).toContain(reason);
    await press(r, KEY.down, (f) => f.includes('▶ 2. Awaiting Problem'));
    await press(r, KEY.down, (f) => f.includes('▶ 3. Awaiting Vendor'));
    await press(r, KEY.enter, (f) => f.includes('to On Hold (Awaiting Vendor)?'));
    expect(r.frame()).toContain('SLA clocks of this ticket pause');
    await press(r, 'y', (f) => f.includes('Updated INC0010001'));
    expect(t.calls[0]!.values).toEqual({ state: 'on_hold', holdReason: 'Awaiting Vendor' });
  });

  test('Resolved: digits pick a close code, empty notes are refused, notes then a danger confirm', async () => {
    const { t, r } = await ready();
    await press(r, 's', (f) => f.includes('1. In Progress'));
    await press(r, '3', (f) => f.includes('Close code for INC0010001'));
    expect(r.frame()).toContain('6. User error');
    await press(r, '2', (f) => f.includes('Close notes for INC0010001'));
    expect(r.frame()).toContain('(Workaround provided)');
    await press(r, KEY.enter, (f) => f.includes('Close notes are required to resolve'));
    expect(r.frame()).toContain('Close notes for INC0010001');
    for (const ch of 'restarted mail relay 2') r.stdin.write(ch);
    await vi.waitFor(() => expect(r.frame()).toContain('restarted mail relay 2'));
    await press(r, KEY.enter, (f) => f.includes('to Resolved (Workaround provided)?'));
    expect(r.frame()).toContain('⚠ Set INC0010001');
    expect(r.frame()).toContain('Close notes: "restarted mail relay 2"');
    // Danger dialogs default to Cancel: Enter sends nothing. The close notes were typed, so it asks
    // before dropping them (issue 15); its own default keeps them, and only y discards.
    await press(r, KEY.enter, (f) => f.includes('Discard what you typed?'));
    await press(r, KEY.enter, (f) => f.includes('to Resolved (Workaround provided)?'));
    await press(r, KEY.esc, (f) => f.includes('Discard what you typed?'));
    await press(r, 'y', (f) => f.includes('typed text was discarded'));
    expect(t.calls).toHaveLength(0);
  });

  test('Resolved all the way: y sends close code and notes', async () => {
    const { t, r } = await ready();
    await press(r, 's', (f) => f.includes('1. In Progress'));
    await press(r, '3', (f) => f.includes('Close code for'));
    await press(r, '1', (f) => f.includes('Close notes for'));
    for (const ch of 'fixed') r.stdin.write(ch);
    await vi.waitFor(() => expect(r.frame()).toContain('> fixed'));
    await press(r, KEY.enter, (f) => f.includes('Resolved (Solution provided)?'));
    await press(r, 'y', (f) => f.includes('Updated INC0010001'));
    expect(t.calls[0]!.values).toEqual({
      state: 'resolved',
      closeCode: 'Solution provided',
      closeNotes: 'fixed',
    });
  });

  test.each([
    ['the state list', [] as string[]],
    ['the hold reasons', ['2']],
    ['the close codes', ['3']],
    ['the close notes', ['3', '1']],
    ['the confirm dialog', ['1']],
  ])('Esc at %s cancels the whole flow and runs nothing', async (_where, keys) => {
    const { t, r } = await ready();
    await press(r, 's', (f) => f.includes('1. In Progress'));
    for (const key of keys) {
      const before = r.frame();
      await press(r, key, (f) => f !== before);
    }
    await press(r, KEY.esc, (f) => f.includes('Cancelled.'));
    for (const gone of ['Change state of', 'Why is', 'Close code for', 'Close notes for', '[y] Change state'])
      expect(r.frame()).not.toContain(gone);
    // The queue is still there and still answers keys.
    expect(r.frame()).toContain('INC0010004');
    expect(t.calls).toHaveLength(0);
  });

  test('a digit in the chooser picks an option instead of focusing a panel', async () => {
    const { r } = await ready();
    await press(r, 's', (f) => f.includes('1. In Progress'));
    await press(r, '2', (f) => f.includes('Why is INC0010001'));
    expect(r.frame()).toContain('▶ 1 Queue health');
  });
});

describe('work notes', () => {
  test('on a ServiceNow ticket the note field and confirm say "work note"', async () => {
    const { t, r } = await ready();
    await press(r, 'n', (f) => f.includes('Add a work note to INC0010001'));
    for (const ch of 'called the user') r.stdin.write(ch);
    await vi.waitFor(() => expect(r.frame()).toContain('called the user'));
    await press(r, KEY.enter, (f) =>
      f.includes('Add a work note to INC0010001 Email down for the finance floor?'),
    );
    expect(r.frame()).toContain('[y] Add work note');
    await press(r, 'y', (f) => f.includes('Added a note to INC0010001'));
    expect(t.calls[0]).toMatchObject({ action: 'incidents.note', values: { text: 'called the user' } });
  });

  test('an empty work note is refused in its own words', async () => {
    const { t, r } = await ready();
    await press(r, 'n', (f) => f.includes('Add a work note to'));
    await press(r, KEY.enter, (f) => f.includes('A work note needs some text'));
    expect(t.calls).toHaveLength(0);
  });
});

describe('escalate a ticket', () => {
  // Regression (user trial): the level check for escalation policies refused every ticket,
  // which has no policy and no levels, so e could never reach the connector's escalate.
  test('e on a ticket opens the confirm that says what the connector does, and y sends it', async () => {
    const { t, r } = await ready();
    await press(r, 'e', (f) => f.includes('Escalate INC0010001'));
    expect(r.frame()).toMatch(/sets impact and urgency to 1 - High/);
    expect(r.frame()).not.toMatch(/Cannot tell which level/);
    await press(r, 'y', () => t.calls.length === 1);
    expect(t.calls[0]).toMatchObject({ action: 'incidents.escalate', subject: { ref: { id: 's1' } } });
  });
});
