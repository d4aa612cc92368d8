/** Maps the panels section of config onto what the pure panel derivations take. */
import type { ComplianceSettings } from '../domain/compliance-rules.js';
import type { Priority } from '../domain/model.js';
import type { PanelSettings, SlaTarget } from '../domain/settings.js';
import type { Config } from './schema.js';

const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

function complianceSettings(c: Config['panels']['compliance']): ComplianceSettings {
  return {
    maxLastSeenDays: c.maxLastSeenDays,
    ...(c.minSensorVersion ? { minSensorVersion: c.minSensorVersion } : {}),
    requirePreventionPolicy: c.requirePreventionPolicy,
    allowReducedFunctionality: c.allowReducedFunctionality,
    minZtaScore: c.minZtaScore,
    requiredTags: [...c.requiredTags],
  };
}

/** `panels:` from config → `PanelSettings` (the domain keeps no knowledge of the file format). */
export function panelSettingsFromConfig(
  config: Pick<Config, 'panels'> & Partial<Pick<Config, 'correlation'>>,
): PanelSettings {
  const { targets, atRiskShare } = config.panels.sla;
  const byPriority: Partial<Record<Priority, SlaTarget>> = {};
  for (const p of PRIORITIES) {
    const t = targets[p];
    if (t) byPriority[p] = { ackMinutes: t.ackMinutes, resolveMinutes: t.resolveMinutes };
  }
  return {
    sla: {
      byUrgency: {
        high: { ...targets.high },
        low: { ...targets.low },
      },
      byPriority,
      atRiskShare,
    },
    oncall: { policies: [...config.panels.oncall.policies] },
    compliance: complianceSettings(config.panels.compliance),
    correlation: { aliases: { ...(config.correlation?.aliases ?? {}) } },
  };
}
