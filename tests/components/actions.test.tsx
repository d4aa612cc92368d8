import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ActionOutcome } from '../../src/store/types.js';
import { ALL_CAPS, connector, createTestStore, INCIDENTS, stream } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

async function press(r: ReturnType<typeof renderApp>, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame())).toBe(true));
}

describe('acknowledge', () => {
  test('a → confirm dialog → y runs the action on the selected incident and toasts the outcome', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'a', (f) => f.includes('Acknowledge #4211 API p99 latency'));
    expect(r.frame()).toContain('[y] Acknowledge');
    expect(r.frame()).toContain('[N] Cancel');
    expect(t.calls).toHaveLength(0);
    await press(r, 'y', (f) => f.includes('Acknowledged #4211'));
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]!.action).toBe('incidents.ack');
    expect(t.calls[0]!.subject.ref.id).toBe('Q1');
    expect(r.frame()).not.toContain('[y] Acknowledge');
  });

  test('Enter cancels (the default), and nothing runs', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'a', (f) => f.includes('[y] Acknowledge'));
    await press(r, KEY.enter, (f) => !f.includes('[y] Acknowledge'));
    expect(r.frame()).toContain('Cancelled.');
    expect(t.calls).toHaveLength(0);
  });

  test('n cancels too', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'a', (f) => f.includes('[y] Acknowledge'));
    await press(r, 'n', (f) => !f.includes('[y] Acknowledge'));
    expect(t.calls).toHaveLength(0);
  });

  test('Escape closes the dialog and the queue still shows all its items', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'a', (f) => f.includes('[y] Acknowledge'));
    await press(r, KEY.esc, (f) => !f.includes('[y] Acknowledge'));
    for (const key of ['#4211', '#4212', '#4215', '#4208', '#4190']) expect(r.frame()).toContain(key);
    expect(t.calls).toHaveLength(0);
  });

  test('while pending, progress shows and a second submit is refused', async () => {
    let finish: (o: ActionOutcome) => void = () => {};
    const t = createTestStore({}, { runAction: () => new Promise((res) => (finish = res)) });
    const r = renderApp(t.store);
    await press(r, 'a', (f) => f.includes('[y] Acknowledge'));
    await press(r, 'y', (f) => f.includes('Acknowledging #4211…'));
    await press(r, 'a', (f) => f.includes('wait for it to finish'));
    expect(r.frame()).not.toContain('[y] Acknowledge');
    expect(t.calls).toHaveLength(1);
    finish({ ok: false, message: 'acknowledge #4211 failed: vendor said no' });
    await vi.waitFor(() => expect(r.frame()).toContain('acknowledge #4211 failed: vendor said no'));
  });
});

describe('escalate', () => {
  test('the danger dialog says who is paged next, and y sends the next level as target', async () => {
    const t = createTestStore();
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await press(r, 'e', (f) => f.includes('Escalate #4211'));
    expect(r.frame()).toContain(
      'From level 1 (Ana Example) to level 2 of Checkout EP — pages the next responder',
    );
    await press(r, KEY.enter, (f) => !f.includes('[y] Escalate'));
    expect(t.calls).toHaveLength(0);
    await press(r, 'e', (f) => f.includes('[y] Escalate'));
    await press(r, 'y', (f) => f.includes('Escalated #4211'));
    expect(t.calls[0]).toMatchObject({ action: 'incidents.escalate', values: { level: 2 } });
  });

  test('at the policy’s last level it says so instead of asking to confirm a doomed escalation', async () => {
    const atTop = INCIDENTS.map((i) => (i.id === 'Q1' ? { ...i, escalationLevel: 3 } : i));
    const base = connector();
    const t = createTestStore({
      connectors: {
        'pd-demo': { ...base, streams: { ...base.streams, incidents: stream('incidents', atTop) } },
      },
    });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await press(r, 'e', (f) => f.includes('is already at the last level (3) of Checkout EP'));
    expect(r.frame()).not.toContain('[y] Escalate');
    expect(t.calls).toHaveLength(0);
  });
});

