/**
 * What is ServiceNow's own in a failed call, for the toolkit's `toPluginError`: its error body
 * (`error.message: error.detail`), why it answered 403 (data policy, business rule, ACL), HTML
 * pages where JSON was due, and the config key to fix. The status table, Retry-After and the
 * write-outcome rules are the toolkit's. Messages never carry a password, secret or token.
 */
import {
  type ErrorVerdict,
  type HttpErrorOptions,
  headerValue,
  PluginError,
  toPluginError,
  type VendorErrorBody,
} from 'itops-tui/plugin';
import { snErrorSchema } from './schema.js';

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
export function serviceNowErrorBody(body: string): VendorErrorBody | undefined {
  const e = envelope(body);
  const message = [e.message, e.detail].filter((s) => s !== '').join(': ');
  return message ? { message } : undefined;
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

/** The 403 verdict: what refused the request, and the fix where it is known. */
function forbidden(op: string, c: ErrorContext, why: ReturnType<typeof refusalOf>): ErrorVerdict {
  const refused = `ServiceNow refused ${op} (403)`;
  if (c.write && why?.kind === 'data_policy') {
    const fields = why.fields ? `: ${c.redact(why.fields)} must be filled` : '';
    return { code: 'INVALID', text: `${refused}: a data policy on the instance${fields}.` };
  }
  if (c.write && why?.kind === 'business_rule') {
    const rule = why.says ? ` ("${c.redact(why.says)}")` : '';
    return {
      code: 'CONFLICT',
      text: `${refused}: a business rule on the instance stopped the update${rule}; nothing was changed.`,
    };
  }
  // Only an ACL answer is about roles; any other refusal is reported as what it says, not guessed.
  const hint = !c.write
    ? ' The integration user lacks a role or ACL for this table.'
    : why?.kind === 'acl'
      ? ' The integration user may not update this record: an ACL (e.g. the itil role, or the record outside its groups).'
      : ' An ACL, business rule or data policy on the instance refused it.';
  return { code: 'FORBIDDEN', text: `${refused}.${hint}` };
}

/** The toolkit's error options for one ServiceNow call. */
export function errorOptions(op: string, c: ErrorContext): HttpErrorOptions {
  return {
    vendor: 'ServiceNow',
    op,
    write: c.write,
    redact: c.redact,
    now: c.now,
    vendorError: serviceNowErrorBody,
    hint: (code) =>
      code === 'AUTH'
        ? `Check ${c.configKey}.auth (user active, password or client secret current, web-service access allowed).`
        : undefined,
    classify({ status, body, headers, vendorSaid }) {
      if (status === 403) return forbidden(op, c, refusalOf(body));
      // An HTML page is usually a hibernating instance, SSO or a proxy, not the API; but a 401 is
      // still about the credentials and a 429 still says when to try again.
      if (status === 401 || status === 429 || vendorSaid) return undefined;
      if (looksLikeHtml(body, headerValue(headers, 'content-type')))
        return htmlError(op, `${c.configKey}.instanceUrl`, status);
      return undefined;
    },
  };
}

/** A failed ServiceNow call as a PluginError with a stable code and a fix in the message. */
export function serviceNowError(op: string, err: unknown, c: ErrorContext): PluginError {
  return toPluginError(err, errorOptions(op, c));
}
