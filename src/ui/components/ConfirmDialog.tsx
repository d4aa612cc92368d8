import { Box, Text } from 'ink';
import { useCommand } from '../keys/use-command.js';
import type { Theme } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';
import type { ConfirmText } from '../view/action-text.js';
import { Pieces } from './Segments.js';

interface Props {
  text: ConfirmText;
  width: number;
  /** Rows available; a long explanation is cut (with an ellipsis) so the buttons always show. */
  maxHeight?: number;
  onConfirm(): void;
  onCancel(): void;
}

/** Inside width: border and one column of padding each side. */
const inner = (width: number) => Math.max(1, width - 4);

/** Rows around the explanation: border (2), title, buttons. */
const CHROME = 4;

type Fitting = Pick<Theme, 'wrap' | 'fit' | 'glyph'>;

/** The warning about a repeat (an earlier attempt may have landed): a glyph first, so it is marked by more than colour. */
function warningLines(text: ConfirmText, width: number, theme: Fitting): string[] {
  return text.warning ? theme.wrap(`${theme.glyph.warn} ${text.warning}`, inner(width)) : [];
}

/**
 * The explanation, wrapped as it is drawn: what will happen must be read in full, so it
 * wraps rather than truncates, and is only cut when the screen has no more rows. The
 * warning, when there is one, is never cut: it is why the dialog looks different.
 */
function bodyLines(text: ConfirmText, width: number, theme: Fitting, maxHeight: number) {
  const all = text.lines.flatMap((l) => theme.wrap(l, inner(width)));
  const room = Math.max(1, maxHeight - CHROME - warningLines(text, width, theme).length);
  if (all.length <= room) return all;
  const kept = all.slice(0, room);
  kept[room - 1] = theme.fit(`${kept[room - 1]} ${all[room]}`, inner(width));
  return kept;
}

/** Rows the dialog takes at a width: border, title, warning, explanation lines (wrapped), buttons. */
export function confirmHeight(
  text: ConfirmText,
  width: number,
  theme: Fitting,
  maxHeight = Number.POSITIVE_INFINITY,
): number {
  return CHROME + warningLines(text, width, theme).length + bodyLines(text, width, theme, maxHeight).length;
}

/**
 * Every write is confirmed here. The default is Cancel: only `y` confirms, while
 * Enter, Escape and `n` all cancel, so a stray Enter at 3 a.m. does nothing.
 */
export function ConfirmDialog({
  text,
  width,
  maxHeight = Number.POSITIVE_INFINITY,
  onConfirm,
  onCancel,
}: Props) {
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
      height={confirmHeight(text, width, theme, maxHeight)}
      flexDirection="column"
      borderStyle={theme.border(true)}
      borderColor={tone}
      paddingX={1}
      overflow="hidden"
    >
      <Text bold wrap="truncate-end" color={tone}>
        {theme.fit(text.danger ? `${theme.glyph.caution} ${text.title}` : text.title, inner(width))}
      </Text>
      {warningLines(text, width, theme).map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of the warning, in order
        <Text key={`w${i}`} bold color={theme.c('warn')}>
          {l}
        </Text>
      ))}
      {bodyLines(text, width, theme, maxHeight).map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of the explanation, in order
        <Text key={i}>{l}</Text>
      ))}
      <Pieces
        width={inner(width)}
        pieces={[
          { text: '[y]', bold: true, tone: text.danger ? 'danger' : 'accent' },
          { text: ` ${text.confirmLabel}   ` },
          { text: '[N] Cancel', bold: true, inverse: true },
          { text: ' (Enter/Esc)', dim: true },
        ]}
      />
    </Box>
  );
}
