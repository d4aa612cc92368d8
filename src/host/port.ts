/**
 * What the store sees of a running connector. The store depends on this
 * interface only; the host implements it around a plugin. Everything that crosses
 * it is plain data (structured-cloneable), so a connector can run in a worker.
 */
import type { Subject } from '../domain/kinds.js';
import type { ActionResult, DomainRecord, Incident } from '../domain/model.js';
import type {
  ActionDescriptor,
  ActionValues,
  Capability,
  HealthResult,
  PluginTrait,
  ReadRequest,
  StreamName,
  TimelineEntry,
} from '../plugin-api/index.js';
import type { ConnectorStats } from './stats.js';

/** One write: which action, on what, with what the user entered. */
export interface ActionInput {
  /** The action's id: a capability (`incidents.ack`) or a plugin's own (`acme.snooze`). */
  action: string;
  subject: Subject;
  values: ActionValues;
}

export interface ConnectorPort {
  instance: string;
  pluginId: string;
  displayName: string;
  capabilities: readonly Capability[];
  /** Streams this connector can feed, from its read capabilities. */
  streams: readonly StreamName[];
  /** Its actions as declared up front (standard ones adjusted, plus its own). */
  actions: readonly ActionDescriptor[];
  traits: readonly PluginTrait[];
  /**
   * Set when the connector starts in the background (its own worker thread): resolves once it
   * is set up, rejects with the reason it was refused (`code`, and `plugin` as configured).
   * Calls made before then wait for it. Absent: ready when the port exists.
   */
  ready?: Promise<void>;
  /** Fetch one stream; records are validated, sanitized and stamped with this instance. Throws PluginCallError. */
  fetch(stream: StreamName, signal?: AbortSignal, read?: ReadRequest): Promise<DomainRecord[]>;
  /** Its actions as the connector describes them now (choices read from the vendor). Never throws. */
  describeActions(signal?: AbortSignal): Promise<readonly ActionDescriptor[]>;
  /** Run a write. Throws PluginCallError. */
  act(input: ActionInput, signal?: AbortSignal): Promise<ActionResult>;
  health(signal?: AbortSignal): Promise<HealthResult>;
  /**
   * An incident's history and notes (its timeline read capability), validated, sanitized and
   * newest first. Absent on ports that cannot; throws PluginCallError (UNSUPPORTED when the
   * connector did not declare it).
   */
  timeline?(incident: Incident, signal?: AbortSignal): Promise<TimelineEntry[]>;
  /**
   * What the connector has been doing (requests, rate-limit budget, call timings, dropped
   * records, last error), counted where it runs. Synchronous and plain data: a worker-backed
   * port answers from the last snapshot it received.
   */
  stats(): ConnectorStats;
  dispose(): Promise<void>;
}
