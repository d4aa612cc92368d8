import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { stripUnsafe } from '../../domain/sanitize.js';
import { useKeySink } from '../keys/use-command.js';
import { displayWidth, screenText } from '../text/fit.js';
import { applyEdit, editForKey, type LineState, lineOf, lineText, visibleWindow } from '../text/line-edit.js';
import { useTheme } from '../theme/use-theme.js';

interface Props {
  label: string;
  initial?: string;
  placeholder?: string;
  width: number;
  maxLength?: number;
  onSubmit(value: string): void;
  /** Escape: `typed` is the text in the field (the caller may ask before dropping it). */
  onCancel(typed: string): void;
  /** Called with the text after every edit (an incremental filter follows it as it is typed). */
  onChange?(value: string): void;
  /** The hint line; default: Enter to continue, Esc to cancel, the editing keys. */
  hints?: readonly string[];
}

/** Rows the input box takes: border, label, field, hint. */
export const TEXT_INPUT_HEIGHT = 5;

/**
 * A one-line text field with readline's editing keys (Left/Right, Home/End, Ctrl+A/E, Ctrl+W,
 * Ctrl+U/K, Alt+B/F, Delete). While it is mounted it owns the keyboard (`useKeySink`): the
 * KeyProvider hands it every plain key as text; Ctrl chords reach it and still go on to commands.
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
  hints = ['Enter to continue', 'Esc to cancel', 'Left/Right Home/End move', 'Ctrl+W word', 'Ctrl+U clear'],
}: Props) {
  const theme = useTheme();
  // Owned here; the ref is the truth between renders, since keys can arrive faster than
  // re-renders. A listener hears every edit as it happens (from the key handler, not a render).
  const [line, setLine] = useState<LineState>(() => lineOf(initial));
  const current = useRef(line);
  const update = (next: LineState) => {
    const before = lineText(current.current);
    current.current = next;
    setLine(next);
    const after = lineText(next);
    if (after !== before) changed?.(after);
  };
  useKeySink((input, key) => {
    if (key.escape) return onCancel(lineText(current.current));
    if (key.return) return onSubmit(lineText(current.current).trim());
    const edit = editForKey(input, key);
    if (edit) return update(applyEdit(current.current, edit, maxLength));
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) return;
    // Pasted text can carry escapes and newlines; keep what a note can hold. Only unsafe
    // characters go: what the user wrote is what the vendor gets (the screen settles widths
    // for itself when it draws the field). Never trimmed here: over SSH keys arrive in chunks,
    // and trimming each chunk ran words together ("x y" + "z" became "x yz"). Submit trims.
    const typed = stripUnsafe(input);
    if (typed) update(applyEdit(current.current, { kind: 'insert', text: typed }, maxLength));
  });
  // Inside the border and padding: "> ", then the text with its cursor cell.
  const inner = Math.max(1, width - 4);
  const room = Math.max(1, inner - 2);
  // Each cluster is measured as it will be drawn (settled, ASCII when asked), so the window
  // around the cursor is what the screen shows: nothing after a wide emoji is pushed out.
  const measure = (cluster: string) => Math.max(1, displayWidth(screenText(cluster, theme.ascii)));
  const win = visibleWindow(line, room, measure);
  const draw = (text: string) => screenText(text, theme.ascii);
  const more = theme.ascii ? '<' : '\u2039';
  const empty = line.chars.length === 0;
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
        {win.cutStart ? more : '>'}{' '}
        {empty ? (
          <>
            <Text inverse> </Text>
            <Text dimColor={theme.dim}>{theme.fit(placeholder ?? '', Math.max(0, room - 1))}</Text>
          </>
        ) : (
          <>
            {draw(win.before)}
            <Text inverse>{draw(win.at) || ' '}</Text>
            {draw(win.after)}
          </>
        )}
      </Text>
      <Text dimColor={theme.dim} wrap="truncate-end">
        {theme.fit(hints.join(` ${theme.glyph.dot} `), inner)}
      </Text>
    </Box>
  );
}
