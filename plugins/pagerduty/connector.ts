/**
 * The PagerDuty connector returned by setup(): four read streams, four incident
 * actions and a health probe, all over one PdClient.
 */

import {
  type ActionResult,
  type Connector,
  chunk,
  type HealthResult,
  type PluginContext,
  PluginError,
  recordLabel,
} from 'itops-tui/plugin';
import { z } from 'zod';
import { createClient } from './client.js';
import { alreadyResolved, createEscalator } from './escalate.js';
import { createLevelReader, IDS_PER_REQUEST } from './level-reader.js';
import { mapEscalationPolicy, mapIncident, mapOnCall, mapService } from './map.js';
import {
  type PagerDutyConfig,
  type PdOnCall,
  pdAbilitiesSchema,
  pdEscalationPolicySchema,
  pdIncidentSchema,
  pdNoteEnvelope,
  pdOnCallSchema,
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

/** Write responses are read only for their id: PagerDuty may return a trimmed incident. */
const writeAck = z.looseObject({ incident: z.looseObject({ id: z.string() }) });
/** Before acknowledging, only the status matters. */
const statusCheck = z.looseObject({ incident: z.looseObject({ status: z.string().nullish() }) });

const vendorCodeOf = (err: unknown) => (err instanceof PluginError ? err.vendorCode : undefined);

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
    const narrow = { narrow: ['escalationPolicyIds'] as const };
    if (!policyIds) return pd.list('oncalls', 'oncalls', query, pdOnCallSchema, signal, narrow);
    const pages = await Promise.all(
      chunk(policyIds, IDS_PER_REQUEST).map((ids) =>
        pd.list(
          'oncalls',
          'oncalls',
          { ...query, 'escalation_policy_ids[]': ids },
          pdOnCallSchema,
          signal,
          narrow,
        ),
      ),
    );
    return pages.flat();
  }

  async function update(incident: { id: string }, body: Record<string, unknown>, signal: AbortSignal) {
    await pd.write(
      'PUT',
      incidentPath(incident.id),
      { incident: { type: 'incident_reference', ...body } },
      writeAck,
      signal,
    );
  }
  const levels = createLevelReader(pd, ctx);
  const escalator = createEscalator({ pd, levels, update, incidentPath });

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
        { narrow: ['serviceIds', 'teamIds', 'urgencies'] },
      );
      let readings: Awaited<ReturnType<typeof levels.forList>> | undefined;
      try {
        // One on-call request per 100 policies, plus a bounded few log reads, buys every level.
        readings = await levels.forList(raw, signal);
      } catch (err) {
        // Levels are a nicety; the queue is not. Show incidents without levels rather than none.
        ctx.log.warn('could not load on-calls to derive escalation levels', { error: String(err) });
      }
      return raw.map((i) => mapIncident(i, mapOpts, readings?.get(i.id)));
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
        // escalationPolicyIds is applied here, after the fetch: only teamIds makes the listing smaller.
        { narrow: ['teamIds'] },
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
        // serviceIds is applied here, after the fetch: only teamIds makes the listing smaller.
        { narrow: ['teamIds'] },
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
        return { ok: true, message: `Acknowledged ${recordLabel(incident)}` };
      } catch (err) {
        if (vendorCodeOf(err) === ALREADY_ACKNOWLEDGED) {
          return { ok: true, alreadyDone: true, message: `${incident.key} was already acknowledged` };
        }
        if (vendorCodeOf(err) === ALREADY_RESOLVED) {
          throw alreadyResolved(incident, 'acknowledge');
        }
        throw err;
      }
    },

    async resolve(incident, input, signal): Promise<ActionResult> {
      const note = input.note?.trim();
      try {
        await update(incident, { status: 'resolved', ...(note ? { resolution: note } : {}) }, signal);
        return { ok: true, message: `Resolved ${recordLabel(incident)}` };
      } catch (err) {
        if (vendorCodeOf(err) === ALREADY_RESOLVED) {
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

    escalate: (incident, target, signal) => escalator.escalate(incident, target, signal),

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
