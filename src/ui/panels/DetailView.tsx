import type { ReactNode } from 'react';
import type { EscalationPolicy } from '../../domain/model.js';
import { selectRecords } from '../../store/selectors.js';
import type { CockpitModel } from '../hooks/use-cockpit-model.js';
import { IncidentDetail } from './IncidentDetail.js';
import { PolicyDetail } from './PolicyDetail.js';

interface Props {
  model: CockpitModel;
  width: number;
  height: number;
  footer?: ReactNode;
}

/** The drill-in for the open detail: an incident, or an escalation policy from the on-call panel. */
export function DetailView({ model, width, height, footer }: Props) {
  const detail = model.ui.detail;
  if (detail?.panel === 'oncall') {
    const view = model.view.oncall.policies.find((p) => p.key === detail.key);
    const policy = selectRecords<EscalationPolicy>(model.state, 'policies').find(
      (p) => `${p.source}:${p.id}` === detail.key,
    );
    return <PolicyDetail view={view} policy={policy} width={width} height={height} footer={footer} />;
  }
  return <IncidentDetail incident={model.subject} width={width} height={height} footer={footer} />;
}
