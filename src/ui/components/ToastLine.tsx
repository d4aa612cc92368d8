import { Box, Text } from 'ink';
import type { Tone } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';

export interface ToastView {
  level: 'info' | 'success' | 'warn' | 'error' | 'progress';
  text: string;
}

interface Props {
  toast: ToastView | null;
  width: number;
}

const TONES: Record<ToastView['level'], Tone> = {
  info: 'info',
  success: 'ok',
  warn: 'warn',
  error: 'danger',
  progress: 'info',
};

/** Action outcomes and refusals; always one row, so the layout does not jump when one appears. */
export function ToastLine({ toast, width }: Props) {
  const theme = useTheme();
  const g = theme.glyph;
  const glyph = toast
    ? { info: g.info, success: g.success, warn: g.caution, error: g.error, progress: g.ellipsis }[toast.level]
    : '';
  return (
    <Box width={width} height={1} overflow="hidden">
      {toast ? (
        <Text wrap="truncate-end" color={theme.c(TONES[toast.level])}>
          {theme.fit(`${glyph} ${toast.text}`, width)}
        </Text>
      ) : (
        <Text> </Text>
      )}
    </Box>
  );
}
