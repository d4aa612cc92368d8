/**
 * A small loopback simulator of an Opsgenie-shaped alerts API (REST v2), for the demo, for
 * this plugin's tests and for trying the plugin without an account. It keeps what matters to
 * a connector: `GenieKey` auth, offset paging with a `paging.next` link, and writes that are
 * accepted with 202 and a request id, then confirmed (or refused) by a request-status call.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimAlert {
  id: string;
  tinyId: string;
  message: string;
  status: 'open' | 'closed';
  acknowledged: boolean;
  priority: 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
  tags: string[];
  owner: string;
  entity: string;
  createdAt: string;
  updatedAt: string;
  notes: string[];
}

export interface AlertsSimulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (the API lives under /v2). */
  url: string;
  /** The API key the simulator accepts (`Authorization: GenieKey <key>`). */
  apiKey: string;
  alerts: SimAlert[];
  /** Requests served, as "METHOD /path". */
  requests: string[];
  close(): Promise<void>;
}

export interface SimulatorOptions {
  apiKey?: string;
  /** How many alerts to seed (default 12). */
  count?: number;
  now?: () => number;
}

const SERVICES = ['checkout-api', 'payments-db', 'edge-proxy', 'search', 'mail-relay'];
const PROBLEMS = [
  'CPU above 95%',
  'disk 91% full',
  '5xx rate 4%',
  'replication lag 40 s',
  'TLS cert expires in 6 days',
];

/** Deterministic alerts: the same seed count always gives the same world. */
function seed(count: number, now: number): SimAlert[] {
  return Array.from({ length: count }, (_, i) => {
    const created = new Date(now - (i + 1) * 7 * 60_000).toISOString();
    return {
      id: `a1b2c3d4-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      tinyId: String(1001 + i),
      message: `${SERVICES[i % SERVICES.length]}: ${PROBLEMS[i % PROBLEMS.length]}`,
      status: i % 6 === 5 ? 'closed' : 'open',
      acknowledged: i % 4 === 1,
      priority: (['P1', 'P2', 'P3', 'P3', 'P4', 'P5'] as const)[i % 6]!,
      tags: [`service:${SERVICES[i % SERVICES.length]}`],
      owner: i % 3 === 0 ? 'dana@example.com' : '',
      entity: SERVICES[i % SERVICES.length]!,
      createdAt: created,
      updatedAt: created,
      notes: [],
    };
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ...(body as object), took: 0.01, requestId: randomUUID() }));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function startAlertsSimulator(options: SimulatorOptions = {}): Promise<AlertsSimulator> {
  const apiKey = options.apiKey ?? 'sim-genie-key-0001';
  const now = options.now ?? Date.now;
  const alerts = seed(options.count ?? 12, now());
  const requests: string[] = [];
  /** Outcome of each accepted write, by request id (processed at once in the simulator). */
  const outcomes = new Map<string, { isSuccess: boolean; status: string; action: string; alertId: string }>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    requests.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `GenieKey ${apiKey}`) {
      send(res, 401, { message: 'Could not authenticate' });
      return;
    }
    const path = url.pathname;
    if (req.method === 'GET' && path === '/v2/account') {
      send(res, 200, { data: { name: 'alerts-sim', userCount: 5, plan: { name: 'Standard' } } });
      return;
    }
    if (req.method === 'GET' && path === '/v2/alerts') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 20) || 20, 100);
      const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
      const query = url.searchParams.get('query') ?? '';
      const status = /status:(open|closed)/.exec(query)?.[1];
      const matching = alerts.filter((a) => !status || a.status === status);
      const page = matching.slice(offset, offset + limit);
      const more = offset + limit < matching.length;
      const next = new URL(url.href.replace('http://sim', `http://${req.headers.host}`));
      next.searchParams.set('offset', String(offset + limit));
      next.searchParams.set('limit', String(limit));
      send(res, 200, {
        data: page.map(({ notes: _n, ...a }) => ({ ...a, count: 1, isSeen: a.acknowledged })),
        paging: more ? { next: next.href } : {},
      });
      return;
    }
    const request = /^\/v2\/alerts\/requests\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && request) {
      const outcome = outcomes.get(request[1]!);
      if (!outcome) send(res, 404, { message: 'Request not found. It might not be processed yet.' });
      else
        send(res, 200, {
          data: { ...outcome, success: outcome.isSuccess, processedAt: new Date(now()).toISOString() },
        });
      return;
    }
    const write = /^\/v2\/alerts\/([^/]+)\/(acknowledge|notes)$/.exec(path);
    if (req.method === 'POST' && write) {
      const body = await readJson(req);
      const alert = alerts.find((a) => a.id === write[1]);
      const requestId = randomUUID();
      const action = write[2] === 'acknowledge' ? 'Acknowledge' : 'AddNote';
      // Like the real service, a write is accepted before it is looked at: a missing alert is
      // only reported by the request status.
      if (!alert)
        outcomes.set(requestId, { isSuccess: false, status: 'Alert does not exist', action, alertId: '' });
      else {
        if (action === 'Acknowledge') alert.acknowledged = true;
        else alert.notes.push(String(body.note ?? ''));
        alert.updatedAt = new Date(now()).toISOString();
        outcomes.set(requestId, {
          isSuccess: true,
          status: `${action} processed`,
          action,
          alertId: alert.id,
        });
      }
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: 'Request will be processed', took: 0.01, requestId }));
      return;
    }
    send(res, 404, { message: `No route for ${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    alerts,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
