/**
 * HTTP sessions. A request without a session cookie makes the instance create a
 * session (and answer `Set-Cookie: JSESSIONID=…`); a client that sends the cookie
 * back reuses it. Instances count sessions (node memory, semaphores, per-session
 * rate rules), so a client that opens one per call is a nuisance on a big
 * instance; `created` lets tests see which kind a client is.
 */
import { randomBytes } from 'node:crypto';
import type { SimRequest } from '../http/server.js';

export class Sessions {
  /** Sessions opened so far. */
  created = 0;
  private readonly owner = new Map<string, string>();

  /** Reuse the request's session when it belongs to `userId`; else open one and say so in Set-Cookie. */
  use(req: SimRequest, userId: string): Record<string, string> {
    const cookie = String(req.headers.cookie ?? '');
    const id = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(cookie)?.[1];
    if (id !== undefined && this.owner.get(id) === userId) return {};
    const fresh = randomBytes(16).toString('hex').toUpperCase();
    this.owner.set(fresh, userId);
    this.created++;
    return { 'Set-Cookie': `JSESSIONID=${fresh}; Path=/; HttpOnly` };
  }
}
