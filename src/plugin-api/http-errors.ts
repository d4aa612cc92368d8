/**
 * One translation of a failed HTTP call (a got error, or anything thrown around one) into a
 * PluginError, for every connector. The vendor-specific parts are parameters: the name in
 * messages, how to read its error body, what to tell the user per code, and an optional
 * first look for answers only that vendor gives.
 *
 * Status → code: 401 AUTH · 402/403 FORBIDDEN · 404 NOT_FOUND · 409 CONFLICT ·
 * 429 RATE_LIMITED (with `retryAfterMs`) · 408/5xx UNAVAILABLE on a read, OUTCOME_UNKNOWN on a
 * write · any other status INVALID. Without a response: a write that may have reached the
 * server is OUTCOME_UNKNOWN, anything else UNAVAILABLE; a body over the host's size cap is
 * BAD_RESPONSE. A PluginError passes through unchanged.
 *
 * @experimental added within plugin API v1 (issue 8).
 */
import { type HeaderBag, retryAfterMs } from '../domain/rate-limit.js';
import { mayHaveReachedServer, PluginError, type PluginErrorCode } from './errors.js';
import { isResponseTooLarge } from './response-limit.js';

/** What a vendor's error body says: its message (and details) and its own code, if any. */
export interface VendorErrorBody {
  message?: string;
  code?: string | number;
}

/** The HTTP answer an error carried, as `classify` sees it. */
export interface ErrorResponse {
  status: number;
  /** The body as text ('' when there was none). */
  body: string;
  headers: HeaderBag;
  /** What `vendorError` read from the body, if anything. */
  vendorSaid?: VendorErrorBody;
}

/**
 * A vendor-specific verdict from `classify`: the code and the sentence saying what happened.
 * `toPluginError` finishes it like its own: the hint for the code, the vendor's words, the status.
 */
export interface ErrorVerdict {
  code: PluginErrorCode;
  text: string;
}

export interface HttpErrorOptions {
  /** Vendor name that starts every message: "PagerDuty". */
  vendor: string;
  /** The operation, for messages: "PUT /incidents/Q1ABC". Never put a secret in it. */
  op: string;
  /** True for a request that changes something: decides "failed" against "may have been applied". */
  write: boolean;
  /** Scrub secrets from any text taken from the error or the body (default: unchanged). */
  redact?(text: string): string;
  /** Epoch ms for Retry-After dates (pass `ctx.clock.now()`; default `Date.now()`). */
  now?: number;
  /** Read the vendor's explanation (and code) from an error body; return undefined if it is not one. */
  vendorError?(body: string, headers: HeaderBag): VendorErrorBody | undefined;
  /** One or two sentences on how to fix it, per code (name the config key). */
  hint?(code: PluginErrorCode, context: { status?: number; write: boolean }): string | undefined;
  /** How the vendor's credentials are called in the 401 message (default "the credentials"). */
  credentials?: string;
  /**
   * A vendor-only answer, checked before the status table: return a finished PluginError (an
   * HTML login page), a verdict to be finished like the table's own (a business rule's 403), or
   * undefined to fall through.
   */
  classify?(response: ErrorResponse): PluginError | ErrorVerdict | undefined;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  response?: { statusCode: number; body?: unknown; headers?: HeaderBag };
}

/** Text of a got response body, whatever type it was read as. */
function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  try {
    return JSON.stringify(body);
  } catch {
    return String(body);
  }
}

/**
 * Translate a failed call into a PluginError with a stable code and, where the options give
 * one, a fix in the message. Never includes a secret the `redact` option knows.
 */
export function toPluginError(err: unknown, o: HttpErrorOptions): PluginError {
  if (err instanceof PluginError) return err;
  const redact = o.redact ?? ((t: string) => t);
  const { vendor, op, write } = o;
  const hint = (code: PluginErrorCode, status?: number) => {
    const text = o.hint?.(code, { ...(status === undefined ? {} : { status }), write });
    return text ? ` ${text}` : '';
  };
  // ctx.http stopped reading an endless or huge body: the vendor's answer is at fault, not the network.
  if (isResponseTooLarge(err))
    return new PluginError('BAD_RESPONSE', `${vendor} ${op}: ${redact(err.message)}`);
  const e = (err ?? {}) as ErrorLike;
  const res = e.response;
  if (!res || typeof res.statusCode !== 'number') {
    const why =
      e.name === 'AbortError'
        ? 'the request was cancelled'
        : `${e.code ?? e.name ?? 'Error'}: ${redact(err instanceof Error ? err.message : String(err))}`;
    // No `cause`: got's error carries the request options, headers and all.
    if (write && mayHaveReachedServer(err)) {
      return new PluginError('OUTCOME_UNKNOWN', `${vendor} ${op} got no answer (${why})`);
    }
    return new PluginError('UNAVAILABLE', `${vendor} ${op} failed: ${why}${hint('UNAVAILABLE')}`);
  }

  const status = res.statusCode;
  const headers = res.headers ?? {};
  const body = bodyText(res.body);
  let vendorSaid: VendorErrorBody | undefined;
  try {
    vendorSaid = o.vendorError?.(body, headers);
  } catch {
    vendorSaid = undefined;
  }
  const details = vendorSaid?.message?.trim();
  const said = details ? ` ${vendor} said: ${redact(details)}.` : '';
  const fail = (code: PluginErrorCode, text: string, retryAfter?: number) =>
    new PluginError(code, `${text}${hint(code, status)}${said}`, {
      status,
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
      ...(vendorSaid?.code === undefined ? {} : { vendorCode: vendorSaid.code }),
    });

  const special = o.classify?.({ status, body, headers, ...(vendorSaid ? { vendorSaid } : {}) });
  if (special instanceof PluginError) return special;
  if (special) return fail(special.code, special.text);
  if (status === 401)
    return fail('AUTH', `${vendor} rejected ${o.credentials ?? 'the credentials'} (401) on ${op}.`);
  if (status === 402 || status === 403) return fail('FORBIDDEN', `${vendor} refused ${op} (${status}).`);
  if (status === 404) return fail('NOT_FOUND', `${vendor} has no ${op.split(' ')[1] ?? op} (404).`);
  if (status === 409) return fail('CONFLICT', `${vendor} refused ${op} (409).`);
  if (status === 429) {
    const wait = retryAfterMs(headers, o.now ?? Date.now());
    const when = wait === undefined ? '' : ` Retry in ${Math.ceil(wait / 1000)}s.`;
    return fail('RATE_LIMITED', `${vendor} rate limit hit on ${op} (429).${when}`, wait);
  }
  if (status === 408 || status >= 500) {
    // A server error on a write says nothing about whether the change was made.
    if (write) {
      return fail(
        'OUTCOME_UNKNOWN',
        `${vendor} ${op} answered ${status}, which does not say whether it was applied.`,
      );
    }
    return fail('UNAVAILABLE', `${vendor} ${op} failed (${status}).`);
  }
  return fail('INVALID', `${vendor} rejected ${op} (${status}).`);
}
