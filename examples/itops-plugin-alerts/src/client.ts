/**
 * The alerts API as the connector uses it: one paged read, one health probe, and writes that
 * the vendor queues (202 + request id) and this client then confirms, so the cockpit never says
 * "acknowledged" for a write the vendor later dropped.
 */
import {
  collectPages,
  offsetPaging,
  type PluginContext,
  PluginError,
  type PluginErrorCode,
  toPluginError,
  writeRetry,
} from 'itops-tui-plugin-kit';
import {
  type Alert,
  type AlertsConfig,
  acceptedSchema,
  alertPageSchema,
  alertSchema,
  requestStatusSchema,
} from './schema.js';

/** The vendor's cap on offset + limit. */
const WINDOW = 20_000;
const PAGE = 100;
/** How often a queued write's status is asked for before the outcome counts as unknown. */
const STATUS_ATTEMPTS = 5;

export interface AlertsClient {
  listAlerts(signal: AbortSignal): Promise<Alert[]>;
  account(signal: AbortSignal): Promise<string>;
  acknowledge(id: string, signal: AbortSignal): Promise<void>;
  addNote(id: string, note: string, signal: AbortSignal): Promise<void>;
}

const hint = (code: PluginErrorCode) =>
  code === 'AUTH'
    ? 'Check connectors.<name>.apiKey: it must be the key of an API integration.'
    : code === 'FORBIDDEN'
      ? 'Give the integration read and write access in the vendor’s settings.'
      : undefined;

export function createAlertsClient(ctx: PluginContext<AlertsConfig>, apiKey: string): AlertsClient {
  const api = ctx.http.extend({
    prefixUrl: `${ctx.config.baseUrl.replace(/\/+$/, '')}/v2`,
    headers: { authorization: `GenieKey ${apiKey}`, accept: 'application/json' },
  });
  const fail = (err: unknown, op: string, write: boolean) =>
    toPluginError(err, {
      vendor: 'Alerts',
      op,
      write,
      redact: (t) => t.split(apiKey).join('***'),
      now: ctx.clock.now(),
      credentials: 'the API key',
      hint,
      vendorError: (body) => {
        try {
          const message = (JSON.parse(body) as { message?: unknown }).message;
          return typeof message === 'string' ? { message } : undefined;
        } catch {
          return undefined;
        }
      },
    });

  /** Ask what became of a queued write until the vendor says, a few times at most. */
  async function confirm(requestId: string, op: string, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; attempt <= STATUS_ATTEMPTS; attempt++) {
      let res: { statusCode: number; body: string };
      try {
        res = await api.get(`alerts/requests/${encodeURIComponent(requestId)}`, {
          signal,
          throwHttpErrors: false,
        });
      } catch (err) {
        throw new PluginError('OUTCOME_UNKNOWN', `Alerts accepted ${op} but its outcome could not be read`, {
          cause: err,
        });
      }
      if (res.statusCode === 200) {
        const status = requestStatusSchema.parse(JSON.parse(res.body)).data;
        if (status.isSuccess) return;
        const code = /does not exist/i.test(status.status) ? 'NOT_FOUND' : 'CONFLICT';
        throw new PluginError(code, `Alerts refused ${op}: ${status.status}`);
      }
      // 404 means "not processed yet": wait a moment, as the vendor's docs ask.
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
    throw new PluginError(
      'OUTCOME_UNKNOWN',
      `Alerts accepted ${op} but had not processed it after ${STATUS_ATTEMPTS} checks`,
    );
  }

  async function write(path: string, json: Record<string, unknown>, op: string, signal: AbortSignal) {
    let requestId: string;
    try {
      const body = await api.post(path, { json, signal, retry: writeRetry(api) }).json();
      requestId = acceptedSchema.parse(body).requestId;
    } catch (err) {
      throw fail(err, op, true);
    }
    await confirm(requestId, op, signal);
  }

  return {
    async listAlerts(signal) {
      const { items } = await collectPages(
        {
          endpoint: 'Alerts GET /v2/alerts',
          style: offsetPaging({
            limit: PAGE,
            window: {
              max: WINDOW,
              error: () =>
                new PluginError(
                  'INVALID',
                  `More than ${WINDOW} alerts match; narrow connectors.<name>.query.`,
                ),
            },
          }),
          async fetchPage({ position, limit }, s) {
            try {
              const body = await api
                .get('alerts', {
                  searchParams: {
                    query: ctx.config.query,
                    offset: position,
                    limit,
                    sort: 'createdAt',
                    order: 'desc',
                  },
                  signal: s,
                })
                .json();
              const page = alertPageSchema.parse(body);
              return { rows: page.data, more: Boolean(page.paging?.next) };
            } catch (err) {
              throw fail(err, 'GET /v2/alerts', false);
            }
          },
          item: alertSchema,
          maxRecords: WINDOW,
          budgetReason: `the vendor's ${WINDOW}-alert window at ${PAGE} per page`,
          hint: 'Narrow connectors.<name>.query.',
          noun: 'alerts',
          log: ctx.log,
        },
        signal,
      );
      return items;
    },
    async account(signal) {
      try {
        const body = (await api.get('account', { signal }).json()) as { data?: { name?: string } };
        return body.data?.name ?? 'unnamed account';
      } catch (err) {
        throw fail(err, 'GET /v2/account', false);
      }
    },
    acknowledge: (id, signal) =>
      write(
        `alerts/${encodeURIComponent(id)}/acknowledge`,
        { user: ctx.config.user, source: 'itops-tui' },
        `acknowledge ${id}`,
        signal,
      ),
    addNote: (id, note, signal) =>
      write(
        `alerts/${encodeURIComponent(id)}/notes`,
        { user: ctx.config.user, source: 'itops-tui', note },
        `note on ${id}`,
        signal,
      ),
  };
}
