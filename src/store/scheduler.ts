/**
 * The coordinator: polls every connector·stream on its own interval with jitter
 * and backoff, keeps last good data, runs actions and records them. The UI sees
 * only the `Store` interface.
 */
import { randomUUID } from 'node:crypto';
import type { DomainRecord } from '../domain/model.js';
import { PluginCallError } from '../host/errors.js';
import type { ConnectorPort } from '../host/port.js';
import { keepsTimeline, type ReadRequest, type StreamName } from '../plugin-api/index.js';
import { createActionRunner } from './actions.js';
import type { AuditEntry } from './audit.js';
import { nextDelay, type PollFailure, streamAfterFailure } from './backoff.js';
import { coverageOf } from './freshness.js';
import { createInterner, reconcile } from './ingest.js';
import { createStateContainer, initialState } from './state.js';
import type { AppState, ConnectorState, RefusedConnector, Store, StreamState } from './types.js';

export const DEFAULT_INTERVALS_MS: Record<StreamName, number> = {
  incidents: 15_000,
  oncall: 60_000,
  policies: 300_000,
  services: 300_000,
  slas: 60_000,
  hosts: 300_000,
  monitors: 60_000,
  slos: 120_000,
};

export interface SchedulerOptions {
  ports: readonly ConnectorPort[];
  refused?: readonly RefusedConnector[];
  /**
   * Real (real) time: poll freshness (`fetchedAt`, `nextPollAt`), toasts and the audit trail.
   * Never the demo world's accelerated clock: freshness is about this machine's polls.
   */
  clock: { now(): number };
  /** Per instance, per stream poll interval overrides (ms). */
  intervals?: Record<string, Partial<Record<StreamName, number>>>;
  state?: Partial<AppState>;
  audit?: (entry: AuditEntry) => void | Promise<void>;
  /** Who is acting, for the audit log. */
  actor?: string;
  /** Jitter source in [0,1); injectable for deterministic tests. */
  random?: () => number;
  /** Report a non-fatal problem (audit write failed); defaults to a toast. */
  onProblem?: (message: string) => void;
  /**
   * Every failed poll and every recovery, for the log file (the store itself has no fs).
   * Called for each failure: the receiver decides how much to write. Must not throw.
   */
  onPoll?: (event: PollEvent) => void;
  /** Id of one write, shared by its audit lines; injectable for tests. */
  newId?: () => string;
  /** Longest the store waits for one audit line (ms, default 3000); slower counts as a failed write. */
  auditDeadlineMs?: number;
  /** How long stop() lets writes in flight answer before cancelling them (ms, default 1500). */
  stopGraceMs?: number;
}

/** One poll outcome worth recording: a failure (each one), or the first success after failures. */
export type PollEvent =
  | {
      type: 'failed';
      instance: string;
      stream: StreamName;
      code: string;
      /** The whole failure message. */
      message: string;
      /** Consecutive failures, this one included. */
      failures: number;
      status: StreamState['status'];
      /** Real-time ms until the next automatic try; null when paused until someone refreshes. */
      retryInMs: number | null;
      at: number;
    }
  | {
      type: 'recovered';
      instance: string;
      stream: StreamName;
      /** Consecutive failures before this success. */
      failures: number;
      /** Real-time ms from the first failure of the run to this success. */
      downMs: number;
      at: number;
    };

export interface CockpitStore extends Store {
  start(): void;
  stop(): Promise<void>;
  /** Resolves when every stream has answered once (ok or failed). */
  firstLoad(): Promise<void>;
}

const key = (instance: string, stream: StreamName) => `${instance}\u0000${stream}`;

function healthOf(streams: ConnectorState['streams']): ConnectorState['health'] {
  const list = Object.values(streams);
  if (list.some((s) => s.status === 'loading')) return 'starting';
  const failing = list.filter((s) => s.failures > 0).length;
  if (failing === 0) return 'ok';
  return failing === list.length ? 'down' : 'degraded';
}

