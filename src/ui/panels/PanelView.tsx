import type { PanelId, PanelsView } from '../../store/selectors.js';
import { CompliancePanel } from './CompliancePanel.js';
import { OnCallPanel } from './OnCallPanel.js';
import { QueuePanel } from './QueuePanel.js';
import { SlaPanel } from './SlaPanel.js';

interface Props {
  id: PanelId;
  view: PanelsView;
  focused: boolean;
  width: number;
  height: number;
  selected: number;
}

/** The full-size panel for an id. */
export function PanelView({ id, view, focused, width, height, selected }: Props) {
  const size = { focused, width, height };
  switch (id) {
    case 'queue':
      return <QueuePanel view={view.queue} selected={selected} {...size} />;
    case 'oncall':
      return <OnCallPanel view={view.oncall} selected={selected} {...size} />;
    case 'sla':
      return <SlaPanel view={view.sla} selected={selected} {...size} />;
    case 'compliance':
      return <CompliancePanel view={view.compliance} {...size} />;
  }
}
