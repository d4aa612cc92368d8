/**
 * Loopback simulator of the Datadog endpoints the monitoring connector uses, over the shared
 * world. Monitors watch the world's services and hosts and alert while the world has an open
 * incident on them; SLOs spend error budget during those incidents; downtimes silence monitors
 * (or one group) and expire on the world's clock. As unkind as the real API:
 * - Two keys: `DD-API-KEY` on every call, `DD-APPLICATION-KEY` on all but `GET /api/v1/validate`;
 *   a bad or missing one → 403 `{"errors":["Forbidden"]}`.
 * - Paging differs per endpoint: monitors `page` (0-based) / `page_size` (≤ 1000, no `page` →
 *   everything), SLOs `limit`/`offset`, incidents `page[size]` (≤ 100) / `page[offset]`,
 *   downtimes `page[limit]`/`page[offset]`.
 * - Rate limits per endpoint family: `X-RateLimit-Limit/Period/Remaining/Reset/Name` on every
 *   answer; over the limit 429 (with an HTML body when `htmlOn429`).
 * - Incident management can be absent from the account (`incidents: 'forbidden' | 'missing'`).
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { LoopbackSim } from '../http/loopback-sim.js';
import type { SimRequest, SimResponse } from '../http/server.js';
import { Rng } from '../random.js';
import type { Service, World, Incident as WorldIncident } from '../world.js';

export interface DatadogSimOptions {
  world: World;
  clock: Clock;
  port?: number;
  apiKey?: string;
  appKey?: string;
  /** Requests per period per endpoint family (default 600 per 60 s). */
  rateLimit?: number;
  ratePeriodSeconds?: number;
  /** Clock of the rate windows (default real time). */
  rateClock?: () => number;
  /** Answer 429s with an HTML page instead of JSON (as some Datadog edges do). */
  htmlOn429?: boolean;
  /** Incident management: on (default), not bought (403) or not there (404). */
  incidents?: 'enabled' | 'forbidden' | 'missing';
  /** Extra monitors on top of the world's, for paging tests. */
  extraMonitors?: number;
}

export type DdState = 'OK' | 'Alert' | 'Warn' | 'No Data';

export interface SimMonitor {
  id: number;
  name: string;
  type: string;
  query: string;
  message: string;
  tags: string[];
  priority: number | null;
  created: number;
  /** The service it watches (null: a monitor about nothing in the world). */
  service: string | null;
  /** Its groups: one per host, or none for a simple monitor. */
  hosts: string[];
  /** How it reacts to an incident on its service: the incident host alerts; the others warn or not. */
  rule: 'errors' | 'cpu' | 'nodata' | 'quiet';
}

export interface SimDowntime {
  id: string;
  /** The v1 API's integer id of the same downtime (what `matching_downtimes` shows). */
  legacyId: number;
  monitorId: number | null;
  monitorTags: string[] | null;
  scope: string;
  start: number;
  end: number | null;
  canceledAt: number | null;
  created: number;
  modified: number;
  message: string;
  notifyEndStates: string[];
  notifyEndTypes: string[];
  muteFirstRecovery: boolean;
}

export interface SimSlo {
  id: string;
  name: string;
  service: string;
  target: number;
  warning: number;
  timeframe: '7d' | '30d';
  /** Error ratio outside incidents (percent). */
  baseline: number;
  created: number;
  tags: string[];
  monitorIds: number[];
}

interface DdIncident {
  uuid: string;
  publicId: number;
  worldId: string;
  state: string;
  severity: string;
  modified: number;
  resolved: number | null;
}

const JSON_TYPE = 'application/json';
const DAY_MS = 86_400_000;
const FORBIDDEN = { errors: ['Forbidden'] };

/** A stable UUID-shaped id from a string (the world's ids are deterministic; these are too). */
function uuidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const isoZ = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const secs = (ms: number) => Math.floor(ms / 1000);

