/**
 * The PagerDuty connector returned by setup(): four read streams, four incident
 * actions and a health probe, all over one PdClient.
 */

import {
  type ActionResult,
  type Connector,
  type EscalationTarget,
  type HealthResult,
  type Incident,
  type PluginContext,
  PluginError,
} from 'itops-tui/plugin';
import { z } from 'zod';
import { createClient } from './client.js';
import { PagerDutyError } from './errors.js';
import { indexLevels, levelOf, mapEscalationPolicy, mapIncident, mapOnCall, mapService } from './map.js';
import {
  type PagerDutyConfig,
  type PdOnCall,
  pdAbilitiesSchema,
  pdEscalationPolicySchema,
  pdIncidentEnvelope,
  pdIncidentSchema,
  pdNoteEnvelope,
  pdOnCallSchema,
  pdPolicyEnvelope,
  pdServiceSchema,
  pdUserEnvelope,
} from './schema.js';

export const CAPABILITIES = [
  'incidents.read',
  'incidents.ack',
  'incidents.escalate',
  'incidents.resolve',
  'incidents.note',
  'oncall.read',
  'policies.read',
  'services.read',
] as const;
export type PdCapability = (typeof CAPABILITIES)[number];

/** PagerDuty `error.code`s that mean "already in the state you asked for". */
const ALREADY_RESOLVED = 1001;
const ALREADY_ACKNOWLEDGED = 1002;
/** Policy ids per on-call request: keeps the URL well under common proxy limits (~8 KB). */
const IDS_PER_REQUEST = 100;

/** Write responses are read only for their id: PagerDuty may return a trimmed incident. */
const writeAck = z.looseObject({ incident: z.looseObject({ id: z.string() }) });
/** Before acknowledging, only the status matters. */
const statusCheck = z.looseObject({ incident: z.looseObject({ status: z.string().nullish() }) });

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const alreadyResolved = (incident: Incident, what: string) =>
  new PluginError('CONFLICT', `${incident.key} is already resolved; nothing to ${what}`);

function label(incident: Incident): string {
  const title = incident.title.length > 60 ? `${incident.title.slice(0, 59)}…` : incident.title;
  return `${incident.key} (${title})`;
}

