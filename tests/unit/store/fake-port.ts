/** A scriptable ConnectorPort for scheduler tests: no plugin, no host, just the interface the store sees. */
import { vi } from 'vitest';
import type { ActionResult, DomainRecord } from '../../../src/domain/model.js';
import type { ActionInput, ConnectorPort } from '../../../src/host/port.js';
import { emptyStats } from '../../../src/host/stats.js';
import {
  type Capability,
  type PluginActions,
  resolveActions,
  type StreamName,
  streamOfKind,
} from '../../../src/plugin-api/index.js';

export type FetchScript = (stream: StreamName, signal?: AbortSignal) => Promise<DomainRecord[]>;

export interface FakePort extends ConnectorPort {
  fetch: ReturnType<typeof vi.fn<ConnectorPort['fetch']>>;
  act: ReturnType<typeof vi.fn<ConnectorPort['act']>>;
  dispose: ReturnType<typeof vi.fn<ConnectorPort['dispose']>>;
  /** How many times one stream was fetched. */
  calls(stream: StreamName): number;
}

export function fakePort(
  instance: string,
  options: {
    capabilities?: Capability[];
    streams?: StreamName[];
    fetch?: FetchScript;
    act?: (input: ActionInput, signal?: AbortSignal) => Promise<ActionResult>;
    /** Its plugin's action declarations. */
    actions?: PluginActions;
  } = {},
): FakePort {
  const capabilities = options.capabilities ?? ['incidents.read', 'incidents.ack'];
  const fetch = vi.fn<ConnectorPort['fetch']>(options.fetch ?? (async () => []));
  const actions = resolveActions(capabilities, options.actions, undefined, streamOfKind);
  return {
    instance,
    pluginId: 'fake',
    displayName: `Fake ${instance}`,
    capabilities,
    streams: options.streams ?? ['incidents'],
    actions,
    traits: [],
    stats: () => emptyStats(),
    describeActions: async () => actions,
    fetch,
    act: vi.fn<ConnectorPort['act']>(options.act ?? (async () => ({ ok: true, message: 'done' }))),
    health: async () => ({ ok: true, detail: 'fine' }),
    dispose: vi.fn<ConnectorPort['dispose']>(async () => {}),
    calls: (stream) => fetch.mock.calls.filter(([s]) => s === stream).length,
  };
}

/** A failure shaped like the host's PluginCallError (code, message, optional retryAfterMs). */
export function failure(code: string, message = `${code} from vendor`, retryAfterMs?: number): Error {
  return Object.assign(new Error(message), { code, retryAfterMs });
}

/** A promise whose settlement the test controls. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
