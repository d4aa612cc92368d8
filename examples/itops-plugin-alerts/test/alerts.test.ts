/**
 * The alerts plugin against its own simulator, through the kit a plugin author uses:
 * `checkPlugin` for everything the cockpit's host checks, `setupPlugin` for behaviour.
 */
import { checkPlugin, setupPlugin } from 'itops-tui-plugin-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { type AlertsSimulator, startAlertsSimulator } from '../src/simulator.js';

let sim: AlertsSimulator;
afterEach(() => sim?.close());

const configFor = (s: AlertsSimulator, extra: Record<string, unknown> = {}) => ({
  plugin: 'itops-plugin-alerts',
  baseUrl: s.url,
  apiKey: { env: 'ALERTS_API_KEY' },
  ...extra,
});

async function connect(extra: Record<string, unknown> = {}, key?: string) {
  sim = await startAlertsSimulator({ count: 150 });
  return setupPlugin(plugin, configFor(sim, extra), {
    host: true,
    secrets: { ALERTS_API_KEY: key ?? sim.apiKey },
  });
}

describe('itops-plugin-alerts', () => {
  it('passes the host’s contract: reads, acknowledge, note and health, under deadlines', async () => {
    sim = await startAlertsSimulator();
    const problems = await checkPlugin(plugin, {
      config: configFor(sim),
      secrets: { ALERTS_API_KEY: sim.apiKey },
      callStreams: true,
      callActions: true,
      host: true,
    });
    expect(problems).toEqual([]);
    expect(sim.requests).toContain('POST /v2/alerts/a1b2c3d4-0000-4000-8000-000000000001/acknowledge');
  });

  it('reads every page of open alerts as incidents', async () => {
    const { connector } = await connect();
    const incidents = await connector.listIncidents(AbortSignal.timeout(10_000));
    const open = sim.alerts.filter((a) => a.status === 'open');
    expect(incidents).toHaveLength(open.length);
    expect(sim.requests.filter((r) => r === 'GET /v2/alerts')).toHaveLength(2);
    expect(incidents[0]).toMatchObject({
      key: '#1001',
      status: 'triggered',
      priority: 'P1',
      service: 'checkout-api',
    });
    expect(incidents[1]).toMatchObject({ status: 'acknowledged', vendorStatus: 'open, acknowledged' });
  });

  it('acknowledges only once the vendor confirms the queued request', async () => {
    const { connector } = await connect();
    const [first] = await connector.listIncidents(AbortSignal.timeout(10_000));
    const result = await connector.acknowledge(first!, AbortSignal.timeout(10_000));
    expect(result).toEqual({ ok: true, message: 'Acknowledged #1001 (checkout-api: CPU above 95%)' });
    expect(sim.alerts[0]?.acknowledged).toBe(true);
    expect(sim.requests.some((r) => r.startsWith('GET /v2/alerts/requests/'))).toBe(true);
  });

  it('reports a write the vendor accepted and then refused as NOT_FOUND', async () => {
    const { connector } = await connect();
    const [first] = await connector.listIncidents(AbortSignal.timeout(10_000));
    await expect(
      connector.addNote({ ...first!, id: 'no-such-alert' }, 'looking', AbortSignal.timeout(10_000)),
    ).rejects.toMatchObject({
      name: 'PluginError',
      code: 'NOT_FOUND',
      message: 'Alerts refused note on no-such-alert: Alert does not exist',
    });
  });

  it('a wrong key is AUTH with the fix, and health says so without throwing', async () => {
    const { connector } = await connect({}, 'wrong-key-123');
    await expect(connector.listIncidents(AbortSignal.timeout(10_000))).rejects.toMatchObject({
      code: 'AUTH',
      message: expect.stringContaining('apiKey'),
    });
    const health = await connector.health(AbortSignal.timeout(10_000));
    expect(health.ok).toBe(false);
    expect(health.detail).not.toContain('wrong-key-123');
  });

  it('refuses a config with a typo, naming the key', async () => {
    sim = await startAlertsSimulator();
    await expect(setupPlugin(plugin, { ...configFor(sim), qeury: 'status:open' })).rejects.toThrow(/qeury/);
  });
});
