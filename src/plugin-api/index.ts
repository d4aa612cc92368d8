/**
 * itops-tui plugin API, version 1 — imported by connectors as `itops-tui/plugin`.
 *
 * A plugin declares capabilities; the type system then requires the matching
 * methods on what `setup()` returns, and the host re-checks at run time (plain-JS
 * plugins exist). Everything a plugin needs from the outside world comes through
 * its `PluginContext`: it never reads env, files or the keychain itself.
 */
import type { Got } from 'got';
import type { ZodType, z } from 'zod';
import type {
  ActionResult,
  EscalationPolicy,
  EscalationTarget,
  Host,
  Incident,
  Monitor,
  MuteRequest,
  OnCallShift,
  SecretRef,
  Service,
  SlaClock,
  Slo,
  StateChange,
} from '../domain/model.js';
import { actionDeclarationProblem } from './action-catalog.js';
import type { PluginActions } from './action-types.js';
import { ACTION_SPECS, actionSpec } from './actions.js';

export type { RecordKindId, Subject } from '../domain/kinds.js';
export type {
  About,
  ActionResult,
  ContainmentState,
  EscalationLevel,
  EscalationPolicy,
  EscalationTarget,
  Host,
  HostPolicy,
  Incident,
  IncidentStatus,
  Monitor,
  MonitorGroup,
  MonitorMute,
  MonitorState,
  MuteRequest,
  OnCallShift,
  Priority,
  RecordRef,
  SecretRef,
  SensorUpdatePolicy,
  Service,
  SlaClock,
  SlaStage,
  Slo,
  StateChange,
} from '../domain/model.js';
// The connector toolkit (issue 8, @experimental): paging loop, error mapper, rate-limit reader,
// write retry and small helpers, shared by the built-in connectors and third-party plugins.
export {
  type HeaderBag,
  headerValue,
  type RateLimitInfo,
  readRateLimit,
  retryAfterMs,
} from '../domain/rate-limit.js';
export { actionDeclarationProblem, resolveActions } from './action-catalog.js';
// Actions as data (issue 9, @experimental): the standard actions' table, what a plugin declares
// about them and its own actions, and the descriptors the cockpit runs on.
export type {
  ActionDeclaration,
  ActionDescriptor,
  ActionValues,
  ActionWording,
  ChoiceOption,
  ChoiceStep,
  CustomActionDeclaration,
  Danger,
  InputStep,
  PlanId,
  PluginActions,
  TextStep,
} from './action-types.js';
export {
  ACTION_SPECS,
  type ActionCapability,
  type ActionSpec,
  actionArgs,
  actionSpec,
  auditedValues,
  stateChangeOf,
} from './actions.js';
export {
  mayHaveReachedServer,
  PLUGIN_ERROR_CODES,
  PluginError,
  type PluginErrorCode,
  type WriteFailure,
  writeFailureOf,
} from './errors.js';
export { chunk, compact, recordLabel } from './helpers.js';
export {
  type ErrorResponse,
  type ErrorVerdict,
  type HttpErrorOptions,
  toPluginError,
  type VendorErrorBody,
} from './http-errors.js';
export {
  type Collected,
  collectPages,
  cursorPaging,
  type KeysetPosition,
  keysetPaging,
  nextLink,
  offsetPaging,
  type PageOf,
  type PageResult,
  type PaginateOptions,
  type PagingStyle,
  paginate,
  type SkippedRows,
} from './paginate.js';
export { createPageGuard, type PageGuard, type PageGuardOptions, pageBudget } from './paging.js';
export { isResponseTooLarge, RESPONSE_TOO_LARGE } from './response-limit.js';
export { secretRefSchema } from './secret-ref.js';
export { writeRetry } from './write-retry.js';

/** The plugin API version this host speaks. A new major is a new integer. */
export const API_VERSION = 1 as const;
/** Every API version this host can load. */
export const SUPPORTED_API_VERSIONS: readonly number[] = [1];

/** Brand that lets the loader tell a plugin from "a module that exports something". */
export const PLUGIN_BRAND = 'itops/connector' as const;

/**
 * How a read was asked for. `fresh` is true when a person asked for it (the refresh key): a
 * connector that follows changes between full listings should list everything now, since what
 * the user wants to see may be a change its shortcut cannot see (a renamed incident). Optional:
 * a plugin may ignore it, and hosts before it passed nothing.
 */
export interface ReadRequest {
  fresh: boolean;
}

/** What kind of change one timeline entry records. */
export type TimelineKind = 'note' | 'status' | 'assign' | 'escalate' | 'notify' | 'other';
export const TIMELINE_KINDS: readonly TimelineKind[] = [
  'note',
  'status',
  'assign',
  'escalate',
  'notify',
  'other',
];

/**
 * One line of a record's history as the vendor keeps it: a note, a state change, who was
 * assigned or notified. `at` is ISO-8601; `who` is the person or agent behind it, when known.
 * @experimental added within plugin API v1 (issue 15).
 */
export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  who?: string;
  text: string;
}

