/**
 * The ServiceNow connector returned by setup(): incidents and SLA clocks
 * (incrementally synced, see sync.ts), four ticket actions and a health probe.
 */
import {
  type ActionResult,
  type Connector,
  type HealthResult,
  type Incident,
  type PluginContext,
  PluginError,
  recordLabel,
  type StateChange,
  type TimelineEntry,
} from 'itops-tui/plugin';
import { describeServiceNowActions, ESCALATION_NOTE } from './actions.js';
import { createClient } from './client.js';
import { createGroups } from './groups.js';
import { JOURNAL_FIELDS, JOURNAL_LIMIT, journalQuery, mapJournal, snJournalSchema } from './journal.js';
import { type ChoiceLabels, holdReasonCode, holdReasons, val } from './map.js';
import { cond } from './query.js';
import { type ServiceNowConfig, snUserSchema } from './schema.js';
import { createSlaSync } from './sla-sync.js';
import { createIncidentSync } from './sync.js';
import { assertApplied, compareWrite } from './verify.js';

export const CAPABILITIES = [
  'incidents.read',
  'slas.read',
  'incidents.note',
  'incidents.assign',
  'incidents.state',
  'incidents.escalate',
  'incidents.timeline',
] as const;
export type SnCapability = (typeof CAPABILITIES)[number];

export { ESCALATION_NOTE } from './actions.js';

