/**
 * ServiceNow Table API over the host's got instance: auth header and session
 * cookie, JSON checks, keyset paging (paging.ts) under the page guard, and one
 * PluginError per failure — never echoing a secret.
 */
import {
  createPageGuard,
  type PageGuard,
  type PluginContext,
  PluginError,
  pageBudget,
} from 'itops-tui/plugin';
import type { ZodType } from 'zod';
import { type Auth, createAuth } from './auth.js';
import { htmlError, looksLikeHtml, toPluginError } from './errors.js';
import { val } from './map.js';
import { keysetQuery, nextPosition, orderProblem, positionLabel, START } from './paging.js';
import { type ServiceNowConfig, type SnField, snListSchema, snSingleSchema } from './schema.js';
import { createSession } from './session.js';

type Http = PluginContext<ServiceNowConfig>['http'];
type RetryFn = NonNullable<Http['defaults']['options']['retry']['calculateDelay']>;
type Method = 'GET' | 'PATCH';
type Headers = Record<string, string | string[] | undefined>;

export interface ListOptions {
  /** Conditions only (no ORDERBY): the client orders and pages by sys_id itself. */
  query: string;
  fields: readonly string[];
  /** Overrides config.pageSize. */
  limit?: number;
}

export interface LookupOptions {
  query: string;
  fields: readonly string[];
  /** Rows wanted; one page, never paged. */
  limit: number;
}

export interface Listing<T> {
  rows: T[];
  /** The instance's clock (HTTP Date) when the first page was answered, epoch ms. */
  serverTime?: number;
}

