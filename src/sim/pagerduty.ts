/**
 * A PagerDuty REST API v2 simulator on 127.0.0.1: real paths, headers, auth,
 * pagination, rate limits and error bodies, over the shared seeded world.
 * The real connector talks to it over HTTP exactly as it talks to PagerDuty.
 */
import type { Clock } from './clock.js';
import { LoopbackSim } from './http/loopback-sim.js';
import type { SimRequest, SimResponse } from './http/server.js';
import type { Route, RouteContext } from './pagerduty/context.js';
import * as dir from './pagerduty/directory-routes.js';
import {
  faultBody,
  forbidden,
  fromWorldError,
  invalidInput,
  notFound,
  pdError,
  rateLimited,
  unauthorized,
} from './pagerduty/errors.js';
import * as inc from './pagerduty/incident-routes.js';
import { QueryError } from './pagerduty/query.js';
import { RateLimiter } from './pagerduty/rate-limit.js';
import { user as renderUser } from './pagerduty/render.js';
import * as write from './pagerduty/write-routes.js';
import { type User, type World, WorldError } from './world.js';

export interface PagerDutySimOptions {
  world: World;
  /** Simulated time; defaults to the world's clock. */
  clock?: Clock;
  port?: number;
  /** User API key: acts as `tokenUserId`. Default "pd-sim-user-token". */
  token?: string;
  /** Whose user key `token` is (default: the world's first user, who is also the default From). */
  tokenUserId?: string;
  /** Optional full-access account key: no "me", writes need a From header like every write. */
  accountToken?: string;
  /** Optional read-only account key: any write answers 403. */
  readOnlyToken?: string;
  /** Requests per minute per key (default 960, PagerDuty's REST limit). */
  rateLimitPerMinute?: number;
  /** Real-time source for the rate limiter (ms); injectable for tests. */
  rateClock?: () => number;
  /** Account subdomain for html_url links (default "acme-demo"). */
  subdomain?: string;
  /**
   * Base of `self` links (default https://api.pagerduty.com, as PagerDuty writes them). Not the
   * simulator's own URL: the spec types `self` as format "url", which rejects loopback addresses.
   */
  selfBase?: string;
}

type Key = { kind: 'user'; user: User } | { kind: 'account'; readOnly: boolean };

interface Endpoint {
  method: string;
  pattern: RegExp;
  route: Route;
  writes?: true;
  /** Only answered for user keys. */
  me?: true;
}

const ID = '([^/]+)';
const at = (path: string) => new RegExp(`^${path.replace(/\{id\}/g, ID)}/?$`);
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', pattern: at('/incidents'), route: inc.listIncidents },
  { method: 'PUT', pattern: at('/incidents'), route: write.updateIncidents, writes: true },
  { method: 'GET', pattern: at('/incidents/{id}'), route: inc.getIncident },
  { method: 'PUT', pattern: at('/incidents/{id}'), route: write.updateIncident, writes: true },
  { method: 'GET', pattern: at('/incidents/{id}/notes'), route: inc.listNotes },
  { method: 'POST', pattern: at('/incidents/{id}/notes'), route: write.createNote, writes: true },
  { method: 'POST', pattern: at('/incidents/{id}/snooze'), route: write.snoozeIncident, writes: true },
  { method: 'GET', pattern: at('/incidents/{id}/log_entries'), route: inc.listLogEntries },
  { method: 'GET', pattern: at('/log_entries'), route: inc.listAccountLogEntries },
  { method: 'GET', pattern: at('/oncalls'), route: dir.listOnCalls },
  { method: 'GET', pattern: at('/schedules'), route: dir.listSchedules },
  { method: 'GET', pattern: at('/schedules/{id}'), route: dir.getSchedule },
  { method: 'GET', pattern: at('/escalation_policies'), route: dir.listPolicies },
  { method: 'GET', pattern: at('/escalation_policies/{id}'), route: dir.getPolicy },
  { method: 'GET', pattern: at('/services'), route: dir.listServices },
  {
    method: 'GET',
    pattern: at('/users/me'),
    route: (c) => ({ status: 200, json: { user: renderUser(c, c.actor!) } }),
    me: true,
  },
  { method: 'GET', pattern: at('/users'), route: dir.listUsers },
  { method: 'GET', pattern: at('/priorities'), route: dir.listPriorities },
  { method: 'GET', pattern: at('/abilities'), route: dir.listAbilities },
];

const FROM_MISSING = 'You must specify a user\'s email address in the "From" header to perform this action';

export class PagerDutySim extends LoopbackSim {
  readonly world: World;
  readonly clock: Clock;
  readonly token: string;
  /** Email of the user behind `token`, a valid `From` for writes. */
  readonly fromEmail: string;
  readonly limiter: RateLimiter;
  /** Token → what kind of key it is (and whose, for user keys). */
  private readonly keys = new Map<string, Key>();
  private readonly web: string;
  private readonly selfBase: string;