export function createConnector(ctx: PluginContext<PagerDutyConfig>): Connector<PdCapability> {
  const { config } = ctx;
  const pd = createClient(ctx);
  const mapOpts = {
    source: ctx.instance,
    region: config.region,
    ...(config.subdomain ? { subdomain: config.subdomain } : {}),
  };
  const incidentPath = (id: string) => `incidents/${encodeURIComponent(id)}`;

  /** Current on-calls (`earliest=true`: one row per policy·level·user), optionally for some policies. */
  async function currentOnCalls(
    policyIds: readonly string[] | undefined,
    withUsers: boolean,
    signal: AbortSignal,
  ): Promise<PdOnCall[]> {
    const query = { earliest: true, ...(withUsers ? { 'include[]': ['users'] } : {}) };
    if (!policyIds) return pd.list('oncalls', 'oncalls', query, pdOnCallSchema, signal);
    const pages = await Promise.all(
      chunk(policyIds, IDS_PER_REQUEST).map((ids) =>
        pd.list('oncalls', 'oncalls', { ...query, 'escalation_policy_ids[]': ids }, pdOnCallSchema, signal),
      ),
    );
    return pages.flat();
  }

  async function update(incident: Incident, body: Record<string, unknown>, signal: AbortSignal) {
    await pd.write(
      'PUT',
      incidentPath(incident.id),
      { incident: { type: 'incident_reference', ...body } },
      writeAck,
      signal,
    );
  }

  return {
    async listIncidents(signal) {
      const raw = await pd.list(
        'incidents',
        'incidents',
        {
          'statuses[]': ['triggered', 'acknowledged'],
          // Open work can be older than the default one-month window.
          date_range: 'all',
          'service_ids[]': config.serviceIds,
          'team_ids[]': config.teamIds,
          'urgencies[]': config.urgencies,
        },
        pdIncidentSchema,
        signal,
      );
      // One extra request per poll (not per incident) buys the escalation level of every incident.
      const policyIds = [
        ...new Set(raw.flatMap((i) => (i.escalation_policy ? [i.escalation_policy.id] : []))),
      ];
      let levels: ReturnType<typeof indexLevels> | undefined;
      if (policyIds.length > 0) {
        try {
          levels = indexLevels(await currentOnCalls(policyIds, false, signal));
        } catch (err) {
          // Levels are a nicety; the queue is not. Show incidents without levels rather than none.
          ctx.log.warn('could not load on-calls to derive escalation levels', { error: String(err) });
        }
      }
      return raw.map((i) => mapIncident(i, mapOpts, levels));
    },

    async listOnCall(signal) {
      const rows = await currentOnCalls(config.escalationPolicyIds, true, signal);
      return rows.map((r) => mapOnCall(r, mapOpts));
    },

    async listEscalationPolicies(signal) {
      const rows = await pd.list(
        'escalation_policies',
        'escalation_policies',
        { 'team_ids[]': config.teamIds },
        pdEscalationPolicySchema,
        signal,
      );
      // The list endpoint has no id filter; filter here.
      const wanted = config.escalationPolicyIds && new Set(config.escalationPolicyIds);
      return rows.filter((p) => !wanted || wanted.has(p.id)).map((p) => mapEscalationPolicy(p, mapOpts));
    },

    async listServices(signal) {
      const rows = await pd.list(
        'services',
        'services',
        { 'team_ids[]': config.teamIds },
        pdServiceSchema,
        signal,
      );
      const wanted = config.serviceIds && new Set(config.serviceIds);
      return rows.filter((s) => !wanted || wanted.has(s.id)).map((s) => mapService(s, mapOpts));
    },

    async acknowledge(incident, signal): Promise<ActionResult> {
      // PagerDuty reopens a resolved incident that is set to acknowledged (spec). A row on
      // screen can be a poll old, so check first: "ack" must never page people again.
      pd.assertWritable(`acknowledge ${incident.key}`);
      const { incident: fresh } = await pd.get(incidentPath(incident.id), {}, statusCheck, signal);
      if (fresh.status === 'resolved') throw alreadyResolved(incident, 'acknowledge');
      try {
        await update(incident, { status: 'acknowledged' }, signal);
        return { ok: true, message: `Acknowledged ${label(incident)}` };
      } catch (err) {
        if (err instanceof PagerDutyError && err.vendorCode === ALREADY_ACKNOWLEDGED) {
          return { ok: true, alreadyDone: true, message: `${incident.key} was already acknowledged` };
        }
        if (err instanceof PagerDutyError && err.vendorCode === ALREADY_RESOLVED) {
          throw alreadyResolved(incident, 'acknowledge');
        }
        throw err;
      }
    },

    async resolve(incident, input, signal): Promise<ActionResult> {
      const note = input.note?.trim();
      try {
        await update(incident, { status: 'resolved', ...(note ? { resolution: note } : {}) }, signal);
        return { ok: true, message: `Resolved ${label(incident)}` };
      } catch (err) {
        if (err instanceof PagerDutyError && err.vendorCode === ALREADY_RESOLVED) {
          return { ok: true, alreadyDone: true, message: `${incident.key} was already resolved` };
        }
        throw err;
      }
    },

    async addNote(incident, text, signal): Promise<ActionResult> {
      const content = text.trim();
      if (!content) throw new PluginError('INVALID', `A note for ${incident.key} needs some text`);
      await pd.write(
        'POST',
        `${incidentPath(incident.id)}/notes`,
        { note: { content } },
        pdNoteEnvelope,
        signal,
      );
      return { ok: true, message: `Added a note to ${incident.key}` };
    },

    async escalate(incident, target: EscalationTarget, signal): Promise<ActionResult> {
      pd.assertWritable(`escalate ${incident.key}`);
      // Read the incident fresh: escalating "one up" from a stale level could skip a level
      // (or page twice) when someone else escalated since the last poll.
      const { incident: fresh } = await pd.get(incidentPath(incident.id), {}, pdIncidentEnvelope, signal);
      const key = fresh.incident_number != null ? `#${fresh.incident_number}` : incident.key;
      if (fresh.status === 'resolved') throw alreadyResolved(incident, 'escalate');
      const policyId = fresh.escalation_policy?.id;
      if (!policyId) throw new PluginError('CONFLICT', `${key} has no escalation policy to escalate along`);
      const [{ escalation_policy: policy }, oncalls] = await Promise.all([
        pd.get(`escalation_policies/${encodeURIComponent(policyId)}`, {}, pdPolicyEnvelope, signal),
        currentOnCalls([policyId], false, signal),
      ]);
      const policyName = policy.name ?? fresh.escalation_policy?.summary ?? policyId;
      const lastLevel = policy.escalation_rules?.length ?? 0;
      // No fallback to the level on screen: it may be exactly the stale value this guards against.
      const current = levelOf(fresh, indexLevels(oncalls));

      let level = target.level;
      if (level === undefined) {
        if (current === undefined) {
          throw new PluginError(
            'CONFLICT',
            `Cannot tell which level of ${policyName} ${key} is at (its assignees are not on call there); choose a level`,
          );
        }
        if (current >= lastLevel) {
          throw new PluginError(
            'CONFLICT',
            `${key} is already at the last level (${lastLevel}) of ${policyName}`,
          );
        }
        level = current + 1;
      }
      if (!Number.isInteger(level) || level < 1 || level > lastLevel) {
        throw new PluginError(
          'CONFLICT',
          `${policyName} has levels 1–${lastLevel}; cannot escalate ${key} to level ${level}`,
        );
      }
      await update(incident, { escalation_level: level }, signal);
      return { ok: true, message: `Escalated ${label(incident)} to level ${level} of ${policyName}` };
    },

    async health(signal): Promise<HealthResult> {
      let abilities: string[];
      try {
        ({ abilities } = await pd.get('abilities', {}, pdAbilitiesSchema, signal));
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
      // /users/me only answers user keys; an account key failing here is normal.
      const me = await pd.get('users/me', {}, pdUserEnvelope, signal).catch(() => undefined);
      const who = me?.user.name ? `user key of ${me.user.name}` : 'account key';
      return { ok: true, detail: `token valid (${who}); ${abilities.length} account abilities` };
    },
  };
}
