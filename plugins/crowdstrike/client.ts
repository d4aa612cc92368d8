/**
 * Falcon over the host's got instance: one OAuth2 token per connector, cached and renewed
 * before it expires (and once on a 401, mid-scroll included); Falcon's own 429 rules; error
 * translation through the toolkit. Never echoes the client secret or the token.
 *
 * Falcon rate limits are per customer (all API clients share 6000 requests a minute) and a 429
 * says when to come back in `X-RateLimit-RetryAfter` (epoch seconds). Falcon also answers an
 * expired token with a 429 *without* that header; that one is met with a new token, not a wait.
 * So this client reads every status itself (`throwHttpErrors: false`, no got retries) instead
 * of leaving 429s to the host's generic retry, which does not know either rule.
 */
import {
  headerValue,
  type PluginContext,
  PluginError,
  type PluginErrorCode,
  toPluginError,
} from 'itops-tui/plugin';
import type { ZodType } from 'zod';
import { CLOUDS, type FalconConfig, tokenSchema } from './schema.js';

/** Renew this long before the token's expiry (falconpy's default window). */
export const RENEW_WINDOW_MS = 120_000;
/** Longest wait for a 429's RetryAfter inside one call; longer waits become RATE_LIMITED. */
export const MAX_RATE_WAIT_MS = 15_000;
/** 429s one call sits through before giving up (a storm is the scheduler's problem, not a loop's). */
const MAX_RATE_WAITS = 3;

type Http = PluginContext<FalconConfig>['http'];
export type Query = Record<string, string | number | readonly string[] | undefined>;

export interface Budget {
  limit: number;
  remaining: number;
}

export interface FalconClient {
  get<T>(path: string, query: Query, schema: ZodType<T>, signal: AbortSignal): Promise<Answer<T>>;
  post<T>(
    path: string,
    query: Query,
    body: unknown,
    schema: ZodType<T>,
    signal: AbortSignal,
    write: boolean,
  ): Promise<Answer<T>>;
  /** The rate budget the last answer reported. */
  budget(): Budget | undefined;
  /** Tokens fetched so far (renewals show here). */
  readonly tokens: number;
}

export interface Answer<T> {
  status: number;
  body: T;
}

export function baseUrlFor(config: Pick<FalconConfig, 'baseUrl' | 'cloud'>): string {
  return (config.baseUrl ?? CLOUDS[config.cloud]).replace(/\/+$/, '');
}

export function buildQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  return params.toString();
}

/** Falcon's error body: its errors' messages joined, and the first code. */
export function falconErrorBody(body: string): { message?: string; code?: number } | undefined {
  try {
    const json = JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] | null };
    const errors = Array.isArray(json.errors) ? json.errors : [];
    const message = errors
      .map((e) => (typeof e?.message === 'string' ? e.message : ''))
      .filter(Boolean)
      .join('; ');
    const code = errors.find((e) => typeof e?.code === 'number')?.code as number | undefined;
    if (!message && code === undefined) return undefined;
    return { ...(message ? { message } : {}), ...(code !== undefined ? { code } : {}) };
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

