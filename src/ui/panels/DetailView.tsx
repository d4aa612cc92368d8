import type { ReactNode } from 'react';
import type { EscalationPolicy, SlaClock } from '../../domain/model.js';
import { selectRecords, sourceOf } from '../../store/selectors.js';
import { type CockpitModel, isSlaKey } from '../hooks/use-cockpit-model.js';
import { useTheme } from '../theme/use-theme.js';
import { detailStaleNote, incidentSource, slaItemSource } from '../view/freshness-text.js';
import { IncidentDetail } from './IncidentDetail.js';
import { PolicyDetail } from './PolicyDetail.js';
import { SlaDetail } from './SlaDetail.js';

interface Props {
  model: CockpitModel;
  width: number;
  height: number;
  footer?: ReactNode;
}

/**
 * The drill-in for the open detail: an incident, a vendor SLA clock, or an escalation policy.
 * A record from a stale source says so under its title, with the same reading as its panel.
 */
export function DetailView({ model, width, height, footer }: Props) {
  const { glyph: g } = useTheme();
  const detail = model.ui.detail;
  const size = { width, height, footer };
  if (detail?.panel === 'oncall') {
    const view = model.view.oncall.policies.find((p) => p.key === detail.key);
    const policy = selectRecords<EscalationPolicy>(model.state, 'policies').find(
      (p) => `${p.source}:${p.id}` === detail.key,
    );
    const source = view?.source ?? policy?.source;
    const stale = source
      ? (['oncall', 'policies'] as const)
          .map((s) => sourceOf(model.view.oncall, source, s))
          .find((s) => s?.coverage === 'stale')
      : undefined;
    return <PolicyDetail view={view} policy={policy} stale={detailStaleNote(stale, g)} {...size} />;
  }
  if (detail?.panel === 'sla' && isSlaKey(detail.key)) {
    const item = model.view.sla.items.find((i) => i.key === detail.key);
    const clock = selectRecords<SlaClock>(model.state, 'slas').find(
      (c) => `${c.source}:sla:${c.id}` === detail.key,
    );
    const stale = item ? detailStaleNote(slaItemSource(model.view.sla, item), g) : undefined;
    return <SlaDetail item={item} clock={clock} stale={stale} {...size} />;
  }
  const subject = model.subject;
  const stale = subject ? detailStaleNote(incidentSource(model.view.queue, subject), g) : undefined;
  return <IncidentDetail incident={subject} stale={stale} {...size} />;
}
