/**
 * PagerDuty REST v2 over the host's got instance: headers, region, classic pagination and
 * error translation, all through the connector toolkit in `itops-tui/plugin` — the
 * PagerDuty-specific parts are the error body, the hints and which config keys narrow
 * which endpoint. Never echoes the token.
 */

import {
  collectPages,
  type HttpErrorOptions,
  offsetPaging,
  type PluginContext,
  PluginError,
  type PluginErrorCode,
  toPluginError,
  writeRetry,
} from 'itops-tui/plugin';
import type { ZodType } from 'zod';
import { type PagerDutyConfig, pdErrorSchema, pdPageMetaSchema } from './schema.js';

export const PD_HOSTS = { us: 'https://api.pagerduty.com', eu: 'https://api.eu.pagerduty.com' } as const;
/** PagerDuty refuses any list request with offset + limit above this. */
export const MAX_OFFSET_WINDOW = 10_000;
const ACCEPT = 'application/vnd.pagerduty+json;version=2';

type Http = PluginContext<PagerDutyConfig>['http'];

/** Config keys that become a filter of some list request, and so can make it smaller. */
export type NarrowingKey = 'serviceIds' | 'teamIds' | 'urgencies' | 'escalationPolicyIds';

export interface ListOptions {
  /** The config keys this endpoint is filtered by: the only ones worth naming when it is too big. */
  narrow: readonly NarrowingKey[];
  /** Stop with an error past this many records (default: PagerDuty's 10,000 offset window). */
  maxRecords?: number;
}

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
  list<T>(
    path: string,
    key: string,
    query: Query,
    item: ZodType<T>,
    signal: AbortSignal,
    options: ListOptions,
  ): Promise<T[]>;
  write<T>(
    method: 'PUT' | 'POST',
    path: string,
    body: unknown,
    schema: ZodType<T>,
    signal: AbortSignal,
  ): Promise<T>;
}

/** PagerDuty's error body: its message, then each of `errors[]`, and its numeric code. */
export function pagerDutyErrorBody(body: string): { message?: string; code?: number } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const error = pdErrorSchema.safeParse(json).data?.error;
  if (!error) return undefined;
  const message = [error.message, ...(error.errors ?? []).map(String)].filter(Boolean).join(': ');
  return { ...(message ? { message } : {}), ...(typeof error.code === 'number' ? { code: error.code } : {}) };
}

/** "Narrow connectors.pd.serviceIds, teamIds or urgencies." — only the keys this endpoint sends. */
export function narrowingHint(instance: string, keys: readonly NarrowingKey[], path: string): string {
  if (keys.length === 0) return `No connector setting narrows GET /${path}.`;
  const list = keys.length === 1 ? keys[0] : `${keys.slice(0, -1).join(', ')} or ${keys[keys.length - 1]}`;
  return `Narrow connectors.${instance}.${list}.`;
}