export function createClient(ctx: PluginContext<FalconConfig>): FalconClient {
  const { config, instance } = ctx;
  const key = (k: string) => `connectors.${instance}.${k}`;
  const secrets: string[] = [];
  let api: Http | undefined;
  let creds: { id: string; secret: string } | undefined;
  let token: { value: string; renewAt: number } | undefined;
  let fetching: Promise<string> | undefined;
  let tokens = 0;
  let budget: Budget | undefined;

  const redact = (s: string) => secrets.reduce((t, x) => (x.length >= 4 ? t.split(x).join('***') : t), s);

  function http(): Http {
    api ??= ctx.http.extend({ prefixUrl: baseUrlFor(config) });
    return api;
  }

  async function credentials() {
    if (creds) return creds;
    try {
      const id = await ctx.secrets.resolve(config.clientId);
      const secret = await ctx.secrets.resolve(config.clientSecret);
      secrets.push(secret);
      creds = { id, secret };
      return creds;
    } catch (err) {
      throw new PluginError(
        'AUTH',
        `Could not read the Falcon API client credentials (${key('clientId')}, ${key('clientSecret')}): ${redact(err instanceof Error ? err.message : String(err))}`,
      );
    }
  }

  function errorOptions(op: string, write: boolean) {
    return {
      vendor: 'CrowdStrike Falcon',
      op,
      write,
      redact,
      now: Date.now(),
      credentials: 'the API client',
      vendorError: falconErrorBody,
      hint: (code: PluginErrorCode) => {
        if (code === 'AUTH')
          return `Check ${key('clientId')} and ${key('clientSecret')}, and that ${key('cloud')} (or baseUrl) is the client's cloud.`;
        if (code === 'FORBIDDEN')
          return write
            ? 'The API client needs the Hosts: Write scope to contain hosts.'
            : 'The API client needs read scopes for Hosts, Prevention policies, Sensor update policies and Zero Trust Assessment.';
        if (code === 'RATE_LIMITED')
          return 'Falcon allows 6000 requests a minute per customer, shared by every API client; other integrations may be using it up.';
        return undefined;
      },
    };
  }

  function remember(headers: Record<string, string | string[] | undefined>) {
    const limit = Number(headerValue(headers, 'x-ratelimit-limit'));
    const remaining = Number(headerValue(headers, 'x-ratelimit-remaining'));
    if (Number.isFinite(limit) && Number.isFinite(remaining)) budget = { limit, remaining };
  }

  async function fetchToken(signal: AbortSignal): Promise<string> {
    const c = await credentials();
    const form: Record<string, string> = { client_id: c.id, client_secret: c.secret };
    if (config.memberCid) form.member_cid = config.memberCid;
    let res: { statusCode: number; body: string; headers: Record<string, string | string[] | undefined> };
    try {
      res = await http()('oauth2/token', {
        method: 'POST',
        form,
        signal,
        responseType: 'text',
        throwHttpErrors: false,
        retry: { limit: 0, calculateDelay: () => 0 },
      });
    } catch (err) {
      throw toPluginError(err, errorOptions('POST /oauth2/token', false));
    }
    remember(res.headers);
    // Falcon answers a good login with 201 Created.
    if (res.statusCode !== 201 && res.statusCode !== 200) {
      // A refused login is a credentials problem whatever status Falcon chose (it uses 403).
      if (res.statusCode === 400 || res.statusCode === 401 || res.statusCode === 403) {
        const said = falconErrorBody(res.body)?.message;
        throw new PluginError(
          'AUTH',
          `CrowdStrike Falcon refused the API client's login (HTTP ${res.statusCode}${said ? `: ${redact(said)}` : ''}). ` +
            `Check ${key('clientId')} and ${key('clientSecret')}, and that ${key('cloud')} (or baseUrl) is the client's cloud` +
            `${config.memberCid ? `, and that the client may act in ${key('memberCid')}` : ''}.`,
          { status: res.statusCode },
        );
      }
      throw toPluginError(
        { response: { statusCode: res.statusCode, body: res.body, headers: res.headers } },
        errorOptions('POST /oauth2/token', false),
      );
    }
    let parsed: ReturnType<typeof tokenSchema.parse>;
    try {
      parsed = tokenSchema.parse(JSON.parse(res.body));
    } catch {
      throw new PluginError(
        'BAD_RESPONSE',
        `Falcon answered POST /oauth2/token without a token. Is ${key('baseUrl')}/${key('cloud')} right?`,
      );
    }
    tokens++;
    secrets.push(parsed.access_token);
    const lifeMs = Math.max(1, parsed.expires_in ?? 1799) * 1000;
    // Renew RENEW_WINDOW_MS early; a very short-lived token at half its life.
    const early = Math.min(RENEW_WINDOW_MS, lifeMs / 2);
    token = { value: parsed.access_token, renewAt: ctx.clock.now() + lifeMs - early };
    return parsed.access_token;
  }

  /** The current token, fetched or renewed when due; one login at a time however many callers. */
  async function bearer(signal: AbortSignal, force = false): Promise<string> {
    if (!force && token && ctx.clock.now() < token.renewAt) return token.value;
    if (force) token = undefined;
    fetching ??= fetchToken(signal).finally(() => {
      fetching = undefined;
    });
    return fetching;
  }

  async function send<T>(
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    body: unknown,
    schema: ZodType<T>,
    signal: AbortSignal,
    write: boolean,
  ): Promise<Answer<T>> {
    const op = `${method} /${path}`;
    const qs = buildQuery(query);
    let renewed = false;
    let waits = 0;
    let retriedRead = false;
    for (;;) {
      const auth = await bearer(signal, false);
      let res: { statusCode: number; body: string; headers: Record<string, string | string[] | undefined> };
      try {
        res = await http()(qs ? `${path}?${qs}` : path, {
          method,
          signal,
          responseType: 'text',
          throwHttpErrors: false,
          retry: { limit: 0, calculateDelay: () => 0 },
          headers: { authorization: `Bearer ${auth}`, accept: 'application/json' },
          ...(body !== undefined ? { json: body } : {}),
        });
      } catch (err) {
        const mapped = toPluginError(err, errorOptions(op, write));
        // One more try for a read that met a network error; a write may have landed.
        if (!write && !retriedRead && mapped.code === 'UNAVAILABLE' && !signal.aborted) {
          retriedRead = true;
          continue;
        }
        throw mapped;
      }
      remember(res.headers);
      const status = res.statusCode;
      if (status === 401 && !renewed) {
        // The token may have been revoked or expired early: one new token, then the same call.
        renewed = true;
        await bearer(signal, true);
        continue;
      }
      if (status === 429) {
        const at = Number(headerValue(res.headers, 'x-ratelimit-retryafter'));
        if (!Number.isFinite(at) || at <= 0) {
          // Falcon's answer to an expired token: renew (once), not wait.
          if (!renewed) {
            renewed = true;
            await bearer(signal, true);
            continue;
          }
        } else {
          const waitMs = Math.max(0, (at > 1e12 ? at : at * 1000) - Date.now());
          if (waitMs <= MAX_RATE_WAIT_MS && waits < MAX_RATE_WAITS) {
            waits++;
            ctx.log.info('rate limited; waiting as Falcon asked', { op, waitMs });
            await sleep(Math.max(50, waitMs), signal);
            continue;
          }
          throw new PluginError(
            'RATE_LIMITED',
            `CrowdStrike Falcon rate limit reached (${op}); it asks to come back in ${Math.ceil(waitMs / 1000)} s. ` +
              (errorOptions(op, write).hint('RATE_LIMITED') ?? ''),
            { status, retryAfterMs: waitMs },
          );
        }
      }
      if (status >= 500 && !write && !retriedRead) {
        retriedRead = true;
        continue;
      }
      if (status < 200 || status >= 300) {
        // ZTA answers 404 for hosts without a score: the caller decides what that means.
        if (status === 404 && !write) {
          const parsed = schema.safeParse(safeJson(res.body));
          if (parsed.success) return { status, body: parsed.data };
        }
        throw toPluginError(
          { response: { statusCode: status, body: res.body, headers: res.headers } },
          errorOptions(op, write),
        );
      }
      const parsed = schema.safeParse(safeJson(res.body));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PluginError(
          'BAD_RESPONSE',
          `CrowdStrike Falcon answered ${op} with an unexpected shape: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
        );
      }
      return { status, body: parsed.data };
    }
  }

  return {
    get: (path, query, schema, signal) => send('GET', path, query, undefined, schema, signal, false),
    post: (path, query, body, schema, signal, write) =>
      send('POST', path, query, body, schema, signal, write),
    budget: () => budget,
    get tokens() {
      return tokens;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
