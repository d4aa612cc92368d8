/**
 * The loopback HTTP plumbing every vendor simulator shares: read the request,
 * apply injected faults, let the vendor handler answer, record the exchange,
 * and serve the `/__sim/faults` control endpoint. Vendor logic lives elsewhere.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FaultSet, faultFromJson, faultToJson } from './faults.js';
import { queryRecord, type RequestLog } from './recorder.js';

export interface SimRequest {
  method: string;
  /** Path plus query string as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SimResponse {
  status: number;
  /** Serialized as JSON unless `raw` is given. */
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export interface SimServerOptions {
  port?: number;
  handle: (req: SimRequest) => SimResponse | Promise<SimResponse>;
  faults: FaultSet;
  requests: RequestLog;
  /** The vendor's error body for an injected status without an explicit body. */
  faultBody: (status: number) => unknown;
}

export interface SimServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function send(res: ServerResponse, r: SimResponse): string {
    const text = r.raw ?? (r.json === undefined ? '' : JSON.stringify(r.json));
    const headers: Record<string, string> = {
      ...(r.raw === undefined && r.json !== undefined ? { 'content-type': JSON_TYPE } : {}),
      ...r.headers,
    };
    if (!res.destroyed) {
      // setHeader (not writeHead's argument) so getHeaders() shows them to the recorder.
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.writeHead(r.status);
      res.end(text);
    }
    return text;
  }

  function control(req: SimRequest): SimResponse {
    if (req.path !== '/__sim/faults' && !req.path.startsWith('/__sim/faults/')) {
      return { status: 404, json: { error: 'unknown control path; use /__sim/faults' } };
    }
    const id = req.path.slice('/__sim/faults/'.length);
    if (req.method === 'GET')
      return { status: 200, json: { faults: options.faults.list().map(faultToJson) } };
    if (req.method === 'DELETE' && id) return { status: options.faults.remove(Number(id)) ? 204 : 404 };
    if (req.method === 'DELETE') {
      options.faults.clear();
      return { status: 204 };
    }
    if (req.method === 'POST') {
      try {
        const input: unknown = JSON.parse(req.body);
        const specs = (Array.isArray(input) ? input : [input]).map(faultFromJson);
        return { status: 201, json: { faults: specs.map((s) => faultToJson(options.faults.add(s))) } };
      } catch (err) {
        return { status: 400, json: { error: err instanceof Error ? err.message : String(err) } };
      }
    }
    return { status: 405, json: { error: 'use GET, POST or DELETE' } };
  }

  async function serve(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(raw);
    const rawUrl = raw.url ?? '/';
    const parsed = new URL(rawUrl, 'http://sim.invalid');
    const req: SimRequest = {
      method: (raw.method ?? 'GET').toUpperCase(),
      url: rawUrl,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: raw.headers,
      body,
    };
    // The control surface is not part of the vendor API: no faults, not recorded.
    if (req.path.startsWith('/__sim/')) {
      send(res, control(req));
      return;
    }
    const record = (status: number, responseBody: string | undefined) =>
      options.requests.push({
        at: Date.now(),
        method: req.method,
        url: req.url,
        path: req.path,
        query: queryRecord(req.query),
        headers: req.headers,
        body: body === '' ? undefined : body,
        requestHeaders: req.headers,
        requestBody: body === '' ? undefined : body,
        status,
        responseHeaders: res.getHeaders(),
        responseBody,
      });

    const fault = options.faults.take(req.method, req.url);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop) {
      record(0, undefined);
      res.socket?.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      const r: SimResponse =
        fault.body !== undefined
          ? {
              status: fault.status,
              raw: fault.body,
              headers: {
                'content-type': /^\s*[[{]/.test(fault.body) ? JSON_TYPE : 'text/html',
                ...fault.headers,
              },
            }
          : { status: fault.status, json: options.faultBody(fault.status), headers: { ...fault.headers } };
      record(fault.status, send(res, r));
      return;
    }
    const r = await options.handle(req);
    if (fault?.headers) r.headers = { ...r.headers, ...fault.headers };
    // Applied already; the answer is what is late (and lost if the client hung up meanwhile).
    if (fault?.holdResponseMs) await sleep(fault.holdResponseMs);
    record(r.status, send(res, r));
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': JSON_TYPE });
        res.end(JSON.stringify({ error: { message: `simulator bug: ${String(err)}`, code: 2000 } }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
