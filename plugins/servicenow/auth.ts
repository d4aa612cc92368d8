/**
 * Credentials for the Table API: a static Basic header, or an OAuth bearer
 * token from `POST /oauth_token.do` that is refreshed ~60 s before it expires
 * and once more when the API answers 401 (tokens can be revoked early).
 */
import { type PluginContext, PluginError, writeRetry } from 'itops-tui/plugin';
import { type ErrorContext, htmlError, looksLikeHtml, serviceNowError } from './errors.js';
import { type ServiceNowConfig, snTokenSchema } from './schema.js';

/** Refresh this long before `expires_in` runs out, so a request never leaves with a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

export interface Auth {
  /** The Authorization header value; fetches or refreshes a token when needed. */
  header(signal: AbortSignal): Promise<string>;
  /** After a 401: drop the current token so the next `header()` gets a new one. False for Basic. */
  invalidate(): boolean;
  /** Replace every known secret in `text` with ***. */
  redact(text: string): string;
}

export function createAuth(ctx: PluginContext<ServiceNowConfig>): Auth {
  const { config } = ctx;
  const authKey = `connectors.${ctx.instance}.auth`;
  const secrets = new Set<string>();
  const redact = (text: string) =>
    [...secrets].reduce((t, s) => (s.length >= 4 ? t.split(s).join('***') : t), text);

  async function secret(ref: Parameters<typeof ctx.secrets.resolve>[0], what: string): Promise<string> {
    try {
      const value = await ctx.secrets.resolve(ref);
      secrets.add(value);
      return value;
    } catch (err) {
      const why = redact(err instanceof Error ? err.message : String(err));
      throw new PluginError('AUTH', `Could not read the ServiceNow ${what} (${authKey}): ${why}`);
    }
  }

  if (config.auth.kind === 'basic') {
    const basic = config.auth;
    let value: string | undefined;
    return {
      async header() {
        if (value) return value;
        const password = await secret(basic.password, 'password');
        value = `Basic ${Buffer.from(`${basic.username}:${password}`).toString('base64')}`;
        secrets.add(value.slice(6));
        return value;
      },
      // No retry with the same password (that only risks locking the account), but forget it:
      // the next poll (or the user's r) re-reads a rotated {command} or {keychain} secret.
      invalidate: () => {
        value = undefined;
        return false;
      },
      redact,
    };
  }

  const oauth = config.auth;
  let token: { access: string; refresh?: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(form: Record<string, string>, signal: AbortSignal): Promise<void> {
    const op = `POST /oauth_token.do (grant ${form.grant_type})`;
    const errCtx: ErrorContext = {
      configKey: `connectors.${ctx.instance}`,
      write: false,
      redact,
      now: ctx.clock.now(),
    };
    let body: string;
    let ctype: string | undefined;
    try {
      const res = await ctx.http.post(`${config.instanceUrl}/oauth_token.do`, {
        form,
        signal,
        responseType: 'text',
        headers: { accept: 'application/json' },
        // The token endpoint is a POST: retried only after 429 like every write.
        retry: writeRetry(ctx.http, ['POST']),
      });
      body = res.body;
      ctype = res.headers['content-type'];
    } catch (err) {
      const e = serviceNowError(op, err, errCtx);
      // The token endpoint answers bad client credentials with 401 and a bad grant with 400.
      if (e.status === 400 || e.status === 401) {
        throw new PluginError(
          'AUTH',
          `ServiceNow refused the OAuth ${form.grant_type} grant (${e.status}). Check ${authKey}.clientId/clientSecret` +
            `${oauth.grant === 'password' ? '/username/password' : ' and that client_credentials is enabled on the instance'}.`,
          { status: e.status },
        );
      }
      throw e;
    }
    if (looksLikeHtml(body, ctype)) throw htmlError(op, `connectors.${ctx.instance}.instanceUrl`);
    let parsed: ReturnType<typeof snTokenSchema.safeParse>;
    try {
      parsed = snTokenSchema.safeParse(JSON.parse(body));
    } catch {
      throw new PluginError('BAD_RESPONSE', `ServiceNow answered ${op} with a non-JSON body`);
    }
    if (!parsed.success)
      throw new PluginError('BAD_RESPONSE', `ServiceNow answered ${op} without an access_token`);
    const t = parsed.data;
    const seconds = Number(t.expires_in ?? 1799);
    secrets.add(t.access_token);
    if (t.refresh_token) secrets.add(t.refresh_token);
    token = {
      access: t.access_token,
      // client_credentials has no refresh token; keep the old one if a refresh omits it.
      ...(t.refresh_token ? { refresh: t.refresh_token } : token?.refresh ? { refresh: token.refresh } : {}),
      expiresAt: ctx.clock.now() + (Number.isFinite(seconds) ? seconds : 1799) * 1000,
    };
  }

  async function fetchToken(signal: AbortSignal): Promise<string> {
    const clientSecret = await secret(oauth.clientSecret, 'client secret');
    const client = { client_id: oauth.clientId, client_secret: clientSecret };
    if (token?.refresh) {
      try {
        await request({ grant_type: 'refresh_token', refresh_token: token.refresh, ...client }, signal);
        return token.access;
      } catch (err) {
        // An expired or revoked refresh token: fall back to the original grant once.
        ctx.log.info('OAuth refresh failed; requesting a new token', { error: redact(String(err)) });
        token = undefined;
      }
    }
    if (oauth.grant === 'password') {
      const password = await secret(oauth.password!, 'password');
      await request({ grant_type: 'password', ...client, username: oauth.username!, password }, signal);
    } else {
      await request({ grant_type: 'client_credentials', ...client }, signal);
    }
    return token!.access;
  }

  return {
    async header(signal) {
      if (token && token.expiresAt - REFRESH_MARGIN_MS > ctx.clock.now()) return `Bearer ${token.access}`;
      // Concurrent callers (two streams polling at once) share one token request.
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined;
      });
      return `Bearer ${await pending}`;
    },
    invalidate() {
      if (token) token.expiresAt = 0;
      return true;
    },
    redact,
  };
}
