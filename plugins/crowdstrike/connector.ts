/**
 * The Falcon connector returned by setup(): the hosts stream (see sync.ts), containment and
 * its lift (verified: after Falcon accepts the request the host is read again, and it must
 * show the pending or final state), and a health probe that reports the rate budget.
 */
import {
  type ActionResult,
  type Connector,
  type HealthResult,
  type Host,
  type PluginContext,
  PluginError,
} from 'itops-tui/plugin';
import { z } from 'zod';
import { createClient } from './client.js';
import { envelope, type FalconConfig } from './schema.js';
import { createHostSync } from './sync.js';

export const CAPABILITIES = ['endpoints.read', 'endpoints.contain', 'endpoints.lift'] as const;
export type FalconCapability = (typeof CAPABILITIES)[number];

const actionReply = envelope(z.looseObject({ id: z.string().nullish() }));

type Action = 'contain' | 'lift_containment';
const WANT: Record<
  Action,
  { done: Host['containment']; pending: Host['containment']; opposite: Host['containment'][] }
> = {
  contain: {
    done: 'contained',
    pending: 'containment_pending',
    opposite: ['normal', 'lift_containment_pending'],
  },
  lift_containment: {
    done: 'normal',
    pending: 'lift_containment_pending',
    opposite: ['contained', 'containment_pending'],
  },
};

export function createConnector(ctx: PluginContext<FalconConfig>): Connector<FalconCapability> {
  const api = createClient(ctx);
  const hosts = createHostSync(ctx, api);

  async function act(host: Host, action: Action, signal: AbortSignal): Promise<ActionResult> {
    const want = WANT[action];
    const name = host.hostname;
    if (host.containment === want.done) {
      return {
        ok: true,
        alreadyDone: true,
        message: action === 'contain' ? `${name} is already contained` : `${name} is not contained`,
      };
    }
    await api.post(
      'devices/entities/devices-actions/v2',
      { action_name: action },
      { ids: [host.id] },
      actionReply,
      signal,
      true,
    );
    // Falcon said 202; what does the host say now? A request that changed nothing is a failure.
    const [now] = await hosts.refresh([host.id], signal);
    if (!now || !(now.containment === want.pending || now.containment === want.done)) {
      throw new PluginError(
        'BAD_RESPONSE',
        `Falcon accepted the ${action === 'contain' ? 'containment' : 'lift of containment'} of ${name} but the host still reads "${now?.vendorStatus ?? 'unknown'}"; check the host in Falcon.`,
      );
    }
    const pending = now.containment === want.pending;
    const verb = action === 'contain' ? 'Containment' : 'Lift of containment';
    return {
      ok: true,
      message: pending
        ? `${verb} of ${name} requested: pending until the sensor confirms`
        : `${name} is ${action === 'contain' ? 'contained' : 'no longer contained'}`,
    };
  }

  return {
    listHosts: (signal) => hosts.sync(signal),
    contain: (host, signal) => act(host, 'contain', signal),
    liftContainment: (host, signal) => act(host, 'lift_containment', signal),
    async health(signal): Promise<HealthResult> {
      try {
        await api.get('devices/queries/devices/v1', { limit: 1 }, envelope(z.string()), signal);
        const b = api.budget();
        const budget = b ? `, rate budget ${b.remaining}/${b.limit} this minute` : '';
        return { ok: true, detail: `authenticated (OAuth2 client credentials)${budget}` };
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
