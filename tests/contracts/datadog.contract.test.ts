/**
 * Connector ↔ simulator ↔ the Datadog specs (`datadog-v1.openapi.yaml` and
 * `datadog-v2.openapi.yaml`, found through ITOPS_SPECS_DIR; see shared/api/SOURCES.md). The run
 * drives every request the connector makes — monitors with their downtimes, SLOs with both
 * history reads, incidents, a state change, a mute and its lift, health — in a world with an
 * outage, and validates each recorded request against the spec of its API version and each
 * response against the operation's declared responses.
 */
import { setupPlugin } from 'itops-tui/testing';
import { describe, expect, it } from 'vitest';
import type { createConnector } from '../../plugins/datadog/connector.js';
import datadog from '../../plugins/datadog/index.js';
import { createWorld, ManualClock, MINUTE, startSimulators } from '../../src/sim/index.js';
import { formatViolations, OpenApiValidator } from './openapi.js';
import { loadSpec } from './spec.js';

const v1 = loadSpec('datadog-v1.openapi.yaml');
const v2 = loadSpec('datadog-v2.openapi.yaml');
if (!v1.spec) console.warn(v1.notice);

describe.skipIf(!v1.spec || !v2.spec)(
  'Datadog contract: connector and simulator against the Datadog specs',
  () => {
    it('sends only declared requests and gets only declared responses', async () => {
      const validators = { v1: new OpenApiValidator(v1.spec!), v2: new OpenApiValidator(v2.spec!) };
      const clock = new ManualClock();
      const world = createWorld({ seed: 7, clock });
      const sims = await startSimulators({ world, clock });
      try {
        const dd = sims.datadog;
        const signal = () => AbortSignal.timeout(30_000);
        const { connector } = await setupPlugin(
          datadog,
          { plugin: 'datadog', baseUrl: dd.url, apiKey: dd.apiKey, appKey: dd.appKey, pageSize: 5 },
          { now: () => clock.now(), instance: 'dd', host: { timeoutMs: 30_000 } },
        );
        clock.advance(5 * MINUTE);
        const monitors = await connector.listMonitors(signal());
        await connector.listSlos(signal());
        const incidents = await connector.listIncidents(signal());
        const m = monitors[0]!;
        await connector.mute(m, { minutes: 60, group: m.groups[0]?.name }, signal());
        const [muted] = (await connector.listMonitors(signal())).filter((x) => x.id === m.id);
        await connector.unmute(muted!, {}, signal());
        const change = (connector as unknown as ReturnType<typeof createConnector>).changeIncidentState;
        await change(incidents[0]!, { state: 'stable' }, signal());
        await connector.health(signal());

        const exchanges = [...dd.server.requests];
        const ops = new Set(
          exchanges.map((r) => `${r.method} ${r.path.replace(/\/[0-9a-f-]{16,}(?=\/|$)/, '/{id}')}`),
        );
        // The run must cover what the connector does, or a green result means little.
        expect([...ops].sort()).toEqual(
          [
            'DELETE /api/v2/downtime/{id}',
            'GET /api/v1/monitor',
            'GET /api/v1/slo',
            'GET /api/v1/slo/{id}/history',
            'GET /api/v2/downtime',
            'GET /api/v2/incidents',
            'PATCH /api/v2/incidents/{id}',
            'POST /api/v2/downtime',
          ].sort(),
        );
        const violations = exchanges.flatMap((r) => {
          const x = { ...r, responseHeaders: r.responseHeaders as Record<string, string> };
          const v = r.path.startsWith('/api/v1/') ? validators.v1 : validators.v2;
          return [...v.validateRequest(x), ...v.validateResponse(x)];
        });
        expect(violations, formatViolations(violations)).toEqual([]);
      } finally {
        await sims.close();
      }
    }, 120_000);

    it('the simulator refusals are declared answers too: 403 bad keys, 404 no incident management, 429', async () => {
      const validators = { v1: new OpenApiValidator(v1.spec!), v2: new OpenApiValidator(v2.spec!) };
      const clock = new ManualClock();
      const world = createWorld({ seed: 7, clock });
      const sims = await startSimulators({ world, clock, datadog: { incidents: 'missing', rateLimit: 3 } });
      try {
        const dd = sims.datadog;
        const get = (path: string, keys = true) =>
          fetch(`${dd.url}${path}`, {
            headers: keys
              ? { 'DD-API-KEY': dd.apiKey, 'DD-APPLICATION-KEY': dd.appKey }
              : { 'DD-API-KEY': 'nope' },
          });
        await get('/api/v1/monitor?page=0&page_size=1', false);
        await get('/api/v2/incidents?page%5Bsize%5D=10');
        for (let i = 0; i < 4; i++) await get('/api/v1/slo?limit=1');
        const exchanges = [...dd.server.requests];
        expect(exchanges.map((r) => r.status).sort()).toEqual([200, 200, 200, 403, 404, 429]);
        const violations = exchanges.flatMap((r) => {
          const x = { ...r, responseHeaders: r.responseHeaders as Record<string, string> };
          const v = r.path.startsWith('/api/v1/') ? validators.v1 : validators.v2;
          return v.validateResponse(x);
        });
        expect(violations, formatViolations(violations)).toEqual([]);
      } finally {
        await sims.close();
      }
    });

    it('the checker is not blind: an undeclared parameter and a wrong response shape are caught', () => {
      const validator = new OpenApiValidator(v1.spec!);
      const base = { method: 'GET', requestHeaders: {}, requestBody: undefined, status: 200 };
      expect(
        validator.validateRequest({
          ...base,
          url: '/api/v1/monitor?bogus=1',
          responseHeaders: {},
          responseBody: '',
        } as never),
      ).not.toEqual([]);
      expect(
        validator.validateResponse({
          ...base,
          url: '/api/v1/monitor',
          responseHeaders: { 'content-type': 'application/json' },
          responseBody: JSON.stringify([{ id: 'not-a-number', overall_state: 'Alert' }]),
        } as never),
      ).not.toEqual([]);
    });
  },
);