/** Which endpoint family (rate-limit bucket) a path belongs to. */
function familyOf(path: string): string {
  if (path.startsWith('/api/v1/monitor')) return 'monitors_read';
  if (path.startsWith('/api/v1/slo')) return 'slo_read';
  if (path.startsWith('/api/v2/incidents')) return 'incidents';
  if (path.startsWith('/api/v2/downtime')) return 'downtimes';
  return 'general';
}

export class DatadogSim extends LoopbackSim {
  readonly apiKey: string;
  readonly appKey: string;
  readonly monitors: SimMonitor[] = [];
  readonly slos: SimSlo[] = [];
  readonly downtimes: SimDowntime[] = [];
  incidentsMode: 'enabled' | 'forbidden' | 'missing';
  private readonly world: World;
  private readonly clock: Clock;
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly incidents = new Map<string, DdIncident>();
  private nextPublicId = 200;
  private downtimeSeq = 0;

  constructor(private readonly options: DatadogSimOptions) {
    super(options.port, (status) => ({
      errors: [
        status === 429 ? 'Rate limit exceeded' : status >= 500 ? 'Internal Server Error' : 'simulated fault',
      ],
    }));
    this.world = options.world;
    this.clock = options.clock;
    this.apiKey = options.apiKey ?? 'dd-sim-api-key-0123456789abcdef0123';
    this.appKey = options.appKey ?? 'dd-sim-app-key-0123456789abcdef0123456789abcd';
    this.incidentsMode = options.incidents ?? 'enabled';
    this.build(options.extraMonitors ?? 0);
  }

  // ------------------------------------------------------------------ data

  private build(extra: number): void {
    const rng = new Rng(this.world.seed * 31 + 7);
    const created = this.world.start - 400 * DAY_MS;
    let id = 9_100_000;
    const add = (m: Omit<SimMonitor, 'id' | 'created'>) => {
      id += rng.int(1, 40);
      this.monitors.push({ ...m, id, created: created + rng.int(0, 300) * DAY_MS });
    };
    for (const s of this.world.services) {
      const team = this.world.team(s.teamId).name.toLowerCase();
      const tags = [`service:${s.name}`, `team:${team}`, 'env:prod'];
      const web = s.kind === 'web' || s.kind === 'net';
      add({
        name:
          s.name === 'checkout-api'
            ? '[prod] 💳 checkout-api error rate — café ✓'
            : `[prod] ${s.name} ${web ? 'error rate' : 'health'}`,
        type: web ? 'query alert' : 'service check',
        query: web
          ? `sum(last_5m):sum:trace.http.request.errors{service:${s.name},env:prod} by {host}.as_rate() > 5`
          : `"datadog.agent.up".over("service:${s.name}").by("host").last(2).count_by_status()`,
        message: `{{#is_alert}}${s.name} is failing on {{host.name}}{{/is_alert}} @pagerduty-${s.name}`,
        tags,
        priority: s.kind === 'web' || s.kind === 'db' ? 2 : 3,
        service: s.name,
        hosts: [...s.hosts],
        rule: 'errors',
      });
      add({
        name: `[prod] ${s.name} host CPU`,
        type: 'metric alert',
        query: `avg(last_10m):avg:system.cpu.user{service:${s.name}} by {host} > 90`,
        message: `CPU high on {{host.name}}`,
        tags: [...tags, 'resource:cpu'],
        priority: null,
        service: s.name,
        hosts: [...s.hosts],
        rule: 'cpu',
      });
    }
    // A host the CMDB forgot: its agent stopped reporting long ago (No Data, forever).
    add({
      name: '[prod] mail-relay queue depth',
      type: 'metric alert',
      query: 'avg(last_15m):avg:postfix.queue.size{service:mail-relay} by {host} > 500',
      message: 'Mail queue growing on {{host.name}}',
      tags: ['service:mail-relay', 'team:identity', 'env:prod'],
      priority: 4,
      service: 'mail-relay',
      hosts: ['mail-01', 'mail-02', 'mail-03'],
      rule: 'nodata',
    });
    // Monitors of a staging environment: never alert, filtered out by `monitorTags: [env:prod]`.
    for (let i = 0; i < 3 + extra; i++) {
      add({
        name: `[staging] synthetic check ${i + 1}`,
        type: 'synthetics alert',
        query: `synthetics check ${i + 1}`,
        message: '',
        tags: ['env:staging', 'team:platform'],
        priority: 5,
        service: null,
        hosts: [],
        rule: 'quiet',
      });
    }
    // The world's scripted outage (world/stories.ts): the monitor whose alert paged it, with the
    // id the paging incident quotes. It alerts while that incident is open on its host.
    const story = this.world.outage;
    if (story) {
      const s = this.world.service(story.serviceId);
      const team = this.world.team(s.teamId).name.toLowerCase();
      this.monitors.push({
        id: Number(story.monitorId),
        name: `[prod] Disk usage on ${story.host}`,
        type: 'metric alert',
        query: `avg(last_5m):avg:system.disk.in_use{host:${story.host}} by {host} > 0.95`,
        message: `Disk almost full on {{host.name}} @pagerduty-${s.name}`,
        tags: [`service:${s.name}`, `team:${team}`, 'env:prod', 'resource:disk'],
        priority: 1,
        created: created + 100 * DAY_MS,
        service: s.name,
        hosts: [story.host],
        rule: 'errors',
      });
    }
    const sloRng = new Rng(this.world.seed * 17 + 3);
    for (const s of this.world.services) {
      const target = s.name === 'auth-service' ? 99.95 : s.name === 'mail-relay' ? 99.5 : 99.9;
      // One objective runs over its budget from the start (payments-db): the breached row.
      const baseline =
        s.name === 'payments-db' ? (100 - target) * 1.08 : (100 - target) * (0.1 + sloRng.float() * 0.5);
      const monitorIds = this.monitors
        .filter((m) => m.service === s.name && m.rule === 'errors')
        .map((m) => m.id);
      this.slos.push({
        id: createHash('md5').update(`slo:${s.name}`).digest('hex').slice(0, 32),
        name: `${s.name} availability`,
        service: s.name,
        target,
        warning: Math.min(99.99, target + (100 - target) / 2),
        timeframe: s.kind === 'net' ? '7d' : '30d',
        baseline,
        created: created,
        tags: [`service:${s.name}`, 'env:prod'],
        monitorIds,
      });
    }
  }

