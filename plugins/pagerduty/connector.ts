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
  type TimelineEntry,
} from 'itops-tui/plugin';
import { z } from 'zod';
import { createClient } from './client.js';
import { alreadyResolved, createEscalator } from './escalate.js';
import { createIncidentSync } from './incident-sync.js';
import { createLevelReader, IDS_PER_REQUEST } from './level-reader.js';
import { mapEscalationPolicy, mapOnCall, mapService } from './map.js';
import {
  type PagerDutyConfig,
  type PdOnCall,
  pdAbilitiesSchema,
  pdEscalationPolicySchema,
  pdNoteEnvelope,
  pdOnCallSchema,
  pdServiceSchema,
  pdUserEnvelope,
} from './schema.js';
import {
  mergeTimeline,
  type PdIncidentNote,
  pdIncidentNoteSchema,
  pdNotesPage,
  pdTimelineEntrySchema,
} from './timeline.js';

export const CAPABILITIES = [
  'incidents.read',
  'incidents.ack',
  'incidents.escalate',
  'incidents.resolve',
  'incidents.note',
  'oncall.read',
  'policies.read',
  'services.read',
  'incidents.timeline',
] as const;
export type PdCapability = (typeof CAPABILITIES)[number];

/** PagerDuty `error.code`s that mean "already in the state you asked for". */
const ALREADY_RESOLVED = 1001;
const ALREADY_ACKNOWLEDGED = 1002;

/** Write responses are read only for their id: PagerDuty may return a trimmed incident. */
const writeAck = z.looseObject({ incident: z.looseObject({ id: z.string() }) });
/** `GET /users?query=`: only the emails matter. */
const pdUsersPage = z.looseObject({
  users: z.array(z.looseObject({ email: z.string().nullish() })),
});
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

  /**
   * The rows a config filter asks for. An id the account does not have is a config mistake
   * (a typo, the example's placeholder, another account's id), and silently showing nothing
   * would read as "nobody on call" or "no incidents": it is an error naming the ids.
   */
  function keepListed<T extends { id: string }>(
    rows: readonly T[],
    wanted: readonly string[] | undefined,
    key: 'escalationPolicyIds' | 'serviceIds',
    what: string,
  ): T[] {
    if (!wanted || wanted.length === 0) return [...rows];
    const want = new Set(wanted);
    const missing = wanted.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) {
      const scope = config.teamIds?.length ? ' (within teamIds)' : '';
      throw new PluginError(
        'INVALID',
        `connectors.${ctx.instance}.${key} lists ${missing.join(', ')}, but this token sees no ${what} with ${missing.length === 1 ? 'that id' : 'those ids'}${scope}. ` +
          `Fix the ids (PagerDuty shows them in the ${what}'s URL), or remove ${key} to see all.`,
      );
    }
    return rows.filter((r) => want.has(r.id));
  }

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
  // Full listing on the first poll and every few minutes; the account's log in between.
  const incidents = createIncidentSync(ctx, pd, levels, mapOpts);
  const escalator = createEscalator({ pd, levels, update, incidentPath });

  return {
    listIncidents: (signal, read) => incidents.sync(signal, read?.fresh === true),

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
      const kept = keepListed(rows, config.escalationPolicyIds, 'escalationPolicyIds', 'escalation policy');
      return kept.map((p) => mapEscalationPolicy(p, mapOpts));
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
      return keepListed(rows, config.serviceIds, 'serviceIds', 'service').map((s) => mapService(s, mapOpts));
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

    async timeline(incident, signal): Promise<TimelineEntry[]> {
      const path = incidentPath(incident.id);
      const [entries, notes] = await Promise.all([
        pd.list(`${path}/log_entries`, 'log_entries', {}, pdTimelineEntrySchema, signal, { narrow: [] }),
        // Notes are not paginated. Without them the log still tells the story (notes as "annotate").
        pd
          .get(`${path}/notes`, {}, pdNotesPage, signal)
          .then((page) =>
            page.notes.flatMap((n): PdIncidentNote[] => {
              const parsed = pdIncidentNoteSchema.safeParse(n);
              return parsed.success ? [parsed.data] : [];
            }),
          )
          .catch((err: unknown) => {
            if (signal.aborted) throw err;
            ctx.log.warn(`notes of ${incident.key} could not be read`, { error: String(err) });
            return undefined;
          }),
      ]);
      return mergeTimeline(entries, notes);
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
      const token = `token valid (${who}); ${abilities.length} account abilities`;
      // Writes are sent "From" this email; PagerDuty refuses them if it is not a user here.
      if (config.fromEmail) {
        const found = await pd
          .get('users', { query: config.fromEmail }, pdUsersPage, signal)
          .then((page) => page.users.some((u) => u.email?.toLowerCase() === config.fromEmail!.toLowerCase()))
          .catch(() => undefined);
        if (found === false) {
          return {
            ok: false,
            detail:
              `${token}, but connectors.${ctx.instance}.fromEmail ${config.fromEmail} is not a user on this account: ` +
              'every acknowledge, escalate, resolve and note would be refused. Set it to the email of a PagerDuty user.',
          };
        }
      }
      return { ok: true, detail: token };
    },
  };
}