export function createCockpitStore(options: SchedulerOptions): CockpitStore {
  const { clock } = options;
  const random = options.random ?? Math.random;
  const byInstance = new Map(options.ports.map((p) => [p.instance, p]));
  const timers = new Map<string, NodeJS.Timeout>();
  const inflight = new Map<string, Promise<void>>();
  const shutdown = new AbortController();
  const intervalOf = (instance: string, stream: StreamName) =>
    options.intervals?.[instance]?.[stream] ?? DEFAULT_INTERVALS_MS[stream];

  const connectors: Record<string, ConnectorState> = {};
  for (const p of options.ports) {
    const streams: ConnectorState['streams'] = {};
    for (const s of p.streams) {
      streams[s] = {
        name: s,
        records: [],
        fetchedAt: null,
        status: 'loading',
        intervalMs: intervalOf(p.instance, s),
        nextPollAt: null,
        failures: 0,
      };
    }
    connectors[p.instance] = {
      instance: p.instance,
      pluginId: p.pluginId,
      displayName: p.displayName,
      capabilities: p.capabilities,
      actions: p.actions,
      traits: p.traits,
      health: 'starting',
      streams,
      ...(p.ready ? { settingUp: true } : {}),
    };
  }
  const container = createStateContainer(
    initialState({ ...options.state, connectors, refused: options.refused ?? options.state?.refused ?? [] }),
  );
  const problem = options.onProblem ?? ((m: string) => container.toast('warn', m, clock.now()));
  // A connector set up in the background may still be refused (its setup threw, hung or
  // crashed): it moves from the connectors to `refused`, as if it had failed before start.
  for (const p of options.ports) {
    // Set up: its streams' silence from now on is the plugin's calls' (`settingUp` off).
    p.ready?.then(
      () => {
        container.set((state) => {
          const c = state.connectors[p.instance];
          if (!c?.settingUp) return state;
          const { settingUp: _s, ...rest } = c;
          return { ...state, connectors: { ...state.connectors, [p.instance]: rest } };
        });
      },
      () => {}, // a refusal: below
    );
    p.ready?.catch((err: { message?: unknown; code?: unknown; plugin?: unknown }) => {
      if (shutdown.signal.aborted) return;
      byInstance.delete(p.instance);
      container.set((state) => {
        const { [p.instance]: _gone, ...connectors } = state.connectors;
        const refusal: RefusedConnector = {
          instance: p.instance,
          plugin: typeof err?.plugin === 'string' ? err.plugin : p.pluginId,
          reason: String(err?.message ?? err),
          ...(typeof err?.code === 'string' ? { code: err.code } : {}),
        };
        return { ...state, connectors, refused: [...state.refused, refusal] };
      });
    });
  }
  /** When each failing stream's current run of failures began, for "down for …" on recovery. */
  const failingSince = new Map<string, number>();
  const report = (event: PollEvent) => {
    try {
      options.onPoll?.(event);
    } catch {
      // A broken log sink must never stop polling.
    }
  };

  const patchStream = (
    instance: string,
    stream: StreamName,
    patch: (s: StreamState) => StreamState,
    opts?: { quiet?: boolean },
  ) =>
    container.set((state) => {
      const c = state.connectors[instance];
      const s = c?.streams[stream];
      if (!c || !s) return state;
      const next = patch(s);
      if (next === s) return state;
      const streams = { ...c.streams, [stream]: next };
      return {
        ...state,
        connectors: { ...state.connectors, [instance]: { ...c, streams, health: healthOf(streams) } },
      };
    }, opts);

  /** The port's stats snapshot into state (after each poll and write): the status view reads it there. */
  const copyStats = (instance: string) => {
    const port = byInstance.get(instance);
    if (!port || typeof port.stats !== 'function') return;
    let stats: ConnectorState['stats'];
    try {
      stats = port.stats();
    } catch {
      return;
    }
    // Quiet: only the status view shows stats, and it picks them up at its next 1 Hz tick; a
    // poll over unchanged data must not cost a render for its counters (see `quietOver`).
    container.set(
      (state) => {
        const c = state.connectors[instance];
        return c ? { ...state, connectors: { ...state.connectors, [instance]: { ...c, stats } } } : state;
      },
      { quiet: true },
    );
  };

  /** Arm the next poll's timer; returns when it is due (null after shutdown), for the caller's one state update. */
  const arm = (instance: string, stream: StreamName, delayMs: number): number | null => {
    const k = key(instance, stream);
    clearTimeout(timers.get(k));
    if (shutdown.signal.aborted) return null;
    const t = setTimeout(() => void poll(instance, stream), delayMs);
    t.unref?.();
    timers.set(k, t);
    return clock.now() + delayMs;
  };

  /** One interner per store: repeated strings of new and changed records are shared. */
  const interner = createInterner();
  /**
   * Nothing on screen changes when a poll over fresh, healthy data starts or brings the same
   * records: only its timestamps move, which the 1 Hz clock shows at its next tick.
   */
  const quietOver = (s: StreamState) =>
    s.failures === 0 &&
    !s.error &&
    (s.status === 'ok' || s.status === 'refreshing') &&
    coverageOf(s, clock.now()) === 'fresh';

  const poll = (instance: string, stream: StreamName, read?: ReadRequest): Promise<void> => {
    const k = key(instance, stream);
    const running = inflight.get(k);
    if (running) return running;
    const port = byInstance.get(instance);
    if (!port || shutdown.signal.aborted) return Promise.resolve();
    clearTimeout(timers.get(k));
    const before = container.get().connectors[instance]?.streams[stream];
    // Marks the poll as running, for "a poll is running, no answer yet" beside stale data.
    patchStream(
      instance,
      stream,
      (s) => {
        // A first answer is awaited from now: past NOT_ANSWERING_MS it reads "not answering for N s".
        if (s.fetchedAt === null) return { ...s, status: 'loading', pollStartedAt: clock.now() };
        return s.status === 'refreshing' ? s : { ...s, status: 'refreshing' };
      },
      { quiet: before !== undefined && quietOver(before) },
    );
    const run = (async () => {
      const interval = intervalOf(instance, stream);
      // A connector still starting (its worker) keeps the stream "loading"; one refused there
      // has left the connectors for `refused` (see below) and is not polled.
      try {
        if (
          port.ready &&
          !(await port.ready.then(
            () => true,
            () => false,
          ))
        )
          return;
        const fetched: DomainRecord[] = await port.fetch(stream, shutdown.signal, read);
        const prev = container.get().connectors[instance]?.streams[stream];
        if (!prev) return;
        const { records } = reconcile(prev.records, fetched, interner);
        const failedBefore = prev.failures;
        const nextPollAt = arm(instance, stream, nextDelay(interval, 0, undefined, random));
        // One state update per poll: data, status, freshness and the next slot together. It is
        // quiet when the records kept their identity over fresh, healthy data.
        patchStream(
          instance,
          stream,
          (s) => {
            const { error: _e, errorCode: _c, errorDetail: _d, pollStartedAt: _p, ...rest } = s;
            return { ...rest, records, fetchedAt: clock.now(), status: 'ok', failures: 0, nextPollAt };
          },
          { quiet: records === prev.records && quietOver(prev) },
        );
        if (failedBefore > 0) recovered(instance, stream, failedBefore);
        // A load may have taught the connector its choices (labels read from the instance).
        describe(instance);
      } catch (err) {
        if (shutdown.signal.aborted) return;
        const failure = err as PollFailure;
        const prev = container.get().connectors[instance]?.streams[stream];
        if (!prev) return;
        const { pollStartedAt: _p, ...afterFailure } = streamAfterFailure(prev, failure);
        let next: StreamState = afterFailure;
        let retryInMs: number | null = null;
        if (next.status !== 'paused') {
          retryInMs = nextDelay(interval, next.failures, failure.retryAfterMs, random);
          const at = arm(instance, stream, retryInMs);
          if (at !== null) next = { ...next, nextPollAt: at };
        }
        // One state update for the failure and the retry slot.
        const settled = next;
        patchStream(instance, stream, () => settled);
        failed(instance, stream, prev, settled, failure, retryInMs);
      } finally {
        inflight.delete(k);
        copyStats(instance);
      }
    })();
    inflight.set(k, run);
    return run;
  };

  const failed = (
    instance: string,
    stream: StreamName,
    prev: StreamState,
    next: StreamState,
    failure: PollFailure,
    retryInMs: number | null,
  ) => {
    const at = clock.now();
    const k = key(instance, stream);
    if (!failingSince.has(k)) failingSince.set(k, at);
    const code = next.errorCode ?? 'INTERNAL';
    // The history keeps transitions only (first failure, a different failure), not every retry.
    if (prev.failures === 0 || prev.errorCode !== code || prev.error !== next.error) {
      container.note(
        next.status === 'paused' ? 'error' : 'warn',
        `${instance} ${stream}: ${next.status === 'paused' ? 'paused' : 'poll failed'} (${code}): ${next.error}`,
        at,
      );
    }
    report({
      type: 'failed',
      instance,
      stream,
      code,
      message: next.errorDetail ?? next.error ?? failure.message ?? 'unknown error',
      failures: next.failures,
      status: next.status,
      retryInMs,
      at,
    });
  };

  const recovered = (instance: string, stream: StreamName, failures: number) => {
    const at = clock.now();
    const k = key(instance, stream);
    const downMs = Math.max(0, at - (failingSince.get(k) ?? at));
    failingSince.delete(k);
    container.note('success', `${instance} ${stream}: recovered after ${failures} failed poll(s)`, at);
    report({ type: 'recovered', instance, stream, failures, downMs, at });
  };

  /**
   * Ask a connector how it describes its actions now (choices it read from the vendor); the
   * state changes only when the answer does. Never throws (the port falls back to its declarations).
   */
  const describing = new Map<string, { again: boolean }>();
  const describe = (instance: string) => {
    const port = byInstance.get(instance);
    if (!port || shutdown.signal.aborted) return;
    // One at a time per connector; a poll that lands meanwhile asks again once this one is done
    // (it may be the load that taught the connector its choices).
    const running = describing.get(instance);
    if (running) {
      running.again = true;
      return;
    }
    const run = { again: false };
    describing.set(instance, run);
    void port
      .describeActions(shutdown.signal)
      .then((actions) => {
        container.set((state) => {
          const c = state.connectors[instance];
          if (!c || JSON.stringify(c.actions) === JSON.stringify(actions)) return state;
          return { ...state, connectors: { ...state.connectors, [instance]: { ...c, actions } } };
        });
      })
      .catch(() => {})
      .finally(() => {
        describing.delete(instance);
        if (run.again) describe(instance);
      });
  };

  /** Poll with data fetched after now: a poll already in flight started before a write and may miss it. */
  const pollFresh = (instance: string, stream: StreamName): Promise<void> => {
    const running = inflight.get(key(instance, stream));
    return running ? running.then(() => poll(instance, stream)) : poll(instance, stream);
  };

  const pollAll = (only?: string) =>
    Promise.all(
      options.ports
        .filter((p) => !only || p.instance === only)
        .flatMap((p) => p.streams.map((s) => poll(p.instance, s))),
    );

  let started: Promise<unknown> | null = null;

  const actions = createActionRunner({
    container,
    ports: byInstance,
    clock,
    audit: options.audit,
    actor: options.actor ?? 'unknown',
    newId: options.newId ?? randomUUID,
    auditDeadlineMs: options.auditDeadlineMs ?? 3_000,
    problem,
    reread: (instance, streams) => {
      copyStats(instance);
      for (const s of streams) void pollFresh(instance, s);
    },
  });

  return {
    getState: container.get,
    subscribe: container.subscribe,
    dismissToast: container.dismissToast,
    notify: (level, text) => container.toast(level, text, clock.now()),
    refresh(instance) {
      // A manual refresh must not override a vendor's explicit "wait": those streams keep their slot.
      const now = clock.now();
      const held: string[] = [];
      const due = options.ports
        .filter((p) => !instance || p.instance === instance)
        .flatMap((p) =>
          p.streams
            .filter((s) => {
              const st = container.get().connectors[p.instance]?.streams[s];
              const wait = st?.errorCode === 'RATE_LIMITED' && st.nextPollAt !== null && st.nextPollAt > now;
              if (wait) held.push(`${p.instance} ${s}`);
              return !wait;
            })
            .map((s) => [p.instance, s] as const),
        );
      // Someone asked to see the vendor's state now: connectors skip their shortcuts.
      for (const [i, s] of due) void poll(i, s, { fresh: true });
      if (held.length > 0) {
        container.toast('warn', `Rate limited, not refreshed yet: ${held.join(', ')}`, now);
      }
    },
    runAction(request) {
      return actions.run(request);
    },
    async readTimeline(incident, signal) {
      const port = byInstance.get(incident.source);
      if (!port?.timeline || !keepsTimeline(port.capabilities)) {
        throw new PluginCallError(
          incident.source,
          'timeline',
          'UNSUPPORTED',
          `${port?.displayName ?? incident.source} keeps no timeline for its incidents`,
        );
      }
      return port.timeline(incident, signal);
    },
    start() {
      started ??= pollAll();
    },
    firstLoad() {
      started ??= pollAll();
      return started.then(() => undefined);
    },
    async stop() {
      // Bounded: writes in flight get a short grace, then are cancelled and audited as unknown.
      await actions.drain(options.stopGraceMs ?? 1_500);
      shutdown.abort();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inflight.values()]);
      await Promise.allSettled(options.ports.map((p) => p.dispose()));
    },
  };
}