export function createClient(ctx: PluginContext<PagerDutyConfig>): PdClient {
  const { config, instance } = ctx;
  const tokenKey = `connectors.${instance}.token`;
  let token: string | undefined;
  let api: Promise<Http> | undefined;

  // Resolved on first use, not in setup(): a failing secret command then shows up
  // as this connector's error in the cockpit instead of refusing the connector. Requests sent
  // together (the log probe beside the first page) share one resolution of the secret.
  function http(): Promise<Http> {
    api ??= connect().catch((err: unknown) => {
      api = undefined;
      throw err;
    });
    return api;
  }

  async function connect(): Promise<Http> {
    try {
      token = await ctx.secrets.resolve(config.token);
    } catch (err) {
      throw new PluginError('AUTH', `Could not read the PagerDuty API token (${tokenKey}): ${msgOf(err)}`);
    }
    return ctx.http.extend({
      prefixUrl: baseUrlFor(config),
      headers: {
        authorization: `Token token=${token}`,
        accept: ACCEPT,
        // The spec marks Content-Type required on every operation, GETs included.
        'content-type': 'application/json',
      },
    });
  }

  const redact = (s: string) => (token && token.length >= 4 ? s.split(token).join('***') : s);
  const msgOf = (err: unknown) => redact(err instanceof Error ? err.message : String(err));

  function parseJson(op: string, raw: string): unknown {
    try {
      return JSON.parse(raw);
    } catch {
      const preview = raw.slice(0, 60).replace(/\s+/g, ' ');
      throw new PluginError(
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
    throw new PluginError(
      'BAD_RESPONSE',
      `PagerDuty answered ${op} with an unexpected shape: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }

  function errorOptions(op: string, write: boolean): HttpErrorOptions {
    return {
      vendor: 'PagerDuty',
      op,
      write,
      redact,
      now: ctx.clock.now(),
      credentials: 'the API token',
      vendorError: pagerDutyErrorBody,
      hint: (code: PluginErrorCode) => {
        if (code === 'AUTH') return `Check ${tokenKey} (and region: an EU account needs region: eu).`;
        if (code !== 'FORBIDDEN') return undefined;
        return write
          ? `A read-only API key cannot change incidents; use a full-access or user key in ${tokenKey}.`
          : `The key in ${tokenKey} may lack access or the account the ability.`;
      },
    };
  }

  function assertWritable(what: string): void {
    if (config.fromEmail) return;
    throw new PluginError(
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
        ...(write ? { retry: writeRetry(client, ['PUT', 'POST']) } : {}),
      });
      return res.body;
    } catch (err) {
      const mapped = toPluginError(err, errorOptions(op, write));
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

  async function list<T>(
    path: string,
    key: string,
    query: Query,
    item: ZodType<T>,
    signal: AbortSignal,
    options: ListOptions,
  ): Promise<T[]> {
    const limit = config.pageSize;
    const narrow = narrowingHint(instance, options.narrow, path);
    const { items } = await collectPages(
      {
        endpoint: `PagerDuty GET /${path}`,
        // Pages of our own size reach the 10 000 window in this many requests; a server that
        // answers with smaller pages (or the same page again) is stopped rather than followed.
        maxRecords: options.maxRecords ?? MAX_OFFSET_WINDOW,
        budgetReason:
          options.maxRecords === undefined
            ? `${MAX_OFFSET_WINDOW} records, PagerDuty's offset window, at ${limit} per page`
            : `${options.maxRecords} ${key} at ${limit} per page`,
        hint: narrow,
        noun: key,
        item,
        log: ctx.log,
        style: offsetPaging({
          limit,
          window: {
            max: MAX_OFFSET_WINDOW,
            // Returning the first 10 000 silently would under-count the queue; make the user narrow it.
            error: () =>
              new PluginError(
                'INVALID',
                `More than ${MAX_OFFSET_WINDOW} records match GET /${path}; PagerDuty cannot page past that. ${narrow}`,
              ),
          },
        }),
        async fetchPage({ position, limit: size }, s) {
          const page = await call(
            'GET',
            path,
            { ...query, limit: size, offset: position },
            undefined,
            pageSchema(key),
            s,
          );
          return {
            rows: page[key] as unknown[], // an array: checked by pageSchema
            ...(typeof page.more === 'boolean' ? { more: page.more } : { more: false }),
            ...(page.limit && page.limit > 0 ? { limit: page.limit } : {}),
          };
        },
      },
      signal,
    );
    return items;
  }

  return {
    get: (path, query, schema, signal) => call('GET', path, query, undefined, schema, signal),
    write: (method, path, body, schema, signal) => call(method, path, {}, body, schema, signal),
    list,
    assertWritable,
  };
}

/** Page envelope with the resource array under `key` (its items are parsed one by one). */
function pageSchema(key: string) {
  return pdPageMetaSchema.refine((page) => Array.isArray(page[key]), {
    message: `expected a "${key}" list`,
    path: [key],
  });
}
