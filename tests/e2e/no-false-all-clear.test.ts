/**
 * Issue 7, "never lie": with every source down, or still loading, no panel may say
 * "No open incidents" or "Nothing at risk". Run for real: the bundled CLI in a
 * pseudo-terminal, PagerDuty and ServiceNow connectors pointed at a closed port (down)
 * or at a server that accepts and never answers (loading). Poll failures must also
 * reach the log file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
let server: Server | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  session?.kill();
  session = undefined;
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A port nothing listens on: bind, note it, close. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A server that accepts every connection and never says a word: the first poll never ends. */
async function silentPort(): Promise<number> {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

function configFor(port: number, timeoutMs: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'itops-allclear-'));
  const file = join(dir, 'config.yml');
  writeFileSync(
    file,
    [
      'connectors:',
      '  pd-down:',
      '    plugin: pagerduty',
      '    token: {env: PD_TOKEN}',
      `    baseUrl: http://127.0.0.1:${port}`,
      '    pollSeconds: 2',
      '  sn-down:',
      '    plugin: servicenow',
      `    instanceUrl: http://127.0.0.1:${port}`,
      '    auth: {kind: basic, username: svc-itops, password: {env: SN_PASSWORD}}',
      '    pollSeconds: 2',
      'http:',
      `  timeoutMs: ${timeoutMs}`,
      '  retries: 0',
      '',
    ].join('\n'),
  );
  return file;
}

const ENV = { PD_TOKEN: 'pd-test-token', SN_PASSWORD: 'sn-test-password' };
/** In the 2×2 grid the unfocused panels are boxes of their own, not one-line summaries. */
const inGrid = (t: string) => /[│║][ ▶]+2 On-call/.test(t) && /[│║][ ▶]+4 SLA risk/.test(t);
/** Words that would claim "all clear". */
const ALL_CLEAR = /No open incidents|Nothing at risk|✔/;

describe('every source down or silent: no panel claims all clear', () => {
  it('every source down: says "no data" with the reason at 80×24 and in the 160×48 grid; failures are logged', async () => {
    const port = await closedPort();
    session = spawnCli(['--config', configFor(port, 3000)], { cols: 80, rows: 24, env: ENV });
    const s = session;
    const down = await s.waitFor(
      (t) => /No data from/.test(t) && /SLA risk +✖ no data/.test(t),
      'the queue to say it has no data',
      20_000,
    );
    expect(down).not.toMatch(ALL_CLEAR);
    expect(down).toMatch(/✖ pd-down no data|✖ sn-down no data/);
    // The reason is on screen, not only "failed".
    expect(down).toMatch(/ECONNREFUSED|refused|unreachable/i);

    // The SLA panel focused: same honesty.
    s.write('4');
    const sla = await s.waitFor((t) => /▶ 4 SLA risk/.test(t), 'the SLA panel');
    expect(sla).not.toMatch(ALL_CLEAR);
    expect(sla).toMatch(/No data from/);

    // The real-screen grid shows all four panels at once.
    s.resize(160, 48);
    const grid = await s.waitFor(
      (t) => inGrid(t) && (t.match(/No data from/g)?.length ?? 0) >= 3,
      'the 2×2 grid',
    );
    expect(grid).not.toMatch(ALL_CLEAR);
    expect(grid.match(/No data from/g)?.length).toBeGreaterThanOrEqual(3);

    // The log file has the failures (first failure of each stream, in full).
    const log = join(s.stateDir, 'itops', 'itops.log');
    const deadline = Date.now() + 10_000;
    let lines: { instance: string; msg: string; data?: { stream?: string; error?: string } }[] = [];
    while (Date.now() < deadline) {
      try {
        lines = readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
      } catch {
        lines = [];
      }
      if (lines.some((l) => l.instance === 'sn-down') && lines.some((l) => l.instance === 'pd-down')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const failed = lines.filter((l) => l.msg === 'poll failed');
    expect(failed.map((l) => `${l.instance} ${l.data?.stream}`)).toEqual(
      expect.arrayContaining(['pd-down incidents', 'sn-down incidents']),
    );
    expect(failed.every((l) => (l.data?.error ?? '').length > 0)).toBe(true);
    // Secrets never reach the log.
    expect(readFileSync(log, 'utf8')).not.toContain('sn-test-password');
  }, 60_000);

  it('every source silent (first poll never answers): says loading, claims nothing', async () => {
    const port = await silentPort();
    session = spawnCli(['--config', configFor(port, 60_000)], { cols: 80, rows: 24, env: ENV });
    const s = session;
    const loading = await s.waitFor(
      (t) => /Loading from/.test(t) && /SLA risk +loading/.test(t),
      'the panels to say they are loading',
      20_000,
    );
    expect(loading).not.toMatch(ALL_CLEAR);
    // No counts of zero pretend to be a quiet queue while nothing is known.
    expect(loading).not.toMatch(/0 triggered|0 breached/);
    s.resize(160, 48);
    const grid = await s.waitFor(
      (t) => inGrid(t) && (t.match(/Loading from/g)?.length ?? 0) >= 3,
      'the grid',
    );
    expect(grid).not.toMatch(ALL_CLEAR);
    expect(grid.match(/Loading from/g)?.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
