/**
 * One ServiceNow session per connector instance, kept on purpose.
 *
 * Every request that arrives without a session cookie makes the instance log the
 * user in again and open a new session (JSESSIONID); a cockpit polling two streams
 * every 30 s would open thousands a day, each holding node memory until it times
 * out, and instances with per-session limits or rate rules count them. Sending the
 * cookies back keeps one session (and its node, via the routing cookie). The
 * Authorization header still goes with every request, so an expired session is
 * simply replaced. Keep-alive is the HTTP agent's job (Node's default agent keeps
 * connections open).
 */

/** Most cookies kept, and longest one: a hostile or broken server cannot grow the jar. */
const MAX_COOKIES = 20;
const MAX_COOKIE_CHARS = 4096;

export interface CookieJar {
  /** The Cookie header to send, or undefined when there is nothing to send. */
  header(): string | undefined;
  /** Take the Set-Cookie headers of an answer. */
  store(setCookie: string | string[] | undefined): void;
  /** Forget the session (after a 401: it may be the session that was refused). */
  clear(): void;
  readonly size: number;
}

/** `https` false: cookies marked Secure are not kept (they would never be sent back over http). */
export function createCookieJar(https: boolean): CookieJar {
  const jar = new Map<string, string>();
  return {
    header() {
      if (jar.size === 0) return undefined;
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    store(setCookie) {
      const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
      for (const line of lines) {
        if (line.length > MAX_COOKIE_CHARS) continue;
        const [pair = '', ...attrs] = line.split(';');
        const eq = pair.indexOf('=');
        const name = eq > 0 ? pair.slice(0, eq).trim() : '';
        const value = eq > 0 ? pair.slice(eq + 1).trim() : '';
        // Only token characters: anything else could smuggle a header or a second cookie.
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\s;,\\"]/.test(value)) continue;
        const attr = (a: string) => attrs.find((x) => x.trim().toLowerCase().startsWith(a));
        const maxAge = attr('max-age=');
        const expired = value === '' || (maxAge !== undefined && Number(maxAge.split('=')[1]) <= 0);
        if (expired || (!https && attr('secure') !== undefined)) {
          jar.delete(name);
          continue;
        }
        if (!jar.has(name) && jar.size >= MAX_COOKIES) continue;
        jar.set(name, value);
      }
    },
    clear() {
      jar.clear();
    },
    get size() {
      return jar.size;
    },
  };
}

type Headers = Record<string, string | string[] | undefined>;

export interface Session {
  /**
   * Send one request in the session: `request` gets the Cookie header to send. Its answer's
   * cookies are kept (a 401 drops them: the session may be what was refused). The first request
   * of a session goes alone — requests sent beside it would each open a session of their own.
   */
  run<T extends { headers: Headers }>(request: (cookie: string | undefined) => Promise<T>): Promise<T>;
}

export function createSession(https: boolean): Session {
  const cookies = createCookieJar(https);
  let opening: Promise<void> | undefined;
  // An instance (or proxy) that answers without a session cookie: stop holding requests back.
  let sessionless = false;

  async function exchange<T extends { headers: Headers }>(
    request: (cookie: string | undefined) => Promise<T>,
  ) {
    try {
      const answer = await request(cookies.header());
      cookies.store(answer.headers['set-cookie']);
      if (cookies.size === 0) sessionless = true;
      return answer;
    } catch (err) {
      const response = (err as { response?: { statusCode?: number; headers?: Headers } }).response;
      if (response?.statusCode === 401) cookies.clear();
      else cookies.store(response?.headers?.['set-cookie']);
      throw err;
    }
  }

  return {
    async run(request) {
      if (cookies.size > 0 || sessionless) return exchange(request);
      if (opening) {
        await opening;
        return exchange(request);
      }
      let opened = () => {};
      opening = new Promise<void>((resolve) => {
        opened = resolve;
      });
      try {
        return await exchange(request);
      } finally {
        opening = undefined;
        opened();
      }
    },
  };
}
