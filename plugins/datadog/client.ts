/**
 * Datadog over the host's got instance: both keys on every call (the API key alone where
 * Datadog wants only it), rate limits read per endpoint family, 429s waited out as Datadog asks,
 * and error translation through the toolkit. Never echoes a key.
 *
 * Datadog's limits are per endpoint family and only discoverable from headers
 * (`X-RateLimit-Limit/Remaining/Reset/Period/Name`; Reset is seconds until the window ends).
 * A 429 may carry an HTML page instead of JSON. So every status is read here
 * (`throwHttpErrors: false`, no got retries) rather than left to a generic retry.
 */
import {
  headerValue,
  type PluginContext,
  PluginError,
  type PluginErrorCode,
  toPluginError,
} from 'itops-tui/plugin';
import type { ZodType } from 'zod';
import { type DatadogConfig, siteValue } from './schema.js';

/** Longest 429 wait inside one call; longer waits become RATE_LIMITED for the scheduler. */
export const MAX_RATE_WAIT_MS = 15_000;
const MAX_RATE_WAITS = 3;

type Http = PluginContext<DatadogConfig>['http'];
export type Query = Record<string, string | number | boolean | undefined>;

/** One endpoint family's budget as last reported. */
export interface Budget {
  name: string;
  limit: number;
  remaining: number;
  /** Seconds until the window resets, when read. */
  resetSeconds?: number;
  periodSeconds?: number;
}

export interface Answer<T> {
  status: number;
  body: T;
}

export interface DatadogClient {
  send<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: {
      query?: Query;
      body?: unknown;
      schema: ZodType<T>;
      signal: AbortSignal;
      /** Statuses handed back to the caller instead of thrown (404 for "not enabled"). */
      accept?: readonly number[];
    },
  ): Promise<Answer<T | undefined>>;
  /** Budgets per endpoint family, as last reported. */
  budgets(): Budget[];
}

export function baseUrlFor(config: Pick<DatadogConfig, 'baseUrl' | 'site'>): string {
  if (config.baseUrl) return config.baseUrl.replace(/\/+$/, '');
  return `https://api.${siteValue(config.site) ?? 'datadoghq.com'}`;
}

/** The web app of a site, for links (`app.datadoghq.com`); the base URL's host when it is custom. */
export function appUrlFor(config: Pick<DatadogConfig, 'baseUrl' | 'site'>): string {
  if (config.baseUrl) return config.baseUrl.replace(/\/+$/, '');
  return `https://app.${siteValue(config.site) ?? 'datadoghq.com'}`;
}

export function buildQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.append(key, String(value));
  return params.toString();
}

