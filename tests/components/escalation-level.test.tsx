/**
 * Issue 8, defect 3 in the dialog: when the connector cannot pin an incident to one level, the
 * escalation asks which level to escalate to (never "one up" from a guess), confirms with
 * Cancel as the default, and sends the chosen level; a low-urgency PagerDuty incident is
 * refused before any dialog, with the connector's reason and what to do instead.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Incident } from '../../src/domain/model.js';
import { connector, createTestStore, INCIDENTS, POLICIES, stream } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, renderApp, settle } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

async function press(r: ReturnType<typeof renderApp>, key: string, until: (frame: string) => boolean) {
  await settle();
  r.stdin.write(key);
  await vi.waitFor(() => expect(until(r.frame())).toBe(true));
}

/** The fixture world with #4211 (Q1) changed, and optionally without the policies stream. */
function storeWith(change: (i: Incident) => Incident, options: { policies?: boolean } = {}) {
  const incidents = INCIDENTS.map((i) => (i.id === 'Q1' ? change(i) : i));
  const base = connector();
  const streams = { ...base.streams, incidents: stream('incidents', incidents) };
  if (options.policies === false) delete (streams as Partial<typeof streams>).policies;
  return createTestStore({ connectors: { 'pd-demo': { ...base, streams } } });
}

const ambiguous = (levels: number[]) => (i: Incident) => {
  const { escalationLevel: _dropped, ...rest } = i;
  return { ...rest, escalationLevelCandidates: levels };
};

describe('escalating an incident whose level is ambiguous', () => {
  test('asks for the level, marks where it may be, confirms with Cancel first, sends the choice', async () => {
    const t = storeWith(ambiguous([1, 2]));
    const r = renderApp(t.store, { cols: 80, rows: 24 });
    await press(r, 'e', (f) => f.includes('may be at level 1 or 2. Escalate to:'));
    const frame = r.frame();
    expect(frame).toContain('1. Level 1: Checkout primary (Ana Example) — may be here now');
    expect(frame).toContain('2. Level 2: Checkout secondary (Bob Builder) — may be here now');
    expect(frame).toContain('3. Level 3: Dee Manager');
    expect(frame).not.toContain('3. Level 3: Dee Manager — may');
    // Choosing never writes: a confirm follows, and Enter there is Cancel.
    await press(r, '3', (f) => f.includes('[y] Escalate'));
    expect(r.frame()).toContain('to level 3?');
    expect(r.frame()).toContain('It may be at level 1 or 2 of Checkout EP');
    expect(r.frame()).toContain('You chose level 3 — pages Dee Manager.');
    await press(r, KEY.enter, (f) => f.includes('Cancelled.'));
    expect(t.calls).toHaveLength(0);

    await press(r, 'e', (f) => f.includes('Escalate to:'));
    await press(r, KEY.down, (f) => /▶ 2\. Level 2|> 2\. Level 2/.test(f));
    await press(r, KEY.down, (f) => /▶ 3\. Level 3|> 3\. Level 3/.test(f));
    await press(r, KEY.enter, (f) => f.includes('[y] Escalate'));
    await press(r, 'y', (f) => f.includes('Escalated #4211'));
    expect(t.calls).toHaveLength(1);
    // Exactly the level chosen; no fromLevel, since nobody could say where it was.
    expect(t.calls[0]).toMatchObject({ action: 'incidents.escalate', values: { level: 3 } });
    expect(t.calls[0]!.values).toEqual({ level: 3 });
  });

  test('choosing a level it may already be at says that this pages that level again', async () => {
    const t = storeWith(ambiguous([1, 2]));
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await press(r, 'e', (f) => f.includes('Escalate to:'));
    await press(r, '2', (f) => f.includes('[y] Escalate'));
    expect(r.frame()).toContain('It may already be at level 2: this pages that level again.');
    await press(r, KEY.esc, (f) => !f.includes('[y] Escalate'));
    expect(t.calls).toHaveLength(0);
  });

  test('Escape on the chooser drops the whole flow and sends nothing', async () => {
    const t = storeWith(ambiguous([2, 3]));
    const r = renderApp(t.store);
    await press(r, 'e', (f) => f.includes('may be at level 2 or 3'));
    await press(r, KEY.esc, (f) => f.includes('Cancelled.') && !f.includes('Escalate to:'));
    expect(t.calls).toHaveLength(0);
  });

  test('a level nobody can tell (assigned directly) asks too, without marking any level', async () => {
    const t = storeWith((i) => {
      const { escalationLevel: _dropped, ...rest } = i;
      return rest;
    });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await press(r, 'e', (f) => f.includes('level unknown. Escalate to:'));
    expect(r.frame()).not.toContain('may be here now');
  });

  test('without the policy’s levels there is nothing to choose from: it says so and opens nothing', async () => {
    const t = storeWith(ambiguous([1, 2]), { policies: false });
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await press(r, 'e', (f) => f.includes('Cannot tell which level #4211 is at (it may be at level 1 or 2)'));
    expect(r.frame()).not.toContain('Escalate to:');
    expect(r.frame()).not.toContain('[y] Escalate');
    expect(t.calls).toHaveLength(0);
  });

  test('a known level still goes one up, and tells the connector where it saw it', async () => {
    const t = storeWith((i) => i);
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await press(r, 'e', (f) => f.includes('[y] Escalate'));
    expect(r.frame()).toContain(
      'From level 1 (Ana Example) to level 2 of Checkout EP — pages the next responder (Bob Builder).',
    );
    await press(r, 'y', (f) => f.includes('Escalated #4211'));
    expect(t.calls[0]!.values).toEqual({ level: 2, fromLevel: 1 });
  });
});

describe('escalating what the vendor will not escalate', () => {
  test('a low-urgency PagerDuty incident is refused before any dialog, saying what to do', async () => {
    const why =
      '#4211 is low-urgency, and PagerDuty does not escalate low-urgency incidents. Raise its urgency to high in PagerDuty and escalate again, or reassign it.';
    const t = storeWith((i) => ({ ...i, urgency: 'low', escalationBlocked: why }));
    const r = renderApp(t.store, { cols: 160, rows: 30 });
    await press(r, 'e', (f) => f.includes('PagerDuty does not escalate low-urgency incidents'));
    expect(r.frame()).toContain('Raise its urgency to high in PagerDuty');
    expect(r.frame()).not.toContain('[y] Escalate');
    expect(r.frame()).not.toContain('Escalate to:');
    expect(t.calls).toHaveLength(0);
  });
});

test('the fixture policy has the three levels these tests choose from', () => {
  expect(POLICIES[0]!.levels.map((l) => l.level)).toEqual([1, 2, 3]);
});

describe('type-ahead into a chooser (a key typed the moment it opens is not lost)', () => {
  test('e then ↓ then Enter, written back to back, picks level 2', async () => {
    const t = storeWith(ambiguous([1, 2]));
    const r = renderApp(t.store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('#4211'));
    // Three separate reads, as over SSH; nothing waits for the chooser to be drawn.
    r.stdin.write('e');
    r.stdin.write(KEY.down);
    r.stdin.write(KEY.enter);
    await vi.waitFor(() => expect(r.frame()).toContain('[y] Escalate'));
    expect(r.frame()).toContain('to level 2?');
  });
});
