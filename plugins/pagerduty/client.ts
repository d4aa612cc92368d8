/**
 * PagerDuty REST v2 over the host's got instance: headers, region, classic
 * pagination, and the translation of every failure into a PluginError whose
 * message says what failed and how to fix it — without ever echoing the token.
 */

import { createPageGuard, type PluginContext, pageBudget } from 'itops-tui/plugin';
import type { ZodType } from 'zod';
import { PagerDutyError, toPluginError } from './errors.js';
import { type PagerDutyConfig, pdPageMetaSchema } from './schema.js';

export { PagerDutyError, retryAfterMs } from './errors.js';

export const PD_HOSTS = { us: 'https://api.pagerduty.com', eu: 'https://api.eu.pagerduty.com' } as const;
/** PagerDuty refuses any list request with offset + limit above this. */
export const MAX_OFFSET_WINDOW = 10_000;
const ACCEPT = 'application/vnd.pagerduty+json;version=2';

type Http = PluginContext<PagerDutyConfig>['http'];
type RetryFn = NonNullable<Http['defaults']['options']['retry']['calculateDelay']>;

export type QueryValue = string | number | boolean | readonly string[] | undefined;
/** Array parameters are named with their `[]` suffix, exactly as PagerDuty spells them. */
export type Query = Record<string, QueryValue>;

export function baseUrlFor(config: Pick<PagerDutyConfig, 'baseUrl' | 'region'>): string {
  return (config.baseUrl ?? PD_HOSTS[config.region === 'eu' ? 'eu' : 'us']).replace(/\/+$/, '');
}

/**
 * Serialise a query the way PagerDuty documents it: `statuses[]=a&statuses[]=b`.
 * URLSearchParams (and got's `searchParams`) would send `statuses%5B%5D=a`; PagerDuty
 * accepts that too, but the literal form is what its docs, spec and logs show.
 */
export function buildQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  return params.toString().replace(/%5B%5D=/g, '[]=');
}

export interface PdClient {
  /** Throws INVALID naming `connectors.<instance>.fromEmail` when writes cannot be attributed. */
  assertWritable(what: string): void;
  get<T>(path: string, query: Query, schema: ZodType<T>, signal: AbortSignal): Promise<T>;
  /** Every page of a classic-paginated list; items that do not parse are skipped and logged. */
  list<T>(path: string, key: string, query: Query, item: ZodType<T>, signal: AbortSignal): Promise<T[]>;
  write<T>(
    method: 'PUT' | 'POST',
    path: string,
    body: unknown,
    schema: ZodType<T>,
    signal: AbortSignal,
  ): Promise<T>;
}

