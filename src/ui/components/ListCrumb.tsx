import { Text } from 'ink';
import { useTheme } from '../theme/use-theme.js';
import { crumbText, type ShownList } from '../view/list-query.js';
import { indexOfKey } from '../view/selection.js';

/** Marks on rows the list still holds (a resolved incident's mark counts for nothing). */
export function liveMarks(all: ShownList['all'], marks: ReadonlySet<string> | undefined): number {
  if (!marks || marks.size === 0) return 0;
  let n = 0;
  for (const key of marks) if (indexOfKey(all, key) >= 0) n++;
  return n;
}

/**
 * The line over a list that is filtered, sorted or has marks: what narrows it, how many rows
 * are left, the order, how many are marked, and how to undo it. Nothing when the list is as it comes.
 */
export function ListCrumb({
  shown,
  count,
  marks,
  defaultSort,
  width,
}: {
  shown: ShownList;
  count: string;
  marks?: ReadonlySet<string> | undefined;
  defaultSort?: string | undefined;
  width: number;
}) {
  const theme = useTheme();
  const text = crumbText(
    { query: shown.query, sort: shown.sort, count },
    {
      ...(defaultSort ? { defaultSort } : {}),
      marked: liveMarks(shown.all, marks),
      dot: theme.glyph.dot,
    },
  );
  if (text === null) return null;
  return (
    <Text wrap="truncate-end" color={theme.c('accent')}>
      {theme.fit(text, width)}
    </Text>
  );
}

/** Rows the crumb takes: one when it shows. */
export function crumbRows(
  shown: ShownList,
  marks: ReadonlySet<string> | undefined,
  defaultSort?: string,
): number {
  return crumbText(
    { query: shown.query, sort: shown.sort, count: '' },
    { ...(defaultSort ? { defaultSort } : {}), marked: liveMarks(shown.all, marks), dot: '' },
  ) === null
    ? 0
    : 1;
}
