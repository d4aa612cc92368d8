import { formatDuration, toMs } from '../../domain/format.js';
import type { Incident } from '../../domain/model.js';
import { DetailFrame, type Field } from '../components/DetailFrame.js';
import { useNow } from '../hooks/use-now.js';
import type { TimelineView } from '../hooks/use-timeline.js';
import { clean } from '../text/fit.js';
import { whenAgo } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { statusCell } from '../view/columns.js';
import { levelWords } from '../view/escalation-plan.js';
import { timelineLines } from './timeline-lines.js';

interface Props {
  incident: Incident | undefined;
  width: number;
  height: number;
  footer?: React.ReactNode;
  /** The stale note when the record's source is stale (see `detailStaleNote`). */
  stale?: string | undefined;
  /** The incident's history and notes, when its connector keeps them (see `useTimeline`). */
  timeline?: TimelineView;
}

/** Fewest rows the timeline gets when there is one (heading and two entries). */
const TIMELINE_MIN = 3;
/** Rows past which fields with nothing to say (a dash) are kept even beside a timeline. */
const TIMELINE_ROOMY = 8;

/** Every field of one incident, for the decision before acting on it. */
export function IncidentDetail({ incident, width, height, footer, stale, timeline }: Props) {
  const now = useNow();
  const theme = useTheme();
  const g = theme.glyph;
  if (!incident) {
    return (
      <DetailFrame
        title="Incident"
        width={width}
        height={height}
        fields={[{ label: 'Gone', value: 'This incident is no longer in the feed (resolved or removed).' }]}
        footer={footer}
      />
    );
  }
  const i = incident;
  const status = statusCell(i, g);
  const next = toMs(i.nextEscalationAt);
  // "level 1 or 2?" when the vendor's data fits several levels: said, never guessed.
  const level = i.escalationLevel
    ? `level ${i.escalationLevel}`
    : i.escalationLevelCandidates
      ? `level ${levelWords(i.escalationLevelCandidates)}?`
      : '';
  const escalation = [clean(i.escalationPolicy ?? ''), level].filter(Boolean).join(` ${g.dot} `);
  // The vendor's own state word leads: a ticket "In Progress" is being worked, which the cockpit
  // counts as acknowledged, but it was never "acknowledged" in the vendor's words (and has no time).
  const vendor = clean(i.vendorStatus);
  const own = vendor && vendor.toLowerCase() !== i.status;
  const statusText = own
    ? `${status.text} ${vendor} (counted as ${i.onHold ? 'on hold' : i.status})`
    : `${status.text} ${i.status}`;
  const acknowledged =
    i.status === 'triggered'
      ? 'not yet'
      : i.acknowledgedAt
        ? whenAgo(i.acknowledgedAt, now, g.dash)
        : own
          ? `${g.dash} (${vendor}; ${i.source} keeps no acknowledgement time)`
          : g.dash;
  const fields: Field[] = [
    { label: 'Title', value: clean(i.title) },
    ...(i.description ? [{ label: 'Description', value: clean(i.description) }] : []),
    {
      label: 'Status',
      value: statusText,
      ...(status.tone === 'danger' ? { tone: 'danger' as const } : {}),
    },
    ...(i.onHold
      ? [{ label: 'Hold reason', value: clean(i.holdReason ?? '') || 'none given', tone: 'warn' as const }]
      : []),
    {
      label: 'Priority',
      // "P1 / 1 - Critical" when the vendor's label adds something; just "P1" when it does not.
      value: clean(
        [...new Set([i.priority, i.priorityLabel].filter((x): x is string => Boolean(x)))].join(' / ') ||
          g.dash,
      ),
    },
    { label: 'Urgency', value: i.urgency ?? g.dash },
    { label: 'Service', value: clean(i.service ?? g.dash) },
    { label: 'Assignees', value: i.assignees.length ? i.assignees.map(clean).join(', ') : 'unassigned' },
    { label: 'Group', value: clean(i.group ?? g.dash) },
    ...(i.caller ? [{ label: 'Caller', value: clean(i.caller) }] : []),
    { label: 'Escalation', value: escalation || g.dash },
    { label: 'Opened', value: whenAgo(i.openedAt, now, g.dash) },
    { label: 'Acknowledged', value: acknowledged },
    {
      label: 'Next escalation',
      value: next === undefined ? g.dash : next > now ? `in ${formatDuration(next - now)}` : 'due now',
    },
    { label: 'Source', value: clean(i.source) },
    { label: 'URL', value: clean(i.url ?? g.dash), whole: true, ...(i.url ? { link: i.url } : {}) },
  ];
  const inner = Math.max(1, width - 2);
  // Rows inside the box, as DetailFrame counts them (the stale marker is about one line).
  const rows = Math.max(0, height - 3 - (footer ? 1 : 0) - (stale ? 1 : 0));
  let shown = fields;
  let below: ReturnType<typeof timelineLines> = [];
  if (timeline && timeline.status !== 'none' && rows >= TIMELINE_MIN + 4) {
    // Tight: fields with nothing to say give way first, then the connector's name.
    const spare = (list: Field[]) => rows - list.length;
    if (spare(shown) < TIMELINE_ROOMY) shown = shown.filter((f) => f.value !== g.dash || f.whole === true);
    if (spare(shown) < TIMELINE_MIN) shown = shown.filter((f) => f.label !== 'Source');
    const want = 1 + Math.max(1, timeline.entries?.length ?? 1);
    // What the fields leave, at least the minimum (the last fields give way then; the link is kept by DetailFrame's order).
    const tlRows = Math.max(TIMELINE_MIN, Math.min(want, spare(shown)));
    below = timelineLines(timeline, Math.min(tlRows, rows - 4), now, (t) => theme.fit(t, inner), g.dot);
  }
  return (
    <DetailFrame
      title={`Incident ${clean(i.key)}`}
      width={width}
      height={height}
      fields={shown}
      footer={footer}
      below={below}
      {...(stale ? { stale } : {})}
    />
  );
}
