import { Box, Text } from 'ink';
import type { Related } from '../../domain/correlation.js';
import { RECORD_KINDS } from '../../domain/kinds.js';
import { recordLine } from '../kinds/registry.js';
import { clean } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';

interface Props {
  items: readonly Related[];
  /** Index of the related record the cursor is on. */
  cursor: number;
  width: number;
  /** Lines it may use, its title included. */
  height: number;
}

/** Lines a related list of `n` records takes under a detail of `height` rows: 0 when none or no room. */
export function relatedRows(n: number, height: number): number {
  if (n === 0) return 0;
  const wanted = 1 + Math.min(n, 5);
  // The detail keeps at least 8 rows (its title, key fields and actions).
  return Math.max(0, Math.min(wanted, height - 8));
}

/**
 * The records related to the one in the detail, in other sources (and its ticket's SLA clocks),
 * grouped by source and kind: each line says which, what, and why it is linked. The cursor line
 * is what Enter opens. Strong links first; same-service links last, marked "~".
 */
export function RelatedList({ items, cursor, width, height }: Props) {
  const theme = useTheme();
  const g = theme.glyph;
  if (height <= 0 || items.length === 0) return null;
  const rows = Math.max(0, height - 1);
  const at = Math.min(Math.max(0, cursor), items.length - 1);
  const first = Math.max(0, Math.min(at - Math.floor(rows / 2), items.length - rows));
  const shown = items.slice(first, first + rows);
  const more = items.length > rows ? ` ${first + 1}${g.range}${first + shown.length} of ${items.length}` : '';
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Text bold wrap="truncate-end">
        {theme.fit(
          `${g.related} Related (${items.length})${more} ${g.dot} ${g.upDown} choose ${g.dot} Enter open ${g.dot} Esc back`,
          width,
        )}
      </Text>
      {shown.map((r, i) => {
        const index = first + i;
        const previous = items[index - 1];
        const group = `${clean(r.record.source)} ${RECORD_KINDS[r.record.kind].noun}`;
        const sameGroup =
          previous && previous.record.source === r.record.source && previous.record.kind === r.record.kind;
        const label = sameGroup && i > 0 ? ' '.repeat(Math.min(24, group.length)) : group;
        const mark = index === at ? g.pointer : ' ';
        const weak = r.strength === 'weak' ? '~ ' : '';
        const line = `${mark} ${label}  ${weak}${recordLine(r.record, 40)} ${g.dot} ${clean(r.why)}`;
        return (
          <Text key={r.key} wrap="truncate-end" bold={index === at} dimColor={r.strength === 'weak'}>
            {theme.fit(line, width)}
          </Text>
        );
      })}
    </Box>
  );
}
