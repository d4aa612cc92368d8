/**
 * Key bindings as written in config (`"a"`, `"shift+e"`, `"ctrl+c"`, `"shift+tab"`)
 * parsed once into comparable objects. Parsing is strict so a typo in `keys:`
 * fails at start-up with a message instead of silently never firing.
 */

export interface KeyBinding {
  /** A named key (`tab`, `enter`, `up`…) or one printable character, letters lower-case. */
  key: string;
  ctrl: boolean;
  shift: boolean;
  meta: boolean;
}

/** A key press as the dispatcher sees it; same shape so matching is equality. */
export type KeyEvent = KeyBinding;

export const NAMED_KEYS = [
  'tab',
  'enter',
  'escape',
  'up',
  'down',
  'left',
  'right',
  'pageup',
  'pagedown',
  'home',
  'end',
  'space',
  'backspace',
  'delete',
] as const;

const ALIASES: Record<string, string> = { esc: 'escape', return: 'enter', pgup: 'pageup', pgdn: 'pagedown' };
const MODIFIERS = ['ctrl', 'shift', 'meta', 'alt'] as const;

export class KeyBindingError extends Error {
  override readonly name = 'KeyBindingError';
  readonly code = 'E_KEY_BINDING';
}

/** Parse one binding string; throws a `KeyBindingError` that quotes the input and says what is wrong. */
export function parseBinding(text: string): KeyBinding {
  const bad = (why: string) => new KeyBindingError(`invalid key binding ${JSON.stringify(text)}: ${why}`);
  if (typeof text !== 'string' || text.trim() === '') throw bad('it is empty');
  // A lone "+" is the plus key; otherwise "+" separates modifiers from the key.
  const parts =
    text === '+' ? ['+'] : text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  const keyPart = parts.pop() ?? '';
  if (keyPart === '') throw bad('missing a key after the last "+"');
  const binding: KeyBinding = { key: '', ctrl: false, shift: false, meta: false };
  for (const raw of parts) {
    const mod = raw.trim().toLowerCase();
    if (!(MODIFIERS as readonly string[]).includes(mod)) {
      throw bad(`unknown modifier "${raw}" (use ctrl, shift or meta)`);
    }
    const field = mod === 'alt' ? 'meta' : (mod as 'ctrl' | 'shift' | 'meta');
    if (binding[field]) throw bad(`modifier "${mod}" appears twice`);
    binding[field] = true;
  }
  const lower = keyPart.toLowerCase();
  const named = ALIASES[lower] ?? lower;
  if ((NAMED_KEYS as readonly string[]).includes(named) && keyPart.length > 1) {
    binding.key = named;
  } else if ([...keyPart].length === 1) {
    const ch = keyPart;
    if (/[A-Z]/.test(ch)) {
      // "G" means shift+g: that is what the terminal sends. Terminals cannot tell
      // Ctrl+C from Ctrl+Shift+C, so a capital after ctrl is just the letter.
      binding.shift = !binding.ctrl;
      binding.key = ch.toLowerCase();
    } else if (/[a-z]/.test(ch)) {
      binding.key = ch;
    } else if (/[\x21-\x7e]/.test(ch)) {
      if (binding.shift) throw bad(`shift cannot be combined with "${ch}"; bind the character it produces`);
      if (binding.ctrl && !/[a-z]/.test(ch)) throw bad('ctrl only combines with letters');
      binding.key = ch;
    } else {
      throw bad('the key must be a printable character or a named key');
    }
  } else {
    throw bad(`unknown key "${keyPart}" (expected one character or one of: ${NAMED_KEYS.join(', ')})`);
  }
  if (binding.ctrl && binding.key.length === 1 && !/[a-z]/.test(binding.key)) {
    throw bad('ctrl only combines with letters');
  }
  return binding;
}

/** Canonical text, used for equality and conflict messages: `ctrl+meta+shift+key`. */
export function bindingId(b: KeyBinding): string {
  return `${b.ctrl ? 'ctrl+' : ''}${b.meta ? 'meta+' : ''}${b.shift ? 'shift+' : ''}${b.key}`;
}

const PRETTY: Record<string, [unicode: string, ascii: string]> = {
  up: ['↑', 'Up'],
  down: ['↓', 'Down'],
  left: ['←', 'Left'],
  right: ['→', 'Right'],
  enter: ['↵', 'Enter'],
  escape: ['Esc', 'Esc'],
  tab: ['Tab', 'Tab'],
  pageup: ['PgUp', 'PgUp'],
  pagedown: ['PgDn', 'PgDn'],
  home: ['Home', 'Home'],
  end: ['End', 'End'],
  space: ['Space', 'Space'],
  backspace: ['Bksp', 'Bksp'],
  delete: ['Del', 'Del'],
};

/** Human label: `R` for shift+r, `S-Tab`, `Ctrl+C`, `↓` (or `Down` in ASCII mode). */
export function formatBinding(b: KeyBinding, opts: { ascii?: boolean } = {}): string {
  const pretty = PRETTY[b.key];
  let base = pretty ? pretty[opts.ascii ? 1 : 0] : b.key;
  if (b.shift && !pretty) base = base.toUpperCase();
  else if (b.shift) base = `S-${base}`;
  if (b.meta) base = `M-${base}`;
  if (b.ctrl) base = `Ctrl+${base.length === 1 ? base.toUpperCase() : base}`;
  return base;
}

/** The subset of Ink's `Key` the dispatcher reads. */
export interface InkKeyLike {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageDown: boolean;
  pageUp: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  shift: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
  meta: boolean;
}

const NAMED_FLAGS: [keyof InkKeyLike, string][] = [
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageUp', 'pageup'],
  ['pageDown', 'pagedown'],
  ['home', 'home'],
  ['end', 'end'],
  ['return', 'enter'],
  ['tab', 'tab'],
  ['backspace', 'backspace'],
  ['delete', 'delete'],
  ['escape', 'escape'],
];

/** Translate one Ink input callback into a `KeyEvent`; null for input no binding can match (paste). */
export function toKeyEvent(input: string, key: InkKeyLike): KeyEvent | null {
  const named = NAMED_FLAGS.find(([flag]) => key[flag])?.[1] ?? null;
  if (named) {
    // Ink reports Escape with meta set for a doubled ESC; treat both as plain Escape.
    const meta = named === 'escape' ? false : key.meta;
    return { key: named, ctrl: key.ctrl, shift: key.shift, meta };
  }
  if (input === ' ') return { key: 'space', ctrl: key.ctrl, shift: false, meta: key.meta };
  if ([...input].length !== 1) return null;
  if (/[A-Za-z]/.test(input)) {
    const upper = input !== input.toLowerCase();
    return {
      key: input.toLowerCase(),
      ctrl: key.ctrl,
      shift: upper || (key.shift && !key.ctrl),
      meta: key.meta,
    };
  }
  return { key: input, ctrl: key.ctrl, shift: false, meta: key.meta };
}