export interface SnClient {
  /** Every row of a table read, paged by sys_id; rows that fail `item` are skipped and logged. */
  list<T>(table: string, opts: ListOptions, item: ZodType<T>, signal: AbortSignal): Promise<Listing<T>>;
  /** One page without a count (a user, a group, choice labels): the rows, or an empty list. */
  lookup<T>(table: string, opts: LookupOptions, item: ZodType<T>, signal: AbortSignal): Promise<T[]>;
  /**
   * PATCH one record; never retried except after 429. Returns the record as ServiceNow
   * stored it, `fields` with display values, so the caller can see what was applied.
   */
  patch(
    table: string,
    sysId: string,
    body: Record<string, string>,
    fields: readonly string[],
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
  auth: Auth;
}

/**
 * Reads ask for stored values only (`display_value=false`): names come from dot-walked
 * fields (`assigned_to.name`) and choice labels from sys_choice, which is less than half the
 * bytes of `display_value=all` (docs/decisions.md). No reference-link wrappers either.
 */
export const READ_PARAMS = {
  sysparm_display_value: 'false',
  sysparm_exclude_reference_link: 'true',
} as const;

/** `Link: <…>;rel="next"` present? */
export function hasNextLink(link: string | string[] | undefined): boolean {
  const value = Array.isArray(link) ? link.join(',') : (link ?? '');
  return /rel="?next"?/i.test(value);
}

/**
 * Writes are retried only on 429 (ServiceNow did not process them). A PATCH that
 * timed out may have landed; a work note sent twice shows twice. The host's own
 * delay calculation is kept so its Retry-After limits still apply.
 */
export function writeRetry(client: Http) {
  const hostDelay: RetryFn | undefined = client.defaults.options.retry.calculateDelay;
  const calculateDelay: RetryFn = (o) => {
    if (o.error.response?.statusCode !== 429) return 0;
    return hostDelay ? hostDelay(o) : o.computedValue;
  };
  return { methods: ['PATCH' as const, 'POST' as const], statusCodes: [429], calculateDelay };
}

const header = (h: Headers, name: string) => (Array.isArray(h[name]) ? h[name][0] : h[name]);

export function createClient(ctx: PluginContext<ServiceNowConfig>): SnClient {
  const { config, instance } = ctx;
  const auth = createAuth(ctx, writeRetry);
  const base = `${config.instanceUrl}/api/now/table/`;
  const session = createSession(config.instanceUrl.startsWith('https:'));

  async function send(
    method: Method,
    path: string,
    params: Record<string, string>,
    body: unknown,
    signal: AbortSignal,
  ): Promise<{ json: unknown; headers: Headers }> {
    const op = `${method} /api/now/table/${path.split('/')[0]}`;
    const write = method !== 'GET';
    const qs = new URLSearchParams(params).toString();
    const errCtx = { configKey: `connectors.${instance}`, write, redact: auth.redact, now: ctx.clock.now() };
    // Once more after a 401 with a fresh OAuth token: tokens can be revoked before expires_in.
    for (let attempt = 0; ; attempt++) {
      const authorization = await auth.header(signal);
      let res: { body: string; headers: Headers };
      try {
        res = await session.run((cookie) =>
          ctx.http(`${base}${path}${qs ? `?${qs}` : ''}`, {
            method,
            signal,
            responseType: 'text',
            headers: {
              authorization,
              accept: 'application/json',
              ...(cookie ? { cookie } : {}),
              ...(write ? { 'content-type': 'application/json' } : {}),
            },
            ...(write ? { body: JSON.stringify(body), retry: writeRetry(ctx.http) } : {}),
          }),
        );
      } catch (err) {
        const response = (err as { response?: { statusCode?: number } }).response;
        if (response?.statusCode === 401 && attempt === 0 && auth.invalidate()) {
          ctx.log.info(`${op}: 401 with an OAuth token; refreshing and retrying once`);
          continue;
        }
        throw toPluginError(op, err, errCtx);
      }
      if (looksLikeHtml(res.body, header(res.headers, 'content-type'))) {
        throw htmlError(op, `connectors.${instance}.instanceUrl`);
      }
      try {
        return { json: JSON.parse(res.body), headers: res.headers };
      } catch {
        const preview = auth.redact(res.body.slice(0, 60).replace(/\s+/g, ' '));
        throw new PluginError(
          'BAD_RESPONSE',
          `ServiceNow answered ${op} with a non-JSON body ("${preview}…")`,
        );
      }
    }
  }

  function resultList(json: unknown, table: string): unknown[] {
    const page = snListSchema.safeParse(json);
    if (!page.success) {
      throw new PluginError(
        'BAD_RESPONSE',
        `ServiceNow answered GET /api/now/table/${table} without a result list`,
      );
    }
    return page.data.result;
  }

  /**
   * X-Total-Count of the first page is the whole listing: refuse a read the ceiling cannot
   * finish (the queue would be silently cut short), and tighten the request budget to what
   * the count needs — twice over, since a page thinned out by ACLs advances less than a page.
   */
  function checkTotal(table: string, total: number, limit: number, guard: PageGuard): void {
    if (total > config.maxRecords) {
      throw new PluginError(
        'INVALID',
        `ServiceNow says ${total} ${table} rows match, more than connectors.${instance}.maxRecords ` +
          `(${config.maxRecords}). Narrow connectors.${instance}.assignmentGroups or query, or raise maxRecords.`,
      );
    }
    const pages = pageBudget({ records: total, pageSize: limit });
    guard.limitTo(
      2 * pages + Math.max(2, Math.ceil(pages / 10)),
      `X-Total-Count ${total} at ${limit} per page, twice for pages thinned out by read ACLs, plus headroom`,
    );
  }

  async function list<T>(table: string, opts: ListOptions, item: ZodType<T>, signal: AbortSignal) {
    const limit = opts.limit ?? config.pageSize;
    const endpoint = `ServiceNow GET /api/now/table/${table}`;
    const guard = createPageGuard({
      endpoint,
      maxRequests: 2 * pageBudget({ records: config.maxRecords, pageSize: limit }),
      budgetReason:
        `connectors.${instance}.maxRecords = ${config.maxRecords} rows at ${limit} per page, ` +
        'twice for pages thinned out by read ACLs',
      hint: `If that many rows really match, narrow connectors.${instance}.assignmentGroups or query, or raise maxRecords.`,
    });
    const out: T[] = [];
    let serverTime: number | undefined;
    let skipped = 0;
    let firstIssue = '';
    for (let pos = START, first = true; ; first = false) {
      guard.beforeRequest(positionLabel(pos));
      const params = {
        sysparm_query: keysetQuery(opts.query, pos),
        sysparm_fields: opts.fields.join(','),
        ...READ_PARAMS,
        sysparm_limit: String(limit),
        sysparm_offset: String(pos.skip),
      };
      const { json, headers } = await send('GET', table, params, undefined, signal);
      const rows = resultList(json, table);
      const count = Number(header(headers, 'x-total-count'));
      const total = header(headers, 'x-total-count') !== undefined && count >= 0 ? count : undefined;
      if (first) {
        const date = Date.parse(header(headers, 'date') ?? '');
        if (Number.isFinite(date)) serverTime = date;
        if (total !== undefined) checkTotal(table, total, limit, guard);
      }
      const ids = rows.map((r) => val((r as { sys_id?: SnField } | null)?.sys_id));
      guard.afterPage(ids);
      const disorder = orderProblem(pos, ids);
      if (disorder) {
        throw new PluginError(
          'BAD_RESPONSE',
          `${endpoint}: rows are not in sys_id order (${disorder}); paging relies on ORDERBYsys_id, stopped rather than skip rows`,
        );
      }
      for (const [i, row] of rows.entries()) {
        const parsed = item.safeParse(row);
        if (parsed.success) out.push(parsed.data);
        else {
          skipped++;
          const issue = parsed.error.issues[0];
          firstIssue ||= `row ${i} after ${positionLabel(pos)}: ${issue?.path.join('.')}: ${issue?.message}`;
        }
      }
      const link = headers.link === undefined ? undefined : hasNextLink(headers.link);
      const next = nextPosition(
        pos,
        { ids, ...(total !== undefined ? { total } : {}), ...(link !== undefined ? { next: link } : {}) },
        limit,
      );
      if (!next) break;
      pos = next;
    }
    if (skipped > 0) {
      const text = `skipped ${skipped} malformed ${table} rows (${firstIssue})`;
      if (out.length === 0) throw new PluginError('BAD_RESPONSE', `ServiceNow: ${text}`);
      ctx.log.warn(text);
    }
    return serverTime === undefined ? { rows: out } : { rows: out, serverTime };
  }

  async function lookup<T>(table: string, opts: LookupOptions, item: ZodType<T>, signal: AbortSignal) {
    const params = {
      sysparm_query: opts.query,
      sysparm_fields: opts.fields.join(','),
      ...READ_PARAMS,
      sysparm_limit: String(opts.limit),
      // The count is not used here: spare the instance the COUNT(*) and the Link header.
      sysparm_no_count: 'true',
      sysparm_suppress_pagination_header: 'true',
    };
    const { json } = await send('GET', table, params, undefined, signal);
    return resultList(json, table).flatMap((row) => {
      const parsed = item.safeParse(row);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async function patch(
    table: string,
    sysId: string,
    body: Record<string, string>,
    fields: readonly string[],
    signal: AbortSignal,
  ) {
    const path = `${table}/${encodeURIComponent(sysId)}`;
    // Display values here: a journal field (work_notes) shows its entries only there.
    const params = {
      sysparm_fields: ['sys_id', 'number', ...fields].join(','),
      sysparm_display_value: 'all',
      sysparm_exclude_reference_link: 'true',
    };
    const { json } = await send('PATCH', path, params, body, signal);
    const parsed = snSingleSchema.safeParse(json);
    if (!parsed.success) {
      throw new PluginError(
        'BAD_RESPONSE',
        `ServiceNow answered PATCH /api/now/table/${table} without a result`,
      );
    }
    return parsed.data.result;
  }

  return { list, lookup, patch, auth };
}
