/**
 * An incident's timeline as the detail's bottom lines (issue 15): a heading that says whether
 * it is loading, read (when) or failed (why, on one line), then entries newest first, one line
 * each, and "N more" when they do not all fit.
 */
import type { TimelineEntry, TimelineKind } from '../../plugin-api/index.js';
import type { BelowLine } from '../components/DetailFrame.js';
import type { TimelineView } from '../hooks/use-timeline.js';
import { clean } from '../text/fit.js';
import { ago, shortTime } from '../text/time.js';

const KIND_WORD: Record<TimelineKind, string> = {
  note: 'note',
  status: 'state',
  assign: 'assign',
  escalate: 'escal',
  notify: 'notify',
  other: '',
};

const DAY = 24 * 60 * 60_000;

/** "14:02", or "11-30 14:02" when not within the last day. */
function when(at: string, now: number): string {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return '--:--';
  if (Math.abs(now - t) < DAY) return shortTime(t);
  const d = new Date(t);
  const md = `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `${md} ${shortTime(t)}`;
}

export function entryLine(e: TimelineEntry, now: number): string {
  const who = e.who ? `${clean(e.who)}: ` : '';
  return `${when(e.at, now)} ${KIND_WORD[e.kind].padEnd(6)} ${who}${clean(e.text)}`;
}

/**
 * At most `rows` lines (heading included), fitted with `fit` to the detail's inner width.
 * Empty when the connector keeps no timeline.
 */
export function timelineLines(
  view: TimelineView,
  rows: number,
  now: number,
  fitLine: (text: string) => string,
  dot: string,
  /** This machine's time: when the read happened is real time, not the (demo) world's. */
  realNow: number = Date.now(),
): BelowLine[] {
  if (view.status === 'none' || rows < 1) return [];
  const entries = view.entries ?? [];
  const read = view.at !== undefined ? `read ${ago(view.at, realNow)}` : '';
  const count = view.entries ? `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}` : '';
  const head: BelowLine =
    view.status === 'error'
      ? {
          key: 'tl-head',
          text: fitLine(`Timeline ${dot} could not be read: ${clean(view.message)}`),
          tone: 'danger',
        }
      : {
          key: 'tl-head',
          text: fitLine(
            ['Timeline', view.status === 'loading' ? 'loading…' : '', count, read]
              .filter(Boolean)
              .join(` ${dot} `),
          ),
          bold: true,
        };
  const room = rows - 1;
  if (view.status === 'ok' && entries.length === 0 && room > 0) {
    return [head, { key: 'tl-empty', text: fitLine('No history or notes yet.'), dim: true }];
  }
  const shown = entries.length > room ? Math.max(0, room - 1) : entries.length;
  const lines: BelowLine[] = [head];
  entries.slice(0, shown).forEach((e, i) => {
    lines.push({ key: `tl-${i}`, text: fitLine(entryLine(e, now)) });
  });
  if (shown < entries.length && room > 0) {
    lines.push({ key: 'tl-more', text: fitLine(`… ${entries.length - shown} more, older`), dim: true });
  }
  return lines;
}
