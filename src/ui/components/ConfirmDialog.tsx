import { Box, Text } from 'ink';
import { useCommand } from '../keys/use-command.js';
import { displayWidth } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import type { ConfirmText } from '../view/action-text.js';

interface Props {
  text: ConfirmText;
  width: number;
  onConfirm(): void;
  onCancel(): void;
}

/** Inside width: border and one column of padding each side. */
const inner = (width: number) => Math.max(1, width - 4);

/** Rows the dialog takes at a width: border, title, explanation lines (wrapped), buttons. */
export function confirmHeight(text: ConfirmText, width: number): number {
  const rows = (l: string) => Math.max(1, Math.ceil(displayWidth(l) / inner(width)));
  const wrapped = text.lines.reduce((n, l) => n + rows(l), 0);
  const warning = text.warning ? rows(warningLine(text.warning, '!')) : 0;
  return 2 + 1 + warning + wrapped + 1;
}

/** The warning as shown: a glyph first, so it is marked by more than colour. */
const warningLine = (warning: string, glyph: string) => `${glyph} ${warning}`;

/**
 * Every write is confirmed here. The default is Cancel: only `y` confirms, while
 * Enter, Escape and `n` all cancel, so a stray Enter at 3 a.m. does nothing.
 */
export function ConfirmDialog({ text, width, onConfirm, onCancel }: Props) {
  const theme = useTheme();
  useCommand('dialog.confirm', () => {
    onConfirm();
    return 'handled';
  });
  useCommand('dialog.cancel', () => {
    onCancel();
    return 'handled';
  });
  const tone = text.danger ? theme.c('danger') : theme.c('accent');
  return (
    <Box
      width={width}
      height={confirmHeight(text, width)}
      flexDirection="column"
      borderStyle={theme.border(true)}
      borderColor={tone}
      paddingX={1}
      overflow="hidden"
    >
      <Text bold wrap="truncate-end" color={tone}>
        {text.danger ? `${theme.glyph.caution} ${text.title}` : text.title}
      </Text>
      {text.warning ? (
        <Text wrap="wrap" bold color={theme.c('warn')}>
          {warningLine(text.warning, theme.glyph.warn)}
        </Text>
      ) : null}
      {text.lines.map((l) => (
        // What will happen must be read in full, so these lines wrap rather than truncate.
        <Text key={l} wrap="wrap">
          {l}
        </Text>
      ))}
      <Text wrap="truncate-end">
        <Text bold color={tone}>
          [y]
        </Text>
        {` ${text.confirmLabel}   `}
        <Text bold inverse>
          [N] Cancel
        </Text>
        <Text dimColor> (Enter/Esc)</Text>
      </Text>
    </Box>
  );
}
