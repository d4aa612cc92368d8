import { Text } from 'ink';
import type { PanelSources } from '../../store/selectors.js';
import { useTheme } from '../theme/use-theme.js';
import { emptyText } from '../view/freshness-text.js';

interface Props {
  sources: PanelSources;
  /** What an empty list would claim, without the full stop: "No open incidents". */
  claim: string;
  cols: number;
  rows: number;
}

/**
 * An empty list, said honestly: the all-clear tick only when every source is fresh;
 * otherwise the claim names what is missing. Wrapped, because the qualifier is the point.
 */
export function EmptyState({ sources, claim, cols, rows }: Props) {
  const theme = useTheme();
  const said = emptyText(sources, claim, theme.glyph);
  const lines = theme.wrap(said.text, cols, Math.max(1, rows));
  return (
    <>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one sentence, in order
        <Text key={i} color={said.tone ? theme.c(said.tone) : undefined}>
          {line}
        </Text>
      ))}
    </>
  );
}
