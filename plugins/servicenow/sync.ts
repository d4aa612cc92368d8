/**
 * Incremental sync of the two read streams.
 *
 * The first call loads the whole scope. Later calls ask only for rows whose
 * `sys_updated_on` is at or after the newest one already seen (minus a small
 * overlap: many rows share one second, and offset paging can drift), merge them
 * by sys_id into a kept map, and return the whole current list.
 *
 * The delta query deliberately does NOT repeat the scope filter (active, group).
 * A ticket that is closed or reassigned to another group is updated too, but it
 * no longer matches the scope — a filtered delta would never return it, and it
 * would stay on screen forever. So the delta fetches everything updated and the
 * scope is re-checked here: rows that still match are kept, the rest removed.
 * Parts of the scope only the server can evaluate (the user's `query`) are
 * re-checked with one cheap sys_id-only query over the changed rows.
 */
import type { Incident, PluginContext, SlaClock } from 'itops-tui/plugin';
import { z } from 'zod';
import type { SnClient } from './client.js';
import { mapIncident, mapSla, val } from './map.js';
import { and, cond, orderBy, parseSnDate, raw, snDate } from './query.js';
import {
  type ServiceNowConfig,
  type SnField,
  type SnIncident,
  type SnTaskSla,
  snFieldSchema,
  snIncidentSchema,
  snTaskSlaSchema,
} from './schema.js';

/** Re-read rows updated this long before the newest seen `sys_updated_on`. */
export const OVERLAP_MS = 5_000;
/** A full reload now and then catches what a delta cannot see: deleted rows, ACL changes. */
export const FULL_RESYNC_MS = 60 * 60_000;
/** sys_ids per `sys_idIN…` / `taskIN…` query; keeps URLs well below proxy limits. */
export const IDS_PER_QUERY = 100;

export const INCIDENT_FIELDS = [
  'sys_id',
  'number',
  'short_description',
  'state',
  'active',
  'priority',
  'impact',
  'urgency',
  'assignment_group',
  'assigned_to',
  'cmdb_ci',
  'business_service',
  'hold_reason',
  'opened_at',
  'resolved_at',
  'closed_at',
  'sys_updated_on',
  'reopen_count',
] as const;
export const SLA_FIELDS = [
  'sys_id',
  'task',
  'sla',
  'stage',
  'has_breached',
  'percentage',
  'start_time',
  'planned_end_time',
  'pause_time',
  'pause_duration',
  'active',
  'sys_updated_on',
] as const;

/** Stable order for offset paging: the real sort plus a unique tie-breaker. */
const ORDER = [orderBy('sys_updated_on'), orderBy('sys_id')];
const idOnly = z.looseObject({ sys_id: snFieldSchema });

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows keyed by sys_id plus the newest server-side `sys_updated_on` seen. */
class Kept<R extends { sys_id?: SnField; sys_updated_on?: SnField }> {
  rows = new Map<string, R>();
  watermark: number | undefined;
  fullAt: number | undefined;

  needsFull(now: number): boolean {
    return this.watermark === undefined || this.fullAt === undefined || now - this.fullAt >= FULL_RESYNC_MS;
  }
  /** Server time, not ours: the instance clock decides what "updated since" means. */
  see(rows: readonly R[]): void {
    for (const r of rows) {
      const ms = parseSnDate(val(r.sys_updated_on));
      if (ms !== undefined && (this.watermark === undefined || ms > this.watermark)) this.watermark = ms;
    }
  }
  since(): string {
    return snDate((this.watermark ?? 0) - OVERLAP_MS);
  }
}

export interface IncidentSync {
  /** Current in-scope incidents, after a full load or a delta. */
  sync(signal: AbortSignal): Promise<Incident[]>;
  /** Group name or sys_id → sys_id (cached; throws INVALID for unknown names). */
  groupId(nameOrId: string, signal: AbortSignal): Promise<string>;
}