export function createClient(ctx: PluginContext<PagerDutyConfig>): PdClient {
  const { config, instance } = ctx;
  const tokenKey = `connectors.${instance}.token`;
  let token: string | undefined;
  let api: Http | undefined;

  // Resolved on first use, not in setup(): a failing secret command then shows up
  // as this connector's error in the cockpit instead of refusing the connector.
  async function http(): Promise<Http> {
    if (api) return api;
    try {
      token = await ctx.secrets.resolve(config.token);
    } catch (err) {
      throw new PagerDutyError('AUTH', `Could not read the PagerDuty API token (${tokenKey}): ${msgOf(err)}`);
    }
    api = ctx.http.extend({
      prefixUrl: baseUrlFor(config),
      headers: {
        authorization: `Token token=${token}`,
        accept: ACCEPT,
        // The spec marks Content-Type required on every operation, GETs included.
        'content-type': 'application/json',
      },
    });
    return api;
  }

  const redact = (s: string) => (token && token.length >= 4 ? s.split(token).join('***') : s);
  const msgOf = (err: unknown) => redact(err instanceof Error ? err.message : String(err));

  function parseJson(op: string, raw: string): unknown {
    try {
      return JSON.parse(raw);
    } catch {
      const preview = raw.slice(0, 60).replace(/\s+/g, ' ');
      throw new PagerDutyError(
        'BAD_RESPONSE',
        `PagerDuty answered ${op} with a non-JSON body ("${redact(preview)}…"). ` +
          `Is connectors.${instance}.baseUrl/region pointing at the PagerDuty API (not a proxy or login page)?`,
      );
    }
  }

  function validate<T>(op: string, json: unknown, schema: ZodType<T>): T {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new PagerDutyError(
      'BAD_RESPONSE',
      `PagerDuty answered ${op} with an unexpected shape: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }

  function assertWritable(what: string): void {
    if (config.fromEmail) return;
    throw new PagerDutyError(
      'INVALID',
      `PagerDuty needs the email of a PagerDuty user to ${what}: set connectors.${instance}.fromEmail.`,
    );
  }

  async function send(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    query: Query,
    body: unknown,
    signal: AbortSignal,
  ): Promise<string> {
    const op = `${method} /${path}`;
    const write = method !== 'GET';
    if (write) assertWritable(op);
    const client = await http();
    const qs = buildQuery(query);
    try {
      const res = await client(qs ? `${path}?${qs}` : path, {
        method,
        signal,
        responseType: 'text',
        ...(write ? { headers: { from: config.fromEmail }, body: JSON.stringify(body) } : {}),
        ...(write ? { retry: writeRetry(client) } : {}),
      });
      return res.body;
    } catch (err) {
      const mapped = toPluginError(op, err, { tokenKey, write, redact, now: ctx.clock.now() });
      // Forget a rejected token: the next call (the user's `r`) resolves the secret again, so a
      // rotated {command} or {keychain} secret is picked up without a restart.
      if (mapped.code === 'AUTH') api = undefined;
      throw mapped;
    }
  }

  async function call<T>(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    query: Query,
    body: unknown,
    schema: ZodType<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const op = `${method} /${path}`;
    return validate(op, parseJson(op, await send(method, path, query, body, signal)), schema);
  }

  async function list<T>(path: string, key: string, query: Query, item: ZodType<T>, signal: AbortSignal) {
    const out: T[] = [];
    const limit = config.pageSize;
    // Pages of our own size reach the 10 000 window in this many requests; a server that
    // answers with smaller pages (or the same page again) is stopped rather than followed.
    const guard = createPageGuard({
      endpoint: `PagerDuty GET /${path}`,
      maxRequests: pageBudget({ records: MAX_OFFSET_WINDOW, pageSize: limit }),
      budgetReason: `${MAX_OFFSET_WINDOW} records, PagerDuty's offset window, at ${limit} per page`,
    });
    let offset = 0;
    let skipped = 0;
    let firstIssue = '';
    for (;;) {
      if (offset + limit > MAX_OFFSET_WINDOW) {
        // Returning the first 10 000 silently would under-count the queue; make the user narrow it.
        throw new PagerDutyError(
          'INVALID',
          `More than ${MAX_OFFSET_WINDOW} records match GET /${path}; PagerDuty cannot page past that. ` +
            `Narrow connectors.${instance}.serviceIds, teamIds or urgencies.`,
        );
      }
      guard.beforeRequest(`offset ${offset}`);
      const page = await call('GET', path, { ...query, limit, offset }, undefined, pageSchema(key), signal);
      const items = page[key] as unknown[]; // checked by pageSchema
      guard.afterPage(items.map(idOf));
      for (const [i, x] of items.entries()) {
        const parsed = item.safeParse(x);
        if (parsed.success) out.push(parsed.data);
        else {
          skipped++;
          const issue = parsed.error.issues[0];
          firstIssue ||= `${key}[${offset + i}].${issue?.path.join('.')}: ${issue?.message}`;
        }
      }
      if (page.more !== true || items.length === 0) break;
      // Offset is a record index; step by the page size the server actually used.
      offset += page.limit && page.limit > 0 ? page.limit : items.length;
    }
    if (skipped > 0) {
      const text = `skipped ${skipped} malformed ${key} from GET /${path} (${firstIssue})`;
      if (out.length === 0) throw new PagerDutyError('BAD_RESPONSE', `PagerDuty: ${text}`);
      ctx.log.warn(text);
    }
    return out;
  }

  return {
    get: (path, query, schema, signal) => call('GET', path, query, undefined, schema, signal),
    write: (method, path, body, schema, signal) => call(method, path, {}, body, schema, signal),
    list,
    assertWritable,
  };
}

/** A record's PagerDuty id, when it has one (the paging guard counts new ids per page). */
function idOf(x: unknown): string | undefined {
  const id = (x as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Page envelope with the resource array under `key` (its items are parsed one by one). */
function pageSchema(key: string) {
  return pdPageMetaSchema.refine((page) => Array.isArray(page[key]), {
    message: `expected a "${key}" list`,
    path: [key],
  });
}

/**
 * Writes are retried only on 429 (the vendor did not process them). A PUT that timed
 * out or hit a 5xx may have landed, and got's default policy treats PUT as
 * idempotent; an escalation or a note sent twice pages or writes twice. The host's
 * own delay calculation is kept for the 429 case, so its Retry-After rules still apply.
 */
function writeRetry(client: Http) {
  const hostDelay: RetryFn | undefined = client.defaults.options.retry.calculateDelay;
  const calculateDelay: RetryFn = (o) => {
    if (o.error.response?.statusCode !== 429) return 0;
    return hostDelay ? hostDelay(o) : o.computedValue;
  };
  return { methods: ['PUT' as const, 'POST' as const], statusCodes: [429], calculateDelay };
}
