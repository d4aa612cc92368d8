/**
 * itops-plugin-alerts: alerts from an Opsgenie-shaped alerts API (REST v2) in the itops-tui
 * cockpit, as incidents you can acknowledge and annotate. A third-party plugin written only
 * against the public kit: it is what `itops-tui plugin new` grows into.
 */
import { definePlugin, type PluginContext, PluginError, recordLabel } from 'itops-tui-plugin-kit';
import { createAlertsClient } from './client.js';
import { toIncident } from './map.js';
import { type AlertsConfig, configSchema } from './schema.js';

export default definePlugin({
  apiVersion: 1,
  id: 'alerts',
  displayName: 'Alerts',
  version: '1.0.0',
  capabilities: ['incidents.read', 'incidents.ack', 'incidents.note'],
  configSchema,
  async setup(ctx: PluginContext<AlertsConfig>) {
    const apiKey = await ctx.secrets.resolve(ctx.config.apiKey);
    const client = createAlertsClient(ctx, apiKey);
    return {
      async listIncidents(signal) {
        const alerts = await client.listAlerts(signal);
        return alerts.map((a) => toIncident(a, ctx.config.webUrl));
      },
      async acknowledge(incident, signal) {
        if (incident.status === 'acknowledged') {
          return {
            ok: true,
            message: `${recordLabel(incident)} was already acknowledged`,
            alreadyDone: true,
          };
        }
        await client.acknowledge(incident.id, signal);
        return { ok: true, message: `Acknowledged ${recordLabel(incident)}` };
      },
      async addNote(incident, text, signal) {
        if (text.trim() === '') throw new PluginError('INVALID', 'A note needs some text.');
        await client.addNote(incident.id, text, signal);
        return { ok: true, message: `Note added to ${recordLabel(incident)}` };
      },
      async health(signal) {
        try {
          return { ok: true, detail: `API key accepted by account ${await client.account(signal)}` };
        } catch (err) {
          return { ok: false, detail: (err as Error).message };
        }
      },
    };
  },
});