  constructor(options: PagerDutySimOptions) {
    super(options.port, faultBody);
    this.world = options.world;
    this.clock = options.clock ?? options.world.clock;
    this.token = options.token ?? 'pd-sim-user-token';
    const owner = options.tokenUserId ? this.world.user(options.tokenUserId) : this.world.users[0]!;
    this.fromEmail = owner.email;
    this.keys.set(this.token, { kind: 'user', user: owner });
    if (options.accountToken) this.keys.set(options.accountToken, { kind: 'account', readOnly: false });
    if (options.readOnlyToken) this.keys.set(options.readOnlyToken, { kind: 'account', readOnly: true });
    this.limiter = new RateLimiter(options.rateLimitPerMinute ?? 960, options.rateClock);
    this.web = `https://${options.subdomain ?? 'acme-demo'}.pagerduty.com`;
    this.selfBase = (options.selfBase ?? 'https://api.pagerduty.com').replace(/\/+$/, '');
  }

  /**
   * Called before each authorised request is answered; tests change the world here "between
   * the pages" of a listing (drift, records changing mid-listing), as a busy account does.
   */
  beforeRequest: ((req: SimRequest) => void) | undefined;

  /** The presented token, if it is one of ours. */
  private caller(req: SimRequest): { token: string; key: Key } | undefined {
    const auth = String(req.headers.authorization ?? '');
    // API keys use "Token token=…"; OAuth tokens arrive as "Bearer …" and are treated alike.
    const token = (/^Token token=(.+)$/.exec(auth) ?? /^Bearer (.+)$/.exec(auth))?.[1]?.trim();
    const key = token === undefined ? undefined : this.keys.get(token);
    return token !== undefined && key ? { token, key } : undefined;
  }

  /** Answer one request (the HTTP plumbing, faults and recording live in http/server.ts). */
  handle(req: SimRequest): SimResponse {
    const caller = this.caller(req);
    if (!caller) return { ...unauthorized(), headers: this.limiter.peek() };
    const { token, key } = caller;
    const rate = this.limiter.take(token);
    const res = rate.allowed ? this.authorized(req, key) : rateLimited();
    return { ...res, headers: { ...res.headers, ...rate.headers } };
  }

  private authorized(req: SimRequest, key: Key): SimResponse {
    const accept = String(req.headers.accept ?? '');
    const version = /application\/vnd\.pagerduty\+json\s*;\s*version=(\d+)/.exec(accept)?.[1];
    if (!accept.includes('application/vnd.pagerduty+json') || (version !== undefined && version !== '2')) {
      return pdError(406, 2001, 'Not Acceptable', ['Send Accept: application/vnd.pagerduty+json;version=2']);
    }
    const endpoint = ENDPOINTS.find((e) => e.method === req.method && e.pattern.test(req.path));
    if (!endpoint) return notFound();
    const params = (endpoint.pattern.exec(req.path) ?? []).slice(1).map((p) => decodeURIComponent(p));

    this.beforeRequest?.(req);
    const now = this.clock.now();
    this.world.tick(now);
    const c: RouteContext = { world: this.world, api: this.selfBase, web: this.web, now };
    if (endpoint.me) {
      if (key.kind !== 'user') {
        return invalidInput(
          'This endpoint requires a user-level API key; account-level keys have no current user',
        );
      }
      c.actor = key.user;
    }
    if (endpoint.writes) {
      const refusal = this.checkWrite(req, key);
      if ('status' in refusal) return refusal;
      c.actor = refusal.actor;
    }
    try {
      return endpoint.route(c, req, params);
    } catch (err) {
      if (err instanceof QueryError) return err.response;
      if (err instanceof WorldError) return fromWorldError(err);
      throw err;
    }
  }

  /** Read-only keys, JSON bodies and the From header PagerDuty insists on for every write. */
  private checkWrite(req: SimRequest, key: Key): SimResponse | { actor: User } {
    if (key.kind === 'account' && key.readOnly) return forbidden('This API key is read-only');
    const type = String(req.headers['content-type'] ?? '');
    if (!type.includes('application/json')) return invalidInput('Content-Type must be application/json');
    const from = req.headers.from;
    if (typeof from !== 'string' || from.trim() === '') return pdError(400, 2016, FROM_MISSING);
    if (!/^[^@\s]+@[^@\s]+$/.test(from.trim())) return pdError(400, 1028, 'Malformed "From" header');
    const actor = this.world.userByEmail(from);
    if (!actor) return pdError(400, 1008, 'Requester User Not Found', [`No user with email ${from.trim()}`]);
    return { actor };
  }
}

export async function startPagerDutySim(options: PagerDutySimOptions): Promise<PagerDutySim> {
  return new PagerDutySim(options).listen();
}