describe('text entry flows', () => {
  test('n opens a note field; typing is text, not commands; Enter then y submits the note', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'n', (f) => f.includes('Add a note to #4211'));
    for (const ch of 'query plan regressed') r.stdin.write(ch);
    await vi.waitFor(() => expect(r.frame()).toContain('query plan regressed'));
    // q, j and Tab were typed as text, so the app neither quit nor moved.
    await press(r, KEY.enter, (f) => f.includes('[y] Add note'));
    expect(r.frame()).toContain('"query plan regressed"');
    await press(r, 'y', (f) => f.includes('Added a note to #4211'));
    expect(t.calls[0]).toMatchObject({ action: 'incidents.note', values: { text: 'query plan regressed' } });
  });

  // Regression (user trial): each chunk was trimmed, so words typed in separate reads ran together
  // and a pasted escape sequence took its surrounding spaces with it.
  test('text arriving in chunks keeps its spaces; a pasted escape sequence goes, its spaces stay', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'n', (f) => f.includes('Add a note to #4211'));
    for (const chunk of ['x  y  z ', 'w', ' with \u001b[31mred\u001b[0m and bell']) r.stdin.write(chunk);
    await vi.waitFor(() => expect(r.frame()).toContain('bell'));
    await press(r, KEY.enter, (f) => f.includes('[y] Add note'));
    await press(r, 'y', (f) => f.includes('Added a note to #4211'));
    expect(t.calls[0]).toMatchObject({
      action: 'incidents.note',
      values: { text: 'x  y  z w with red and bell' },
    });
  });

  test('declining to send a typed note goes back to editing it, text intact (Enter twice loses nothing)', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'n', (f) => f.includes('Add a note to #4211'));
    r.stdin.write('db failover started');
    await vi.waitFor(() => expect(r.frame()).toContain('db failover started'));
    await press(r, KEY.enter, (f) => f.includes('[y] Add note'));
    await press(r, KEY.enter, (f) => f.includes('Not sent.') && !f.includes('[y] Add note'));
    expect(r.frame()).toContain('db failover started');
    await press(r, KEY.enter, (f) => f.includes('[y] Add note'));
    await press(r, 'y', (f) => f.includes('Added a note to #4211'));
    expect(t.calls[0]).toMatchObject({ action: 'incidents.note', values: { text: 'db failover started' } });
  });

  test('q inside a confirmation does not quit: the prompt stays until answered', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'a', (f) => f.includes('[y] Acknowledge'));
    r.stdin.write('q');
    await press(r, KEY.enter, (f) => f.includes('Cancelled.'));
    expect(t.calls).toHaveLength(0);
  });

  test('an empty note is refused and Escape leaves the field', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'n', (f) => f.includes('Add a note to #4211'));
    await press(r, KEY.enter, (f) => f.includes('A note needs some text'));
    await press(r, KEY.esc, (f) => !f.includes('Add a note to #4211'));
    expect(t.calls).toHaveLength(0);
  });

  test('shift+r resolves with an optional note, after a danger confirmation', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await press(r, 'R', (f) => f.includes('Resolution note (optional)'));
    r.stdin.write('fixed by rollback');
    await vi.waitFor(() => expect(r.frame()).toContain('fixed by rollback'));
    await press(r, KEY.enter, (f) => f.includes('Resolve #4211'));
    expect(r.frame()).toContain('stops all paging');
    await press(r, 'y', (f) => f.includes('Resolved #4211'));
    expect(t.calls[0]).toMatchObject({ action: 'incidents.resolve', values: { text: 'fixed by rollback' } });
  });
});

describe('gating', () => {
  const noAck = () =>
    createTestStore({
      connectors: {
        'pd-x': connector('pd-x', { capabilities: ALL_CAPS.filter((c) => c !== 'incidents.ack') }),
      },
    });

  test('a connector without incidents.ack: the key is refused with a reason and the hint is hidden', async () => {
    const t = noAck();
    const r = renderApp(t.store);
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    const footer = r.frame().split('\n').at(-1)!;
    expect(footer).not.toContain('Ack');
    expect(footer).toContain('Escalate');
    await press(r, 'a', (f) => f.includes('pd-x cannot acknowledge; ? lists what works on this row.'));
    expect(r.frame()).not.toContain('[y] Acknowledge');
    await press(r, '?', (f) => f.includes('Esc closes'));
    // Still listed, so the key is not a mystery, but marked as not working on this row.
    expect(r.frame()).toMatch(/ a +Acknowledge/);
    expect(r.frame()).toContain('(not on pd-x)');
    expect(r.frame()).toContain('Escalate…');
    expect(t.calls).toHaveLength(0);
  });

  test('read-only mode refuses every write and hides them', async () => {
    const t = createTestStore({ readOnly: true });
    const r = renderApp(t.store);
    await vi.waitFor(() => expect(r.frame()).toContain('READ-ONLY'));
    const footer = r.frame().split('\n').at(-1)!;
    for (const word of ['Ack', 'Escalate', 'Resolve', 'Note']) expect(footer).not.toContain(word);
    await press(r, 'e', (f) => f.includes('Read-only mode: cannot escalate'));
    expect(r.frame()).not.toContain('[y] Escalate');
    await press(r, 'n', (f) => /Read-only mode: cannot .*note/.test(f));
    expect(r.frame()).not.toMatch(/Add a (work )?note/);
    expect(t.calls).toHaveLength(0);
  });
});

describe('keystrokes coalesced into one read (fast typing over SSH)', () => {
  test('each key of the chunk runs in turn: "jj" moves the selection two rows', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await vi.waitFor(() => expect(r.frame()).toMatch(/▶ ▲ TRIG #4211/));
    r.stdin.write('jj');
    await vi.waitFor(() => expect(r.frame()).toMatch(/▶ ▲ TRIG #4215/));
  });

  test('keys buffered before a confirmation opened never answer it: "ay" opens the dialog, runs nothing', async () => {
    const t = createTestStore();
    const r = renderApp(t.store);
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    r.stdin.write('ay');
    await vi.waitFor(() => expect(r.frame()).toContain('[y] Acknowledge'));
    // Cancel with Enter: had the buffered y answered the dialog, the action would already have run.
    await press(r, KEY.enter, (f) => f.includes('Cancelled.'));
    expect(t.calls).toHaveLength(0);
    // A separate, deliberate a + y still confirms.
    await press(r, 'a', (f) => f.includes('[y] Acknowledge'));
    await press(r, 'y', (f) => f.includes('Acknowledged #4211'));
    expect(t.calls).toHaveLength(1);
  });
});

describe('keys read in one tick (several chunks at once)', () => {
  test('ten separate j presses move the selection ten rows, none lost', async () => {
    const base = connector();
    const many = Array.from({ length: 14 }, (_, n) => ({
      ...INCIDENTS[0]!,
      id: `M${String(n).padStart(2, '0')}`,
      key: `#${5000 + n}`,
      title: `incident ${n}`,
    }));
    const t = createTestStore({
      connectors: {
        'pd-demo': { ...base, streams: { ...base.streams, incidents: stream('incidents', many) } },
      },
    });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toMatch(/▶ ▲ TRIG #5000/));
    for (let i = 0; i < 10; i++) r.stdin.write('j'); // ten separate writes, same tick
    await vi.waitFor(() => expect(r.frame()).toMatch(/▶ ▲ TRIG #5010/));
  });
});
