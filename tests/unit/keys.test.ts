import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkKeyboardDoc, DOC_PATH } from '../../scripts/gen-keyboard-doc.js';
import {
  availableCommands,
  footerHints,
  helpGroups,
  type KeyContext,
  resolveKey,
} from '../../src/ui/keys/availability.js';
import { bindingId, formatBinding, parseBinding, toKeyEvent } from '../../src/ui/keys/binding.js';
import { cockpitKeymap, slotsOf } from '../../src/ui/keys/cockpit-keys.js';
import type { CommandId } from '../../src/ui/keys/commands.js';
import { renderKeyboardDoc } from '../../src/ui/keys/keyboard-doc.js';
import { buildKeymap, canBeActiveTogether, registryFor } from '../../src/ui/keys/keymap.js';
import { COCKPIT_PANELS } from '../../src/ui/panels/registry.js';
import { scopeStack, type UiState } from '../../src/ui/view/ui-state.js';
import { ALL_CAPS, actionsFor, fixtureState } from '../helpers/fixture-store.js';

/** The cockpit's key map: its four panels and the standard actions. */
const MAP = cockpitKeymap(fixtureState(), COCKPIT_PANELS);
const COMMAND_IDS = MAP.registry.ids;
/** The scope stack with the cockpit's panel `focus` focused. */
const stack = (ui: Pick<UiState, 'flow' | 'help' | 'detail' | 'focus'>) =>
  scopeStack(
    ui,
    COCKPIT_PANELS.find((p) => p.id === ui.focus),
  );

describe('parseBinding', () => {
  test.each([
    ['a', 'a'],
    ['shift+e', 'shift+e'],
    ['E', 'shift+e'],
    ['ctrl+c', 'ctrl+c'],
    ['Ctrl+C', 'ctrl+c'],
    ['tab', 'tab'],
    ['shift+tab', 'shift+tab'],
    ['up', 'up'],
    ['enter', 'enter'],
    ['return', 'enter'],
    ['esc', 'escape'],
    ['?', '?'],
    ['1', '1'],
    ['alt+x', 'meta+x'],
    ['+', '+'],
  ])('%s → %s', (text, id) => {
    expect(bindingId(parseBinding(text))).toBe(id);
  });

  test.each([
    ['', /empty/],
    ['ctrl+', /missing a key/],
    ['hyper+a', /unknown modifier "hyper"/],
    ['ctrl+ctrl+a', /appears twice/],
    ['pgupp', /unknown key "pgupp"/],
    ['shift+?', /shift cannot be combined/],
    ['ctrl+1', /ctrl only combines with letters/],
  ])('rejects %j with a reason', (text, reason) => {
    expect(() => parseBinding(text)).toThrow(reason);
    expect(() => parseBinding(text)).toThrow(`invalid key binding ${JSON.stringify(text)}`);
  });

  test('formats for humans, with an ASCII form', () => {
    expect(formatBinding(parseBinding('shift+r'))).toBe('R');
    expect(formatBinding(parseBinding('ctrl+c'))).toBe('Ctrl+C');
    expect(formatBinding(parseBinding('shift+tab'))).toBe('S-Tab');
    expect(formatBinding(parseBinding('down'))).toBe('↓');
    expect(formatBinding(parseBinding('down'), { ascii: true })).toBe('Down');
  });

  test('Ink key events map onto the same ids', () => {
    const none = {
      upArrow: false,
      downArrow: false,
      leftArrow: false,
      rightArrow: false,
      pageDown: false,
      pageUp: false,
      home: false,
      end: false,
      return: false,
      escape: false,
      ctrl: false,
      shift: false,
      tab: false,
      backspace: false,
      delete: false,
      meta: false,
    };
    expect(bindingId(toKeyEvent('R', { ...none, shift: true })!)).toBe('shift+r');
    expect(bindingId(toKeyEvent('c', { ...none, ctrl: true })!)).toBe('ctrl+c');
    expect(bindingId(toKeyEvent('', { ...none, tab: true, shift: true })!)).toBe('shift+tab');
    expect(bindingId(toKeyEvent('', { ...none, escape: true, meta: true })!)).toBe('escape');
    expect(toKeyEvent('pasted text', none)).toBeNull();
  });
});

