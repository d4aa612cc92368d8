import type { EscalationPolicy } from '../../domain/model.js';
import type { OnCallPolicyView } from '../../domain/panels/oncall.js';
import { DetailFrame, type Field } from '../components/DetailFrame.js';
import { clean } from '../text/fit.js';
import { useTheme } from '../theme/use-theme.js';
import { personText } from '../view/oncall-lines.js';

interface Props {
  view: OnCallPolicyView | undefined;
  policy: EscalationPolicy | undefined;
  width: number;
  height: number;
  footer?: React.ReactNode;
  /** The stale note when the record's source is stale (see `detailStaleNote`). */
  stale?: string | undefined;
}

/** One escalation policy: each level's targets and delay, and who is on call at it now. */
export function PolicyDetail({ view, policy, width, height, footer, stale }: Props) {
  const { glyph: g } = useTheme();
  const name = clean(view?.policyName ?? policy?.name ?? 'Escalation policy');
  const levelNumbers = [
    ...new Set([...(policy?.levels.map((l) => l.level) ?? []), ...(view?.levels.map((l) => l.level) ?? [])]),
  ].sort((a, b) => a - b);
  const fields: Field[] = [];
  if (view?.nobody) fields.push({ label: 'Coverage', value: `${g.caution} NOBODY ON CALL`, tone: 'danger' });
  for (const level of levelNumbers) {
    const spec = policy?.levels.find((l) => l.level === level);
    const people = view?.levels.find((l) => l.level === level)?.people ?? [];
    const targets = spec ? `${spec.targets.map(clean).join(', ')} after ${spec.delayMinutes}m` : '';
    const now = people.length ? people.map(personText).join(', ') : 'nobody';
    fields.push({
      label: `Level ${level}`,
      value: [targets, `on call: ${now}`].filter(Boolean).join(` ${g.dot} `),
    });
  }
  if (policy) fields.push({ label: 'Loops', value: String(policy.numLoops) });
  fields.push({ label: 'Open incidents', value: String(view?.openIncidents ?? 0) });
  fields.push({ label: 'Source', value: clean(view?.source ?? policy?.source ?? g.dash) });
  if (policy?.url) fields.push({ label: 'URL', value: clean(policy.url), link: policy.url });
  return (
    <DetailFrame
      title={`Policy ${name}`}
      width={width}
      height={height}
      fields={fields}
      footer={footer}
      {...(stale ? { stale } : {})}
    />
  );
}
