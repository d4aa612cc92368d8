/**
 * A stand-in for {{displayName}}'s API on 127.0.0.1, for this plugin's tests. Grow it with the
 * answers your vendor really gives (paging, errors, odd states): each one becomes a test.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureTicket {
  id: string;
  number: string;
  summary: string;
  state: 'open' | 'acknowledged' | 'closed';
  priority: number;
  assignee: string | null;
  createdAt: string;
}

export interface FixtureServer {
  url: string;
  token: string;
  tickets: FixtureTicket[];
  close(): Promise<void>;
}

export async function startFixtureServer(token = 'fixture-token-1234'): Promise<FixtureServer> {
  const tickets: FixtureTicket[] = [
    { id: 't1', number: 'TCK-1', summary: 'Checkout 5xx above 2%', state: 'open', priority: 1, assignee: null, createdAt: '2026-01-05T08:00:00Z' },
    { id: 't2', number: 'TCK-2', summary: 'Disk 91% on db-2', state: 'acknowledged', priority: 3, assignee: 'Ana', createdAt: '2026-01-05T07:30:00Z' },
    { id: 't3', number: 'TCK-3', summary: 'Old and done', state: 'closed', priority: 4, assignee: 'Ana', createdAt: '2026-01-04T07:30:00Z' },
  ];
  const server = createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://fixture');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'bad token' });
    if (req.method === 'GET' && url.pathname === '/api/me') return reply(200, { name: 'Fixture Bot' });
    if (req.method === 'GET' && url.pathname === '/api/tickets') {
      const status = url.searchParams.get('status');
      return reply(200, { tickets: tickets.filter((t) => status !== 'open' || t.state !== 'closed') });
    }
    const ack = /^\/api\/tickets\/([^/]+)\/acknowledge$/.exec(url.pathname);
    if (req.method === 'POST' && ack) {
      const ticket = tickets.find((t) => t.id === decodeURIComponent(ack[1]!));
      if (!ticket) return reply(404, { error: 'no such ticket' });
      ticket.state = 'acknowledged';
      return reply(200, { ticket });
    }
    return reply(404, { error: 'no route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    tickets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