/** Datadog's error body: `{"errors": ["…"]}` or JSON:API `{"errors": [{title, detail}]}`; HTML → undefined. */
export function datadogErrorBody(body: string): { message?: string } | undefined {
  try {
    const json = JSON.parse(body) as { errors?: unknown };
    if (!Array.isArray(json?.errors)) return undefined;
    const message = json.errors
      .map((e: unknown) => {
        if (typeof e === 'string') return e;
        if (e && typeof e === 'object') {
          const o = e as { title?: unknown; detail?: unknown };
          return [o.title, o.detail].filter((x) => typeof x === 'string' && x).join(': ');
        }
        return '';
      })
      .filter(Boolean)
      .join('; ');
    return message ? { message } : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createClient(ctx: PluginContext<DatadogConfig>): DatadogClient {
  const { config, instance } = ctx;
  const key = (k: string) => `connectors.${instance}.${k}`;
  const secrets: string[] = [];
  const budgets = new Map<string, Budget>();
  let api: Http | undefined;
  let keys: { api: string; app: string } | undefined;

  const redact = (s: string) => secrets.reduce((t, x) => (x.length >= 4 ? t.split(x).join('***') : t), s);

  function http(): Http {
    api ??= ctx.http.extend({ prefixUrl: baseUrlFor(config) });
    return api;
  }

  async function credentials() {
    if (keys) return keys;
    try {
      const a = await ctx.secrets.resolve(config.apiKey);
      const b = await ctx.secrets.resolve(config.appKey);
      secrets.push(a, b);
      keys = { api: a, app: b };
      return keys;
    } catch (err) {
      throw new PluginError(
        'AUTH',
        `Could not read the Datadog keys (${key('apiKey')}, ${key('appKey')}): ${redact(err instanceof Error ? err.message : String(err))}`,
      );
    }
  }

  function errorOptions(op: string, write: boolean) {
    return {
      vendor: 'Datadog',
      op,
      write,
      redact,
      now: Date.now(),
      credentials: 'the API and application keys',
      vendorError: datadogErrorBody,
      hint: (code: PluginErrorCode) => {
        if (code === 'AUTH' || code === 'FORBIDDEN')
          return write
            ? `The application key (${key('appKey')}) needs the monitors_downtime or incident_write permission for this.`
            : `Check ${key('apiKey')} and ${key('appKey')}, that ${key('site')} (or baseUrl) is the account's site (keys work only on their own site), and that the application key may read monitors and SLOs.`;
        if (code === 'RATE_LIMITED')
          return 'Datadog limits each endpoint family separately; raise pollSeconds for monitors or slos.';
        return undefined;
      },
    };
  }

  function remember(headers: Record<string, string | string[] | undefined>, fallback: string) {
    const limit = Number(headerValue(headers, 'x-ratelimit-limit'));
    const remaining = Number(headerValue(headers, 'x-ratelimit-remaining'));
    if (!Number.isFinite(limit) || !Number.isFinite(remaining)) return;
    const name = headerValue(headers, 'x-ratelimit-name')?.trim() || fallback;
    const reset = Number(headerValue(headers, 'x-ratelimit-reset'));
    const period = Number(headerValue(headers, 'x-ratelimit-period'));
    budgets.set(name, {
      name,
      limit,
      remaining,
      ...(Number.isFinite(reset) ? { resetSeconds: reset } : {}),
      ...(Number.isFinite(period) ? { periodSeconds: period } : {}),
    });
  }

  async function send<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    o: { query?: Query; body?: unknown; schema: ZodType<T>; signal: AbortSignal; accept?: readonly number[] },
  ): Promise<Answer<T | undefined>> {
    const write = method !== 'GET';
    const op = `${method} /${path}`;
    const qs = buildQuery(o.query ?? {});
    const k = await credentials();
    let waits = 0;
    let retriedRead = false;
    for (;;) {
      let res: { statusCode: number; body: string; headers: Record<string, string | string[] | undefined> };
      try {
        res = await http()(qs ? `${path}?${qs}` : path, {
          method,
          signal: o.signal,
          responseType: 'text',
          throwHttpErrors: false,
          retry: { limit: 0, calculateDelay: () => 0 },
          headers: { 'dd-api-key': k.api, 'dd-application-key': k.app, accept: 'application/json' },
          ...(o.body !== undefined ? { json: o.body } : {}),
        });
      } catch (err) {
        const mapped = toPluginError(err, errorOptions(op, write));
        if (!write && !retriedRead && mapped.code === 'UNAVAILABLE' && !o.signal.aborted) {
          retriedRead = true;
          continue;
        }
        throw mapped;
      }
      remember(res.headers, path.split('/').slice(0, 3).join('/'));
      const status = res.statusCode;
      if (status === 429) {
        const reset = Number(headerValue(res.headers, 'x-ratelimit-reset'));
        const waitMs = Number.isFinite(reset) && reset >= 0 ? reset * 1000 : 2000 * 2 ** waits;
        if (waitMs <= MAX_RATE_WAIT_MS && waits < MAX_RATE_WAITS) {
          waits++;
          ctx.log.info('rate limited; waiting as Datadog asked', { op, waitMs });
          await sleep(Math.max(50, waitMs), o.signal);
          continue;
        }
        const name = headerValue(res.headers, 'x-ratelimit-name');
        throw new PluginError(
          'RATE_LIMITED',
          `Datadog rate limit reached (${op}${name ? `, bucket ${name}` : ''}); it asks to come back in ${Math.ceil(waitMs / 1000)} s. ` +
            (errorOptions(op, write).hint('RATE_LIMITED') ?? ''),
          { status, retryAfterMs: waitMs },
        );
      }
      if (status >= 500 && !write && !retriedRead) {
        retriedRead = true;
        continue;
      }
      if (o.accept?.includes(status)) return { status, body: undefined };
      if (status < 200 || status >= 300) {
        throw toPluginError(
          { response: { statusCode: status, body: res.body, headers: res.headers } },
          errorOptions(op, write),
        );
      }
      if (status === 204 || res.body === '') return { status, body: undefined };
      const parsed = o.schema.safeParse(safeJson(res.body));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PluginError(
          'BAD_RESPONSE',
          `Datadog answered ${op} with an unexpected shape: ${issue?.path.join('.') || '(root)'}: ${issue?.message}. Is ${key('baseUrl')}/${key('site')} a Datadog API?`,
        );
      }
      return { status, body: parsed.data };
    }
  }

  return {
    send,
    budgets: () => [...budgets.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
