/**
 * Who is calling: Basic auth with a sys_user password, or a Bearer token from
 * `POST /oauth_token.do` (password, client_credentials and refresh_token
 * grants). Tokens expire after `ttlSeconds` of the injected clock, so tests can
 * expire them by moving a ManualClock instead of waiting.
 */
import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from '../http/server.js';
import type { SnUser } from './model.js';
import type { ServiceNowData } from './world.js';

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Access token lifetime (default 1799 s, ServiceNow's default). */
  ttlSeconds: number;
  /** Refresh token lifetime (default 100 days). */
  refreshTtlSeconds: number;
  /** Time source for expiry, epoch ms (default the real clock). */
  now: () => number;
}

interface Grant {
  userId: string;
  expiresAt: number;
}

const oauthError = (status: number, error: string, description: string): SimResponse => ({
  status,
  json: { error, error_description: description },
});

export class Authenticator {
  private readonly access = new Map<string, Grant>();
  private readonly refresh = new Map<string, Grant>();

  constructor(
    private readonly data: ServiceNowData,
    readonly oauth: OAuthOptions,
  ) {}

  /** The user behind the Authorization header, or undefined (→ 401). */
  caller(req: SimRequest): SnUser | undefined {
    const auth = String(req.headers.authorization ?? '');
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    if (bearer !== undefined) {
      const grant = this.access.get(bearer);
      if (!grant || grant.expiresAt <= this.oauth.now()) return undefined;
      return this.data.user(grant.userId);
    }
    const basic = /^Basic\s+(.+)$/i.exec(auth)?.[1]?.trim();
    if (basic === undefined) return undefined;
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return this.login(decoded.slice(0, colon), decoded.slice(colon + 1));
  }

  private login(userName: string, password: string): SnUser | undefined {
    const user = this.data.userByName(userName);
    return user && user.password !== null && user.password === password ? user : undefined;
  }

  /** `refresh`: 'new' mints one, a string hands the caller's own back (ServiceNow reuses it), null none. */
  private issue(user: SnUser, refresh: 'new' | string | null): SimResponse {
    const now = this.oauth.now();
    const token = randomBytes(24).toString('base64url');
    this.access.set(token, { userId: user.sys_id, expiresAt: now + this.oauth.ttlSeconds * 1000 });
    const json: Record<string, unknown> = {
      access_token: token,
      scope: 'useraccount',
      token_type: 'Bearer',
      expires_in: this.oauth.ttlSeconds,
    };
    if (refresh === 'new') {
      const r = randomBytes(24).toString('base64url');
      this.refresh.set(r, { userId: user.sys_id, expiresAt: now + this.oauth.refreshTtlSeconds * 1000 });
      json.refresh_token = r;
    } else if (refresh !== null) json.refresh_token = refresh;
    return { status: 200, json };
  }

  /** POST /oauth_token.do (form-encoded). */
  token(req: SimRequest): SimResponse {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.includes('application/x-www-form-urlencoded'))
      return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.body);
    const grant = form.get('grant_type');
    if (
      form.get('client_id') !== this.oauth.clientId ||
      form.get('client_secret') !== this.oauth.clientSecret
    )
      return oauthError(401, 'access_denied', 'Invalid client credentials');
    switch (grant) {
      case 'password': {
        const user = this.login(form.get('username') ?? '', form.get('password') ?? '');
        return user ? this.issue(user, 'new') : oauthError(401, 'access_denied', 'Invalid user credentials');
      }
      case 'client_credentials':
        // The OAuth application runs as the integration user, as an instance admin would configure it.
        return this.issue(this.data.dir.integration, null);
      case 'refresh_token': {
        const presented = form.get('refresh_token') ?? '';
        const r = this.refresh.get(presented);
        if (!r || r.expiresAt <= this.oauth.now())
          return oauthError(401, 'access_denied', 'Invalid refresh token');
        return this.issue(this.data.user(r.userId)!, presented);
      }
      default:
        return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${grant ?? '(none)'}`);
    }
  }

  /** Forget every access token (e.g. to test a client's 401 → refresh path). */
  revokeAccessTokens(): void {
    this.access.clear();
  }
}
