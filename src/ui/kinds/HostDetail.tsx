import type { HostVerdict, RuleId } from '../../domain/compliance-rules.js';
import { DetailFrame, type Field } from '../components/DetailFrame.js';
import { useNow } from '../hooks/use-now.js';
import { clean } from '../text/fit.js';
import { whenAgo } from '../text/time.js';
import { useTheme } from '../theme/use-theme.js';
import { containmentCell, verdictText } from '../view/compliance-text.js';
import { containmentWords } from './registry.js';

/** Rule names that fit the detail's label column (15 cells). */
const RULE_FIELD: Readonly<Record<RuleId, string>> = {
  seen: 'Seen recently',
  sensor: 'Sensor current',
  prevention: 'Policy applied',
  rfm: 'Full function',
  zta: 'Zero trust',
  tags: 'Required tags',
};

/** "14:02 (12m ago)" today; with the date when it is a day or more ago. */
function seenWhen(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t) || now - t < 86_400_000) return whenAgo(iso, now);
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} (${whenAgo(iso, now).replace(/^.*\(|\)$/g, '')})`;
}

interface Props {
  verdict: HostVerdict | undefined;
  width: number;
  height: number;
  footer?: React.ReactNode;
  stale?: string | undefined;
}

/**
 * One host: containment first (what an action changes), then each compliance rule's verdict with
 * the value that decided it, then the facts behind them (policies, sensor, last seen).
 */
export function HostDetail({ verdict, width, height, footer, stale }: Props) {
  const now = useNow();
  const { glyph: g } = useTheme();
  if (!verdict) {
    return (
      <DetailFrame
        title="Host"
        width={width}
        height={height}
        fields={[
          {
            label: 'Gone',
            value: 'This host is no longer in the feed (removed from the console, or hidden).',
          },
        ]}
        footer={footer}
      />
    );
  }
  const h = verdict.host;
  const c = containmentCell(h, g);
  const fields: Field[] = [
    {
      label: 'Containment',
      value: `${containmentWords(h.containment)}${h.containment.endsWith('pending') ? ' (waiting for the sensor to confirm)' : ''}`,
      ...(c.tone === 'danger'
        ? { tone: 'danger' as const }
        : c.tone === 'warn'
          ? { tone: 'warn' as const }
          : {}),
    },
    {
      label: 'Compliance',
      value: verdict.compliant
        ? `${g.ok} compliant`
        : `${g.error} fails ${verdict.failed.length} rule${verdict.failed.length === 1 ? '' : 's'}`,
      tone: verdict.compliant ? 'ok' : 'danger',
    },
  ];
  for (const r of verdict.results) {
    fields.push({
      label: RULE_FIELD[r.rule],
      value: verdictText(r, g),
      ...(r.verdict === 'fail' ? { tone: 'danger' as const } : {}),
    });
  }
  const policy = (p: typeof h.prevention) =>
    p
      ? `${clean(p.name ?? p.id)} ${g.dot} ${p.applied ? 'applied' : 'PENDING'}${p.appliedAt ? ` ${g.dot} applied ${whenAgo(p.appliedAt, now)}` : ''}`
      : 'none assigned';
  fields.push(
    {
      label: 'Host',
      value: [clean(h.hostname), h.fqdn && h.fqdn !== h.hostname ? `(${clean(h.fqdn)})` : '']
        .filter(Boolean)
        .join(' '),
    },
    {
      label: 'Platform',
      value: [h.platform, h.os, h.productType].filter(Boolean).map(clean).join(` ${g.dot} `),
    },
    {
      label: 'Last seen',
      value: h.lastSeen ? seenWhen(h.lastSeen, now) : 'never',
    },
    { label: 'Sensor', value: clean(h.sensorVersion ?? g.dash) },
    { label: 'Prevention', value: policy(h.prevention) },
    {
      label: 'Sensor update',
      value: `${policy(h.sensorUpdate)}${h.sensorUpdate?.targetVersion ? ` ${g.dot} targets ${clean(h.sensorUpdate.targetVersion)}` : ''}`,
    },
    { label: 'ZTA score', value: h.ztaScore === undefined ? 'no score' : String(h.ztaScore) },
    { label: 'Tags', value: h.tags.length ? h.tags.map(clean).join(', ') : 'none' },
    { label: 'Source', value: `${clean(h.source)} ${g.dot} ${clean(h.vendorStatus || 'normal')}` },
  );
  if (h.url) fields.push({ label: 'URL', value: clean(h.url), link: h.url });
  return (
    <DetailFrame
      title={`Host ${clean(h.hostname)}`}
      width={width}
      height={height}
      fields={fields}
      footer={footer}
      {...(stale ? { stale } : {})}
    />
  );
}
