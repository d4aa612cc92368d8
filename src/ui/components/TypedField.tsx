import { Text } from 'ink';
import { useState } from 'react';
import { sanitizeText } from '../../domain/sanitize.js';
import { useKeySink } from '../keys/use-command.js';
import { displayWidth, screenText } from '../text/fit.js';
import { applyEdit, editForKey, type LineState, lineOf, lineText, visibleWindow } from '../text/line-edit.js';
import { useTheme } from '../theme/use-theme.js';

/**
 * The name field of a typed confirmation. Like any text field it owns the keyboard while it is
 * shown (the KeyProvider captures), so `y` is a letter here, never a yes: only the exact name
 * and Enter confirm; Escape cancels.
 */
export function TypedField({
  expected,
  width,
  onConfirm,
  onCancel,
  onMismatch,
}: {
  expected: string;
  width: number;
  onConfirm(): void;
  onCancel(): void;
  onMismatch?(expected: string): void;
}) {
  const theme = useTheme();
  const [line, setLine] = useState<LineState>(() => lineOf(''));
  useKeySink((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return lineText(line).trim() === expected ? onConfirm() : onMismatch?.(expected);
    const edit = editForKey(input, key);
    if (edit) return setLine((l) => applyEdit(l, edit, 200));
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) return;
    const typed = sanitizeText(input);
    if (typed) setLine((l) => applyEdit(l, { kind: 'insert', text: typed }, 200));
  });
  const prompt = theme.fit(`Type ${expected} to confirm: `, width);
  const draw = (text: string) => screenText(text, theme.ascii);
  const measure = (cluster: string) => Math.max(1, displayWidth(draw(cluster)));
  const win = visibleWindow(line, Math.max(1, width - displayWidth(prompt)), measure);
  return (
    <Text wrap="truncate-end">
      {prompt}
      {draw(win.before)}
      <Text inverse>{draw(win.at) || ' '}</Text>
      {draw(win.after)}
    </Text>
  );
}
