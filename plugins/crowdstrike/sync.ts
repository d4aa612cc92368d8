/**
 * The hosts stream, kept between polls.
 *
 * A full load reads the policies and sensor builds, scrolls every device id to the end
 * (10,000 per page; the scroll token is opaque, one-use and lives 2 minutes, so it is never
 * stored past one listing), then fetches details in the largest batch Falcon allows (5000 ids
 * per POST) a few at a time, and the Zero Trust scores (100 ids per GET). Later polls ask only
 * for devices whose `modified_timestamp` is at or after the watermark minus an overlap, merge
 * them by device id (the overlap reads some again: the map de-duplicates), and a full reload
 * every `fullReloadHours` catches what a delta cannot see (hosts removed from the console, new
 * scores). The watermark is the newest `modified_timestamp` read: Falcon's own clock.
 */
import { chunk, createPageGuard, type Host, type PluginContext, PluginError } from 'itops-tui/plugin';
import { z } from 'zod';
import type { FalconClient } from './client.js';
import { buildKey, type MapContext, mapDevice } from './map.js';
import {
  assessmentSchema,
  buildSchema,
  CONSOLES,
  deviceSchema,
  envelope,
  type FalconBuild,
  type FalconConfig,
  type FalconDevice,
  type FalconPolicy,
  policySchema,
} from './schema.js';

/** Ids per scroll page (Falcon's maximum). */
export const SCROLL_LIMIT = 10_000;
/** Ids per POST details request (Falcon's maximum). */
export const DETAILS_BATCH = 5000;
/** Ids per ZTA request (repeated `ids=`; keeps the URL short). */
export const ZTA_BATCH = 100;
/** Re-read devices modified this long before the watermark. */
export const OVERLAP_MS = 2 * 60_000;
/** Most devices one listing reads before it stops (a fleet is at most this big here). */
export const MAX_DEVICES = 500_000;

const idsPage = envelope(z.string());
const devicesPage = envelope(deviceSchema.or(z.unknown()));
const policiesPage = envelope(policySchema.or(z.unknown()));
const buildsPage = envelope(buildSchema.or(z.unknown()));
const ztaPage = envelope(assessmentSchema.or(z.unknown()));

/** Run `fn` over `items` with at most `n` at once, results in order. */
async function pool<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

const fqlTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface HostSync {
  sync(signal: AbortSignal): Promise<Host[]>;
  /** Re-read some devices now (after a containment write), merged into the kept fleet. */
  refresh(ids: readonly string[], signal: AbortSignal): Promise<Host[]>;
  /** What the last sync cost, for logs and the bench. */
  readonly stats: { full: boolean; requests: number; devices: number } | undefined;
}

