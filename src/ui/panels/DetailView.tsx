import type { ReactNode } from 'react';
import type { EscalationPolicy, SlaClock } from '../../domain/model.js';
import { selectRecords } from '../../store/selectors.js';
import { type CockpitModel, isSlaKey } from '../hooks/use-cockpit-model.js';
import { IncidentDetail } from './IncidentDetail.js';
import { PolicyDetail } from './PolicyDetail.js';
import { SlaDetail } from './SlaDetail.js';

interface Props {
  model: CockpitModel;
  width: number;
  height: number;
  footer?: ReactNode;
}

/** The drill-in for the open detail: an incident, a vendor SLA clock, or an escalation policy. */
export function DetailView({ model, width, height, footer }: Props) {
  const detail = model.ui.detail;
  if (detail?.panel === 'oncall') {
    const view = model.view.oncall.policies.find((p) => p.key === detail.key);
    const policy = selectRecords<EscalationPolicy>(model.state, 'policies').find(
      (p) => `${p.source}:${p.id}` === detail.key,
    );
    return <PolicyDetail view={view} policy={policy} width={width} height={height} footer={footer} />;
  }
  if (detail?.panel === 'sla' && isSlaKey(detail.key)) {
    const item = model.view.sla.items.find((i) => i.key === detail.key);
    const clock = selectRecords<SlaClock>(model.state, 'slas').find(
      (c) => `${c.source}:sla:${c.id}` === detail.key,
    );
    return <SlaDetail item={item} clock={clock} width={width} height={height} footer={footer} />;
  }
  return <IncidentDetail incident={model.subject} width={width} height={height} footer={footer} />;
}
