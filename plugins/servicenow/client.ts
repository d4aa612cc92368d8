/**
 * ServiceNow Table API over the host's got instance: auth header, JSON checks,
 * offset paging in a stable order, and one PluginError per failure — never
 * echoing a secret.
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
import { type ServiceNowConfig, type SnField, snListSchema, snSingleSchema } from './schema.js';

type Http = PluginContext<ServiceNowConfig>['http'];
type RetryFn = NonNullable<Http['defaults']['options']['retry']['calculateDelay']>;
type Method = 'GET' | 'PATCH';

export interface ListOptions {
  /** Encoded query; must end in a stable ORDERBY (…^ORDERBYsys_id) for offset paging to be safe. */
  query: string;
  fields: readonly string[];
  /** Overrides config.pageSize (e.g. 1 for a probe). */
  limit?: number;
  /** Stop after the first page. */
  onePage?: boolean;
}

export interface SnClient {
  /** Every page of a table read; rows that fail `item` are skipped and logged. */
  list<T>(table: string, opts: ListOptions, item: ZodType<T>, signal: AbortSignal): Promise<T[]>;
  /** PATCH one record; never retried except after 429. Returns the updated record. */
  patch(table: string, sysId: string, body: Record<string, string>, signal: AbortSignal): Promise<unknown>;
  auth: Auth;
}

/** Common list parameters: display values for the UI beside raw values for logic, no link wrappers. */
export const DISPLAY_PARAMS = {
  sysparm_display_value: 'all',
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

export function createClient(ctx: PluginContext<ServiceNowConfig>): SnClient {
  const { config, instance } = ctx;
  const auth = createAuth(ctx, writeRetry);
  const base = `${config.instanceUrl}/api/now/table/`;

  async function send(
    method: Method,
    path: string,
    params: Record<string, string>,
    body: unknown,
    signal: AbortSignal,
  ): Promise<{ json: unknown; headers: Record<string, string | string[] | undefined> }> {
    const op = `${method} /api/now/table/${path.split('/')[0]}`;
    const write = method !== 'GET';
    const qs = new URLSearchParams(params).toString();
    const errCtx = { configKey: `connectors.${instance}`, write, redact: auth.redact, now: ctx.clock.now() };
    // Once more after a 401 with a fresh OAuth token: tokens can be revoked before expires_in.
    for (let attempt = 0; ; attempt++) {
      const authorization = await auth.header(signal);
      let res: { body: string; headers: Record<string, string | string[] | undefined> };
      try {
        res = await ctx.http(`${base}${path}${qs ? `?${qs}` : ''}`, {
          method,
          signal,
          responseType: 'text',
          headers: {
            authorization,
            accept: 'application/json',
            ...(write ? { 'content-type': 'application/json' } : {}),
          },
          ...(write ? { body: JSON.stringify(body), retry: writeRetry(ctx.http) } : {}),
        });
      } catch (err) {
        const status = (err as { response?: { statusCode?: number } }).response?.statusCode;
        if (status === 401 && attempt === 0 && auth.invalidate()) {
          ctx.log.info(`${op}: 401 with an OAuth token; refreshing and retrying once`);
          continue;
        }
        throw toPluginError(op, err, errCtx);
      }
      const ctype = res.headers['content-type'];
      if (looksLikeHtml(res.body, Array.isArray(ctype) ? ctype[0] : ctype)) {
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

  /**
   * X-Total-Count is known after the first page: refuse a read the ceiling cannot finish
   * (the queue would be silently cut short), and tighten the request budget to what the
   * count needs plus headroom for rows added while paging.
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
      pageBudget({ records: total, pageSize: limit, headroom: Math.max(2, Math.ceil(pages / 10)) }),
      `X-Total-Count ${total} at ${limit} per page, plus headroom for rows added while paging`,
    );
  }

  async function list<T>(table: string, opts: ListOptions, item: ZodType<T>, signal: AbortSignal) {
    const limit = opts.limit ?? config.pageSize;
    const endpoint = `ServiceNow GET /api/now/table/${table}`;
    const guard = createPageGuard({
      endpoint,
      maxRequests: pageBudget({ records: config.maxRecords, pageSize: limit }),
      budgetReason: `connectors.${instance}.maxRecords = ${config.maxRecords} rows at ${limit} per page`,
      hint: `If that many rows really match, narrow connectors.${instance}.assignmentGroups or query, or raise maxRecords.`,
    });
    const out: T[] = [];
    let offset = 0;
    let total: number | undefined;
    let skipped = 0;
    let firstIssue = '';
    for (;;) {
      const params = {
        sysparm_query: opts.query,
        sysparm_fields: opts.fields.join(','),
        ...DISPLAY_PARAMS,
        sysparm_limit: String(limit),
        sysparm_offset: String(offset),
      };
      guard.beforeRequest(`offset ${offset}`);
      const { json, headers } = await send('GET', table, params, undefined, signal);
      const page = snListSchema.safeParse(json);
      if (!page.success) {
        throw new PluginError(
          'BAD_RESPONSE',
          `ServiceNow answered GET /api/now/table/${table} without a result list`,
        );
      }
      const rows = page.data.result;
      if (total === undefined) {
        const n = Number(headers['x-total-count']);
        if (headers['x-total-count'] !== undefined && Number.isFinite(n) && n >= 0) {
          total = n;
          if (!opts.onePage) checkTotal(table, n, limit, guard);
        }
      }
      guard.afterPage(rows.map((r) => val((r as { sys_id?: SnField } | null)?.sys_id)));
      for (const [i, row] of rows.entries()) {
        const parsed = item.safeParse(row);
        if (parsed.success) out.push(parsed.data);
        else {
          skipped++;
          const issue = parsed.error.issues[0];
          firstIssue ||= `result[${offset + i}].${issue?.path.join('.')}: ${issue?.message}`;
        }
      }
      offset += rows.length;
      // A short page ends the list; so does a missing rel="next" when the server sends Link at all.
      const linkSays = headers.link === undefined ? true : hasNextLink(headers.link);
      if (opts.onePage || rows.length < limit || rows.length === 0 || !linkSays) break;
      if (total !== undefined && offset >= total) break;
    }
    if (total !== undefined && !opts.onePage && offset !== total) {
      // Rows moved between pages (offset paging drift); the next delta poll picks them up.
      ctx.log.warn(`GET /api/now/table/${table}: X-Total-Count said ${total}, paging returned ${offset}`);
    }
    if (skipped > 0) {
      const text = `skipped ${skipped} malformed ${table} rows (${firstIssue})`;
      if (out.length === 0) throw new PluginError('BAD_RESPONSE', `ServiceNow: ${text}`);
      ctx.log.warn(text);
    }
    return out;
  }

  async function patch(table: string, sysId: string, body: Record<string, string>, signal: AbortSignal) {
    const path = `${table}/${encodeURIComponent(sysId)}`;
    const params = { sysparm_fields: 'sys_id,number,state', ...DISPLAY_PARAMS };
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

  return { list, patch, auth };
}
