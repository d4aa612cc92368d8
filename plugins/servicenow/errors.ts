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

/** The error envelope's message and detail, whitespace collapsed (data policies send tabs and newlines). */
function envelope(body: unknown): { message: string; detail: string } {
  try {
    const e = snErrorSchema.safeParse(JSON.parse(String(body))).data?.error;
    const tidy = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    return { message: tidy(e?.message), detail: tidy(e?.detail) };
  } catch {
    return { message: '', detail: '' };
  }
}

/** ServiceNow's `error.message: error.detail`, if the body is its error envelope. */
function vendorSays(body: unknown): string {
  const e = envelope(body);
  return [e.message, e.detail].filter((s) => s !== '').join(': ');
}

const GENERIC = /^(operation failed|forbidden|failure|)$/i;

/**
 * Why ServiceNow answered 403. An ACL (the user lacks a role or the record is out of its
 * reach) is one thing; a data policy (a mandatory field left empty) or a business rule
 * aborting the update (its own message) are others, and the fix differs for each.
 */
export function refusalOf(
  body: unknown,
):
  | { kind: 'acl' }
  | { kind: 'data_policy'; fields: string }
  | { kind: 'business_rule'; says: string }
  | undefined {
  const { message, detail } = envelope(body);
  const both = `${message} ${detail}`;
  if (/data policy exception/i.test(both)) {
    const fields = /mandatory:?\s*(.+)$/i.exec(both)?.[1]?.trim() ?? '';
    return { kind: 'data_policy', fields };
  }
  if (/acl exception|security constraints|not authori[sz]ed|insufficient (rights|privileges)/i.test(both))
    return { kind: 'acl' };
  // An aborted business rule: "Error during update of incident (INC…)", its own text as the message.
  if (/^error during (update|insert)/i.test(detail))
    return { kind: 'business_rule', says: GENERIC.test(message) ? '' : message };
  return undefined;
}

function forbidden(
  op: string,
  c: ErrorContext,
  why: ReturnType<typeof refusalOf>,
  said: string,
  status: number,
): PluginError {
  const refused = `ServiceNow refused ${op} (403)`;
  if (c.write && why?.kind === 'data_policy') {
    const fields = why.fields ? `: ${c.redact(why.fields)} must be filled` : '';
    return new PluginError('INVALID', `${refused}: a data policy on the instance${fields}.${said}`, {
      status,
    });
  }
  if (c.write && why?.kind === 'business_rule') {
    const rule = why.says ? ` ("${c.redact(why.says)}")` : '';
    return new PluginError(
      'CONFLICT',
      `${refused}: a business rule on the instance stopped the update${rule}; nothing was changed.${said}`,
      { status },
    );
  }
  // Only an ACL answer is about roles; any other refusal is reported as what it says, not guessed.
  const hint = !c.write
    ? ' The integration user lacks a role or ACL for this table.'
    : why?.kind === 'acl'
      ? ' The integration user may not update this record: an ACL (e.g. the itil role, or the record outside its groups).'
      : ' An ACL, business rule or data policy on the instance refused it.';
  return new PluginError('FORBIDDEN', `${refused}.${hint}${said}`, { status });
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
  if (status === 403) return forbidden(op, c, refusalOf(body), said, status);
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
