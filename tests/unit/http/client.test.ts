import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import type { RateLimitInfo } from '../../../src/http/retry.js';

type Reply = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let replies: Reply[];
let seen: { method: string; url: string }[];

/** Each request takes the next scripted reply; the last one repeats. */
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url! });
    req.resume();
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
    reply(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  replies = [];
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const never: Reply = () => {};

describe('createHttpClient retries', () => {
  it('waits out a 429 with ratelimit-reset on GET and then succeeds', async () => {
    replies = [json(429, { error: 'slow down' }, { 'ratelimit-reset': '1' }), json(200, { ok: 1 })];
    const http = createHttpClient({ retries: 2 });
    const started = Date.now();
    const body = await http.get(`${base}/incidents`).json();
    expect(body).toEqual({ ok: 1 });
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('retries a 429 on PUT as well: the vendor did not process it', async () => {
    replies = [json(429, {}, { 'ratelimit-reset': '1' }), json(200, { acknowledged: true })];
    const http = createHttpClient({ retries: 2 });
    const body = await http.put(`${base}/incidents/Q1`, { json: { status: 'acknowledged' } }).json();
    expect(body).toEqual({ acknowledged: true });
    expect(seen.map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });

  it('does not retry a 500 on PUT: the server sees exactly one request', async () => {
    replies = [json(500, { error: 'boom' })];
    const http = createHttpClient({ retries: 3 });
    await expect(http.put(`${base}/incidents/Q1`, { json: {} })).rejects.toMatchObject({
      response: { statusCode: 500 },
    });
    expect(seen).toHaveLength(1);
  });

  it('retries a 502 on GET and succeeds', async () => {
    replies = [json(502, {}), json(200, { ok: 2 })];
    const http = createHttpClient({ retries: 2 });
    expect(await http.get(`${base}/x`).json()).toEqual({ ok: 2 });
    expect(seen).toHaveLength(2);
  });

  it('gives up after the retry limit', async () => {
    replies = [json(503, {})];
    const http = createHttpClient({ retries: 1 });
    await expect(http.get(`${base}/x`)).rejects.toMatchObject({ response: { statusCode: 503 } });
    expect(seen).toHaveLength(2);
  });

  it('surfaces a 429 whose wait exceeds maxRetryAfterMs instead of sitting through it', async () => {
    replies = [json(429, {}, { 'retry-after': '120' })];
    const http = createHttpClient({ retries: 2, maxRetryAfterMs: 5_000 });
    const started = Date.now();
    await expect(http.get(`${base}/x`)).rejects.toMatchObject({ response: { statusCode: 429 } });
    expect(seen).toHaveLength(1);
    // Far below the 120 s asked for: surfaced at once, not sat through (generous for a busy machine).
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('createHttpClient timeouts, headers and redaction', () => {
  it('times out a request that gets no answer', async () => {
    replies = [never];
    const http = createHttpClient({ timeoutMs: 100, retries: 0 });
    await expect(http.post(`${base}/slow`, { json: {} })).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      name: 'TimeoutError',
    });
    expect(seen).toHaveLength(1);
  });

  it('sends the user agent', async () => {
    let agent: string | undefined;
    replies = [
      (req, res) => {
        agent = req.headers['user-agent'];
        json(200, {})(req, res);
      },
    ];
    await createHttpClient({ userAgent: 'itops-tui/0.1.0' }).get(base);
    expect(agent).toBe('itops-tui/0.1.0');
  });

  it('calls onRateLimit with the parsed rate-limit headers of every response that has them', async () => {
    const infos: RateLimitInfo[] = [];
    replies = [
      json(200, {}, { 'ratelimit-limit': '960', 'ratelimit-remaining': '959', 'ratelimit-reset': '60' }),
      json(200, {}),
    ];
    const http = createHttpClient({ onRateLimit: (i) => infos.push(i) });
    await http.get(`${base}/a`);
    await http.get(`${base}/b`);
    expect(infos).toEqual([{ limit: 960, remaining: 959, resetMs: 60_000 }]);
  });

  it('scrubs a secret from the error message (here, a token in the URL query)', async () => {
    const secret = 'u+SuperSecretToken123';
    replies = [json(404, {})];
    const http = createHttpClient({
      retries: 0,
      redactor: { redact: (t) => t.split(encodeURIComponent(secret)).join('***').split(secret).join('***') },
    });
    const err = (await http
      .get(`${base}/incidents`, { searchParams: { token: secret } })
      .catch((e: Error) => e)) as Error;
    expect(seen[0]!.url).toContain(encodeURIComponent(secret));
    expect(err.message).toContain('404');
    expect(err.message).toContain('token=***');
    expect(err.message).not.toContain('SuperSecretToken');
  });
});
