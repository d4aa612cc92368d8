/**
 * What the store sees of a running connector. The store depends on this
 * interface only; the host implements it around a plugin.
 */
import type { ActionResult, DomainRecord, EscalationTarget, Incident, StateChange } from '../domain/model.js';
import type { ActionCapability, Capability, HealthResult, StreamName } from '../plugin-api/index.js';

export interface ActionInput {
  capability: ActionCapability;
  incident: Incident;
  target?: EscalationTarget;
  text?: string;
  /** For `incidents.state`. */
  change?: StateChange;
}

export interface ConnectorPort {
  instance: string;
  pluginId: string;
  displayName: string;
  capabilities: readonly Capability[];
  /** Streams this connector can feed, from its read capabilities. */
  streams: readonly StreamName[];
  /** Fetch one stream; records are validated, sanitized and stamped with this instance. Throws PluginCallError. */
  fetch(stream: StreamName, signal?: AbortSignal): Promise<DomainRecord[]>;
  /** Run a write. Throws PluginCallError. */
  act(input: ActionInput, signal?: AbortSignal): Promise<ActionResult>;
  health(signal?: AbortSignal): Promise<HealthResult>;
  dispose(): Promise<void>;
}
