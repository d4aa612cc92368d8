import { Box, Text } from 'ink';
import { useState } from 'react';
import { useKeySink } from '../keys/use-command.js';
import { useTheme } from '../theme/use-theme.js';

interface Props {
  title: string;
  options: readonly string[];
  width: number;
  onPick(index: number): void;
  onCancel(): void;
}

/** Rows the chooser takes: border, title, one per option, hint. */
export function chooserHeight(options: number): number {
  return options + 4;
}

/**
 * A short pick-one list inside a write flow. Like text entry it owns the keyboard
 * while mounted (the KeyProvider captures), because digits here choose an option
 * rather than focus a panel. Picking never writes: a confirm dialog always follows.
 */
export function Chooser({ title, options, width, onPick, onCancel }: Props) {
  const theme = useTheme();
  const [index, setIndex] = useState(0);
  const last = options.length - 1;
  useKeySink((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return onPick(index);
    if (key.upArrow || input === 'k') return setIndex((i) => (i <= 0 ? last : i - 1));
    if (key.downArrow || input === 'j') return setIndex((i) => (i >= last ? 0 : i + 1));
    const n = Number.parseInt(input, 10);
    if (input.length === 1 && n >= 1 && n <= options.length) onPick(n - 1);
  });
  const g = theme.glyph;
  const inner = Math.max(1, width - 4);
  const hint = [`${g.upDown} move`, `Enter or 1${g.range}${options.length} picks`, 'Esc cancels'].join(
    ` ${g.dot} `,
  );
  return (
    <Box
      width={width}
      height={chooserHeight(options.length)}
      flexDirection="column"
      borderStyle={theme.border(true)}
      borderColor={theme.c('accent')}
      paddingX={1}
      overflow="hidden"
    >
      <Text bold wrap="truncate-end">
        {theme.fit(title, inner)}
      </Text>
      {options.map((option, i) => (
        <Text key={option} wrap="truncate-end" inverse={i === index} bold={i === index}>
          {theme.fit(`${i === index ? g.pointer : ' '} ${i + 1}. ${option}`, inner)}
        </Text>
      ))}
      <Text dimColor={theme.dim} wrap="truncate-end">
        {theme.fit(hint, inner)}
      </Text>
    </Box>
  );
}
