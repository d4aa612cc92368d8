import { type ComplianceSettings, DEFAULT_COMPLIANCE_SETTINGS } from './compliance-rules.js';
import { type CorrelationSettings, DEFAULT_CORRELATION_SETTINGS } from './correlation.js';
import type { Priority } from './model.js';

/** Response and resolution targets for one urgency or priority. */
export interface SlaTarget {
  ackMinutes: number;
  resolveMinutes: number;
}

/** What the panel derivations need from config; the CLI maps config onto this. */
export interface PanelSettings {
  sla: {
    /** Targets per urgency; a priority-specific target wins when present. */
    byUrgency: { high: SlaTarget; low: SlaTarget };
    byPriority: Partial<Record<Priority, SlaTarget>>;
    /** An item is "at risk" when less than this share of its window remains. */
    atRiskShare: number;
  };
  oncall: {
    /** Only show these escalation policies (by name or id); empty = all. */
    policies: string[];
  };
  /** Endpoint compliance rules. */
  compliance: ComplianceSettings;
  /** Cross-source links (aliases). */
  correlation: CorrelationSettings;
}

export const DEFAULT_PANEL_SETTINGS: PanelSettings = {
  sla: {
    byUrgency: {
      high: { ackMinutes: 5, resolveMinutes: 240 },
      low: { ackMinutes: 30, resolveMinutes: 1440 },
    },
    byPriority: {},
    atRiskShare: 0.25,
  },
  oncall: { policies: [] },
  compliance: DEFAULT_COMPLIANCE_SETTINGS,
  correlation: DEFAULT_CORRELATION_SETTINGS,
};