describe('buildKeymap', () => {
  test('defaults cover every command and load without conflicts', () => {
    const map = buildKeymap();
    for (const id of map.registry.ids) expect(map.bindings[id]!.length).toBeGreaterThan(0);
    for (const id of COMMAND_IDS) expect(MAP.bindings[id]!.length).toBeGreaterThan(0);
  });

  test('overrides replace a command’s bindings', () => {
    const map = buildKeymap({ 'incident.ack': ['x', 'shift+a'] });
    expect(map.bindings['incident.ack']!.map(bindingId)).toEqual(['x', 'shift+a']);
    expect(buildKeymap({ 'app.help': 'h' }).bindings['app.help']!.map(bindingId)).toEqual(['h']);
  });

  test('an unknown command id names keys.<id> and suggests one', () => {
    expect(() => buildKeymap({ 'incident.acknowledge': 'a' })).toThrow(
      /^keys\.incident\.acknowledge: unknown command/,
    );
    expect(() => buildKeymap({ 'incident.acknowledge': 'a' })).toThrow(/Did you mean/);
  });

  test('a bad binding names the path, with index for lists', () => {
    expect(() => buildKeymap({ 'incident.ack': 'ctrl+' })).toThrow(
      /^keys\.incident\.ack: invalid key binding "ctrl\+"/,
    );
    expect(() => buildKeymap({ 'incident.ack': ['a', 'blorp'] })).toThrow(
      /^keys\.incident\.ack\[1\]: .*unknown key/,
    );
    expect(() => buildKeymap({ 'incident.ack': [] })).toThrow(/keys\.incident\.ack: give one binding/);
  });

  test('a key shared by commands that can be active together is a conflict naming both', () => {
    // j moves down in lists; the queue panel is a list panel.
    expect(() => buildKeymap({ 'incident.ack': 'j' })).toThrow(
      /"j" is bound to both nav\.down .* and incident\.ack/,
    );
    // Ctrl-C quits everywhere, even over a dialog.
    expect(() => buildKeymap({ 'dialog.confirm': 'ctrl+c' })).toThrow(
      /app\.forceQuit .* dialog\.confirm|dialog\.confirm .* app\.forceQuit/,
    );
    expect(() => buildKeymap({ 'app.refresh': 'escape', 'nav.back': 'escape' })).toThrow(
      /nav\.back|app\.refresh/,
    );
  });

  test('the same key in scopes that are never active together is fine', () => {
    // y only confirms inside a dialog, which shadows the panel.
    expect(() => buildKeymap({ 'incident.ack': 'y' })).not.toThrow();
    // Escape closes the detail view and cancels dialogs: never both at once.
    expect(canBeActiveTogether('nav.back', 'dialog.cancel')).toBe(false);
    expect(canBeActiveTogether('nav.down', 'nav.back')).toBe(false);
    expect(canBeActiveTogether('incident.ack', 'nav.down')).toBe(true);
  });
});

const ctx = (over: Partial<KeyContext> & Pick<KeyContext, 'scopes'>): KeyContext => ({
  readOnly: false,
  actions: actionsFor(ALL_CAPS),
  source: 'pd-demo',
  ...over,
});
const queue = stack({ flow: null, help: false, detail: null, focus: 'queue' });
const ids = (c: KeyContext) => new Set(availableCommands(MAP, c));
const WRITES: CommandId[] = ['incident.ack', 'incident.escalate', 'incident.resolve', 'incident.note'];

