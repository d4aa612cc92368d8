/**
 * {{displayName}}: an itops-tui connector plugin.
 *
 * Each capability you declare obliges one method (the type checker enforces it): here one
 * stream (`incidents.read` → listIncidents, polled by the cockpit) and one action
 * (`incidents.ack` → acknowledge, on key `a`), plus health (used by `itops-tui doctor` and
 * `itops-tui plugin list`). Everything from the outside world comes through `ctx`: HTTP,
 * secrets, the log, the clock. Never write to stdout and never read process.env.
 */
import { definePlugin, PluginError, recordLabel, toPluginError } from 'itops-tui-plugin-kit';
import { toIncident } from './map.js';
import { configSchema, ticketListSchema, ticketSchema } from './schema.js';

export default definePlugin({
  apiVersion: {{apiVersion}},
  id: '{{id}}',
  displayName: '{{displayName}}',
  version: '0.1.0',
  capabilities: ['incidents.read', 'incidents.ack'],
  configSchema,
  async setup(ctx) {
    // Resolved by the host and registered for redaction: it never reaches a screen or a log.
    const token = await ctx.secrets.resolve(ctx.config.token);
    const api = ctx.http.extend({
      prefixUrl: ctx.config.baseUrl.replace(/\/+$/, ''),
      headers: { authorization: `Bearer ${token}` },
    });
    /** Every HTTP failure as a PluginError whose code tells the cockpit what to do. */
    const fail = (err: unknown, op: string, write: boolean) =>
      toPluginError(err, {
        vendor: '{{displayName}}',
        op,
        write,
        now: ctx.clock.now(),
        credentials: 'the API token',
        hint: (code) => (code === 'AUTH' ? 'Check connectors.<name>.token.' : undefined),
      });

    return {
      async listIncidents(signal) {
        let body: unknown;
        try {
          body = await api.get('api/tickets', { searchParams: { status: 'open' }, signal }).json();
        } catch (err) {
          throw fail(err, 'GET /api/tickets', false);
        }
        const parsed = ticketListSchema.safeParse(body);
        if (!parsed.success) throw new PluginError('BAD_RESPONSE', '{{displayName}} sent an unexpected ticket list');
        // One malformed ticket is skipped (and logged), not the whole poll.
        const tickets = parsed.data.tickets.flatMap((raw) => {
          const t = ticketSchema.safeParse(raw);
          if (!t.success) ctx.log.warn('skipped a malformed ticket', { issue: t.error.issues[0]?.message });
          return t.success ? [t.data] : [];
        });
        return tickets.map(toIncident);
      },
      async acknowledge(incident, signal) {
        try {
          await api.post(`api/tickets/${encodeURIComponent(incident.id)}/acknowledge`, { signal });
        } catch (err) {
          throw fail(err, `POST /api/tickets/${incident.id}/acknowledge`, true);
        }
        return { ok: true, message: `Acknowledged ${recordLabel(incident)}` };
      },
      async health(signal) {
        try {
          const me = (await api.get('api/me', { signal }).json()) as { name?: string };
          return { ok: true, detail: `token accepted for ${me.name ?? 'an unnamed user'}` };
        } catch (err) {
          return { ok: false, detail: fail(err, 'GET /api/me', false).message };
        }
      },
    };
  },
});
