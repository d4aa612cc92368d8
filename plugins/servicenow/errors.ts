/**
 * ServiceNow failures → PluginError codes. Messages name the operation, the
 * HTTP status, ServiceNow's own explanation and the config key to fix; never a
 * password, client secret or token.
 */
import {
  isResponseTooLarge,
  mayHaveReachedServer,
  PluginError,
  type PluginErrorCode,
} from 'itops-tui/plugin';
import { snErrorSchema } from './schema.js';

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After (seconds or HTTP date) wins; else X-RateLimit-Reset, which ServiceNow sends as epoch seconds. */
export function retryAfterMs(headers: HeaderBag, now: number): number | undefined {
  const ra = header(headers, 'retry-after');
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (header(headers, 'x-ratelimit-reset') && Number.isFinite(reset)) {
    // Tolerate the seconds-until-reset form some proxies use.
    return reset > 1e9 ? Math.max(0, reset * 1000 - now) : Math.max(0, reset * 1000);
  }
  return undefined;
}

/** True when a body is an HTML page (SSO login, hibernation notice, proxy error) rather than JSON. */
export function looksLikeHtml(body: string, contentType?: string): boolean {
  if (contentType && /text\/html/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<)/i.test(body.slice(0, 200));
}

export function htmlError(op: string, instanceKey: string, status?: number): PluginError {
  return new PluginError(
    'BAD_RESPONSE',
    `ServiceNow returned an HTML page instead of JSON on ${op} — is ${instanceKey} right, ` +
      'is the instance awake (developer instances hibernate), does SSO intercept API calls?',
    status === undefined ? {} : { status },
  );
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  response?: { statusCode: number; body?: unknown; headers: HeaderBag };
}

export interface ErrorContext {
  /** `connectors.<instance>` — the config entry named in hints. */
  configKey: string;
  write: boolean;
  redact(text: string): string;
  now: number;
}

/** ServiceNow's `error.message: error.detail`, if the body is its error envelope. */
function vendorSays(body: unknown): string {
  try {
    const parsed = snErrorSchema.safeParse(JSON.parse(String(body)));
    const e = parsed.data?.error;
    return [e?.message, e?.detail].filter((s) => s && s.trim() !== '').join(': ');
  } catch {
    return '';
  }
}

/** Translate a got failure into a PluginError with a stable code and a fix in the message. */
export function toPluginError(op: string, err: unknown, c: ErrorContext): PluginError {
  if (err instanceof PluginError) return err;
  // ctx.http stopped reading an endless or huge body: the vendor's answer is at fault, not the network.
  if (isResponseTooLarge(err)) return new PluginError('BAD_RESPONSE', `ServiceNow ${op}: ${err.message}`);
  const e = (err ?? {}) as ErrorLike;
  const res = e.response;
  if (!res) {
    const why =
      e.name === 'AbortError'
        ? 'the request was cancelled'
        : `${e.code ?? e.name}: ${c.redact(err instanceof Error ? err.message : String(err))}`;
    // No `cause`: got's error carries the request options (Authorization header, OAuth form).
    // A write that may have reached ServiceNow did not certainly fail: say so (never "failed").
    if (c.write && mayHaveReachedServer(err)) {
      return new PluginError('OUTCOME_UNKNOWN', `ServiceNow ${op} got no answer (${why})`);
    }
    return new PluginError('UNAVAILABLE', `ServiceNow ${op} failed: ${why}`);
  }
  const status = res.statusCode;
  const ctype = header(res.headers, 'content-type');
  const body = typeof res.body === 'string' ? res.body : String(res.body ?? '');
  const details = vendorSays(body);
  const said = details ? ` ServiceNow said: ${c.redact(details)}.` : '';
  const fail = (code: PluginErrorCode, text: string, extra: { retryAfterMs?: number } = {}) =>
    new PluginError(code, text, { status, ...extra });

  if (status === 401) {
    return fail(
      'AUTH',
      `ServiceNow rejected the credentials (401) on ${op}. Check ${c.configKey}.auth` +
        ' (user active, password or client secret current, web-service access allowed).' +
        said,
    );
  }
  if (status === 403) {
    const hint = c.write
      ? ' The integration user needs write access to incident (e.g. the itil role).'
      : ' The integration user lacks a role or ACL for this table.';
    return fail('FORBIDDEN', `ServiceNow refused ${op} (403).${hint}${said}`);
  }
  if (status === 429) {
    const wait = retryAfterMs(res.headers, c.now);
    const when = wait === undefined ? '' : ` Retry in ${Math.ceil(wait / 1000)}s.`;
    return fail('RATE_LIMITED', `ServiceNow rate limit hit on ${op} (429).${when}`, { retryAfterMs: wait });
  }
  // A 5xx or 404 with an HTML body is usually a hibernating instance or a proxy, not the API.
  if (!details && looksLikeHtml(body, ctype)) return htmlError(op, `${c.configKey}.instanceUrl`, status);
  if (status === 404) return fail('NOT_FOUND', `ServiceNow has no ${op.split(' ')[1]} (404).${said}`);
  if (status === 409) return fail('CONFLICT', `ServiceNow refused ${op} (409).${said}`);
  if (status === 408 || status >= 500) {
    // A server error on a write says nothing about whether the change was made.
    if (c.write)
      return fail(
        'OUTCOME_UNKNOWN',
        `ServiceNow ${op} answered ${status}, which does not say whether it was applied.${said}`,
      );
    return fail('UNAVAILABLE', `ServiceNow ${op} failed (${status}).${said}`);
  }
  return fail('INVALID', `ServiceNow rejected ${op} (${status}).${said}`);
}