/** Memoise a lookup per key; a failed lookup is forgotten so the next call tries again. */
function memo<T>(fn: (key: string, signal: AbortSignal) => Promise<T>) {
  const cache = new Map<string, Promise<T>>();
  return (key: string, signal: AbortSignal): Promise<T> => {
    let p = cache.get(key);
    if (!p) {
      p = fn(key, signal);
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return p;
  };
}

/** Body of a state change, or INVALID naming what is wrong. */
export function stateChangeBody(
  incident: Incident,
  change: StateChange,
  labels?: ChoiceLabels,
): Record<string, string> {
  switch (change.state) {
    case 'in_progress':
      return { state: '2' };
    case 'on_hold': {
      const code = holdReasonCode(change.holdReason ?? '', labels);
      if (!code) {
        throw new PluginError(
          'INVALID',
          `"${change.holdReason}" is not a hold reason for ${incident.key}; use one of: ${Object.keys(holdReasons(labels)).join(', ')}`,
        );
      }
      return { state: '3', hold_reason: code };
    }
    case 'resolved': {
      const missing = [
        !change.closeCode?.trim() && 'a close code',
        !change.closeNotes?.trim() && 'close notes',
      ].filter(Boolean);
      if (missing.length > 0) {
        throw new PluginError('INVALID', `Resolving ${incident.key} needs ${missing.join(' and ')}`);
      }
      return { state: '6', close_code: change.closeCode.trim(), close_notes: change.closeNotes.trim() };
    }
    default:
      throw new PluginError('INVALID', `Unknown state change ${JSON.stringify(change)}`);
  }
}

export function createConnector(ctx: PluginContext<ServiceNowConfig>): Connector<SnCapability> {
  const { config, instance } = ctx;
  const sn = createClient(ctx);
  const username = config.auth.username;
  const groups = createGroups(sn, instance, config.assignmentGroups);

  async function lookupUser(login: string, signal: AbortSignal, key = 'auth.username') {
    // A sys_id is 32 hex digits; anything else is a user name.
    const field = /^[0-9a-f]{32}$/i.test(login) ? 'sys_id' : 'user_name';
    const rows = await sn.lookup(
      'sys_user',
      { query: cond(field, '=', login), fields: ['sys_id', 'user_name', 'name'], limit: 1 },
      snUserSchema,
      signal,
    );
    const id = rows[0] && val(rows[0].sys_id);
    if (!id)
      throw new PluginError(
        key === 'me' ? 'INVALID' : 'AUTH',
        `ServiceNow has no user "${login}" visible to the connector (connectors.${instance}.${key})`,
      );
    return { id, name: val(rows[0]!.name) ?? login };
  }
  /** Who "me" is for writes: the configured person, else the integration user. */
  const person = memo((login: string, signal: AbortSignal) => lookupUser(login, signal, 'me'));
  // Own sys_id is looked up once for writes; health() asks afresh so it really probes.
  const me = memo(lookupUser);
  function myLogin(what: string): string {
    if (username) return username;
    throw new PluginError(
      'INVALID',
      `To ${what} with OAuth client_credentials, set connectors.${instance}.auth.username to the user the client acts as`,
    );
  }

  const incidentSync = createIncidentSync(ctx, sn, groups);
  const slaSync = createSlaSync(ctx, sn, incidentSync, groups);
  /** PATCH, then check the record ServiceNow stored: a 200 that changed nothing is a failure. */
  async function patch(incident: Incident, body: Record<string, string>, signal: AbortSignal) {
    const record = await sn.patch('incident', incident.id, body, Object.keys(body), signal);
    assertApplied(incident.key, compareWrite(body, record));
  }

  return {
    listIncidents: (signal) => incidentSync.sync(signal),
    listSlas: (signal) => slaSync.sync(signal),

    async assignToMe(incident, signal): Promise<ActionResult> {
      if (incident.status === 'resolved')
        throw new PluginError('CONFLICT', `${incident.key} is already resolved`);
      const user = config.me
        ? await person(config.me, signal)
        : await me(myLogin(`assign ${incident.key}`), signal);
      // A New ticket starts being worked on; an On Hold one stays on hold (taking it off hold
      // would restart its SLA clocks behind the user's back).
      const isNew = incident.status === 'triggered';
      await patch(incident, isNew ? { assigned_to: user.id, state: '2' } : { assigned_to: user.id }, signal);
      const also = isNew ? ' (now In Progress)' : '';
      return { ok: true, message: `Assigned ${recordLabel(incident)} to ${user.name}${also}` };
    },

    async addNote(incident, text, signal): Promise<ActionResult> {
      const note = text.trim();
      if (!note) throw new PluginError('INVALID', `A work note for ${incident.key} needs some text`);
      await patch(incident, { work_notes: note }, signal);
      return { ok: true, message: `Added a work note to ${incident.key}` };
    },

    async changeState(incident, change, signal): Promise<ActionResult> {
      const body = stateChangeBody(incident, change, incidentSync.labels());
      await patch(incident, body, signal);
      const what =
        change.state === 'on_hold'
          ? `on hold (${change.holdReason})`
          : change.state === 'resolved'
            ? 'resolved'
            : 'in progress';
      return { ok: true, message: `Set ${recordLabel(incident)} ${what}` };
    },

    async escalate(incident, _target, signal): Promise<ActionResult> {
      if (incident.status === 'resolved')
        throw new PluginError('CONFLICT', `${incident.key} is already resolved`);
      const wantPriority = config.escalate !== 'group';
      const wantGroup = config.escalate !== 'priority';
      if (wantGroup && !config.escalationGroup && config.escalate === 'group') {
        throw new PluginError('INVALID', `escalate: group needs connectors.${instance}.escalationGroup`);
      }
      const body: Record<string, string> = {};
      const did: string[] = [];
      if (wantPriority && incident.priority !== 'P1') {
        // Priority is computed from impact × urgency; writing priority itself is overwritten.
        Object.assign(body, { impact: '1', urgency: '1' });
        did.push('raised to P1');
      }
      if (wantGroup && config.escalationGroup) {
        const gid = await groups.one(config.escalationGroup, 'escalationGroup', signal);
        Object.assign(body, { assignment_group: gid });
        did.push(`reassigned to ${config.escalationGroup}`);
      }
      if (did.length === 0) {
        throw new PluginError(
          'CONFLICT',
          `${incident.key} is already P1 and no escalation group is configured (connectors.${instance}.escalationGroup)`,
        );
      }
      await patch(incident, { ...body, work_notes: ESCALATION_NOTE }, signal);
      return { ok: true, message: `Escalated ${recordLabel(incident)}: ${did.join(', ')}` };
    },

    describeActions: () => describeServiceNowActions(config, incidentSync.labels()),

    async timeline(incident, signal): Promise<TimelineEntry[]> {
      const rows = await sn.lookup(
        'sys_journal_field',
        { query: journalQuery(incident.id), fields: JOURNAL_FIELDS, limit: JOURNAL_LIMIT },
        snJournalSchema,
        signal,
      );
      return rows.flatMap((r) => mapJournal(r) ?? []);
    },

    async health(signal): Promise<HealthResult> {
      try {
        // "Me" is checked too: a typo there would only show at the first "assign to me".
        const mine = config.me
          ? `; "assign to me" assigns to ${(await lookupUser(config.me, signal, 'me')).name}`
          : '';
        if (username) {
          const user = await lookupUser(username, signal);
          return { ok: true, detail: `authenticated as ${user.name}${mine}` };
        }
        await sn.lookup('incident', { query: '', fields: ['sys_id'], limit: 1 }, snUserSchema, signal);
        return { ok: true, detail: `authenticated (OAuth client credentials)${mine}` };
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