export function createHostSync(ctx: PluginContext<FalconConfig>, api: FalconClient): HostSync {
  const { config } = ctx;
  const kept = new Map<string, FalconDevice>();
  const zta = new Map<string, number>();
  const policies = new Map<string, FalconPolicy>();
  const builds = new Map<string, FalconBuild>();
  let watermark: number | undefined;
  let fullAt: number | undefined;
  let requests = 0;
  let stats: HostSync['stats'];
  let running: Promise<Host[]> | undefined;
  const skipped = (what: string, n: number) => {
    if (n > 0) ctx.log.warn(`skipped ${n} ${what} Falcon sent in an unexpected shape`);
  };

  async function get<T>(
    path: string,
    query: Parameters<FalconClient['get']>[1],
    schema: z.ZodType<T>,
    signal: AbortSignal,
  ) {
    requests++;
    return api.get(path, query, schema, signal);
  }

  async function loadPolicies(signal: AbortSignal) {
    const [prev, su, bl] = await Promise.all([
      get('policy/combined/prevention/v1', { limit: 5000 }, policiesPage, signal),
      get('policy/combined/sensor-update/v2', { limit: 5000 }, policiesPage, signal),
      get('policy/combined/sensor-update-builds/v1', {}, buildsPage, signal),
    ]);
    policies.clear();
    let bad = 0;
    for (const r of [...(prev.body.resources ?? []), ...(su.body.resources ?? [])]) {
      const p = policySchema.safeParse(r);
      if (p.success) policies.set(p.data.id, p.data);
      else bad++;
    }
    builds.clear();
    for (const r of bl.body.resources ?? []) {
      const b = buildSchema.safeParse(r);
      if (b.success && b.data.build && b.data.platform)
        builds.set(buildKey(b.data.platform, b.data.build), b.data);
      else bad++;
    }
    skipped('policies or builds', bad);
  }

  /** Every id matching `filter`, by scroll, to the end. */
  async function scrollIds(filter: string | undefined, signal: AbortSignal): Promise<string[]> {
    const guard = createPageGuard({
      endpoint: 'CrowdStrike Falcon GET /devices/queries/devices-scroll/v1',
      maxRequests: Math.ceil(MAX_DEVICES / SCROLL_LIMIT) + 2,
      budgetReason: `${MAX_DEVICES} hosts at ${SCROLL_LIMIT} per page`,
    });
    const ids: string[] = [];
    let offset: string | undefined;
    for (;;) {
      guard.beforeRequest(offset ?? '(first page)');
      const page = await get(
        'devices/queries/devices-scroll/v1',
        { limit: SCROLL_LIMIT, ...(filter ? { filter } : {}), ...(offset ? { offset } : {}) },
        idsPage,
        signal,
      );
      const got = page.body.resources ?? [];
      if (got.length > 0) guard.afterPage(got);
      ids.push(...got);
      const p = page.body.meta?.pagination;
      const next = typeof p?.offset === 'string' && p.offset !== '' ? p.offset : undefined;
      const total = typeof p?.total === 'number' ? p.total : undefined;
      // The end: an empty or short page, everything the total announced, or no token to go on.
      if (
        got.length === 0 ||
        got.length < SCROLL_LIMIT ||
        (total !== undefined && ids.length >= total) ||
        !next
      ) {
        return [...new Set(ids)];
      }
      offset = next;
    }
  }

  async function details(ids: readonly string[], signal: AbortSignal): Promise<FalconDevice[]> {
    const pages = await pool(chunk(ids, DETAILS_BATCH), config.parallel, async (part) => {
      requests++;
      return api.post('devices/entities/devices/v2', {}, { ids: part }, devicesPage, signal, false);
    });
    const out: FalconDevice[] = [];
    let bad = 0;
    for (const page of pages) {
      for (const r of page.body.resources ?? []) {
        const d = deviceSchema.safeParse(r);
        if (d.success) out.push(d.data);
        else bad++;
      }
    }
    skipped('devices', bad);
    return out;
  }

  async function scores(ids: readonly string[], signal: AbortSignal): Promise<void> {
    await pool(chunk(ids, ZTA_BATCH), config.parallel * 2, async (part) => {
      const page = await get('zero-trust-assessment/entities/assessments/v1', { ids: part }, ztaPage, signal);
      // 404: none of these hosts has a score (new, or an OS ZTA does not cover).
      for (const id of part) zta.delete(id);
      if (page.status === 404) return;
      for (const r of page.body.resources ?? []) {
        const a = assessmentSchema.safeParse(r);
        const overall = a.success ? a.data.assessment?.overall : undefined;
        if (a.success && typeof overall === 'number' && Number.isFinite(overall))
          zta.set(a.data.aid, overall);
      }
    });
  }

  function advance(devices: readonly FalconDevice[]) {
    for (const d of devices) {
      const t = d.modified_timestamp ? Date.parse(d.modified_timestamp) : Number.NaN;
      if (!Number.isNaN(t) && (watermark === undefined || t > watermark)) watermark = t;
    }
  }

  const mapContext = (): MapContext => ({
    source: ctx.instance,
    console: CONSOLES[config.cloud],
    policies,
    builds,
    zta,
  });

  // Unchanged devices map to the same Host objects poll after poll (the cockpit then re-judges
  // only what changed); a full load or new scores start afresh.
  let mapped = new WeakMap<FalconDevice, Host>();
  function mapAll(): Host[] {
    const m = mapContext();
    const out: Host[] = [];
    for (const d of kept.values()) {
      let h = mapped.get(d);
      if (!h) {
        h = mapDevice(d, m);
        mapped.set(d, h);
      }
      out.push(h);
    }
    return out;
  }

  async function run(signal: AbortSignal): Promise<Host[]> {
    const now = ctx.clock.now();
    requests = 0;
    const full =
      watermark === undefined || fullAt === undefined || now - fullAt >= config.fullReloadHours * 3_600_000;
    let read = 0;
    if (full) {
      const [, ids] = await Promise.all([loadPolicies(signal), scrollIds(undefined, signal)]);
      const [devices] = await Promise.all([details(ids, signal), scores(ids, signal)]);
      kept.clear();
      mapped = new WeakMap();
      for (const d of devices) kept.set(d.device_id, d);
      for (const id of zta.keys()) if (!kept.has(id)) zta.delete(id);
      watermark = undefined;
      advance(devices);
      fullAt = now;
      read = devices.length;
    } else {
      const since = fqlTime((watermark ?? 0) - OVERLAP_MS);
      const ids = await scrollIds(`modified_timestamp:>='${since}'`, signal);
      if (ids.length > 0) {
        const [devices] = await Promise.all([details(ids, signal), scores(ids, signal)]);
        for (const d of devices) kept.set(d.device_id, d);
        advance(devices);
        // A host referring to a policy not read yet (created since): read the policies again.
        const unknown = devices.some((d) =>
          ['prevention', 'sensor_update'].some((t) => {
            const id = d.device_policies?.[t]?.policy_id;
            return id && !policies.has(id);
          }),
        );
        if (unknown) {
          await loadPolicies(signal);
          mapped = new WeakMap();
        }
        read = devices.length;
      }
    }
    stats = { full, requests, devices: read };
    ctx.log.debug('hosts synced', stats);
    return mapAll();
  }

  return {
    get stats() {
      return stats;
    },
    sync(signal) {
      // Polls and a post-write refresh share one run: two deltas never interleave their merges.
      running ??= run(signal).finally(() => {
        running = undefined;
      });
      return running;
    },
    async refresh(ids, signal) {
      if (running) await running.catch(() => undefined);
      const devices = await details(ids, signal);
      if (devices.length === 0)
        throw new PluginError('NOT_FOUND', `Falcon no longer knows host ${ids.join(', ')}`);
      for (const d of devices) kept.set(d.device_id, d);
      const m = mapContext();
      return devices.map((d) => mapDevice(d, m));
    },
  };
}
