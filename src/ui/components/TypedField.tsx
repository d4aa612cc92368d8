import { Text } from 'ink';
import { useState } from 'react';
import { sanitizeText } from '../../domain/sanitize.js';
import { useKeySink } from '../keys/use-command.js';
import { displayWidth } from '../text/fit.js';
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
  const [value, setValue] = useState('');
  useKeySink((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return value.trim() === expected ? onConfirm() : onMismatch?.(expected);
    if (key.backspace || key.delete) return setValue((v) => [...v].slice(0, -1).join(''));
    if (key.ctrl && input === 'u') return setValue('');
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) return;
    const typed = sanitizeText(input);
    if (typed) setValue((v) => [...`${v}${typed}`].slice(0, 200).join(''));
  });
  const prompt = `Type ${expected} to confirm: `;
  return (
    <Text wrap="truncate-end">
      {theme.fit(prompt, width)}
      {theme.fit(value, Math.max(0, width - displayWidth(prompt) - 1), { keep: 'end' })}
      <Text inverse> </Text>
    </Text>
  );
}
