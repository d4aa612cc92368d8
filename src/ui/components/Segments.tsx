import { Text } from 'ink';
import { Fragment } from 'react';
import { displayWidth, screenText } from '../text/fit.js';
import type { Theme } from '../theme/theme.js';
import { useTheme } from '../theme/use-theme.js';
import type { Segment } from '../view/summaries.js';

interface Props {
  segments: readonly Segment[];
  /** Rendered before the segments, e.g. a panel number. */
  prefix?: string;
  /** Cells available: segments are cut here by the theme (ASCII-safe), never by Ink. */
  width: number;
}

/**
 * Cut a run of segments to `width` cells, separators included: whole segments while they
 * fit, then the first that does not, cut with the ellipsis. Texts come back as drawn.
 */
export function clipSegments<S extends Segment>(
  segments: readonly S[],
  width: number,
  sep: number,
  theme: Pick<Theme, 'ascii' | 'fit'>,
): S[] {
  const out: S[] = [];
  let left = width;
  for (const s of segments) {
    const gap = out.length > 0 ? sep : 0;
    if (left - gap <= 0) break;
    const text = screenText(s.text, theme.ascii);
    const w = displayWidth(text);
    if (w + gap <= left) {
      out.push({ ...s, text });
      left -= w + gap;
      continue;
    }
    out.push({ ...s, text: theme.fit(text, left - gap) });
    break;
  }
  return out;
}

/** One line of toned segments separated by a middle dot, cut at the box edge. */
export function Segments({ segments, prefix = '', width }: Props) {
  const theme = useTheme();
  const sep = ` ${theme.glyph.dot} `;
  const lead = theme.fit(prefix, width);
  const shown = clipSegments(segments, width - displayWidth(lead), displayWidth(sep), theme);
  return (
    <Text>
      {lead}
      {shown.map((s, i) => (
        // Segments are positional by nature (a fixed headline layout), so the index is the identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Fragment key={i}>
          {i > 0 ? <Text dimColor={theme.dim}>{sep}</Text> : null}
          <Text
            color={s.tone ? theme.c(s.tone) : undefined}
            bold={s.bold === true}
            dimColor={theme.dim && s.dim === true}
          >
            {s.text}
          </Text>
        </Fragment>
      ))}
    </Text>
  );
}

/** A run of text with the styles a one-line bar needs (header badges, buttons, key hints). */
export type Piece = Segment & { inverse?: boolean; dim?: boolean };

/** Styled pieces side by side with no separator, cut at `width` cells like segments. */
export function Pieces({ pieces, width }: { pieces: readonly Piece[]; width: number }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      {clipSegments(pieces, width, 0, theme).map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed left-to-right layout
        <Fragment key={i}>
          <Text
            bold={p.bold === true}
            inverse={p.inverse === true}
            dimColor={theme.dim && p.dim === true}
            color={p.tone ? theme.c(p.tone) : undefined}
          >
            {p.text}
          </Text>
        </Fragment>
      ))}
    </Text>
  );
}
