import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { stripUnsafe } from '../../domain/sanitize.js';
import { useKeySink } from '../keys/use-command.js';
import { useTheme } from '../theme/use-theme.js';
import { complete, type LineEntry, matchEntries } from '../view/command-line.js';

/** Matches shown under the field. */
const SHOWN = 5;

/** Rows the command line takes for a number of matches: borders, the field, matches (or a hint). */
export function commandLineHeight(matches: number): number {
  return 2 + 1 + Math.max(1, Math.min(SHOWN, matches));
}

interface Props<E extends LineEntry> {
  entries: readonly E[];
  width: number;
  onRun(entry: E): void;
  onCancel(): void;
  /** Told how many entries match, so the layout can size the box. */
  onMatches?(count: number): void;
}

/**
 * The `:` line: type to narrow the commands, panels, connectors and views; Tab completes,
 * Up/Down pick, Enter runs, Esc closes. It owns the keyboard while open.
 */
export function CommandLine<E extends LineEntry>({ entries, width, onRun, onCancel, onMatches }: Props<E>) {
  const theme = useTheme();
  const g = theme.glyph;
  const [text, setText] = useState('');
  const [pick, setPick] = useState(0);
  const current = useRef({ text: '', pick: 0 });
  const matchesOf = (t: string) => matchEntries(entries, t);
  const edit = (next: string) => {
    current.current = { text: next, pick: 0 };
    setText(next);
    setPick(0);
    onMatches?.(matchesOf(next).length);
  };
  useKeySink((input, key) => {
    const now = current.current;
    const matches = matchesOf(now.text);
    if (key.escape) return onCancel();
    if (key.return) {
      const chosen = matches[Math.min(now.pick, matches.length - 1)];
      if (chosen) onRun(chosen);
      return;
    }
    if (key.tab) return edit(complete(matches, now.text));
    if (key.upArrow || key.downArrow) {
      const next = Math.max(0, Math.min(matches.length - 1, now.pick + (key.upArrow ? -1 : 1)));
      current.current = { ...now, pick: next };
      setPick(next);
      return;
    }
    if (key.backspace || key.delete) return edit([...now.text].slice(0, -1).join(''));
    if (key.ctrl && input === 'u') return edit('');
    if (key.ctrl || key.meta) return;
    const typed = stripUnsafe(input);
    if (typed) edit(`${now.text}${typed}`.slice(0, 200));
  });
  const matches = matchesOf(text);
  const start = Math.max(0, Math.min(pick - SHOWN + 1, matches.length - SHOWN));
  const shown = matches.slice(start, start + SHOWN);
  const inner = Math.max(1, width - 4);
  return (
    <Box
      width={width}
      height={commandLineHeight(matches.length)}
      flexDirection="column"
      borderStyle={theme.border(true)}
      borderColor={theme.c('accent')}
      paddingX={1}
      overflow="hidden"
    >
      <Text wrap="truncate-end">
        {':'}
        {theme.fit(text, Math.max(1, inner - 2), { keep: 'end' })}
        <Text inverse> </Text>
      </Text>
      {shown.length === 0 ? (
        <Text dimColor wrap="truncate-end">
          {theme.fit(`Nothing matches "${text}" ${g.dot} Esc closes`, inner)}
        </Text>
      ) : (
        shown.map((e, i) => {
          const on = start + i === pick;
          return (
            <Text key={e.name} inverse={on} wrap="truncate-end">
              {theme.fit(`${on ? g.pointer : ' '} ${e.name}  ${e.about}`, inner)}
            </Text>
          );
        })
      )}
    </Box>
  );
}