describe('help and footer filtering', () => {
  test('queue list: navigation and actions, no dialog or detail keys', () => {
    const got = ids(ctx({ scopes: queue }));
    for (const id of [...WRITES, 'nav.down', 'nav.open', 'app.quit'] as CommandId[])
      expect(got).toContain(id);
    for (const id of ['nav.back', 'dialog.confirm', 'help.close'] as CommandId[])
      expect(got).not.toContain(id);
  });

  test('read-only mode drops every write', () => {
    const got = ids(ctx({ scopes: queue, readOnly: true }));
    for (const id of WRITES) expect(got).not.toContain(id);
    expect(got).toContain('nav.down');
  });

  test('a connector without a capability loses just that command', () => {
    const got = ids(
      ctx({ scopes: queue, actions: actionsFor(ALL_CAPS.filter((c) => c !== 'incidents.escalate')) }),
    );
    expect(got).not.toContain('incident.escalate');
    expect(got).toContain('incident.ack');
  });

  test('on-call panel: list keys, no incident actions', () => {
    const got = ids(ctx({ scopes: stack({ flow: null, help: false, detail: null, focus: 'oncall' }) }));
    expect(got).toContain('nav.down');
    for (const id of WRITES) expect(got).not.toContain(id);
  });

  test('detail: back and actions, no list movement', () => {
    const got = ids(
      ctx({
        scopes: stack({ flow: null, help: false, detail: { panel: 'queue', key: 'x' }, focus: 'queue' }),
      }),
    );
    expect(got).toContain('nav.back');
    expect(got).toContain('incident.ack');
    expect(got).not.toContain('nav.down');
  });

  test('dialog: only confirm, cancel, Ctrl-C quit and the terminal keys (q does not reach through a prompt)', () => {
    const scopes = stack({ flow: {} as never, help: false, detail: null, focus: 'queue' });
    // Ctrl-Z and Ctrl-L belong to the terminal, not the dialog: suspend and repaint work anywhere.
    expect([...ids(ctx({ scopes }))].sort()).toEqual([
      'app.forceQuit',
      'app.redraw',
      'app.suspend',
      'dialog.cancel',
      'dialog.confirm',
    ]);
  });

  test('help groups by category and the footer keeps at most six hints, primary key first', () => {
    const map = MAP;
    const groups = helpGroups(map, ctx({ scopes: queue }));
    expect(groups.map((g) => g.category)).toEqual(['Incident', 'Navigation', 'App']);
    expect(groups[1]!.entries.find((e) => e.id === 'nav.down')?.keys).toBe('↓ j');
    const hints = footerHints(map, ctx({ scopes: queue }));
    expect(hints.length).toBeLessThanOrEqual(6);
    expect(hints[0]).toEqual({ id: 'incident.ack', key: 'a', label: 'Ack' });
  });

  test('a refused key explains itself', () => {
    const map = MAP;
    const a = parseBinding('a');
    expect(
      resolveKey(map, a, ctx({ scopes: queue, actions: actionsFor(['incidents.read']), source: 'pd-x' })),
    ).toEqual({
      kind: 'refused',
      id: 'incident.ack',
      message: 'pd-x cannot acknowledge; ? lists what works on this row.',
    });
    expect(resolveKey(map, a, ctx({ scopes: queue, readOnly: true }))).toMatchObject({ kind: 'refused' });
    expect(resolveKey(map, a, ctx({ scopes: queue }))).toEqual({ kind: 'run', ids: ['incident.ack'] });
  });
});

describe('docs/keyboard.md', () => {
  test('is generated from the registry and is up to date', () => {
    const generated = renderKeyboardDoc(MAP.registry);
    for (const id of COMMAND_IDS) expect(generated).toContain(`\`${id}\``);
    expect(generated).toContain(`\`${MAP.registry.spec('incident.resolve').keys[0]}\``);
    const result = checkKeyboardDoc(readFileSync(DOC_PATH, 'utf8'), generated);
    expect(result.message).toBe('docs/keyboard.md is up to date.');
    expect(result.fresh).toBe(true);
  });

  test('the check fails on a stale or missing file', () => {
    const doc = renderKeyboardDoc(MAP.registry);
    expect(checkKeyboardDoc(`${doc}extra`, doc).fresh).toBe(false);
    expect(checkKeyboardDoc(null, doc).message).toMatch(/missing/);
  });
});

