import { Box, Text } from 'ink';
import { useCommand } from '../keys/use-command.js';
import type { Theme } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';
import type { ConfirmText } from '../view/action-text.js';
import { Pieces } from './Segments.js';
import { TypedField } from './TypedField.js';

interface Props {
  text: ConfirmText;
  width: number;
  /** Rows available; a long explanation is cut (with an ellipsis) so the buttons always show. */
  maxHeight?: number;
  onConfirm(): void;
  onCancel(): void;
  /** A typed confirmation got something other than the name: say so, stay open. */
  onMismatch?(expected: string): void;
}

/** Inside width: border and one column of padding each side. */
const inner = (width: number) => Math.max(1, width - 4);

/** Rows around the explanation: border (2), title, buttons; a typed confirmation adds its field. */
const CHROME = 4;
const chrome = (text: ConfirmText) => CHROME + (text.typed !== undefined ? 1 : 0);

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
  const room = Math.max(1, maxHeight - chrome(text) - warningLines(text, width, theme).length);
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
  return (
    chrome(text) + warningLines(text, width, theme).length + bodyLines(text, width, theme, maxHeight).length
  );
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
  onMismatch,
}: Props) {
  const theme = useTheme();
  const typed = text.typed;
  // A typed confirmation answers through its field only: `y` must not confirm it.
  useCommand(
    'dialog.confirm',
    () => {
      onConfirm();
      return 'handled';
    },
    { active: typed === undefined },
  );
  useCommand(
    'dialog.cancel',
    () => {
      onCancel();
      return 'handled';
    },
    { active: typed === undefined },
  );
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
      {typed !== undefined ? (
        <TypedField
          expected={typed}
          width={inner(width)}
          onConfirm={onConfirm}
          onCancel={onCancel}
          {...(onMismatch ? { onMismatch } : {})}
        />
      ) : null}
      <Pieces
        width={inner(width)}
        pieces={
          typed !== undefined
            ? [
                { text: '[Enter]', bold: true, tone: 'danger' },
                { text: ` ${text.confirmLabel} once the name matches   ` },
                { text: '[Esc] Cancel', bold: true, inverse: true },
              ]
            : [
                { text: '[y]', bold: true, tone: text.danger ? 'danger' : 'accent' },
                { text: ` ${text.confirmLabel}   ` },
                { text: '[N] Cancel', bold: true, inverse: true },
                { text: ' (Enter/Esc)', dim: true },
              ]
        }
      />
    </Box>
  );
}
