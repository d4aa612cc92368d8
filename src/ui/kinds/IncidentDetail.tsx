import { formatDuration, toMs } from '../../domain/format.js';
import type { Incident } from '../../domain/model.js';
import { DetailFrame, type Field } from '../components/DetailFrame.js';
import { useNow } from '../hooks/use-now.js';
import { clean } from '../text/fit.js';
import { whenAgo } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { statusCell } from '../view/columns.js';
import { levelWords } from '../view/escalation-plan.js';

interface Props {
  incident: Incident | undefined;
  width: number;
  height: number;
  footer?: React.ReactNode;
  /** The stale note when the record's source is stale (see `detailStaleNote`). */
  stale?: string | undefined;
}

/** Every field of one incident, for the decision before acting on it. */
export function IncidentDetail({ incident, width, height, footer, stale }: Props) {
  const now = useNow();
  const { glyph: g } = useTheme();
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
  return (
    <DetailFrame
      title={`Incident ${clean(i.key)}`}
      width={width}
      height={height}
      fields={fields}
      footer={footer}
      {...(stale ? { stale } : {})}
    />
  );
}