/** Methods each capability obliges a connector to provide. */
export interface CapabilityMethods {
  'incidents.read': { listIncidents(signal: AbortSignal, read?: ReadRequest): Promise<Incident[]> };
  'incidents.ack': { acknowledge(incident: Incident, signal: AbortSignal): Promise<ActionResult> };
  'incidents.escalate': {
    escalate(incident: Incident, target: EscalationTarget, signal: AbortSignal): Promise<ActionResult>;
  };
  'incidents.resolve': {
    resolve(incident: Incident, input: { note?: string }, signal: AbortSignal): Promise<ActionResult>;
  };
  'incidents.note': { addNote(incident: Incident, text: string, signal: AbortSignal): Promise<ActionResult> };
  'oncall.read': { listOnCall(signal: AbortSignal, read?: ReadRequest): Promise<OnCallShift[]> };
  'policies.read': {
    listEscalationPolicies(signal: AbortSignal, read?: ReadRequest): Promise<EscalationPolicy[]>;
  };
  'services.read': { listServices(signal: AbortSignal, read?: ReadRequest): Promise<Service[]> };
  /** @experimental Ticket SLA clocks (ServiceNow task_sla). */
  'slas.read': { listSlas(signal: AbortSignal, read?: ReadRequest): Promise<SlaClock[]> };
  /** @experimental Assign the ticket to the connector's own user. */
  'incidents.assign': { assignToMe(incident: Incident, signal: AbortSignal): Promise<ActionResult> };
  /** @experimental Move the ticket through the vendor's state machine. */
  'incidents.state': {
    changeState(incident: Incident, change: StateChange, signal: AbortSignal): Promise<ActionResult>;
  };
  /**
   * @experimental A record's history and notes, read on demand when its detail opens (issue 15).
   * Any order; the host shows them newest first.
   */
  'incidents.timeline': { timeline(incident: Incident, signal: AbortSignal): Promise<TimelineEntry[]> };
  /** @experimental Managed endpoints with their sensor, policies and containment (issue 12). */
  'endpoints.read': { listHosts(signal: AbortSignal, read?: ReadRequest): Promise<Host[]> };
  /** @experimental Cut a host off the network except for the vendor's own channel. */
  'endpoints.contain': { contain(host: Host, signal: AbortSignal): Promise<ActionResult> };
  /** @experimental Give a contained host its network back. */
  'endpoints.lift': { liftContainment(host: Host, signal: AbortSignal): Promise<ActionResult> };
  /** @experimental Alerting monitors with their groups and silences (issue 13). */
  'monitors.read': { listMonitors(signal: AbortSignal, read?: ReadRequest): Promise<Monitor[]> };
  /** @experimental Silence a monitor, or one of its groups, for a while. */
  'monitors.mute': { mute(monitor: Monitor, input: MuteRequest, signal: AbortSignal): Promise<ActionResult> };
  /** @experimental Lift the silences the cockpit can see on a monitor (or one group). */
  'monitors.unmute': {
    unmute(monitor: Monitor, input: { group?: string }, signal: AbortSignal): Promise<ActionResult>;
  };
  /** @experimental Service level objectives with error budget and burn rate (issue 13). */
  'slos.read': { listSlos(signal: AbortSignal, read?: ReadRequest): Promise<Slo[]> };
}

export type Capability = keyof CapabilityMethods;

/** Read capabilities each feed one stream of the store. */
export const STREAMS = {
  incidents: { capability: 'incidents.read', method: 'listIncidents', record: 'incident' },
  oncall: { capability: 'oncall.read', method: 'listOnCall', record: 'oncall' },
  policies: { capability: 'policies.read', method: 'listEscalationPolicies', record: 'escalation_policy' },
  services: { capability: 'services.read', method: 'listServices', record: 'service' },
  slas: { capability: 'slas.read', method: 'listSlas', record: 'sla' },
  hosts: { capability: 'endpoints.read', method: 'listHosts', record: 'host' },
  monitors: { capability: 'monitors.read', method: 'listMonitors', record: 'monitor' },
  slos: { capability: 'slos.read', method: 'listSlos', record: 'slo' },
} as const satisfies Record<string, { capability: Capability; method: string; record: string }>;
export type StreamName = keyof typeof STREAMS;

/** The stream that carries records of a kind, if any. */
export function streamOfKind(kind: string): StreamName | undefined {
  return (Object.keys(STREAMS) as StreamName[]).find((s) => STREAMS[s].record === kind);
}

/** Reads made on demand for one record, outside the polled streams: capability → method. */
export const RECORD_READS = {
  'incidents.timeline': 'timeline',
} as const satisfies Partial<Record<Capability, string>>;

/** Whether a connector with these capabilities can read an incident's timeline on demand. */
export function keepsTimeline(capabilities: readonly string[]): boolean {
  return capabilities.includes('incidents.timeline');
}

/** Every capability this API version knows. */
export const KNOWN_CAPABILITIES: ReadonlySet<string> = new Set<string>([
  ...Object.values(STREAMS).map((s) => s.capability),
  ...Object.keys(ACTION_SPECS),
  ...Object.keys(RECORD_READS),
]);