export function createIncidentSync(
  ctx: PluginContext<ServiceNowConfig>,
  sn: SnClient,
  groups: {
    resolve(signal: AbortSignal): Promise<string[] | undefined>;
    one(n: string, s: AbortSignal): Promise<string>;
  },
): IncidentSync {
  const { config } = ctx;
  const kept = new Kept<SnIncident>();
  const userQuery = raw(config.query);
  const mapOpts = { source: ctx.instance, instanceUrl: config.instanceUrl };
  const windowMs = config.resolvedWindowHours * 3_600_000;

  function inScope(row: SnIncident, groupIds: Set<string> | undefined, now: number): boolean {
    if (groupIds && !groupIds.has(val(row.assignment_group) ?? '')) return false;
    const state = val(row.state);
    const done = state === '6' || state === '7' || state === '8';
    if (!done) return val(row.active) !== 'false';
    const at = parseSnDate(val(row.resolved_at)) ?? parseSnDate(val(row.closed_at));
    return at !== undefined && at >= now - windowMs;
  }

  const list = (query: string, signal: AbortSignal) =>
    sn.list('incident', { query, fields: INCIDENT_FIELDS }, snIncidentSchema, signal);

  async function full(ids: string[] | undefined, now: number, signal: AbortSignal): Promise<SnIncident[]> {
    const groupCond = ids && cond('assignment_group', 'IN', ids);
    // Two legs: open work, and work resolved inside the MTTR window (possibly inactive already).
    const [open, recent] = await Promise.all([
      list(and('active=true', groupCond, userQuery, ...ORDER), signal),
      list(and(cond('resolved_at', '>=', snDate(now - windowMs)), groupCond, userQuery, ...ORDER), signal),
    ]);
    return [...open, ...recent];
  }

  /** Of these changed rows, which still match the user's query? Asked of the server, ids only. */
  async function matchingUserQuery(ids: string[], signal: AbortSignal): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunk(ids, IDS_PER_QUERY)) {
      const rows = await sn.list(
        'incident',
        { query: and(cond('sys_id', 'IN', part), userQuery, orderBy('sys_id')), fields: ['sys_id'] },
        idOnly,
        signal,
      );
      for (const r of rows) out.add(val(r.sys_id) ?? '');
    }
    return out;
  }

  let inFlight: { promise: Promise<Incident[]>; controller: AbortController; waiting: number } | undefined;
  return {
    groupId: (n, s) => groups.one(n, s),
    // listIncidents and listSlas may poll at the same moment; both share one sync so two
    // deltas never interleave their writes to the kept map. The shared run has its own
    // signal: one caller giving up must not fail the other, so it is aborted only when
    // every caller has given up.
    sync(signal) {
      if (!inFlight) {
        const controller = new AbortController();
        const entry = {
          controller,
          waiting: 0,
          promise: run(controller.signal).finally(() => {
            if (inFlight === entry) inFlight = undefined;
          }),
        };
        inFlight = entry;
      }
      const entry = inFlight;
      entry.waiting++;
      return new Promise<Incident[]>((resolve, reject) => {
        const leave = () => {
          entry.waiting--;
          if (entry.waiting === 0) entry.controller.abort(signal.reason);
          reject(signal.reason ?? new Error('cancelled'));
        };
        if (signal.aborted) return leave();
        signal.addEventListener('abort', leave, { once: true });
        entry.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
      });
    },
  };

  async function run(signal: AbortSignal): Promise<Incident[]> {
    const now = ctx.clock.now();
    const ids = await groups.resolve(signal);
    const groupSet = ids && new Set(ids);
    if (kept.needsFull(now)) {
      const rows = await full(ids, now, signal);
      kept.rows.clear();
      for (const r of rows) {
        const id = val(r.sys_id);
        if (id && inScope(r, groupSet, now)) kept.rows.set(id, r);
      }
      kept.see(rows);
      kept.watermark ??= now - 60_000;
      kept.fullAt = now;
    } else {
      const changed = await list(and(cond('sys_updated_on', '>=', kept.since()), ...ORDER), signal);
      const candidates = changed.filter((r) => val(r.sys_id) && inScope(r, groupSet, now));
      const keep = userQuery
        ? await matchingUserQuery(
            candidates.map((r) => val(r.sys_id)!),
            signal,
          )
        : undefined;
      for (const r of changed) {
        const id = val(r.sys_id);
        if (!id) continue;
        if (inScope(r, groupSet, now) && (!keep || keep.has(id))) kept.rows.set(id, r);
        else kept.rows.delete(id);
      }
      kept.see(changed);
    }
    // Resolved tickets age out of the MTTR window without being updated.
    for (const [id, r] of kept.rows) if (!inScope(r, groupSet, now)) kept.rows.delete(id);
    return [...kept.rows.values()].flatMap((r) => mapIncident(r, mapOpts) ?? []);
  }
}

