import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { displayWidth } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';

export interface Field {
  label: string;
  value: string;
  tone?: 'danger' | 'warn' | 'ok';
  /** The value is a link to this URL: clickable (OSC 8) where the terminal supports it. */
  link?: string;
  /** Shown whole before other long values get extra rows (a link cut short is useless). */
  whole?: boolean;
}

interface Props {
  title: string;
  width: number;
  height: number;
  fields: readonly Field[];
  footer?: ReactNode;
  /** Set when the record's source is stale: shown under the title, and every value is drawn dim. */
  stale?: string;
  /** Lines drawn under the fields (a timeline), already fitted to the inner width; their rows come off the fields'. */
  below?: readonly BelowLine[];
}

export interface BelowLine {
  key: string;
  text: string;
  tone?: 'danger' | 'warn' | 'ok';
  dim?: boolean;
  bold?: boolean;
}

/** Most lines one field may wrap onto, so one long value cannot push the others out of view. */
const MAX_FIELD_LINES = 5;

/**
 * Lines each field gets: one each, then the rows left over go to the fields that wrap, in
 * order (the title first), up to `MAX_FIELD_LINES`.
 */
export function fieldLines(
  wanted: readonly number[],
  rows: number,
  first: readonly boolean[] = [],
): number[] {
  let spare = rows - wanted.length;
  const given = wanted.map(() => 1);
  // Fields marked `first` (links) get theirs before the rest, in order.
  const order = [...wanted.keys()].sort((a, b) => Number(first[b] === true) - Number(first[a] === true));
  for (const i of order) {
    const extra = Math.max(0, Math.min(wanted[i]!, MAX_FIELD_LINES) - 1);
    const more = Math.max(0, Math.min(extra, spare));
    spare -= more;
    given[i] = 1 + more;
  }
  return given;
}

/** A focused record's every field as label/value lines, long values wrapped, clipped to the box. */
export function DetailFrame({ title, width, height, fields, footer, stale, below = [] }: Props) {
  const theme = useTheme();
  const inner = Math.max(0, width - 2);
  const label = Math.min(16, Math.max(...fields.map((f) => displayWidth(f.label)), 4) + 1);
  const valueWidth = Math.max(1, inner - label);
  // The stale marker is never cut: it is why every value below is drawn dim.
  const staleLines = stale ? theme.wrap(stale, inner) : [];
  const rows = Math.max(0, height - 3 - (footer ? 1 : 0) - staleLines.length - below.length);
  const wrapped = fields.map((f) => theme.wrap(f.value, valueWidth));
  const faint = theme.dim && stale !== undefined;
  const given = fieldLines(
    wrapped.map((w) => w.length),
    rows,
    fields.map((f) => f.whole === true),
  );
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle={theme.border(true)}
      borderColor={theme.c('accent')}
      overflow="hidden"
    >
      {/* Fixed rows: in a short box Yoga would otherwise shrink the title to nothing and draw
          the first field over it (seen at 60x16 with a dialog above the detail). */}
      <Box height={1} flexShrink={0}>
        <Text bold wrap="truncate-end">
          {theme.fit(`${theme.glyph.pointer} ${title}`, inner)}
        </Text>
      </Box>
      {staleLines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of the stale marker, in order
        <Box key={`stale${i}`} height={1} flexShrink={0}>
          <Text color={theme.c('warn')}>{line}</Text>
        </Box>
      ))}
      <Box flexDirection="column" height={rows} flexShrink={0} overflow="hidden">
        {fields.map((f, i) => {
          const n = given[i] ?? 1;
          const lines = wrapped[i]!.length <= n ? wrapped[i]! : theme.wrap(f.value, valueWidth, n);
          return (
            // Labels may repeat (one line per group of a monitor): the key is the field's place.
            // biome-ignore lint/suspicious/noArrayIndexKey: fields are a fixed list in order
            <Box key={`${i}:${f.label}`} width={inner} flexShrink={0}>
              <Box width={label} flexShrink={0}>
                <Text dimColor={theme.dim}>{theme.fit(f.label, label - 1)}</Text>
              </Box>
              <Box flexDirection="column" width={valueWidth}>
                {lines.map((line, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: wrapped lines of one value
                  <Text key={j} color={f.tone ? theme.c(f.tone) : undefined} dimColor={faint}>
                    {f.link ? theme.link(line, f.link) : line}
                  </Text>
                ))}
              </Box>
            </Box>
          );
        })}
      </Box>
      {below.map((line) => (
        <Box key={line.key} height={1} flexShrink={0}>
          <Text
            bold={line.bold === true}
            dimColor={line.dim === true}
            color={line.tone ? theme.c(line.tone) : undefined}
            wrap="truncate-end"
          >
            {line.text}
          </Text>
        </Box>
      ))}
      {footer ? (
        <Box height={1} flexShrink={0}>
          {footer}
        </Box>
      ) : null}
    </Box>
  );
}