  private serviceByName(name: string | null): Service | undefined {
    return name ? this.world.services.find((s) => s.name === name) : undefined;
  }

  /** Open world incidents of a service at `now`. */
  private openOn(service: Service): WorldIncident[] {
    return this.world.openIncidents().filter((i) => i.serviceId === service.id);
  }

  /** One group's state now: the incident's host alerts; the service's other hosts warn (error monitors). */
  groupState(m: SimMonitor, host: string): { state: DdState; triggered: number | null } {
    if (m.rule === 'quiet') return { state: 'OK', triggered: null };
    if (m.rule === 'nodata') {
      return host === 'mail-03' ? { state: 'No Data', triggered: null } : { state: 'OK', triggered: null };
    }
    const service = this.serviceByName(m.service);
    if (!service) return { state: 'OK', triggered: null };
    const open = this.openOn(service);
    const here = open.filter((i) => i.host === host && (m.rule === 'errors' || i.urgency === 'high'));
    if (here.length > 0) return { state: 'Alert', triggered: Math.min(...here.map((i) => i.createdAt)) };
    if (m.rule === 'errors' && open.some((i) => i.urgency === 'high')) {
      return { state: 'Warn', triggered: Math.min(...open.map((i) => i.createdAt)) };
    }
    return { state: 'OK', triggered: null };
  }

  private groupsOf(m: SimMonitor) {
    return m.hosts.map((h) => ({ name: `host:${h}`, host: h, ...this.groupState(m, h) }));
  }

  overallState(m: SimMonitor): DdState {
    const order: DdState[] = ['Alert', 'No Data', 'Warn', 'OK'];
    const states = this.groupsOf(m).map((g) => g.state);
    return order.find((s) => states.includes(s)) ?? 'OK';
  }