/**
 * SLA clocks of the open incidents in scope. The scope is the incident sync's
 * own result, so a reassigned or closed ticket drops its clocks even when the
 * task_sla rows themselves were not touched.
 */
export function createSlaSync(
  ctx: PluginContext<ServiceNowConfig>,
  sn: SnClient,
  incidents: IncidentSync,
  groups: { resolve(signal: AbortSignal): Promise<string[] | undefined> },
): { sync(signal: AbortSignal): Promise<SlaClock[]> } {
  const kept = new Kept<SnTaskSla>();
  const mapOpts = { source: ctx.instance, instanceUrl: ctx.config.instanceUrl };
  let tasksBefore = new Set<string>();
  const list = (query: string, signal: AbortSignal) =>
    sn.list('task_sla', { query, fields: SLA_FIELDS }, snTaskSlaSchema, signal);

  return {
    async sync(signal) {
      const now = ctx.clock.now();
      const current = await incidents.sync(signal);
      const open = new Map(current.filter((i) => i.status !== 'resolved').map((i) => [i.id, i]));
      // Only running clocks can still breach or be saved: a finished SLA (achieved, or completed
      // late) is history, not risk, even while its ticket stays open.
      const wanted = (r: SnTaskSla) =>
        open.has(val(r.task) ?? '') && val(r.stage) !== 'cancelled' && val(r.active) !== 'false';
      let fetched: SnTaskSla[];
      if (kept.needsFull(now)) {
        const ids = await groups.resolve(signal);
        fetched = await list(
          and(
            'active=true',
            'task.active=true',
            'task.sys_class_name=incident',
            'stage!=cancelled',
            ids && cond('task.assignment_group', 'IN', ids),
            ...ORDER,
          ),
          signal,
        );
        kept.rows.clear();
        kept.fullAt = now;
      } else {
        fetched = await list(and(cond('sys_updated_on', '>=', kept.since()), ...ORDER), signal);
        // Tickets that entered the scope (e.g. reassigned to a watched group) bring clocks
        // that were not updated themselves, so the delta above would miss them.
        const entered = [...open.keys()].filter((id) => !tasksBefore.has(id));
        for (const part of chunk(entered, IDS_PER_QUERY)) {
          fetched.push(...(await list(and(cond('task', 'IN', part), 'stage!=cancelled', ...ORDER), signal)));
        }
      }
      for (const r of fetched) {
        const id = val(r.sys_id);
        if (!id) continue;
        if (wanted(r)) kept.rows.set(id, r);
        else kept.rows.delete(id);
      }
      kept.see(fetched);
      kept.watermark ??= now - 60_000;
      for (const [id, r] of kept.rows) if (!wanted(r)) kept.rows.delete(id);
      tasksBefore = new Set(open.keys());
      return [...kept.rows.values()].flatMap(
        (r) => mapSla(r, mapOpts, { incident: open.get(val(r.task) ?? '') }) ?? [],
      );
    },
  };
}
