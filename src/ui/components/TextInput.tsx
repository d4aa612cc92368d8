import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { stripUnsafe } from '../../domain/sanitize.js';
import { useKeySink } from '../keys/use-command.js';
import { useTheme } from '../theme/use-theme.js';

interface Props {
  label: string;
  initial?: string;
  placeholder?: string;
  width: number;
  maxLength?: number;
  onSubmit(value: string): void;
  onCancel(): void;
  /** Called with the text after every edit (an incremental filter follows it as it is typed). */
  onChange?(value: string): void;
  /** The hint line; default: Enter to continue, Esc to cancel, Ctrl+U to clear. */
  hints?: readonly string[];
}

/** Rows the input box takes: border, label, field, hint. */
export const TEXT_INPUT_HEIGHT = 5;

/**
 * A one-line text field. While it is mounted it owns the keyboard (`useKeySink`): the
 * KeyProvider hands it every plain key as text; Ctrl chords still reach commands.
 */
export function TextInput({
  label,
  initial = '',
  placeholder,
  width,
  maxLength = 500,
  onSubmit,
  onCancel,
  onChange: changed,
  hints = ['Enter to continue', 'Esc to cancel', 'Ctrl+U to clear'],
}: Props) {
  const theme = useTheme();
  // Owned here; the ref is the truth between renders, since keys can arrive faster than
  // re-renders. A listener hears every edit as it happens (from the key handler, not a render).
  const [value, setValue] = useState(initial);
  const current = useRef(initial);
  const onChange = (edit: (v: string) => string) => {
    const next = [...edit(current.current)].slice(0, maxLength).join('');
    if (next === current.current) return;
    current.current = next;
    setValue(next);
    changed?.(next);
  };
  useKeySink((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return onSubmit(current.current.trim());
    if (key.backspace || key.delete) return onChange((v) => [...v].slice(0, -1).join(''));
    if (key.ctrl && input === 'u') return onChange(() => '');
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) return;
    // Pasted text can carry escapes and newlines; keep what a note can hold. Only unsafe
    // characters go: what the user wrote is what the vendor gets (the screen settles widths
    // for itself when it draws the field). Never trimmed here: over SSH keys arrive in chunks,
    // and trimming each chunk ran words together ("x y" + "z" became "x yz"). Submit trims.
    const typed = stripUnsafe(input);
    if (typed) onChange((v) => `${v}${typed}`);
  });
  // Inside the border and padding: "> ", the text, and one cell for the cursor.
  const inner = Math.max(1, width - 4);
  const room = Math.max(1, inner - 3);
  // Show the tail of long input so the cursor stays visible.
  const shown = theme.fit(value, room, { keep: 'end' });
  return (
    <Box
      width={width}
      height={TEXT_INPUT_HEIGHT}
      flexDirection="column"
      borderStyle={theme.border(true)}
      borderColor={theme.c('accent')}
      paddingX={1}
      overflow="hidden"
    >
      <Text bold wrap="truncate-end">
        {theme.fit(label, inner)}
      </Text>
      <Text wrap="truncate-end">
        {'> '}
        {value ? shown : <Text dimColor>{theme.fit(placeholder ?? '', room)}</Text>}
        <Text inverse> </Text>
      </Text>
      <Text dimColor wrap="truncate-end">
        {theme.fit(hints.join(` ${theme.glyph.dot} `), inner)}
      </Text>
    </Box>
  );
}
