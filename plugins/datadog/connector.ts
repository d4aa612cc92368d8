/**
 * The Datadog connector returned by setup(): monitors (firing or silenced) with their groups,
 * SLOs with budget and burn rate, v2 incidents where the account has Incident Management, mute
 * and unmute as v2 downtimes (their ids kept so they can be lifted), incident state changes,
 * and a health probe that reports the budget of each endpoint family.
 */
import {
  type ActionResult,
  type ActionValues,
  type Connector,
  createPageGuard,
  type HealthResult,
  type Incident,
  type Monitor,
  type MonitorMute,
  type MuteRequest,
  type PluginContext,
  PluginError,
  type Slo,
} from 'itops-tui/plugin';
import { z } from 'zod';
import { burnRateOf, timeframeMsOf } from './budget.js';
import { appUrlFor, createClient } from './client.js';
import { mapIncident, mapMonitor, mapSlo, muteOf, thresholdOf } from './map.js';
import {
  type DatadogConfig,
  downtimeListSchema,
  downtimeSchema,
  historySchema,
  incidentListSchema,
  incidentSchema,
  monitorSchema,
  sloListSchema,
  sloSchema,
} from './schema.js';

export const CAPABILITIES = [
  'monitors.read',
  'monitors.mute',
  'monitors.unmute',
  'slos.read',
  'incidents.read',
] as const;
export type DatadogCapability = (typeof CAPABILITIES)[number];

/**
 * Monitor states the stream keeps (OK monitors only when silenced: they can be unmuted). A state
 * word Datadog adds later reads `unknown` and is kept: hiding what is not understood could hide an alert.
 */
const FIRING = new Set(['alert', 'warn', 'no_data', 'unknown']);
/** Most monitors one listing reads. */
export const MAX_MONITORS = 100_000;
const INCIDENT_PAGE = 100;
const DOWNTIME_PAGE = 100;
const SLO_PAGE = 1000;
/** SLO history requests in flight at once (two per SLO). */
const SLO_PARALLEL = 4;

