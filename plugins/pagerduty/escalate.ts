/**
 * Escalating a PagerDuty incident: read it fresh, refuse what PagerDuty would refuse (or what
 * would page the wrong people) before sending, then one `PUT` with `escalation_level`.
 *
 * With no level asked for, the target is the level after the one the incident is at — only
 * when that level is known. When PagerDuty's data fits several levels the user must choose,
 * and the refusal says which levels and why.
 */
import {
  type ActionResult,
  type EscalationTarget,
  type Incident,
  PluginError,
  recordLabel,
} from 'itops-tui/plugin';
import type { PdClient } from './client.js';
import type { LevelReader } from './level-reader.js';
import { type LevelReading, levelList } from './levels.js';
import { escalationRefusal } from './map.js';
import { pdIncidentEnvelope, pdPolicyEnvelope } from './schema.js';

export const alreadyResolved = (incident: Pick<Incident, 'key'>, what: string) =>
  new PluginError('CONFLICT', `${incident.key} is already resolved; nothing to ${what}`);

interface Deps {
  pd: PdClient;
  levels: LevelReader;
  update(incident: { id: string }, body: Record<string, unknown>, signal: AbortSignal): Promise<void>;
  incidentPath(id: string): string;
}

/** Where the fresh read puts the incident, in words: "at level 2", "at level 1 or 3". */
function whereNow(reading: LevelReading): string {
  if (reading.kind === 'known') return `at level ${reading.level}`;
  if (reading.kind === 'ambiguous') return `at level ${levelList(reading.levels)}`;
  return `at a level that cannot be told (${reading.why})`;
}

function stillAt(reading: LevelReading, level: number): boolean {
  if (reading.kind === 'known') return reading.level === level;
  if (reading.kind === 'ambiguous') return reading.levels.includes(level);
  return false;
}

export function createEscalator({ pd, levels, update, incidentPath }: Deps) {
  async function escalate(
    incident: Incident,
    target: EscalationTarget,
    signal: AbortSignal,
  ): Promise<ActionResult> {
    pd.assertWritable(`escalate ${incident.key}`);
    // Read the incident fresh: escalating "one up" from a stale level could skip a level
    // (or page twice) when someone else escalated since the last poll.
    const { incident: fresh } = await pd.get(incidentPath(incident.id), {}, pdIncidentEnvelope, signal);
    const key = fresh.incident_number != null ? `#${fresh.incident_number}` : incident.key;
    if (fresh.status === 'resolved') throw alreadyResolved(incident, 'escalate');
    // PagerDuty does not escalate low-urgency incidents: say so instead of sending a doomed PUT.
    const refusal = escalationRefusal(fresh, key);
    if (refusal) throw new PluginError('CONFLICT', refusal);
    const policyId = fresh.escalation_policy?.id;
    if (!policyId) throw new PluginError('CONFLICT', `${key} has no escalation policy to escalate along`);
    // The level is read only when it matters: for "one up", or to check the plan is not stale.
    // An explicit choice from a user who saw no level needs neither (fewer calls to fail).
    const needLevel = target.level === undefined || target.fromLevel !== undefined;
    const [{ escalation_policy: policy }, reading] = await Promise.all([
      pd.get(`escalation_policies/${encodeURIComponent(policyId)}`, {}, pdPolicyEnvelope, signal),
      needLevel ? levels.forOne(fresh, signal) : Promise.resolve(undefined),
    ]);
    const policyName = policy.name ?? fresh.escalation_policy?.summary ?? policyId;
    const lastLevel = policy.escalation_rules?.length ?? 0;

    // The user confirmed "from level N": if PagerDuty has moved it since, that plan is stale.
    if (reading && target.fromLevel !== undefined && !stillAt(reading, target.fromLevel)) {
      throw new PluginError(
        'CONFLICT',
        `${key} is now ${whereNow(reading)} of ${policyName}, not at level ${target.fromLevel} as on your screen; ` +
          'nothing was sent. Press r to read it again, then escalate if it still needs it.',
      );
    }

    let level = target.level;
    if (level === undefined && reading) {
      if (reading.kind === 'ambiguous') {
        const who =
          reading.who.length > 0
            ? `: ${reading.who.join(', ')} was on call at each of them when it was assigned`
            : '';
        throw new PluginError(
          'CONFLICT',
          `${key} may be at level ${levelList(reading.levels)} of ${policyName}${who}. Choose the level to escalate it to.`,
        );
      }
      if (reading.kind === 'unknown') {
        throw new PluginError(
          'CONFLICT',
          `Cannot tell which level of ${policyName} ${key} is at (${reading.why}); choose a level`,
        );
      }
      if (reading.level >= lastLevel) {
        throw new PluginError(
          'CONFLICT',
          `${key} is already at the last level (${lastLevel}) of ${policyName}`,
        );
      }
      level = reading.level + 1;
    }
    if (level === undefined || !Number.isInteger(level) || level < 1 || level > lastLevel) {
      throw new PluginError(
        'CONFLICT',
        `${policyName} has levels 1–${lastLevel}; cannot escalate ${key} to level ${level}`,
      );
    }
    await update(incident, { escalation_level: level }, signal);
    return { ok: true, message: `Escalated ${recordLabel(incident)} to level ${level} of ${policyName}` };
  }
  return { escalate };
}
