/**
 * ServiceNow Table API over the host's got instance: auth header and session cookie, JSON
 * checks, and the connector toolkit in `itops-tui/plugin` for the rest — keyset paging on
 * sys_id under the page guard, one PluginError per failure (errors.ts holds what is
 * ServiceNow's own), writes retried only after 429. Never echoes a secret.
 */
import {
  collectPages,
  headerValue,
  type KeysetPosition,
  keysetPaging,
  nextLink,
  type PluginContext,
  PluginError,
  writeRetry,
} from 'itops-tui/plugin';
import type { ZodType } from 'zod';
import { type Auth, createAuth } from './auth.js';
import { htmlError, looksLikeHtml, serviceNowError } from './errors.js';
import { val } from './map.js';
import { and, cond, orderBy } from './query.js';
import { type ServiceNowConfig, type SnField, snListSchema, snSingleSchema } from './schema.js';
import { createSession } from './session.js';

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

/**
 * Paging by sys_id, the one key of a row that never changes (docs/decisions.md): offset paging
 * over `ORDERBYsys_updated_on` loses a row whenever another is updated between two pages. Read
 * ACLs hide rows after the page is cut, so a short or empty page is not the end; the toolkit's
 * keyset style steps past an emptied page by offset within the same key. Without a count and
 * without links (a proxy that strips both), a full page is the only hint that more may follow.
 */
export function sysIdPaging(limit: number) {
  return keysetPaging({ limit, keyOf: sysIdOf, keyName: 'sys_id', shortPageEnds: true });
}

const sysIdOf = (row: unknown) => val((row as { sys_id?: SnField } | null)?.sys_id);

/** A page's query: the conditions, the keyset condition, and the order it relies on. */
export function keysetQuery(conditions: string, pos: KeysetPosition): string {
  return and(conditions, pos.after !== undefined && cond('sys_id', '>', pos.after), orderBy('sys_id'));
}

/** X-Total-Count: the rows the request matches, rows hidden by read ACLs included. */
function totalCount(headers: Headers): number | undefined {
  const raw = headerValue(headers, 'x-total-count');
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function createClient(ctx: PluginContext<ServiceNowConfig>): SnClient {
  const { config, instance } = ctx;
  const auth = createAuth(ctx);
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
            ...(write ? { body: JSON.stringify(body), retry: writeRetry(ctx.http, ['PATCH']) } : {}),
          }),
        );
      } catch (err) {
        const response = (err as { response?: { statusCode?: number } }).response;
        if (response?.statusCode === 401 && attempt === 0 && auth.invalidate()) {
          ctx.log.info(`${op}: 401 with an OAuth token; refreshing and retrying once`);
          continue;
        }
        throw serviceNowError(op, err, errCtx);
      }
      if (looksLikeHtml(res.body, headerValue(res.headers, 'content-type'))) {
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

  async function list<T>(table: string, opts: ListOptions, item: ZodType<T>, signal: AbortSignal) {
    const limit = opts.limit ?? config.pageSize;
    const key = `connectors.${instance}`;
    let serverTime: number | undefined;
    let first = true;
    const { items } = await collectPages(
      {
        endpoint: `ServiceNow GET /api/now/table/${table}`,
        style: sysIdPaging(limit),
        idOf: sysIdOf,
        item,
        noun: `${table} rows`,
        log: ctx.log,
        maxRecords: config.maxRecords,
        budgetReason: `${key}.maxRecords = ${config.maxRecords} rows at ${limit} per page, twice for pages thinned out by read ACLs`,
        totalReason: (total) =>
          `X-Total-Count ${total} at ${limit} per page, twice for pages thinned out by read ACLs, plus headroom`,
        hint: `If that many rows really match, narrow ${key}.assignmentGroups or query, or raise maxRecords.`,
        // The count of the first page is the whole listing: refuse a read the ceiling cannot
        // finish rather than cut the queue short without a word.
        onTotal(total) {
          if (total <= config.maxRecords) return;
          throw new PluginError(
            'INVALID',
            `ServiceNow says ${total} ${table} rows match, more than ${key}.maxRecords ` +
              `(${config.maxRecords}). Narrow ${key}.assignmentGroups or query, or raise maxRecords.`,
          );
        },
        async fetchPage({ position, limit: size }, s) {
          const params = {
            sysparm_query: keysetQuery(opts.query, position),
            sysparm_fields: opts.fields.join(','),
            ...READ_PARAMS,
            sysparm_limit: String(size),
            sysparm_offset: String(position.skip),
          };
          const { json, headers } = await send('GET', table, params, undefined, s);
          if (first) {
            first = false;
            const date = Date.parse(headerValue(headers, 'date') ?? '');
            if (Number.isFinite(date)) serverTime = date;
          }
          const rows = resultList(json, table);
          const total = totalCount(headers);
          // X-Total-Count ends the listing; Link rel="next" stands in when the count is missing.
          if (total !== undefined) return { rows, total };
          return headers.link === undefined ? { rows } : { rows, more: nextLink(headers.link) !== undefined };
        },
      },
      signal,
    );
    return serverTime === undefined ? { rows: items } : { rows: items, serverTime };
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