  /** Downtimes in force at `now` (not canceled, started, not ended). */
  activeDowntimes(now: number): SimDowntime[] {
    return this.downtimes.filter(
      (d) => d.canceledAt === null && d.start <= now && (d.end === null || now < d.end),
    );
  }

  private downtimeStatus(d: SimDowntime, now: number): string {
    if (d.canceledAt !== null) return 'canceled';
    if (d.end !== null && now >= d.end) return 'ended';
    return d.start > now ? 'scheduled' : 'active';
  }

  private covers(d: SimDowntime, m: SimMonitor): boolean {
    if (d.monitorId !== null) return d.monitorId === m.id;
    return (d.monitorTags ?? []).every((t) => t === '*' || m.tags.includes(t));
  }

  private monitorJson(m: SimMonitor, now: number, q: URLSearchParams) {
    const wanted = (q.get('group_states') ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const groups: Record<string, unknown> = {};
    if (wanted.length > 0) {
      for (const g of this.groupsOf(m)) {
        if (!wanted.includes('all') && !wanted.includes(g.state.toLowerCase())) continue;
        groups[g.name] = {
          name: g.name,
          status: g.state,
          last_triggered_ts: g.triggered === null ? 0 : secs(g.triggered),
          last_resolved_ts: 0,
          last_nodata_ts: g.state === 'No Data' ? secs(now - DAY_MS) : 0,
          last_notified_ts: g.triggered === null ? 0 : secs(g.triggered) + 10,
        };
      }
    }
    const out: Record<string, unknown> = {
      id: m.id,
      name: m.name,
      type: m.type,
      query: m.query,
      message: m.message,
      tags: m.tags,
      priority: m.priority,
      overall_state: this.overallState(m),
      multi: m.hosts.length > 0,
      created: isoZ(m.created),
      modified: isoZ(m.created + DAY_MS),
      options: { notify_no_data: m.rule === 'nodata', thresholds: { critical: 90 } },
      state: { groups },
    };
    if (q.get('with_downtimes') === 'true') {
      out.matching_downtimes = this.activeDowntimes(now)
        .filter((d) => this.covers(d, m))
        .map((d) => ({
          id: d.legacyId,
          start: secs(d.start),
          end: d.end === null ? null : secs(d.end),
          active: true,
          scope: [d.scope],
        }));
    }
    return out;
  }

  // ------------------------------------------------------------------ SLO arithmetic

  /** Percent of the span [from, to) that was bad for an SLO (baseline plus incidents). */
  badPercent(slo: SimSlo, from: number, to: number): number {
    const span = Math.max(1, to - from);
    const service = this.serviceByName(slo.service);
    let bad = (slo.baseline / 100) * span;
    if (service) {
      for (const i of this.world.incidents()) {
        if (i.serviceId !== service.id) continue;
        const end = i.resolvedAt ?? this.clock.now();
        const overlap = Math.min(end, to) - Math.max(i.createdAt, from);
        if (overlap <= 0) continue;
        // During an incident a share of requests fail: many for high urgency, few for low.
        bad += overlap * (i.urgency === 'high' ? 0.02 : 0.002);
      }
    }
    return Math.min(100, (bad / span) * 100);
  }

  sliOf(slo: SimSlo, from: number, to: number): number {
    return Math.round((100 - this.badPercent(slo, from, to)) * 10_000) / 10_000;
  }

  private sloJson(s: SimSlo) {
    return {
      id: s.id,
      name: s.name,
      type: 'metric',
      description: `Share of good requests to ${s.service}`,
      tags: s.tags,
      thresholds: [
        { timeframe: s.timeframe, target: s.target, target_display: String(s.target), warning: s.warning },
      ],
      target_threshold: s.target,
      warning_threshold: s.warning,
      timeframe: s.timeframe,
      query: {
        numerator: `sum:trace.http.request.hits{service:${s.service}}.as_count() - sum:trace.http.request.errors{service:${s.service}}.as_count()`,
        denominator: `sum:trace.http.request.hits{service:${s.service}}.as_count()`,
      },
      monitor_ids: s.monitorIds,
      created_at: secs(s.created),
      modified_at: secs(s.created),
    };
  }

  // ------------------------------------------------------------------ incidents

  /** Datadog incidents: one per open P1/P2 world incident, declared two minutes after it opened. */
  private syncIncidents(now: number): void {
    for (const i of this.world.incidents()) {
      const rank = i.priorityId ? this.world.priority(i.priorityId).rank : 9;
      if (rank > 2 || i.createdAt + 120_000 > now) continue;
      if (this.incidents.has(i.id)) {
        const known = this.incidents.get(i.id)!;
        if (i.status === 'resolved' && known.state !== 'resolved' && known.resolved === null) {
          known.state = 'resolved';
          known.resolved = i.resolvedAt ?? now;
          known.modified = known.resolved;
        }
        continue;
      }
      if (i.status === 'resolved') continue;
      this.incidents.set(i.id, {
        uuid: uuidOf(`dd-incident:${i.id}`),
        publicId: this.nextPublicId++,
        worldId: i.id,
        state: 'active',
        severity: rank === 1 ? 'SEV-1' : 'SEV-2',
        modified: i.createdAt + 120_000,
        resolved: null,
      });
    }
  }

  private incidentJson(d: DdIncident) {
    const i = this.world.incident(d.worldId);
    const service = this.world.service(i.serviceId);
    const declared = i.createdAt + 120_000;
    return {
      id: d.uuid,
      type: 'incidents',
      attributes: {
        public_id: d.publicId,
        title: `${service.name}: ${i.title}`,
        severity: d.severity,
        state: d.state,
        fields: {
          state: { type: 'dropdown', value: d.state },
          severity: { type: 'dropdown', value: d.severity },
          services: { type: 'autocomplete', value: [service.name] },
          summary: { type: 'textbox', value: `Host ${i.host}; PagerDuty incident #${i.number}` },
        },
        created: isoZ(declared),
        modified: isoZ(d.modified),
        detected: isoZ(i.createdAt),
        declared: isoZ(declared),
        resolved: d.resolved === null ? null : isoZ(d.resolved),
        customer_impacted: d.severity === 'SEV-1',
        time_to_internal_response: 120,
        time_to_resolve: d.resolved === null ? 0 : secs(d.resolved - i.createdAt),
        is_test: false,
      },
      relationships: {
        commander_user: { data: null },
      },
    };
  }

  // ------------------------------------------------------------------ HTTP

  private rate(family: string): { headers: Record<string, string>; over: boolean } {
    const limit = this.options.rateLimit ?? 600;
    const period = this.options.ratePeriodSeconds ?? 60;
    const t = (this.options.rateClock ?? Date.now)();
    // Windows are calendar-aligned, as Datadog's.
    const start = Math.floor(t / (period * 1000)) * period * 1000;
    let w = this.windows.get(family);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(family, w);
    }
    w.count++;
    return {
      over: w.count > limit,
      headers: {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Period': String(period),
        'X-RateLimit-Remaining': String(Math.max(0, limit - w.count)),
        'X-RateLimit-Reset': String(Math.max(1, Math.ceil((start + period * 1000 - t) / 1000))),
        'X-RateLimit-Name': family,
      },
    };
  }

