import { Box, Text } from 'ink';
import type { Theme, Tone } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';

export interface ToastView {
  level: 'info' | 'success' | 'warn' | 'error' | 'progress';
  text: string;
  /** Messages waiting for their turn on the line. */
  more?: number;
}

interface Props {
  toast: ToastView | null;
  width: number;
  /** The key that opens the message log, named when messages wait or one is cut. */
  logKey?: string;
}

const TONES: Record<ToastView['level'], Tone> = {
  info: 'info',
  success: 'ok',
  warn: 'warn',
  error: 'danger',
  progress: 'info',
};

/** Most rows a message takes: the rest is in the message log. */
export const TOAST_MAX_ROWS = 2;

/** The message's lines at `width`: wrapped to two rows at most, the queue and the log named. */
export function toastLines(
  toast: ToastView | null,
  width: number,
  theme: Pick<Theme, 'glyph' | 'wrap'>,
  logKey?: string,
): string[] {
  if (!toast) return [];
  const g = theme.glyph;
  const glyph = { info: g.info, success: g.success, warn: g.caution, error: g.error, progress: g.ellipsis }[
    toast.level
  ];
  const log = logKey ? ` ${logKey} log` : '';
  const tail = toast.more ? ` (+${toast.more} more${log})` : '';
  const lines = theme.wrap(`${glyph} ${toast.text}${tail}`, width, TOAST_MAX_ROWS);
  return lines;
}

/** Rows the message line takes now: one, or two for a long message. */
export function toastRows(
  toast: ToastView | null,
  width: number,
  theme: Pick<Theme, 'glyph' | 'wrap'>,
  logKey?: string,
): number {
  return Math.max(1, toastLines(toast, width, theme, logKey).length);
}

/**
 * Action outcomes, refusals and warnings. One row, or two when the message needs them (the
 * panels give that row back while it shows); longer ones end with an ellipsis and are whole in
 * the message log. Messages said together take turns, and the line says how many wait.
 */
export function ToastLine({ toast, width, logKey }: Props) {
  const theme = useTheme();
  const lines = toastLines(toast, width, theme, logKey);
  const tone = toast ? theme.c(TONES[toast.level]) : undefined;
  return (
    <Box width={width} height={Math.max(1, lines.length)} flexDirection="column" overflow="hidden">
      {lines.length > 0 ? (
        lines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the wrapped rows of one message, in order
          <Text key={i} wrap="truncate-end" color={tone}>
            {l}
          </Text>
        ))
      ) : (
        <Text> </Text>
      )}
    </Box>
  );
}
