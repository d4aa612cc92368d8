/**
 * A ServiceNow Table API simulator on 127.0.0.1 over the shared seeded world:
 * Basic and OAuth auth, sessions, encoded queries, display modes, offset paging
 * with Link/X-Total-Count, incident updates with SLA effects, per-hour rate
 * rules, ServiceNow error bodies, and the unkind parts of a real instance in
 * `behaviour` (row and field ACLs, dropped conditions, business rules).
 * Faults and recording come from http/server.ts.
 */
import type { Clock } from '../clock.js';
import { LoopbackSim } from '../http/loopback-sim.js';
import type { SimRequest, SimResponse } from '../http/server.js';
import type { World } from '../world.js';
import { Authenticator } from './auth.js';
import { defaultBehaviour, type InstanceBehaviour } from './behaviour.js';
import { faultBody, invalidTable, notAuthenticated, snError } from './errors.js';
import { HourlyLimiter, type RateRule } from './rate-limit.js';
import { getRow, listRows, type TableCtx, updateRow } from './routes.js';
import { Sessions } from './sessions.js';
import { createRegistry } from './tables.js';
import {
  createServiceNowData,
  type ServiceNowData,
  type ServiceNowDataOptions,
  serviceNowOf,
} from './world.js';

export interface ServiceNowSimOptions {
  world: World;
  /** Simulated time; defaults to the world's clock. */
  clock?: Clock;
  port?: number;
  /** The ServiceNow data to serve (default: the one attached to `world`, created on first use). */
  data?: ServiceNowData;
  /** Used only when the world has no ServiceNow data yet. */
  dataOptions?: ServiceNowDataOptions;
  /** OAuth application registry entry (defaults itops-tui-sim / sn-sim-client-secret). */
  clientId?: string;
  clientSecret?: string;
  /** Access-token lifetime in seconds (default 1799). */
  tokenTtlSeconds?: number;
  /** Clock for token expiry, epoch ms (default real time; pass `() => clock.now()` for world time). */
  tokenClock?: () => number;
  /** An inbound REST rate-limit rule (default none, like a fresh instance). */
  rateLimit?: RateRule;
  /** Real-time source for the hourly rate windows (ms); injectable for tests. */
  rateClock?: () => number;
  /** Base of reference links and Link headers (default: the simulator's own URL). */
  instanceUrl?: string;
}

const TABLE = /^\/api\/now(?:\/v[12])?\/table\/([^/]+)\/?$/;
const RECORD = /^\/api\/now(?:\/v[12])?\/table\/([^/]+)\/([^/]+)\/?$/;

export class ServiceNowSim extends LoopbackSim {
  readonly world: World;
  readonly clock: Clock;
  readonly data: ServiceNowData;
  readonly auth: Authenticator;
  readonly limiter: HourlyLimiter;
  readonly tables = createRegistry();
  /** Realistic instance behaviour (ACLs, dropped conditions, business rules); tests change it. */
  readonly behaviour: InstanceBehaviour = defaultBehaviour();
  readonly sessions = new Sessions();

  constructor(private readonly options: ServiceNowSimOptions) {
    super(options.port, faultBody);
    this.world = options.world;
    this.clock = options.clock ?? options.world.clock;
    this.data =
      options.data ??
      (options.dataOptions
        ? createServiceNowData(options.world, options.dataOptions)
        : serviceNowOf(options.world));
    this.auth = new Authenticator(this.data, {
      clientId: options.clientId ?? 'itops-tui-sim',
      clientSecret: options.clientSecret ?? 'sn-sim-client-secret',
      ttlSeconds: options.tokenTtlSeconds ?? 1799,
      refreshTtlSeconds: 100 * 86_400,
      now: options.tokenClock ?? (() => Date.now()),
    });
    this.limiter = new HourlyLimiter(options.rateLimit, options.rateClock);
  }

  /** The integration user's credentials. */
  get username(): string {
    return this.data.dir.integration.user_name;
  }
  get password(): string {
    return this.data.dir.integration.password ?? '';
  }
  get clientId(): string {
    return this.auth.oauth.clientId;
  }
  get clientSecret(): string {
    return this.auth.oauth.clientSecret;
  }

  handle(req: SimRequest): SimResponse {
    const res = this.answer(req);
    // The instance's own clock: clients take "now" on the server from it (delta watermarks).
    return { ...res, headers: { ...res.headers, Date: new Date(this.clock.now()).toUTCString() } };
  }

  private answer(req: SimRequest): SimResponse {
    if (req.path === '/oauth_token.do') {
      return req.method === 'POST' ? this.auth.token(req) : snError(405, 'Method not Supported');
    }
    const user = this.auth.caller(req);
    if (!user) return notAuthenticated();
    const session = this.sessions.use(req, user.sys_id);
    const rate = this.limiter.take(user.user_name);
    const res = rate.allowed
      ? this.authorized(req, user)
      : snError(
          429,
          'Rate limit exceeded',
          `Rate limit of ${this.limiter.rule?.perHour} requests per hour exceeded`,
        );
    return { ...res, headers: { ...res.headers, ...rate.headers, ...session } };
  }

  private authorized(req: SimRequest, user: TableCtx['user']): SimResponse {
    const now = this.clock.now();
    this.world.tick(now);
    this.data.tick(now);
    const c: TableCtx = {
      data: this.data,
      now,
      user,
      tables: this.tables,
      base: (this.options.instanceUrl ?? this.url).replace(/\/+$/, ''),
      behaviour: this.behaviour,
    };
    const record = RECORD.exec(req.path);
    const list = record ? undefined : TABLE.exec(req.path);
    const name = decodeURIComponent((record ?? list)?.[1] ?? '');
    if (!record && !list) return snError(400, 'Requested URI does not represent any resource', req.path);
    const table = this.tables.get(name);
    if (!table) return invalidTable(name);
    if (list) {
      if (req.method === 'GET') return listRows(c, table, req);
      // Inserting records is outside what the cockpit does; the ACL answer is what a locked-down table gives.
      if (req.method === 'POST')
        return snError(403, 'Operation Failed', 'ACL Exception Insert Failed due to security constraints');
      return snError(405, 'Method not Supported', `${req.method} is not supported for this resource`);
    }
    const id = decodeURIComponent(record![2]!);
    if (req.method === 'GET') return getRow(c, table, id, req);
    if (req.method === 'PATCH' || req.method === 'PUT') return updateRow(c, table, id, req);
    if (req.method === 'DELETE')
      return snError(403, 'Operation Failed', 'ACL Exception Delete Failed due to security constraints');
    return snError(405, 'Method not Supported', `${req.method} is not supported for this resource`);
  }
}

export async function startServiceNowSim(options: ServiceNowSimOptions): Promise<ServiceNowSim> {
  return new ServiceNowSim(options).listen();
}
