import { formatDuration } from '../../domain/format.js';
import type { SlaClock } from '../../domain/model.js';
import type { SlaRiskItem } from '../../domain/panels/sla-risk.js';
import { DetailFrame, type Field } from '../components/DetailFrame.js';
import { useNow } from '../hooks/use-now.js';
import { clean } from '../text/fit.js';
import { shortTime } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { elapsedBar, slaCountdown } from '../view/columns.js';

interface Props {
  item: SlaRiskItem | undefined;
  /** The vendor record behind the row, for its own stage word and link. */
  clock: SlaClock | undefined;
  /** The connector's product name ("its business %" is that product's figure). */
  vendor?: string | undefined;
  width: number;
  height: number;
  footer?: React.ReactNode;
  /** The stale note when the record's source is stale (see `detailStaleNote`). */
  stale?: string | undefined;
}

/** One vendor SLA clock: what it measures, where it stands, and whose ticket it is. */
export function SlaDetail({ item, clock, vendor, width, height, footer, stale }: Props) {
  const now = useNow();
  const { glyph: g } = useTheme();
  if (!item) {
    const gone = 'This SLA is no longer running (achieved, cancelled or its ticket resolved).';
    return (
      <DetailFrame title="SLA" width={width} height={height} fields={[{ label: 'Gone', value: gone }]} />
    );
  }
  const stage = item.breached ? 'breached' : item.paused ? 'paused (ticket on hold)' : 'in progress';
  const vendorStage = clock ? ` (vendor: ${clean(clock.vendorStage)})` : '';
  const end = Number.isFinite(item.targetAt)
    ? `${shortTime(item.targetAt)} ${g.dot} ${slaCountdown(item, g)}`
    : g.dash;
  const started = clock?.startedAt ? Date.parse(clock.startedAt) : Number.NaN;
  const fields: Field[] = [
    { label: 'SLA', value: clean(item.name) },
    {
      label: 'Stage',
      value: `${stage}${vendorStage}`,
      ...(item.breached ? { tone: 'danger' as const } : item.atRisk ? { tone: 'warn' as const } : {}),
    },
    { label: 'Planned end', value: end },
    { label: 'Elapsed', value: elapsedBar(item.percentElapsed, g) },
    // Which clock the percentage is: an 8-5 SLA's wall-time share runs on through nights and weekends.
    {
      label: 'Counted in',
      value: item.schedule
        ? `business hours of ${clean(item.schedule)} (${clean(vendor ?? 'vendor')} business %)`
        : 'wall-clock time',
    },
    ...(item.businessTimeLeftMs !== undefined
      ? [{ label: 'Business left', value: `${formatDuration(item.businessTimeLeftMs)} of schedule time` }]
      : []),
    {
      label: 'Started',
      value: Number.isNaN(started) ? g.dash : `${shortTime(started)} (${formatDuration(now - started)} ago)`,
    },
    { label: 'Ticket', value: `${clean(item.taskKey)} ${clean(item.title)}` },
    { label: 'Assignee', value: clean(item.assignee ?? '') || 'unassigned' },
    { label: 'Group', value: clean(item.group ?? '') || g.dash },
    { label: 'Source', value: clean(item.source) },
  ];
  if (!item.incident) fields.push({ label: 'Note', value: 'Ticket not in the incidents feed: no actions.' });
  if (clock?.url) fields.push({ label: 'URL', value: clean(clock.url), link: clock.url });
  return (
    <DetailFrame
      title={`SLA ${clean(item.taskKey)} ${g.dot} ${clean(item.name)}`}
      width={width}
      height={height}
      fields={fields}
      footer={footer}
      {...(stale ? { stale } : {})}
    />
  );
}
