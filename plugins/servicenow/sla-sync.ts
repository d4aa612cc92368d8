/**
 * SLA clocks (task_sla) of the open incidents in scope, synced like incidents:
 * a full load, then deltas on `sys_updated_on`, both paged by sys_id. The scope is
 * the incident sync's own result, so a reassigned or closed ticket drops its clocks
 * even when the task_sla rows themselves were not touched.
 */
import { chunk, type PluginContext, type SlaClock } from 'itops-tui/plugin';
import type { SnClient } from './client.js';
import type { Groups } from './groups.js';
import { IDS_PER_QUERY, Kept } from './kept.js';
import { mapSla, val } from './map.js';
import { and, cond } from './query.js';
import { type ServiceNowConfig, type SnTaskSla, snTaskSlaSchema } from './schema.js';
import type { IncidentSync } from './sync.js';

/**
 * Stored values plus the names shown (`task.number`, `sla.name`, `schedule.name`). A clock with a
 * schedule is measured in business time: `business_percentage` and `business_time_left`.
 */
export const SLA_FIELDS = [
  'sys_id',
  'task',
  'task.number',
  'sla',
  'sla.name',
  'stage',
  'has_breached',
  'percentage',
  'business_percentage',
  'business_time_left',
  'schedule',
  'schedule.name',
  'start_time',
  'planned_end_time',
  'pause_time',
  'pause_duration',
  'active',
  'sys_updated_on',
] as const;

export function createSlaSync(
  ctx: PluginContext<ServiceNowConfig>,
  sn: SnClient,
  incidents: IncidentSync,
  groups: Pick<Groups, 'resolve'>,
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
      let serverTime: number | undefined;
      if (kept.needsFull(now)) {
        const ids = await groups.resolve(signal);
        const loaded = await list(
          and(
            'active=true',
            'task.active=true',
            'task.sys_class_name=incident',
            'stage!=cancelled',
            ids && cond('task.assignment_group', 'IN', ids),
          ),
          signal,
        );
        fetched = loaded.rows;
        serverTime = loaded.serverTime;
        kept.rows.clear();
        kept.fullAt = now;
      } else {
        const delta = await list(cond('sys_updated_on', '>=', kept.since()), signal);
        fetched = delta.rows;
        serverTime = delta.serverTime;
        // Tickets that entered the scope (e.g. reassigned to a watched group) bring clocks
        // that were not updated themselves, so the delta above would miss them.
        const entered = [...open.keys()].filter((id) => !tasksBefore.has(id));
        for (const part of chunk(entered, IDS_PER_QUERY)) {
          fetched.push(...(await list(and(cond('task', 'IN', part), 'stage!=cancelled'), signal)).rows);
        }
      }
      for (const r of fetched) {
        const id = val(r.sys_id);
        if (!id) continue;
        if (wanted(r)) kept.rows.set(id, r);
        else kept.rows.delete(id);
      }
      kept.advance(fetched, serverTime, now - 60_000);
      for (const [id, r] of kept.rows) if (!wanted(r)) kept.rows.delete(id);
      tasksBefore = new Set(open.keys());
      return [...kept.rows.values()].flatMap(
        (r) => mapSla(r, mapOpts, { incident: open.get(val(r.task) ?? '') }) ?? [],
      );
    },
  };
}