async function pool<T, R>(items: readonly T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

export function createConnector(ctx: PluginContext<DatadogConfig>): Connector<DatadogCapability> & {
  changeIncidentState(incident: Incident, values: ActionValues, signal: AbortSignal): Promise<ActionResult>;
} {
  const { config } = ctx;
  const api = createClient(ctx);
  const appUrl = appUrlFor(config);
  const source = ctx.instance;
  /** Incident Management answered 403/404: not bought or not enabled (said once, not an outage). */
  let incidentsAbsent: string | undefined;

  async function currentMutes(signal: AbortSignal): Promise<Map<number, MonitorMute[]>> {
    const out = new Map<number, MonitorMute[]>();
    const guard = createPageGuard({ endpoint: 'Datadog GET /api/v2/downtime', maxRequests: 100 });
    for (let offset = 0; ; offset += DOWNTIME_PAGE) {
      guard.beforeRequest(`offset ${offset}`);
      const page = await api.send('GET', 'api/v2/downtime', {
        query: { current_only: true, 'page[limit]': DOWNTIME_PAGE, 'page[offset]': offset },
        schema: downtimeListSchema,
        signal,
      });
      const rows = page.body?.data ?? [];
      const ids: string[] = [];
      for (const r of rows) {
        const d = downtimeSchema.safeParse(r);
        if (!d.success) continue;
        ids.push(d.data.id);
        const status = d.data.attributes?.status;
        if (status && status !== 'active') continue;
        const { monitorId, mute } = muteOf(d.data);
        if (monitorId === undefined) continue;
        out.set(monitorId, [...(out.get(monitorId) ?? []), mute]);
      }
      if (ids.length > 0) guard.afterPage(ids);
      const total = page.body?.meta?.page?.total_filtered_count;
      if (rows.length < DOWNTIME_PAGE || (typeof total === 'number' && offset + rows.length >= total)) break;
    }
    return out;
  }

  async function listMonitors(signal: AbortSignal): Promise<Monitor[]> {
    const mutes = await currentMutes(signal);
    const guard = createPageGuard({
      endpoint: 'Datadog GET /api/v1/monitor',
      maxRequests: Math.ceil(MAX_MONITORS / config.pageSize) + 1,
      budgetReason: `${MAX_MONITORS} monitors at ${config.pageSize} per page`,
    });
    const out: Monitor[] = [];
    let skipped = 0;
    for (let page = 0; ; page++) {
      guard.beforeRequest(`page ${page}`);
      const res = await api.send('GET', 'api/v1/monitor', {
        query: {
          page,
          page_size: config.pageSize,
          group_states: 'alert,warn,no data',
          with_downtimes: true,
          ...(config.monitorTags.length > 0 ? { monitor_tags: config.monitorTags.join(',') } : {}),
        },
        schema: z.array(z.unknown()),
        signal,
      });
      const rows = res.body ?? [];
      const ids: string[] = [];
      for (const r of rows) {
        const m = monitorSchema.safeParse(r);
        if (!m.success) {
          skipped++;
          continue;
        }
        ids.push(String(m.data.id));
        const mapped = mapMonitor(m.data, { source, appUrl, mutes });
        if (FIRING.has(mapped.state) || mapped.mutes.length > 0) out.push(mapped);
      }
      if (ids.length > 0) guard.afterPage(ids);
      // Pages are 0-based and the end is an empty or short page (there is no total).
      if (rows.length < config.pageSize) break;
    }
    if (skipped > 0) ctx.log.warn('monitors skipped: unreadable', { skipped });
    return out;
  }

  async function sloFigures(
    id: string,
    timeframe: string,
    target: number,
    windowMs: number,
    now: number,
    signal: AbortSignal,
  ) {
    const to = Math.floor(now / 1000);
    const [whole, recent] = await Promise.all([
      api.send('GET', `api/v1/slo/${encodeURIComponent(id)}/history`, {
        query: { from_ts: to - Math.floor(windowMs / 1000), to_ts: to },
        schema: historySchema,
        signal,
      }),
      api.send('GET', `api/v1/slo/${encodeURIComponent(id)}/history`, {
        query: { from_ts: to - config.burnWindowMinutes * 60, to_ts: to, target },
        schema: historySchema,
        signal,
      }),
    ]);
    const overall = whole.body?.data?.overall;
    const sli = overall?.sli_value ?? undefined;
    const budget = overall?.error_budget_remaining?.[timeframe] ?? undefined;
    const recentSli = recent.body?.data?.overall?.sli_value;
    const burn = typeof recentSli === 'number' ? burnRateOf(recentSli, target) : undefined;
    return {
      ...(typeof sli === 'number' && Number.isFinite(sli) ? { sli } : {}),
      ...(typeof budget === 'number' && Number.isFinite(budget) ? { budgetRemaining: budget } : {}),
      ...(burn !== undefined ? { burnRate: burn } : {}),
    };
  }

  async function listSlos(signal: AbortSignal): Promise<Slo[]> {
    const guard = createPageGuard({ endpoint: 'Datadog GET /api/v1/slo', maxRequests: 50 });
    const slos: z.output<typeof sloSchema>[] = [];
    for (let offset = 0; ; offset += SLO_PAGE) {
      guard.beforeRequest(`offset ${offset}`);
      const res = await api.send('GET', 'api/v1/slo', {
        query: { limit: SLO_PAGE, offset },
        schema: sloListSchema,
        signal,
      });
      const rows = res.body?.data ?? [];
      const ids: string[] = [];
      for (const r of rows) {
        const s = sloSchema.safeParse(r);
        if (!s.success) continue;
        if (
          config.monitorTags.length > 0 &&
          !config.monitorTags.every((t) => (s.data.tags ?? []).includes(t))
        ) {
          // SLOs carry the same team/service tags: the same filter keeps the cockpit to one scope.
          ids.push(s.data.id);
          continue;
        }
        ids.push(s.data.id);
        slos.push(s.data);
      }
      if (ids.length > 0) guard.afterPage(ids);
      const total = res.body?.metadata?.page?.total_filtered_count;
      if (rows.length < SLO_PAGE || (typeof total === 'number' && offset + rows.length >= total)) break;
    }
    const now = ctx.clock.now();
    const mapped = await pool(slos, SLO_PARALLEL, async (s) => {
      const t = thresholdOf(s);
      const windowMs = timeframeMsOf(t.timeframe);
      if (t.target === undefined || !(t.target > 0 && t.target < 100) || windowMs === undefined)
        return undefined;
      const figures = await sloFigures(s.id, t.timeframe, t.target, windowMs, now, signal);
      return mapSlo(s, { ...t, target: t.target, windowMs }, figures, {
        source,
        appUrl,
        readAt: now,
        burnWindowMs: config.burnWindowMinutes * 60_000,
      });
    });
    return mapped.filter((s): s is Slo => s !== undefined);
  }

  async function listIncidents(signal: AbortSignal): Promise<Incident[]> {
    if (!config.incidents) return [];
    const guard = createPageGuard({ endpoint: 'Datadog GET /api/v2/incidents', maxRequests: 100 });
    const out: Incident[] = [];
    for (let offset = 0; ; ) {
      guard.beforeRequest(`offset ${offset}`);
      const res = await api.send('GET', 'api/v2/incidents', {
        query: { 'page[size]': INCIDENT_PAGE, 'page[offset]': offset },
        schema: incidentListSchema,
        signal,
        accept: [403, 404],
      });
      if (res.status === 403 || res.status === 404) {
        if (!incidentsAbsent)
          ctx.log.info('incident management not enabled on this account', { status: res.status });
        incidentsAbsent = `Incident Management is not enabled for this account or key (HTTP ${res.status}); set incidents: false to stop asking.`;
        return [];
      }
      incidentsAbsent = undefined;
      const rows = res.body?.data ?? [];
      const ids: string[] = [];
      for (const r of rows) {
        const i = incidentSchema.safeParse(r);
        if (!i.success) continue;
        ids.push(i.data.id);
        const mapped = mapIncident(i.data, { source, appUrl });
        // Open incidents only: resolved ones are history, not queue.
        if (mapped && mapped.status !== 'resolved') out.push(mapped);
      }
      if (ids.length > 0) guard.afterPage(ids);
      const next = res.body?.meta?.pagination?.next_offset;
      if (rows.length < INCIDENT_PAGE || typeof next !== 'number' || next <= offset) break;
      offset = next;
    }
    return out;
  }

  async function mute(monitor: Monitor, input: MuteRequest, signal: AbortSignal): Promise<ActionResult> {
    const id = Number(monitor.monitorId);
    if (!Number.isSafeInteger(id))
      throw new PluginError('BAD_RESPONSE', `"${monitor.monitorId}" is not a Datadog monitor id`);
    const group = input.group?.trim();
    const now = ctx.clock.now();
    const end = input.minutes ? new Date(now + input.minutes * 60_000).toISOString() : null;
    const res = await api.send('POST', 'api/v2/downtime', {
      body: {
        data: {
          type: 'downtime',
          attributes: {
            scope: group || '*',
            monitor_identifier: { monitor_id: id },
            schedule: { start: null, ...(end ? { end } : {}) },
            message: `Muted from itops-tui (${source})`,
            display_timezone: 'UTC',
            mute_first_recovery_notification: false,
            notify_end_states: ['alert', 'no data', 'warn'],
            notify_end_types: ['canceled', 'expired'],
          },
        },
      },
      schema: z.looseObject({ data: downtimeSchema }),
      signal,
    });
    const downtime = res.body?.data;
    if (!downtime?.id) {
      throw new PluginError(
        'BAD_RESPONSE',
        `Datadog accepted the mute of monitor ${id} but returned no downtime id; check the monitor in Datadog.`,
      );
    }
    const what = group ? `group ${group} of monitor ${id}` : `monitor ${id}`;
    return {
      ok: true,
      message: `Muted ${what} ${end ? `until ${end.slice(0, 16).replace('T', ' ')} UTC` : 'until unmuted'} (downtime ${downtime.id})`,
    };
  }

  async function unmute(
    monitor: Monitor,
    input: { group?: string },
    signal: AbortSignal,
  ): Promise<ActionResult> {
    const id = Number(monitor.monitorId);
    // What is in force now, not only what the row showed: a mute set elsewhere is lifted too.
    const fresh = (await currentMutes(signal)).get(id) ?? [];
    const known = new Map<string, MonitorMute>();
    for (const m of [...monitor.mutes, ...fresh]) known.set(m.id, m);
    const targets = [...known.values()].filter((m) => !input.group || m.group === input.group);
    if (targets.length === 0) return { ok: true, alreadyDone: true, message: `Monitor ${id} is not muted` };
    let lifted = 0;
    for (const m of targets) {
      // 404: it ended or was canceled meanwhile; that is what was wanted.
      const res = await api.send('DELETE', `api/v2/downtime/${encodeURIComponent(m.id)}`, {
        schema: z.unknown(),
        signal,
        accept: [404],
      });
      if (res.status !== 404) lifted++;
    }
    return lifted === 0
      ? { ok: true, alreadyDone: true, message: `Monitor ${id}'s mutes had already ended` }
      : {
          ok: true,
          message: `Unmuted monitor ${id} (${lifted} downtime${lifted === 1 ? '' : 's'} canceled)`,
        };
  }

  async function changeIncidentState(
    incident: Incident,
    values: ActionValues,
    signal: AbortSignal,
  ): Promise<ActionResult> {
    const state = String(values.state ?? '');
    if (!['active', 'stable', 'resolved'].includes(state)) {
      throw new PluginError(
        'BAD_RESPONSE',
        `"${state}" is not a Datadog incident state (active, stable, resolved)`,
      );
    }
    if (incident.vendorStatus === state)
      return { ok: true, alreadyDone: true, message: `${incident.key} is already ${state}` };
    const res = await api.send('PATCH', `api/v2/incidents/${encodeURIComponent(incident.id)}`, {
      body: {
        data: {
          id: incident.id,
          type: 'incidents',
          attributes: { fields: { state: { type: 'dropdown', value: state } } },
        },
      },
      schema: z.looseObject({ data: incidentSchema }),
      signal,
    });
    const now = res.body?.data ? mapIncident(res.body.data, { source, appUrl }) : undefined;
    if (now && now.vendorStatus !== state) {
      throw new PluginError(
        'BAD_RESPONSE',
        `Datadog accepted the change of ${incident.key} but it still reads "${now.vendorStatus}"`,
      );
    }
    return { ok: true, message: `${incident.key} is now ${state}` };
  }

  return {
    listMonitors: (signal) => listMonitors(signal),
    listSlos: (signal) => listSlos(signal),
    listIncidents: (signal) => listIncidents(signal),
    mute,
    unmute,
    changeIncidentState,
    async health(signal): Promise<HealthResult> {
      try {
        await api.send('GET', 'api/v1/monitor', {
          query: { page: 0, page_size: 1 },
          schema: z.array(z.unknown()),
          signal,
        });
        const budgets = api
          .budgets()
          .map(
            (b) => `${b.name} ${b.remaining}/${b.limit}${b.periodSeconds ? ` per ${b.periodSeconds} s` : ''}`,
          );
        const extra = incidentsAbsent ? `; incidents: not enabled` : '';
        return {
          ok: true,
          detail: `keys accepted${budgets.length ? `, rate budget ${budgets.join(', ')}` : ''}${extra}`,
        };
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
