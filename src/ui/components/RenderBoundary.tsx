import { Box, Text } from 'ink';
import { Component, createContext, type ErrorInfo, type ReactNode, useContext } from 'react';
import type { Theme } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';

/** Where render errors are reported (the CLI writes them to the log file); a no-op by default. */
export const RenderErrorContext = createContext<(error: Error, where: string) => void>(() => {});

interface Props {
  /** What failed, in the words the screen uses: "Queue health", "Incident detail". */
  label: string;
  width: number;
  height: number;
  /**
   * When this changes the children are tried again: pass something that changes with their
   * data (the 1 Hz clock does), so a panel recovers once the record that broke it is gone.
   */
  retryKey?: unknown;
  /** Shown under the message in the fallback, e.g. keys that still work. */
  extra?: ReactNode;
  /** Called on every caught error, e.g. to close a dialog that can no longer be answered. */
  onCatch?(error: Error): void;
  children: ReactNode;
}

interface Inner extends Props {
  theme: Theme;
  onError(error: Error, where: string): void;
}

interface State {
  error: Error | null;
  retryKey: unknown;
}

/** The error's one-line summary; vendor text can be inside it, so it is fitted like vendor text. */
export const errorSummary = (e: Error) => `${e.name || 'Error'}: ${e.message || 'no message'}`;

/** The class half: React catches render errors only in class components. */
class Boundary extends Component<Inner, State> {
  override state: State = { error: null, retryKey: this.props.retryKey };
  private reported = '';

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Inner, state: State): Partial<State> | null {
    if (props.retryKey === state.retryKey) return null;
    return { error: null, retryKey: props.retryKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.props.onCatch?.(error);
    const text = errorSummary(error);
    if (text === this.reported) return;
    this.reported = text;
    this.props.onError(
      error,
      `${this.props.label}${info.componentStack ? ` ${info.componentStack.trim().split('\n')[0]}` : ''}`,
    );
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { label, width, height, extra, theme } = this.props;
    if (width <= 0 || height <= 0) return null;
    const message = `${theme.glyph.error} ${label} could not be drawn: ${errorSummary(error)}`;
    if (height < 3 || width < 6) {
      return (
        <Box width={width} height={height} overflow="hidden">
          <Text color={theme.c('danger')}>{theme.fit(message, width)}</Text>
        </Box>
      );
    }
    const inner = width - 2;
    const lines = theme.wrap(message, inner, Math.max(1, height - 3));
    const after = 'The rest of the cockpit keeps running; this part retries every second.';
    return (
      <Box
        width={width}
        height={height}
        flexDirection="column"
        borderStyle={theme.border(false)}
        borderColor={theme.c('danger')}
        overflow="hidden"
      >
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one message
          <Text key={i} color={theme.c('danger')}>
            {line}
          </Text>
        ))}
        {height - 2 > lines.length ? <Text dimColor={theme.dim}>{theme.fit(after, inner)}</Text> : null}
        {extra}
      </Box>
    );
  }
}

/**
 * Keeps a render error inside the part of the screen that threw. The part shows what went
 * wrong, the rest of the cockpit keeps running and taking keys, and the process never exits
 * because one record could not be drawn (issue 7). Errors reach the log once per message.
 */
export function RenderBoundary(props: Props) {
  const theme = useTheme();
  const onError = useContext(RenderErrorContext);
  return <Boundary {...props} theme={theme} onError={onError} />;
}
