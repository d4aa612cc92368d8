import type { Monitor } from '../../domain/model.js';
import { firingGroups } from '../../domain/panels/monitor-list.js';
import { DetailFrame, type Field } from '../components/DetailFrame.js';
import { useNow } from '../hooks/use-now.js';
import { clean } from '../text/fit.js';
import { whenAgo } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { groupLine, monitorStateCell } from '../view/monitor-text.js';

interface Props {
  monitor: Monitor | undefined;
  width: number;
  height: number;
  footer?: React.ReactNode;
  stale?: string | undefined;
}

/** "until 16:05 (in 59m)", "until lifted": when a silence ends. */
function untilText(until: string | undefined, now: number): string {
  if (!until) return 'until lifted';
  const t = Date.parse(until);
  if (Number.isNaN(t)) return `until ${clean(until)}`;
  const left = t - now;
  const when = whenAgo(until, now).replace(/ \(.*\)$/, '');
  if (left <= 0) return `until ${when} (ended; waiting for the next read)`;
  const mins = Math.ceil(left / 60_000);
  const inText = mins >= 120 ? `${Math.floor(mins / 60)}h ${mins % 60}m` : `${mins}m`;
  return `until ${when} (in ${inText})`;
}

/**
 * One monitor: its state and mutes first (what mute and unmute change), then each group's state
 * (firing ones first), what it watches (query, type, service, hosts, tags) and where it lives.
 */
export function MonitorDetail({ monitor: m, width, height, footer, stale }: Props) {
  const now = useNow();
  const { glyph: g } = useTheme();
  if (!m) {
    return (
      <DetailFrame
        title="Monitor"
        width={width}
        height={height}
        fields={[
          {
            label: 'Gone',
            value: 'This monitor is no longer in the feed (deleted, or out of the tag filter).',
          },
        ]}
        footer={footer}
      />
    );
  }
  const state = monitorStateCell(m.state, g);
  const whole = m.mutes.find((x) => !x.group);
  const fields: Field[] = [
    {
      label: 'State',
      value: `${state.text}${m.vendorState && m.vendorState.toLowerCase() !== state.text.toLowerCase() ? ` (${clean(m.vendorState)})` : ''}${m.triggeredAt ? ` ${g.dot} since ${whenAgo(m.triggeredAt, now)}` : ''}`,
      ...(state.tone === 'danger' || state.tone === 'warn' || state.tone === 'ok'
        ? { tone: state.tone }
        : {}),
    },
    {
      label: 'Muted',
      value: m.muted
        ? `yes, whole monitor ${untilText(whole?.until, now)}${whole?.message ? ` ${g.dot} ${clean(whole.message)}` : ''}`
        : m.mutes.length === 0
          ? 'no (notifications go out)'
          : `${m.mutes.length} group${m.mutes.length === 1 ? '' : 's'} only; the others notify`,
    },
  ];
  for (const mute of m.mutes.filter((x) => x.group)) {
    fields.push({ label: 'Group mute', value: `${clean(mute.group)} ${untilText(mute.until, now)}` });
  }
  fields.push({ label: 'Priority', value: m.priority ?? 'not set' });
  const firing = firingGroups(m);
  const rest = m.groups.filter((x) => !firing.includes(x));
  const muteOf = (name: string) => m.mutes.find((x) => x.group === name)?.until;
  const groupsShown = [...firing, ...rest];
  fields.push({
    label: 'Groups',
    value:
      m.groups.length === 0
        ? 'none (the monitor is not grouped)'
        : `${firing.length} of ${m.groups.length} firing`,
  });
  for (const grp of groupsShown.slice(0, 8)) {
    const until = muteOf(grp.name);
    fields.push({
      label: '',
      value: groupLine(grp, g, until ? whenAgo(until, now).replace(/ \(.*\)$/, '') : undefined),
      ...(grp.state === 'alert' && !grp.muted ? { tone: 'danger' as const } : {}),
    });
  }
  if (groupsShown.length > 8)
    fields.push({ label: '', value: `${g.more} ${groupsShown.length - 8} more groups` });
  fields.push(
    { label: 'Query', value: m.query ? clean(m.query) : 'not given by the source' },
    { label: 'Type', value: clean(m.type) || g.dash },
    { label: 'Service', value: m.service ? clean(m.service) : 'none tagged' },
    { label: 'Hosts', value: m.hosts.length ? m.hosts.map(clean).join(', ') : 'none named' },
    { label: 'Tags', value: m.tags.length ? m.tags.map(clean).join(', ') : 'none' },
    { label: 'Source', value: `${clean(m.source)} ${g.dot} monitor ${clean(m.monitorId)}` },
  );
  if (m.url) fields.push({ label: 'URL', value: clean(m.url) });
  return (
    <DetailFrame
      title={`Monitor ${clean(m.monitorId)} ${clean(m.name)}`}
      width={width}
      height={height}
      fields={fields}
      footer={footer}
      {...(stale ? { stale } : {})}
    />
  );
}
