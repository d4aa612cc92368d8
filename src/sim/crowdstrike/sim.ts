/**
 * Loopback simulator of the CrowdStrike Falcon endpoints the endpoint connector uses, over the
 * shared world (see fleet.ts for the data). As unkind as the real API:
 * - OAuth2 client credentials: `POST /oauth2/token` answers 201; tokens expire (default 1799 s);
 *   a stale token gets 401, or with `expiredAs429` a 429 without `X-RateLimit-RetryAfter`.
 * - Every answer carries `X-CS-TRACEID`, `X-RateLimit-Limit`, `X-RateLimit-Remaining`; over the
 *   per-minute budget (default 6000, one window shared by every client, as per CID) a 429 with
 *   `X-RateLimit-RetryAfter` in epoch seconds.
 * - Hosts: scroll ids (limit ≤ 10000, opaque one-use offset token valid 2 minutes), offset ids
 *   (limit ≤ 5000, offset + limit ≤ 10000), details by POST (≤ 5000 ids) or GET (≤ 100 ids).
 * - Policies (combined, limit ≤ 5000), sensor builds, ZTA by ids (≤ 100; 404 when none scored).
 * - Containment: 202, the device `containment_pending` / `lift_containment_pending` until the
 *   world's clock passes the settle time; 409 when the opposite change is still pending.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { LoopbackSim } from '../http/loopback-sim.js';
import type { SimRequest, SimResponse } from '../http/server.js';
import type { World } from '../world.js';
import { CID, Fleet, type FleetOptions, type SimDevice, type SimPolicy } from './fleet.js';
import { compileFilter, compileSort, deviceFields, FqlError } from './fql.js';

export interface CrowdStrikeSimOptions {
  world: World;
  clock: Clock;
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Child CIDs an MSSP parent client may act in (`member_cid`). */
  memberCids?: string[];
  /** Access token lifetime in seconds (default 1799, as Falcon). */
  tokenTtlSeconds?: number;
  /** Clock tokens expire by (default real time). */
  tokenClock?: () => number;
  /** Requests per minute across all clients (default 6000). */
  ratePerMinute?: number;
  /** Clock of the rate window (default real time). */
  rateClock?: () => number;
  /** Answer an expired token with 429 and no RetryAfter (as Falcon is reported to), not 401. */
  expiredAs429?: boolean;
  /** The client may read only: containment answers 403. */
  readOnlyClient?: boolean;
  /** Hostile: the scroll endpoint answers the first page and the same token forever. */
  stuckScroll?: boolean;
  /** Region reported in `X-CS-Region` (default us-1). */
  region?: string;
  fleet?: FleetOptions;
}

const SCROLL_TTL_MS = 120_000;
const JSON_TYPE = 'application/json';

interface Scroll {
  ids: string[];
  pos: number;
  expiresAt: number;
}

export class CrowdStrikeSim extends LoopbackSim {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fleet: Fleet;
  readonly region: string;
  /** Tokens issued (for tests: how many renewals happened). */
  tokensIssued = 0;
  private readonly world: World;
  private readonly clock: Clock;
  private readonly tokens = new Map<string, { expiresAt: number; cid: string }>();
  private readonly scrolls = new Map<string, Scroll>();
  private readonly fields: ReturnType<typeof deviceFields>;
  private window = { start: 0, count: 0 };
  private traceSeq = 0;

  constructor(private readonly options: CrowdStrikeSimOptions) {
    super(options.port, (status) => ({
      meta: { query_time: 0.001, powered_by: 'crowdstrike-api-gateway', trace_id: 'fault' },
      errors: [{ code: status, message: status === 429 ? 'API rate limit exceeded.' : 'simulated fault' }],
    }));
    this.world = options.world;
    this.clock = options.clock;
    this.clientId = options.clientId ?? 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    this.clientSecret = options.clientSecret ?? 'sim-falcon-secret-Zq8xV2';
    this.region = options.region ?? 'us-1';
    this.fleet = new Fleet(options.world, options.fleet);
    this.fields = deviceFields((d, now) => this.fleet.lastSeenOf(d, now));
  }

