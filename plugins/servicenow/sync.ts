/**
 * Incremental sync of the two read streams.
 *
 * The first call loads the whole scope. Later calls ask only for rows whose
 * `sys_updated_on` is at or after the watermark (kept.ts: the instance's time
 * when the previous load began, minus an overlap), merge them by sys_id into a
 * kept map, and return the whole current list. Every listing pages by sys_id
 * (client.ts `sysIdPaging`), so rows updated mid-load neither vanish nor repeat.
 *
 * The delta query deliberately does NOT repeat the scope filter (active, group).
 * A ticket that is closed or reassigned to another group is updated too, but it
 * no longer matches the scope — a filtered delta would never return it, and it
 * would stay on screen forever. So the delta fetches everything updated and the
 * scope is re-checked here: rows that still match are kept, the rest removed.
 * Parts of the scope only the server can evaluate (the user's `query`) are
 * re-checked with one cheap sys_id-only query over the changed rows.
 */
import { chunk, type Incident, type PluginContext } from 'itops-tui/plugin';
import { z } from 'zod';
import type { SnClient } from './client.js';
import type { Groups } from './groups.js';
import { checkQueryFields, loadChoiceLabels } from './instance-meta.js';
import { IDS_PER_QUERY, Kept } from './kept.js';
import { type ChoiceLabels, mapIncident, val } from './map.js';
import { and, cond, parseSnDate, raw, snDate } from './query.js';
import { type ServiceNowConfig, type SnIncident, snFieldSchema, snIncidentSchema } from './schema.js';

export { FULL_RESYNC_MS, IDS_PER_QUERY, OVERLAP_MS } from './kept.js';

/** Stored values for logic, plus the names the UI shows (dot-walked: no display values needed). */
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
  'assignment_group.name',
  'assigned_to',
  'assigned_to.name',
  'cmdb_ci',
  'cmdb_ci.name',
  'business_service',
  'business_service.name',
  'hold_reason',
  'caller_id',
  'caller_id.name',
  'description',
  'opened_at',
  'resolved_at',
  'closed_at',
  'sys_updated_on',
  'reopen_count',
  // Set by an integration that opened the ticket from another system (a paging incident's id).
  'correlation_id',
  'correlation_display',
] as const;

const idOnly = z.looseObject({ sys_id: snFieldSchema });

export interface IncidentSync {
  /** Current in-scope incidents, after a full load or a delta. */
  sync(signal: AbortSignal): Promise<Incident[]>;
  /** The instance's choice labels, once a full load could read them (the defaults apply until then). */
  labels(): ChoiceLabels | undefined;
}

export function createIncidentSync(
  ctx: PluginContext<ServiceNowConfig>,
  sn: SnClient,
  groups: Groups,
): IncidentSync {
  const { config } = ctx;
  const kept = new Kept<SnIncident>();
  const userQuery = raw(config.query);
  const windowMs = config.resolvedWindowHours * 3_600_000;
  let labels: ChoiceLabels | undefined;
  /** Each kept row's mapping, while the row object and the labels it was mapped with stay the same. */
  const mapped = new WeakMap<object, { labels: ChoiceLabels | undefined; incident: Incident | undefined }>();
  // Checked once (before the first load); a failed check is asked again at the next poll.
  let queryChecked: Promise<void> | undefined;
  const checkQuery = (signal: AbortSignal) => {
    queryChecked ??= checkQueryFields(sn, ctx, userQuery, signal).catch((err: unknown) => {
      queryChecked = undefined;
      throw err;
    });
    return queryChecked;
  };

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

  async function full(ids: string[] | undefined, now: number, signal: AbortSignal) {
    const groupCond = ids && cond('assignment_group', 'IN', ids);
    // Two legs: open work, and work resolved inside the MTTR window (possibly inactive already).
    const [open, recent] = await Promise.all([
      list(and('active=true', groupCond, userQuery), signal),
      list(and(cond('resolved_at', '>=', snDate(now - windowMs)), groupCond, userQuery), signal),
    ]);
    const times = [open.serverTime, recent.serverTime].filter((t): t is number => t !== undefined);
    return {
      rows: [...open.rows, ...recent.rows],
      serverTime: times.length > 0 ? Math.min(...times) : undefined,
    };
  }

  /** Of these changed rows, which still match the user's query? Asked of the server, ids only. */
  async function matchingUserQuery(ids: string[], signal: AbortSignal): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunk(ids, IDS_PER_QUERY)) {
      // At most IDS_PER_QUERY rows can match: one page, and no count needed.
      const rows = await sn.lookup(
        'incident',
        { query: and(cond('sys_id', 'IN', part), userQuery), fields: ['sys_id'], limit: part.length },
        idOnly,
        signal,
      );
      for (const r of rows) out.add(val(r.sys_id) ?? '');
    }
    return out;
  }

  let inFlight: { promise: Promise<Incident[]>; controller: AbortController; waiting: number } | undefined;
  return {
    labels: () => labels,
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
    await checkQuery(signal);
    const ids = await groups.resolve(signal);
    const groupSet = ids && new Set(ids);
    if (kept.needsFull(now)) {
      const [loaded, choices] = await Promise.all([
        full(ids, now, signal),
        loadChoiceLabels(sn, ctx, signal),
      ]);
      labels = choices ?? labels;
      kept.rows.clear();
      for (const r of loaded.rows) {
        const id = val(r.sys_id);
        if (id && inScope(r, groupSet, now)) kept.rows.set(id, r);
      }
      kept.advance(loaded.rows, loaded.serverTime, now - 60_000);
      kept.fullAt = now;
    } else {
      const delta = await list(cond('sys_updated_on', '>=', kept.since()), signal);
      const changed = delta.rows;
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
      kept.advance(changed, delta.serverTime, now - 60_000);
    }
    // Resolved tickets age out of the MTTR window without being updated.
    for (const [id, r] of kept.rows) if (!inScope(r, groupSet, now)) kept.rows.delete(id);
    const mapOpts = { source: ctx.instance, instanceUrl: config.instanceUrl, ...(labels ? { labels } : {}) };
    // A kept row that no delta replaced is the same object as last poll: map it once (per labels).
    const out: Incident[] = [];
    for (const r of kept.rows.values()) {
      let known = mapped.get(r);
      if (!known || known.labels !== labels) {
        known = { labels, incident: mapIncident(r, mapOpts) };
        mapped.set(r, known);
      }
      if (known.incident) out.push(known.incident);
    }
    return out;
  }
}
