/**
 * The plugin against the fixture server, through the kit: checkPlugin runs what the cockpit's
 * host checks (config, methods, records, the action, health, deadlines, no blocking, no
 * terminal output, no leaked token); setupPlugin tests behaviour the way the cockpit calls it.
 */
import { checkPlugin, setupPlugin } from 'itops-tui-plugin-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { type FixtureServer, startFixtureServer } from './fixture-server.js';

let server: FixtureServer;
afterEach(() => server?.close());

const configFor = (s: FixtureServer) => ({ plugin: '{{id}}', baseUrl: s.url, token: { env: 'TOKEN' } });

describe('{{packageName}}', () => {
  it('passes the cockpit’s contract checks', async () => {
    server = await startFixtureServer();
    const problems = await checkPlugin(plugin, {
      config: configFor(server),
      secrets: { TOKEN: server.token },
      callStreams: true,
      callActions: true,
    });
    expect(problems).toEqual([]);
  });

  it('lists open tickets as incidents', async () => {
    server = await startFixtureServer();
    const { connector } = await setupPlugin(plugin, configFor(server), { secrets: { TOKEN: server.token } });
    const incidents = await connector.listIncidents(AbortSignal.timeout(5_000));
    expect(incidents.map((i) => [i.key, i.status, i.priority])).toEqual([
      ['TCK-1', 'triggered', 'P1'],
      ['TCK-2', 'acknowledged', 'P3'],
    ]);
  });

  it('acknowledges a ticket', async () => {
    server = await startFixtureServer();
    const { connector } = await setupPlugin(plugin, configFor(server), { secrets: { TOKEN: server.token } });
    const [first] = await connector.listIncidents(AbortSignal.timeout(5_000));
    const result = await connector.acknowledge(first!, AbortSignal.timeout(5_000));
    expect(result.message).toBe('Acknowledged TCK-1 (Checkout 5xx above 2%)');
    expect(server.tickets[0]?.state).toBe('acknowledged');
  });

  it('a wrong token is AUTH, with the fix, and never quoted', async () => {
    server = await startFixtureServer();
    const { connector } = await setupPlugin(plugin, configFor(server), { secrets: { TOKEN: 'wrong-token-99' } });
    const err = await connector.listIncidents(AbortSignal.timeout(5_000)).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'PluginError', code: 'AUTH' });
    expect((err as Error).message).toContain('connectors.<name>.token');
    expect((err as Error).message).not.toContain('wrong-token-99');
    expect((await connector.health(AbortSignal.timeout(5_000))).ok).toBe(false);
  });
});