  private tokenNow = () => (this.options.tokenClock ?? Date.now)();
  private rateNow = () => (this.options.rateClock ?? Date.now)();

  /** Forget every token (as a credential rotation would): the next call must log in again. */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** Expire every token now (they stay known: the expired-token answer is what is tested). */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }

  private meta(extra: Record<string, unknown> = {}) {
    return {
      query_time: 0.004,
      powered_by: 'device-api',
      trace_id: `0f1e2d3c-0000-4000-8000-${String(++this.traceSeq).padStart(12, '0')}`,
      ...extra,
    };
  }

  private rateHeaders(): Record<string, string> {
    const limit = this.options.ratePerMinute ?? 6000;
    return {
      'X-CS-TRACEID': `trace-${this.traceSeq}`,
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - this.window.count)),
    };
  }

  private reply(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
    return {
      status,
      raw: JSON.stringify(body),
      headers: { 'content-type': JSON_TYPE, ...this.rateHeaders(), ...headers },
    };
  }

  private error(status: number, message: string, extra: Record<string, unknown> = {}): SimResponse {
    return this.reply(status, {
      meta: this.meta(),
      resources: [],
      errors: [{ code: status, message }],
      ...extra,
    });
  }

  handle(req: SimRequest): SimResponse {
    // Count first: every request spends budget, refused ones included.
    const t = this.rateNow();
    if (t - this.window.start >= 60_000) this.window = { start: t, count: 0 };
    this.window.count++;
    const limit = this.options.ratePerMinute ?? 6000;
    if (this.window.count > limit) {
      const retryAt = Math.ceil((this.window.start + 60_000) / 1000);
      return this.reply(
        429,
        { meta: this.meta(), errors: [{ code: 429, message: 'API rate limit exceeded.' }] },
        { 'X-RateLimit-RetryAfter': String(retryAt) },
      );
    }
    const now = this.clock.now();
    this.fleet.tick(now);
    if (req.method === 'POST' && req.path === '/oauth2/token') return this.token(req);
    const auth = this.authorize(req);
    if (auth) return auth;
    try {
      return this.route(req, now);
    } catch (err) {
      if (err instanceof FqlError) return this.error(400, err.message);
      throw err;
    }
  }

  private token(req: SimRequest): SimResponse {
    const ctype = String(req.headers['content-type'] ?? '');
    if (!ctype.startsWith('application/x-www-form-urlencoded')) {
      return this.error(400, 'use Content-Type application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(req.body);
    const id = form.get('client_id');
    const secret = form.get('client_secret');
    if (!id || !secret) return this.error(400, 'client_id and client_secret are required');
    if (id !== this.clientId || secret !== this.clientSecret) {
      return this.error(403, 'access denied, invalid client credentials');
    }
    const member = form.get('member_cid');
    if (member && !(this.options.memberCids ?? []).includes(member)) {
      return this.error(403, 'access denied, the client is not authorized for that member CID');
    }
    const ttl = this.options.tokenTtlSeconds ?? 1799;
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { expiresAt: this.tokenNow() + ttl * 1000, cid: member ?? CID });
    this.tokensIssued++;
    return this.reply(
      201,
      { access_token: token, token_type: 'bearer', expires_in: ttl },
      { 'X-CS-Region': this.region },
    );
  }

  private authorize(req: SimRequest): SimResponse | undefined {
    const header = String(req.headers.authorization ?? '');
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    const known = token ? this.tokens.get(token) : undefined;
    if (!known) return this.error(401, 'access denied, invalid bearer token');
    if (known.expiresAt <= this.tokenNow()) {
      if (this.options.expiredAs429) {
        return this.reply(429, {
          meta: this.meta(),
          errors: [{ code: 429, message: 'API rate limit exceeded.' }],
        });
      }
      return this.error(401, 'access denied, authorization failed');
    }
    return undefined;
  }

  private limitOf(req: SimRequest, max: number, fallback = 100): number | SimResponse {
    const raw = req.query.get('limit');
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      return this.error(400, `limit must be an integer between 1 and ${max}`);
    }
    return n;
  }

  private route(req: SimRequest, now: number): SimResponse {
    const p = req.path;
    if (req.method === 'GET' && p === '/devices/queries/devices-scroll/v1') return this.scroll(req, now);
    if (req.method === 'GET' && p === '/devices/queries/devices/v1') return this.queryOffset(req, now);
    if (p === '/devices/entities/devices/v2') return this.details(req, now);
    if (req.method === 'POST' && p === '/devices/entities/devices-actions/v2') return this.action(req, now);
    if (req.method === 'GET' && p === '/policy/combined/prevention/v1')
      return this.policies(req, 'prevention');
    if (req.method === 'GET' && p === '/policy/combined/sensor-update/v2')
      return this.policies(req, 'sensor-update');
    if (req.method === 'GET' && p === '/policy/combined/sensor-update-builds/v1') return this.builds(req);
    if (req.method === 'GET' && p === '/zero-trust-assessment/entities/assessments/v1') return this.zta(req);
    return this.error(404, `no route for ${req.method} ${p}`);
  }

  /** Matching device ids in order, for a new listing. */
  private select(req: SimRequest, now: number): string[] {
    const filter = compileFilter(req.query.get('filter') ?? '', this.fields);
    const sort = compileSort(req.query.get('sort'), this.fields);
    const list = this.fleet.devices.filter((d) => filter(d, now));
    if (sort) list.sort((a, b) => sort(a, b, now));
    return list.map((d) => d.id);
  }

  private scroll(req: SimRequest, now: number): SimResponse {
    const limit = this.limitOf(req, 10_000);
    if (typeof limit !== 'number') return limit;
    const real = this.tokenNow();
    for (const [k, s] of this.scrolls) if (s.expiresAt <= real) this.scrolls.delete(k);
    const offset = req.query.get('offset');
    let scroll: Scroll;
    if (offset === null || offset === '') {
      scroll = { ids: this.select(req, now), pos: 0, expiresAt: 0 };
    } else {
      const found = this.scrolls.get(offset);
      if (!found) return this.error(400, 'invalid or expired scroll offset; start the query again');
      scroll = found;
      if (!this.options.stuckScroll) this.scrolls.delete(offset);
    }
    const ids = scroll.ids.slice(scroll.pos, scroll.pos + limit);
    const token = this.options.stuckScroll && offset ? offset : `${randomBytes(12).toString('base64url')}==`;
    const next: Scroll = {
      ids: scroll.ids,
      pos: this.options.stuckScroll ? scroll.pos : scroll.pos + ids.length,
      expiresAt: real + SCROLL_TTL_MS,
    };
    this.scrolls.set(token, next);
    return this.reply(200, {
      meta: this.meta({
        pagination: { offset: token, expires_at: next.expiresAt, total: scroll.ids.length, limit },
      }),
      resources: ids,
      errors: [],
    });
  }

  private queryOffset(req: SimRequest, now: number): SimResponse {
    const limit = this.limitOf(req, 5000);
    if (typeof limit !== 'number') return limit;
    const offset = Number(req.query.get('offset') ?? '0');
    if (!Number.isInteger(offset) || offset < 0)
      return this.error(400, 'offset must be a non-negative integer');
    if (offset + limit > 10_000) {
      return this.error(400, 'offset + limit must not exceed 10000; use the scroll endpoint for more');
    }
    const ids = this.select(req, now);
    return this.reply(200, {
      meta: this.meta({ pagination: { offset, limit, total: ids.length } }),
      resources: ids.slice(offset, offset + limit),
      errors: [],
    });
  }

  private details(req: SimRequest, now: number): SimResponse {
    let ids: string[];
    if (req.method === 'GET') {
      ids = req.query.getAll('ids');
      if (ids.length > 100) return this.error(400, 'at most 100 ids per GET; use POST for up to 5000');
    } else if (req.method === 'POST') {
      try {
        const body = JSON.parse(req.body) as { ids?: unknown };
        if (!Array.isArray(body.ids) || !body.ids.every((x) => typeof x === 'string')) throw new Error();
        ids = body.ids as string[];
      } catch {
        return this.error(400, 'body must be {"ids": [...]}');
      }
      if (ids.length > 5000) return this.error(400, 'at most 5000 ids per request');
    } else return this.error(405, 'use GET or POST');
    if (ids.length === 0) return this.error(400, 'ids is required');
    const resources = ids.flatMap((id) => {
      const d = this.fleet.byId.get(id);
      return d ? [this.device(d, now)] : [];
    });
    return this.reply(200, { meta: this.meta(), resources, errors: [] });
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** A device as `deviceapi.DeviceSwagger`. */
  device(d: SimDevice, now: number): Record<string, unknown> {
    const prevention = this.fleet.policy(d.prevention.policyId);
    const su = this.fleet.policy(d.sensorUpdate.policyId);
    return {
      device_id: d.id,
      cid: CID,
      hostname: d.hostname,
      ...(d.machineDomain ? { machine_domain: d.machineDomain } : {}),
      platform_name: d.platform,
      os_version: d.osVersion,
      product_type_desc: d.productType,
      agent_version: d.agentVersion,
      config_id_build: d.agentVersion.split('.')[2] ?? '',
      first_seen: this.iso(d.firstSeen),
      last_seen: this.iso(this.fleet.lastSeenOf(d, now)),
      modified_timestamp: this.iso(d.modified),
      status: d.status,
      reduced_functionality_mode: d.rfm,
      provision_status: 'Provisioned',
      filesystem_containment_status: 'normal',
      host_hidden_status: 'visible',
      tags: d.tags,
      groups: [],
      device_policies: {
        prevention: {
          policy_type: 'prevention',
          policy_id: d.prevention.policyId,
          applied: d.prevention.applied,
          applied_date: this.iso(d.prevention.appliedAt),
          assigned_date: this.iso(d.prevention.assignedAt),
          settings_hash: prevention ? prevention.id.slice(0, 8) : '',
        },
        sensor_update: {
          policy_type: 'sensor-update',
          policy_id: d.sensorUpdate.policyId,
          applied: d.sensorUpdate.applied,
          applied_date: this.iso(d.sensorUpdate.appliedAt),
          assigned_date: this.iso(d.sensorUpdate.assignedAt),
          settings_hash: su?.build ?? '',
          uninstall_protection: 'ENABLED',
        },
      },
    };
  }

  private action(req: SimRequest, now: number): SimResponse {
    const name = req.query.get('action_name');
    if (name !== 'contain' && name !== 'lift_containment') {
      return this.error(400, `action_name must be one of: contain, lift_containment (got ${name ?? 'none'})`);
    }
    if (this.options.readOnlyClient) return this.error(403, 'access denied, authorization failed');
    let ids: string[];
    try {
      const body = JSON.parse(req.body) as { ids?: unknown };
      if (!Array.isArray(body.ids) || body.ids.length === 0) throw new Error();
      ids = body.ids as string[];
    } catch {
      return this.error(400, 'body must be {"ids": [...]}');
    }
    if (ids.length > 100) return this.error(400, 'at most 100 ids per action');
    const devices = ids.map((id) => this.fleet.byId.get(id));
    if (devices.some((d) => !d)) return this.error(400, 'one or more device ids are unknown');
    for (const d of devices) {
      if (this.fleet.act(d!, name, now) === 'conflict') {
        return this.error(409, `${name} conflicts with the pending state of ${d!.id} (${d!.status})`);
      }
    }
    return this.reply(202, {
      meta: this.meta({ writes: { resources_affected: ids.length } }),
      resources: ids.map((id) => ({ id, path: '' })),
      errors: [],
    });
  }

  private policyJson(p: SimPolicy): Record<string, unknown> {
    const base = {
      cid: CID,
      created_by: 'admin@acme.example',
      created_timestamp: this.iso(p.created),
      description: `${p.name} (simulated)`,
      enabled: true,
      groups: [],
      id: p.id,
      modified_by: 'admin@acme.example',
      modified_timestamp: this.iso(p.modified),
      name: p.name,
      platform_name: p.platform,
    };
    if (p.kind === 'prevention') return { ...base, ioa_rule_groups: [], prevention_settings: [] };
    return {
      ...base,
      settings: {
        build: p.build ?? '',
        is_lts_build: false,
        scheduler: { enabled: false, schedules: [], timezone: 'UTC' },
        sensor_version: p.sensorVersion ?? '',
        show_early_adopter_builds: false,
        stage: 'prod',
        uninstall_protection: 'ENABLED',
        variants: [],
      },
    };
  }

  private policies(req: SimRequest, kind: SimPolicy['kind']): SimResponse {
    const limit = this.limitOf(req, 5000);
    if (typeof limit !== 'number') return limit;
    const offset = Number(req.query.get('offset') ?? '0');
    if (!Number.isInteger(offset) || offset < 0)
      return this.error(400, 'offset must be a non-negative integer');
    const all = this.fleet.policies.filter((p) => p.kind === kind);
    return this.reply(200, {
      meta: this.meta({ pagination: { offset, limit, total: all.length } }),
      resources: all.slice(offset, offset + limit).map((p) => this.policyJson(p)),
      errors: [],
    });
  }

  private builds(req: SimRequest): SimResponse {
    const platform = req.query.get('platform');
    const list = this.fleet.builds.filter(
      (b) => !platform || b.platform.toLowerCase() === platform.toLowerCase(),
    );
    return this.reply(200, {
      meta: this.meta(),
      resources: list.map((b) => ({
        build: b.build,
        is_lts_build: b.lts,
        platform: b.platform,
        sensor_version: b.sensorVersion,
        stage: b.stage,
      })),
      errors: [],
    });
  }

  private zta(req: SimRequest): SimResponse {
    const ids = req.query.getAll('ids');
    if (ids.length === 0) return this.error(400, 'ids is required');
    if (ids.length > 100) return this.error(400, 'at most 100 ids per request');
    const resources: unknown[] = [];
    const errors: unknown[] = [];
    for (const id of ids) {
      const d = this.fleet.byId.get(id);
      if (!d?.zta) {
        errors.push({ code: 404, message: `no assessment for ${id}` });
        continue;
      }
      resources.push({
        aid: d.id,
        cid: CID,
        assessment: {
          overall: d.zta.overall,
          os: d.zta.os,
          sensor_config: d.zta.sensorConfig,
          version: '3.7.0',
        },
        assessment_items: { os_signals: [], sensor_signals: [] },
        event_platform: d.platform === 'Mac' ? 'Mac' : d.platform === 'Linux' ? 'Lin' : 'Win',
        modified_time: this.iso(d.zta.modified),
        product_type_desc: d.productType,
        sensor_file_status: 'deployed',
        system_serial_number: d.id.slice(0, 10).toUpperCase(),
      });
    }
    // Falcon answers 404 when none of the hosts has a score.
    return this.reply(resources.length === 0 ? 404 : 200, { meta: this.meta(), resources, errors });
  }

  /** The world the fleet came from. */
  get worldSeed(): number {
    return this.world.seed;
  }
}

export async function startCrowdStrikeSim(options: CrowdStrikeSimOptions): Promise<CrowdStrikeSim> {
  return new CrowdStrikeSim(options).listen();
}
