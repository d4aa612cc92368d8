/**
 * The cockpit's panels, in layout order: the order is their number and focus key (1–5). A
 * layout receives a list like this one; a new panel is its module plus one line here.
 */
import { compliancePanel } from './CompliancePanel.js';
import { monitorsPanel } from './MonitorsPanel.js';
import { oncallPanel } from './OnCallPanel.js';
import { queuePanel } from './QueuePanel.js';
import { slaPanel } from './SlaPanel.js';
import type { PanelModule } from './types.js';

export const COCKPIT_PANELS: readonly PanelModule[] = [
  queuePanel,
  oncallPanel,
  compliancePanel,
  slaPanel,
  monitorsPanel,
];