  handle(req: SimRequest): SimResponse {
    const { headers: rateHeaders, over } = this.rate(familyOf(req.path));
    const reply = (status: number, body?: unknown): SimResponse => ({
      status,
      ...(body === undefined ? { raw: '' } : { raw: JSON.stringify(body) }),
      headers: { ...(body === undefined ? {} : { 'content-type': JSON_TYPE }), ...rateHeaders },
    });
    if (over) {
      if (this.options.htmlOn429) {
        return {
          status: 429,
          raw: '<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>',
          headers: { 'content-type': 'text/html', ...rateHeaders },
        };
      }
      return reply(429, { errors: ['Rate limit exceeded'] });
    }
    if (req.headers['dd-api-key'] !== this.apiKey) return reply(403, FORBIDDEN);
    if (req.method === 'GET' && req.path === '/api/v1/validate') return reply(200, { valid: true });
    if (req.headers['dd-application-key'] !== this.appKey) return reply(403, FORBIDDEN);
    const now = this.clock.now();
    this.world.tick(now);
    return this.route(req, now, reply);
  }

  private route(
    req: SimRequest,
    now: number,
    reply: (status: number, body?: unknown) => SimResponse,
  ): SimResponse {
    const { method, path, query: q } = req;
    const notFound = () => reply(404, { errors: ['Not found'] });
    const bad = (msg: string) => reply(400, { errors: [msg] });
    if (method === 'GET' && path === '/api/v1/monitor') {
      const tags = (q.get('monitor_tags') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      let list = this.monitors.filter((m) => tags.every((t) => m.tags.includes(t)));
      const name = q.get('name');
      if (name) list = list.filter((m) => m.name.toLowerCase().includes(name.toLowerCase()));
      const idOffset = q.get('id_offset');
      if (idOffset !== null) list = list.filter((m) => m.id > Number(idOffset));
      if (q.has('page')) {
        const page = Number(q.get('page'));
        const size = q.has('page_size') ? Number(q.get('page_size')) : 100;
        if (!Number.isInteger(page) || page < 0) return bad('Invalid page');
        if (!Number.isInteger(size) || size < 1 || size > 1000)
          return bad('page_size must be between 1 and 1000');
        list = list.slice(page * size, page * size + size);
      }
      return reply(
        200,
        list.map((m) => this.monitorJson(m, now, q)),
      );
    }
    const monitorGet = /^\/api\/v1\/monitor\/(\d+)$/.exec(path);
    if (method === 'GET' && monitorGet) {
      const m = this.monitors.find((x) => x.id === Number(monitorGet[1]));
      return m ? reply(200, this.monitorJson(m, now, q)) : notFound();
    }
    if (method === 'GET' && path === '/api/v1/slo') {
      const ids = q.get('ids')?.split(',');
      let list = ids ? this.slos.filter((s) => ids.includes(s.id)) : this.slos;
      const tagsQuery = q.get('tags_query');
      if (tagsQuery) list = list.filter((s) => s.tags.includes(tagsQuery.trim()));
      const limit = q.has('limit') ? Number(q.get('limit')) : 1000;
      const offset = q.has('offset') ? Number(q.get('offset')) : 0;
      if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
        return bad('Invalid limit or offset');
      }
      return reply(200, {
        data: list.slice(offset, offset + limit).map((s) => this.sloJson(s)),
        errors: [],
        metadata: { page: { total_count: this.slos.length, total_filtered_count: list.length } },
      });
    }
    const sloHistory = /^\/api\/v1\/slo\/([^/]+)\/history$/.exec(path);
    if (method === 'GET' && sloHistory) {
      const slo = this.slos.find((s) => s.id === sloHistory[1]);
      if (!slo) return notFound();
      const from = Number(q.get('from_ts'));
      const to = Number(q.get('to_ts'));
      if (!q.has('from_ts') || !q.has('to_ts') || !Number.isInteger(from) || !Number.isInteger(to)) {
        return bad('from_ts and to_ts (epoch seconds) are required');
      }
      if (to <= from) return bad('to_ts must be after from_ts');
      // Epoch milliseconds by mistake would be in the year 50,000: Datadog refuses them.
      if (to > 1e11) return bad('to_ts is too far in the future');
      const sli = this.sliOf(slo, from * 1000, Math.min(to * 1000, now));
      const budget = (t: number) => Math.round(((100 - t - (100 - sli)) / (100 - t)) * 100 * 1000) / 1000;
      const remaining: Record<string, number> = { [slo.timeframe]: budget(slo.target) };
      const custom = q.get('target');
      if (custom !== null) {
        const t = Number(custom);
        if (!(t > 0 && t < 100)) return bad('target must be between 0 and 100');
        remaining.custom = budget(t);
      }
      return reply(200, {
        data: {
          from_ts: from,
          to_ts: to,
          type: 'metric',
          type_id: 1,
          thresholds: {
            [slo.timeframe]: {
              timeframe: slo.timeframe,
              target: slo.target,
              target_display: String(slo.target),
              warning: slo.warning,
            },
          },
          overall: {
            name: slo.name,
            sli_value: sli,
            span_precision: 4,
            error_budget_remaining: remaining,
            errors: [],
            preview: false,
          },
        },
        errors: null,
      });
    }
    if (path.startsWith('/api/v2/incidents')) {
      if (this.incidentsMode === 'forbidden') return reply(403, FORBIDDEN);
      if (this.incidentsMode === 'missing') return notFound();
      this.syncIncidents(now);
      if (method === 'GET' && path === '/api/v2/incidents') {
        const size = q.has('page[size]') ? Number(q.get('page[size]')) : 10;
        const offset = q.has('page[offset]') ? Number(q.get('page[offset]')) : 0;
        if (!Number.isInteger(size) || size < 1 || size > 100)
          return bad('page[size] must be between 1 and 100');
        if (!Number.isInteger(offset) || offset < 0) return bad('Invalid page[offset]');
        const all = [...this.incidents.values()].sort((a, b) => b.publicId - a.publicId);
        const page = all.slice(offset, offset + size);
        return reply(200, {
          data: page.flatMap((d) => {
            try {
              return [this.incidentJson(d)];
            } catch {
              return []; // the world forgot the incident behind it
            }
          }),
          included: [],
          meta: { pagination: { offset, next_offset: offset + page.length, size: page.length } },
        });
      }
      const one = /^\/api\/v2\/incidents\/([^/]+)$/.exec(path);
      const d = one ? [...this.incidents.values()].find((x) => x.uuid === one[1]) : undefined;
      if (one && !d) return notFound();
      if (d && method === 'GET') return reply(200, { data: this.incidentJson(d) });
      if (d && method === 'PATCH') {
        let body: { data?: { type?: unknown; attributes?: { fields?: { state?: { value?: unknown } } } } };
        try {
          body = JSON.parse(req.body);
        } catch {
          return bad('Malformed JSON body');
        }
        if (body?.data?.type !== 'incidents') return bad('data.type must be "incidents"');
        const state = body.data.attributes?.fields?.state?.value;
        if (state !== undefined) {
          if (typeof state !== 'string' || !['active', 'stable', 'resolved'].includes(state)) {
            return bad(`Invalid state: ${String(state)}`);
          }
          d.state = state;
          d.resolved = state === 'resolved' ? now : null;
          d.modified = now;
        }
        return reply(200, { data: this.incidentJson(d) });
      }
      return notFound();
    }
    if (method === 'GET' && path === '/api/v2/downtime') {
      const current = q.get('current_only') === 'true';
      const list = current
        ? this.activeDowntimes(now)
        : this.downtimes.filter((d) => d.canceledAt === null || now - d.canceledAt < 2 * DAY_MS);
      const limit = q.has('page[limit]') ? Number(q.get('page[limit]')) : 30;
      const offset = q.has('page[offset]') ? Number(q.get('page[offset]')) : 0;
      if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
        return bad('Invalid page[limit] or page[offset]');
      }
      return reply(200, {
        data: list.slice(offset, offset + limit).map((d) => this.downtimeJson(d, now)),
        meta: { page: { total_filtered_count: list.length } },
      });
    }
    if (method === 'POST' && path === '/api/v2/downtime') return this.createDowntime(req, now, reply);
    const dt = /^\/api\/v2\/downtime\/([^/]+)$/.exec(path);
    if (dt) {
      const d = this.downtimes.find((x) => x.id === dt[1]);
      if (!d) return notFound();
      if (method === 'GET') return reply(200, { data: this.downtimeJson(d, now) });
      if (method === 'DELETE') {
        if (d.canceledAt === null) {
          d.canceledAt = now;
          d.modified = now;
        }
        return reply(204);
      }
    }
    return notFound();
  }

  private downtimeJson(d: SimDowntime, now: number) {
    return {
      id: d.id,
      type: 'downtime',
      attributes: {
        scope: d.scope,
        monitor_identifier:
          d.monitorId !== null ? { monitor_id: d.monitorId } : { monitor_tags: d.monitorTags },
        status: this.downtimeStatus(d, now),
        schedule: {
          start: isoZ(d.start),
          end: d.end === null ? null : isoZ(d.end),
          current_downtime: { start: isoZ(d.start), end: d.end === null ? null : isoZ(d.end) },
        },
        message: d.message,
        display_timezone: 'UTC',
        canceled: d.canceledAt === null ? null : isoZ(d.canceledAt),
        created: isoZ(d.created),
        modified: isoZ(d.modified),
        mute_first_recovery_notification: d.muteFirstRecovery,
        notify_end_states: d.notifyEndStates,
        notify_end_types: d.notifyEndTypes,
      },
    };
  }

  private createDowntime(
    req: SimRequest,
    now: number,
    reply: (status: number, body?: unknown) => SimResponse,
  ) {
    const bad = (msg: string) => reply(400, { errors: [msg] });
    let body: {
      data?: {
        type?: unknown;
        attributes?: {
          scope?: unknown;
          monitor_identifier?: { monitor_id?: unknown; monitor_tags?: unknown };
          schedule?: { start?: unknown; end?: unknown } | null;
          message?: unknown;
          notify_end_states?: unknown;
          notify_end_types?: unknown;
          mute_first_recovery_notification?: unknown;
        };
      };
    };
    try {
      body = JSON.parse(req.body);
    } catch {
      return bad('Malformed JSON body');
    }
    const a = body?.data?.attributes;
    if (body?.data?.type !== 'downtime' || !a) return bad('data.type must be "downtime" with attributes');
    if (typeof a.scope !== 'string' || a.scope.trim() === '') return bad('scope is required');
    const ident = a.monitor_identifier;
    const monitorId = typeof ident?.monitor_id === 'number' ? ident.monitor_id : null;
    const monitorTags = Array.isArray(ident?.monitor_tags) ? (ident.monitor_tags as string[]) : null;
    if (monitorId === null && monitorTags === null) return bad('monitor_identifier is required');
    if (monitorId !== null && !this.monitors.some((m) => m.id === monitorId)) {
      return bad(`Monitor ${monitorId} does not exist`);
    }
    const time = (v: unknown, what: string): number | null | string => {
      if (v === undefined || v === null) return null;
      if (typeof v !== 'string') return `${what} must be a string`;
      // Datadog wants UTC: an offset other than Z / +00:00 is refused.
      if (!/(Z|\+00:00)$/.test(v)) return `${what} must be in UTC`;
      const t = Date.parse(v);
      return Number.isNaN(t) ? `${what} is not a date` : t;
    };
    const start = time(a.schedule?.start, 'schedule.start');
    const end = time(a.schedule?.end, 'schedule.end');
    if (typeof start === 'string') return bad(start);
    if (typeof end === 'string') return bad(end);
    const from = start ?? now;
    if (end !== null && end <= from) return bad('schedule.end must be after schedule.start');
    const d: SimDowntime = {
      id: uuidOf(`downtime:${this.world.seed}:${++this.downtimeSeq}`),
      legacyId: 4_200_000 + this.downtimeSeq,
      monitorId,
      monitorTags,
      scope: a.scope,
      start: from,
      end,
      canceledAt: null,
      created: now,
      modified: now,
      message: typeof a.message === 'string' ? a.message : '',
      notifyEndStates: Array.isArray(a.notify_end_states)
        ? (a.notify_end_states as string[])
        : ['alert', 'no data', 'warn'],
      notifyEndTypes: Array.isArray(a.notify_end_types) ? (a.notify_end_types as string[]) : ['expired'],
      muteFirstRecovery: a.mute_first_recovery_notification === true,
    };
    this.downtimes.push(d);
    return reply(200, { data: this.downtimeJson(d, now) });
  }
}

export async function startDatadogSim(options: DatadogSimOptions): Promise<DatadogSim> {
  return new DatadogSim(options).listen();
}
