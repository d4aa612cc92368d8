import { Text } from 'ink';
import { Fragment } from 'react';
import { displayWidth, truncate } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import type { Segment } from '../view/summaries.js';

interface Props {
  segments: readonly Segment[];
  /** Rendered before the segments, e.g. a panel number. */
  prefix?: string;
  /** Columns available: segments are cut here with the theme's ellipsis (ASCII-safe), not Ink's. */
  width?: number;
}

/** Cut a run of segments to `width` columns, ellipsis on the last one that fits. */
export function clipSegments(
  segments: readonly Segment[],
  width: number,
  sep: number,
  ellipsis: string,
): Segment[] {
  const out: Segment[] = [];
  let left = width;
  for (const s of segments) {
    const gap = out.length > 0 ? sep : 0;
    if (left - gap <= 0) break;
    const w = displayWidth(s.text);
    if (w + gap <= left) {
      out.push(s);
      left -= w + gap;
      continue;
    }
    out.push({ ...s, text: truncate(s.text, left - gap, ellipsis) });
    break;
  }
  return out;
}

/** One line of toned segments separated by a middle dot, cut at the box edge. */
export function Segments({ segments, prefix, width }: Props) {
  const theme = useTheme();
  const sep = ` ${theme.glyph.dot} `;
  const shown =
    width === undefined
      ? segments
      : clipSegments(segments, width - displayWidth(prefix ?? ''), sep.length, theme.glyph.ellipsis);
  return (
    <Text wrap="truncate-end">
      {prefix}
      {shown.map((s, i) => (
        // Segments are positional by nature (a fixed headline layout), so the index is the identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Fragment key={i}>
          {i > 0 ? <Text dimColor>{sep}</Text> : null}
          <Text color={s.tone ? theme.c(s.tone) : undefined} bold={s.bold === true} dimColor={s.dim === true}>
            {s.text}
          </Text>
        </Fragment>
      ))}
    </Text>
  );
}