describe('ServiceNow keys and the shared incident scope', () => {
  const sla = stack({ flow: null, help: false, detail: null, focus: 'sla' });
  const SN = actionsFor(['incidents.read', 'incidents.note', 'incidents.assign', 'incidents.state']);

  test('m and s are bound and offered on the queue and the SLA panel for a ServiceNow ticket', () => {
    const map = MAP;
    expect(map.bindings['incident.assign']!.map(bindingId)).toEqual(['m']);
    expect(map.bindings['incident.state']!.map(bindingId)).toEqual(['s']);
    for (const scopes of [queue, sla]) {
      const got = ids(ctx({ scopes, actions: SN, source: 'sn-prod' }));
      expect(got).toContain('incident.assign');
      expect(got).toContain('incident.state');
      expect(got).not.toContain('incident.ack');
    }
  });

  test('the incident scope never stacks under on-call or compliance', () => {
    for (const focus of ['oncall', 'compliance'] as const) {
      expect(stack({ flow: null, help: false, detail: null, focus })).not.toContain('incident');
    }
    expect(canBeActiveTogether('incident.state', 'nav.down')).toBe(true);
    // With the panels known, the incident scope is active with the queue and SLA panels only.
    const cockpit = registryFor(slotsOf(COCKPIT_PANELS));
    expect(canBeActiveTogether('incident.state', 'nav.down', cockpit)).toBe(true);
    // Rebinding an action onto a list key is still caught through the new scope.
    expect(() => buildKeymap({ 'incident.state': 'j' })).toThrow(/nav\.down .* incident\.state/);
    expect(() => buildKeymap({ 'incident.state': 'j' }, cockpit)).toThrow(/nav\.down .* incident\.state/);
  });

  test('a key of another connector points to the keys that do the same job here', () => {
    const got = resolveKey(MAP, parseBinding('a'), ctx({ scopes: queue, actions: SN, source: 'sn-prod' }));
    expect(got).toMatchObject({ kind: 'refused', id: 'incident.ack' });
    const message = (got as { message: string }).message;
    expect(message).toMatch(/^sn-prod cannot acknowledge\. Instead: m .+, s .+\.$/);
    expect(message).not.toContain('lacks');
  });

  test('help lists every incident key on a ServiceNow row, marking the PagerDuty ones and why', () => {
    const groups = helpGroups(MAP, ctx({ scopes: queue, actions: SN, source: 'sn-prod' }));
    const incident = groups.find((g) => g.category === 'Incident')!.entries;
    const ack = incident.find((e) => e.id === 'incident.ack')!;
    expect(ack.unavailable).toMatch(/^not on sn-prod: use m /);
    expect(incident.find((e) => e.id === 'incident.assign')!.unavailable).toBeUndefined();
    // Keys that work come first in their group.
    const firstOff = incident.findIndex((e) => e.unavailable);
    expect(incident.slice(firstOff).every((e) => e.unavailable)).toBe(true);
    // And the other way round: on a PagerDuty row, m and s are listed, marked.
    const pd = helpGroups(
      MAP,
      ctx({
        scopes: queue,
        source: 'pd-demo',
        actions: actionsFor(ALL_CAPS.filter((c) => !['incidents.assign', 'incidents.state'].includes(c))),
      }),
    );
    const pdIncident = pd.find((g) => g.category === 'Incident')!.entries;
    expect(pdIncident.find((e) => e.id === 'incident.assign')?.unavailable).toMatch(
      /^not on pd-demo: use a /,
    );
    expect(pdIncident.find((e) => e.id === 'incident.state')?.unavailable).toMatch(/^not on pd-demo/);
  });

  test('read-only help keeps the writes, marked read-only; the footer drops them', () => {
    const groups = helpGroups(MAP, ctx({ scopes: queue, readOnly: true }));
    const ack = groups.find((g) => g.category === 'Incident')!.entries.find((e) => e.id === 'incident.ack');
    expect(ack?.unavailable).toBe('read-only mode');
    expect(footerHints(MAP, ctx({ scopes: queue, readOnly: true })).map((h) => h.id)).not.toContain(
      'incident.ack',
    );
  });

  test('the footer never shows two hints with one label (q Quit and Ctrl+C Quit)', () => {
    for (const scopes of [queue, stack({ flow: {} as never, help: false, detail: null, focus: 'queue' })]) {
      const labels = footerHints(MAP, ctx({ scopes }), 99).map((h) => h.label);
      expect(labels.filter((l) => l === 'Quit')).toHaveLength(1);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  test('a row without an incident refuses with its own reason', () => {
    const got = resolveKey(
      MAP,
      parseBinding('m'),
      ctx({ scopes: sla, actions: null, noSubject: 'INC9 is not in the incidents feed' }),
    );
    expect(got).toEqual({
      kind: 'refused',
      id: 'incident.assign',
      message: 'INC9 is not in the incidents feed: cannot assign tickets.',
    });
  });
});
