import type { Subject } from '../domain/kinds.js';
import type { DomainRecord, Incident } from '../domain/model.js';
import type { PanelSettings } from '../domain/settings.js';
import type { ConnectorStats } from '../host/stats.js';
import type {
  ActionDescriptor,
  ActionValues,
  Capability,
  PluginTrait,
  StreamName,
  TimelineEntry,
} from '../plugin-api/index.js';

export type { ConnectorStats, DroppedStats, OperationStats, RateLimitStats } from '../host/stats.js';
export type {
  ActionCapability,
  ActionDescriptor,
  ActionValues,
  Capability,
  ChoiceOption,
  Danger,
  InputStep,
  StreamName,
  TextStep,
} from '../plugin-api/index.js';

/**
 * `loading`: first poll not answered yet. `ok`: last poll succeeded. `refreshing`:
 * a poll is in flight over good data. `error`: last poll failed, next try scheduled.
 * `backoff`: repeated failures or a rate limit, polling slowed. `paused`: needs a
 * human (bad credentials), no more polls until refresh or restart.
 */
export type StreamStatus = 'loading' | 'ok' | 'refreshing' | 'error' | 'backoff' | 'paused';

export interface StreamState {
  name: StreamName;
  /** Last good data. A failed poll never replaces it. */
  records: readonly DomainRecord[];
  /** When `records` was fetched (epoch ms); null before the first success. */
  fetchedAt: number | null;
  status: StreamStatus;
  /** Redacted one-line message of the last failure, cleared on success. */
  error?: string;
  /** The whole failure message (several lines, capped) when `error` had to cut it; cleared on success. */
  errorDetail?: string;
  errorCode?: string;
  intervalMs: number;
  /** When the next poll is due (epoch ms). */
  nextPollAt: number | null;
  /** Consecutive failures, drives the backoff. */
  failures: number;
  /** When the poll now in flight started (real epoch ms); absent while none is. "Not answering for N s". */
  pollStartedAt?: number;
}

export interface ConnectorState {
  /** Instance name: the key under `connectors:` in config. */
  instance: string;
  pluginId: string;
  displayName: string;
  capabilities: readonly Capability[];
  /** Its actions (standard ones it has, adjusted by the plugin, and the plugin's own), as last described. */
  actions: readonly ActionDescriptor[];
  /** How the cockpit shows its records (see `PluginTrait`). */
  traits: readonly PluginTrait[];
  /** Worst state over its streams: ok, degraded (some failing), down (all failing). */
  health: 'starting' | 'ok' | 'degraded' | 'down';
  streams: Partial<Record<StreamName, StreamState>>;
  /** Requests, rate-limit budget, call timings, dropped records: the port's last snapshot. */
  stats?: ConnectorStats;
  /**
   * True while its plugin's `setup()` is still running (in its worker thread): its first polls
   * wait for it, so "not answering" is then the setup's silence, not a call's.
   */
  settingUp?: boolean;
}

/** A connector from config that could not be started, and why. */
export interface RefusedConnector {
  instance: string;
  plugin: string;
  reason: string;
  /** Why, as a code: PLUGIN_CONFIG (fix the config), PLUGIN_NOT_FOUND, PLUGIN_API_VERSION, … */
  code?: string;
}

export interface Toast {
  id: number;
  level: 'info' | 'success' | 'warn' | 'error';
  text: string;
  at: number;
}

export interface AppState {
  connectors: Readonly<Record<string, ConnectorState>>;
  refused: readonly RefusedConnector[];
  toasts: readonly Toast[];
  /** Writes in flight, by record key `source:id`: the progress line, and refusing a double submit. */
  pending: Readonly<Record<string, PendingWrite>>;
  readOnly: boolean;
  /**
   * The wall view (`itops-tui wall`): a screen nobody sits at. Every write is refused by the
   * action runner whatever the UI asks for, and `readOnly` is set with it.
   */
  wall: boolean;
  demo: boolean;
  settings: PanelSettings;
  /** Config warnings shown once at start (unknown keys, plain-text secrets). */
  warnings: readonly string[];
  /**
   * Recent messages, oldest first and capped: every toast (action outcomes) plus poll
   * failures and recoveries. Toasts vanish after seconds; this keeps them readable.
   */
  history: readonly Toast[];
  /** Writes whose outcome is unknown (the vendor may have applied them), oldest first, a few at most. */
  uncertain: readonly UncertainWrite[];
  /** Why the audit trail cannot be written, or null. While it cannot, writes are refused. */
  auditProblem: string | null;
}

/** A write waiting for the vendor. */
export interface PendingWrite {
  /** The action's id. */
  action: string;
  /** The progress line: "Acknowledging #4211". */
  label: string;
  /** Id the first message after it started got (or will get): later messages outrank the progress line. */
  seq: number;
}

/**
 * A write that got no clear answer (timeout, reset, 5xx, quit while waiting): remembered so
 * that repeating it warns first — a second escalation pages a second person.
 */
export interface UncertainWrite {
  /** Record key `source:id`. */
  record: string;
  /** The action's id. */
  action: string;
  /** Human key of the record, e.g. #4211. */
  key: string;
  /** When it was sent (epoch ms, real time). */
  at: number;
  /** What was entered (an escalation's `level`, a note's `text`). */
  values: ActionValues;
  /** Why the outcome is unknown, in the connector's words. */
  reason: string;
}

/** A write the UI asks for: an action on a subject, with what the user entered on the way. */
export interface ActionRequest {
  /** The action's id (see `ActionDescriptor.id`). */
  action: string;
  subject: Subject;
  values?: ActionValues;
}

/**
 * How a write ended. `ok: false` with `unknown: true`: no clear answer, so the vendor may
 * have applied it; otherwise `ok: false` means it certainly was not applied.
 */
export type ActionOutcome = { ok: true; message: string } | { ok: false; message: string; unknown?: true };

/** What the UI may use: read state, subscribe, and send intents. Nothing else. */
export interface Store {
  getState(): AppState;
  subscribe(listener: () => void): () => void;
  /** Poll now: every stream, or one connector's. */
  refresh(instance?: string): void;
  runAction(request: ActionRequest): Promise<ActionOutcome>;
  /** Say something on the message line; it is kept in the history (status view) too. */
  notify(level: Toast['level'], text: string): void;
  dismissToast(id: number): void;
  /**
   * An incident's history and notes from its connector, newest first. Absent on stores that
   * cannot; rejects with the connector's error (UNSUPPORTED when it keeps no timeline).
   */
  readTimeline?(incident: Incident, signal?: AbortSignal): Promise<TimelineEntry[]>;
}