/**
 * Methods a connector must have for its declared capabilities and its own actions (plus
 * `health`), checked at run time.
 */
export function requiredMethods(capabilities: readonly string[], actions?: PluginActions): string[] {
  const needed = new Set<string>(['health']);
  for (const cap of capabilities) {
    const stream = Object.values(STREAMS).find((s) => s.capability === cap);
    if (stream) needed.add(stream.method);
    const action = actionSpec(cap);
    if (action) needed.add(action.method);
    const read = RECORD_READS[cap as keyof typeof RECORD_READS];
    if (read) needed.add(read);
  }
  for (const c of actions?.custom ?? []) needed.add(c.method);
  return [...needed];
}

/**
 * Traits of a plugin's records that change how the cockpit shows them. `ticket-queue`: its
 * incidents are tickets worked by assignment groups (the queue adds per-group figures, hold
 * reasons and reopen counts). @experimental added within plugin API v1 (issue 9).
 */
export type PluginTrait = 'ticket-queue';
export const PLUGIN_TRAITS: readonly PluginTrait[] = ['ticket-queue'];

/** Result of the auth / reachability probe used by `doctor` and the header. */
export interface HealthResult {
  ok: boolean;
  /** One line: "token valid for Ana Example" or why not. */
  detail: string;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** What `setup()` returns: one method per declared capability, plus health. */
export type Connector<K extends Capability> = UnionToIntersection<CapabilityMethods[K]> & {
  health(signal: AbortSignal): Promise<HealthResult>;
  /**
   * What the connector knows about its actions only at run time: choices read from the
   * instance, what "escalate" does with its settings. Adjusts the plugin's `actions`; called
   * after setup and after polls, so keep it cheap (no requests). @experimental (issue 9)
   */
  describeActions?(signal: AbortSignal): PluginActions | Promise<PluginActions>;
  dispose?(): Promise<void>;
};

/** Namespaced logger that writes to the log file, never to the terminal. */
export interface PluginLogger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface PluginContext<Config> {
  /** This instance's validated config (the plugin's own `configSchema` output). */
  config: Config;
  /** Connector instance name (the key under `connectors:`). */
  instance: string;
  /**
   * Preconfigured got: timeouts, retries honouring Retry-After / rate-limit headers,
   * proxy and CA from config, secrets redacted from errors. Use `.extend({prefixUrl, headers})`.
   */
  http: Got;
  secrets: {
    /** Resolve a secret reference from this plugin's config; the value is registered for redaction. */
    resolve(ref: SecretRef): Promise<string>;
  };
  log: PluginLogger;
  /** Injected clock: milliseconds since epoch. Simulators and tests control it. */
  clock: { now(): number };
  meta: {
    hostVersion: string;
    apiVersion: typeof API_VERSION;
    /** True when the host points this connector at a loopback simulator. */
    demo: boolean;
  };
}

export interface PluginDefinition<C extends ZodType, K extends Capability> {
  apiVersion: typeof API_VERSION;
  /** Stable id used as `plugin:` in config, e.g. `pagerduty`. */
  id: string;
  displayName: string;
  version: string;
  capabilities: readonly K[];
  /** zod schema of this plugin's connector config; issues are reported with their config path. */
  configSchema: C;
  /**
   * Words and choices of the standard actions it has, and its own actions (each implemented by
   * the connector method it names). @experimental added within plugin API v1 (issue 9).
   */
  actions?: PluginActions;
  /** See `PluginTrait`. @experimental (issue 9) */
  traits?: readonly PluginTrait[];
  setup(ctx: PluginContext<z.output<C>>): Connector<K> | Promise<Connector<K>>;
}

/** A definition after `definePlugin`: frozen and branded. */
export type Plugin<C extends ZodType = ZodType, K extends Capability = Capability> = Readonly<
  PluginDefinition<C, K>
> & { readonly $$type: typeof PLUGIN_BRAND };

/**
 * Declare a connector plugin. Identity plus validation: checks the obvious
 * mistakes early and brands the result so the loader can recognise it.
 */
export function definePlugin<C extends ZodType, K extends Capability>(
  def: PluginDefinition<C, K>,
): Plugin<C, K> {
  if (!def || typeof def !== 'object') throw new TypeError('definePlugin() needs a plugin definition object');
  if (!/^[a-z][a-z0-9-]*$/.test(def.id ?? '')) {
    throw new TypeError(
      `definePlugin(): id "${String(def.id)}" must be lower-case letters, digits and dashes`,
    );
  }
  if (typeof def.setup !== 'function')
    throw new TypeError(`definePlugin(${def.id}): setup must be a function`);
  const problem = actionDeclarationProblem(def.id, def.actions);
  if (problem) throw new TypeError(`definePlugin(${def.id}): ${problem}`);
  return Object.freeze({ ...def, capabilities: Object.freeze([...def.capabilities]), $$type: PLUGIN_BRAND });
}
