/**
 * PagerDuty failures → PluginError codes. Messages name the operation, the HTTP
 * status, PagerDuty's own explanation and the config key to fix; never the token.
 */
import {
  isResponseTooLarge,
  mayHaveReachedServer,
  PluginError,
  type PluginErrorCode,
} from 'itops-tui/plugin';
import { pdErrorSchema } from './schema.js';

type HeaderBag = Record<string, string | string[] | undefined>;

/** A PluginError that also remembers PagerDuty's own `error.code` (e.g. 1002 already acknowledged). */
export class PagerDutyError extends PluginError {
  readonly vendorCode?: number;
  constructor(
    code: PluginErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; vendorCode?: number } = {},
  ) {
    super(code, message, options);
    if (options.vendorCode !== undefined) this.vendorCode = options.vendorCode;
  }
}

function header(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `ratelimit-reset` is seconds until reset (not an epoch); Retry-After is seconds or a date. */
export function retryAfterMs(headers: HeaderBag, now: number): number | undefined {
  const reset = Number(header(headers, 'ratelimit-reset'));
  if (header(headers, 'ratelimit-reset') && Number.isFinite(reset)) return Math.max(0, reset * 1000);
  const ra = header(headers, 'retry-after');
  if (!ra) return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  response?: { statusCode: number; body?: unknown; headers: HeaderBag };
}

export interface ErrorContext {
  /** `connectors.<instance>.token`, named in auth hints. */
  tokenKey: string;
  write: boolean;
  redact(text: string): string;
  now: number;
}

/** Translate a got failure into a PluginError with a stable code and a fix in the message. */
export function toPluginError(op: string, err: unknown, c: ErrorContext): PluginError {
  if (err instanceof PluginError) return err;
  // ctx.http stopped reading an endless or huge body: the vendor's answer is at fault, not the network.
  if (isResponseTooLarge(err)) return new PagerDutyError('BAD_RESPONSE', `PagerDuty ${op}: ${err.message}`);
  const e = (err ?? {}) as ErrorLike;
  const res = e.response;
  if (!res) {
    const why =
      e.name === 'AbortError'
        ? 'the request was cancelled'
        : `${e.code ?? e.name}: ${c.redact(err instanceof Error ? err.message : String(err))}`;
    // A write that may have reached PagerDuty did not certainly fail: say so (never "failed").
    if (c.write && mayHaveReachedServer(err)) {
      return new PagerDutyError('OUTCOME_UNKNOWN', `PagerDuty ${op} got no answer (${why})`);
    }
    return new PagerDutyError('UNAVAILABLE', `PagerDuty ${op} failed: ${why}`);
  }
  const status = res.statusCode;
  const body = (() => {
    try {
      return pdErrorSchema.safeParse(JSON.parse(String(res.body))).data?.error ?? undefined;
    } catch {
      return undefined;
    }
  })();
  const details = [body?.message, ...(body?.errors ?? []).map(String)].filter(Boolean).join(': ');
  const said = details ? ` PagerDuty said: ${c.redact(details)}.` : '';
  const opts = { status, vendorCode: body?.code ?? undefined };
  const fail = (code: PluginErrorCode, text: string, extra: { retryAfterMs?: number } = {}) =>
    new PagerDutyError(code, text, { ...opts, ...extra });

  if (status === 401)
    return fail(
      'AUTH',
      `PagerDuty rejected the API token (401) on ${op}. Check ${c.tokenKey}` +
        ` (and region: an EU account needs region: eu).${said}`,
    );
  if (status === 402 || status === 403) {
    const hint = c.write
      ? ` A read-only API key cannot change incidents; use a full-access or user key in ${c.tokenKey}.`
      : ` The key in ${c.tokenKey} may lack access or the account the ability.`;
    return fail('FORBIDDEN', `PagerDuty refused ${op} (${status}).${hint}${said}`);
  }
  if (status === 404) return fail('NOT_FOUND', `PagerDuty has no ${op.split(' ')[1]} (404).${said}`);
  if (status === 429) {
    const wait = retryAfterMs(res.headers, c.now);
    const when = wait === undefined ? '' : ` Retry in ${Math.ceil(wait / 1000)}s.`;
    return fail('RATE_LIMITED', `PagerDuty rate limit hit on ${op} (429).${when}`, { retryAfterMs: wait });
  }
  if (status === 409) return fail('CONFLICT', `PagerDuty refused ${op} (409).${said}`);
  if (status === 408 || status >= 500) {
    // A server error on a write says nothing about whether the change was made.
    if (c.write)
      return fail(
        'OUTCOME_UNKNOWN',
        `PagerDuty ${op} answered ${status}, which does not say whether it was applied.${said}`,
      );
    return fail('UNAVAILABLE', `PagerDuty ${op} failed (${status}).${said}`);
  }
  return fail('INVALID', `PagerDuty rejected ${op} (${status}).${said}`);
}
