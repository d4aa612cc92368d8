/**
 * What a connector has been doing, counted where it runs: HTTP requests and the vendor's
 * rate-limit budget (from the got client's hooks), call timings and failures (from the
 * port's fetch/act/health wrappers) and records dropped by validation. `snapshot()` is plain,
 * small, structured-cloneable data, so it can cross a worker boundary as is; the status view
 * and `doctor` show it.
 */

/** Timings of one operation (`listIncidents`, `acknowledge`, `health`…), in ms. */
export interface OperationStats {
  /** Calls made, failed ones included. */
  calls: number;
  failures: number;
  lastMs: number;
  /** Median over the last TIMING_WINDOW calls. */
  p50Ms: number;
  maxMs: number;
  /** When the latest call ended (epoch ms); lets snapshots from several threads be merged. */
  lastAt?: number;
}

/** Records a stream returned that did not fit the model (dropped, never shown). */
export interface DroppedStats {
  /** Records dropped since start. */
  count: number;
  /** Why the first one was dropped (`[3].openedAt: Invalid ISO datetime`). */
  firstReason: string;
  /** When the latest drop happened (epoch ms). */
  at: number;
}

/** The vendor's request budget, as its last response with rate-limit headers stated it. */
export interface RateLimitStats {
  limit?: number;
  remaining?: number;
  /** When the window resets (epoch ms). */
  resetAt?: number;
  /** When the headers were read (epoch ms). */
  seenAt: number;
}

export interface ConnectorStats {
  /** HTTP requests sent through the host's client (each retry counts). */
  requests: number;
  /** Responses with status ≥ 400, plus requests that got no response. */
  httpFailures: number;
  rateLimit: RateLimitStats | null;
  /** By operation name. */
  operations: Record<string, OperationStats>;
  /** By stream name. */
  dropped: Record<string, DroppedStats>;
  /** The latest failed call, its message whole (already redacted and sanitized by the port). */
  lastError: { operation: string; code: string; message: string; at: number } | null;
}

/** How many recent durations the median is taken over, per operation. */
export const TIMING_WINDOW = 64;
/** Longest message kept for `lastError` (the status view wraps it; a stack is not needed whole). */
const MAX_MESSAGE = 4_000;

export interface StatsCollector {
  /** An HTTP request is about to be sent. */
  request(): void;
  /** A response arrived (any status), with the rate-limit counters it carried. */
  response(status: number, rateLimit?: { limit?: number; remaining?: number; resetMs?: number }): void;
  /** A request ended without a response (network error, timeout). */
  noResponse(): void;
  /** One port call finished. */
  call(operation: string, ms: number, error?: { code: string; message: string }): void;
  /** `count` records of `stream` were dropped; `reason` is the first one's. */
  dropped(stream: string, count: number, reason: string): void;
  snapshot(): ConnectorStats;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

export function createStatsCollector(now: () => number = Date.now): StatsCollector {
  let requests = 0;
  let httpFailures = 0;
  let rateLimit: RateLimitStats | null = null;
  let lastError: ConnectorStats['lastError'] = null;
  const timings = new Map<
    string,
    { calls: number; failures: number; lastMs: number; maxMs: number; lastAt: number; recent: number[] }
  >();
  const dropped = new Map<string, DroppedStats>();
  return {
    request() {
      requests++;
    },
    response(status, info) {
      if (status >= 400) httpFailures++;
      if (!info) return;
      const at = now();
      rateLimit = {
        ...(info.limit !== undefined ? { limit: info.limit } : {}),
        ...(info.remaining !== undefined ? { remaining: info.remaining } : {}),
        ...(info.resetMs !== undefined ? { resetAt: at + info.resetMs } : {}),
        seenAt: at,
      };
    },
    noResponse() {
      httpFailures++;
    },
    call(operation, ms, error) {
      const t = timings.get(operation) ?? {
        calls: 0,
        failures: 0,
        lastMs: 0,
        maxMs: 0,
        lastAt: 0,
        recent: [],
      };
      const rounded = Math.max(0, Math.round(ms));
      t.calls++;
      t.lastAt = now();
      t.lastMs = rounded;
      t.maxMs = Math.max(t.maxMs, rounded);
      t.recent.push(rounded);
      if (t.recent.length > TIMING_WINDOW) t.recent.shift();
      if (error) {
        t.failures++;
        lastError = { operation, code: error.code, message: error.message.slice(0, MAX_MESSAGE), at: now() };
      }
      timings.set(operation, t);
    },
    dropped(stream, count, reason) {
      if (count <= 0) return;
      const prior = dropped.get(stream);
      dropped.set(stream, {
        count: (prior?.count ?? 0) + count,
        firstReason: prior?.firstReason ?? reason,
        at: now(),
      });
    },
    snapshot() {
      const operations: Record<string, OperationStats> = {};
      for (const [name, t] of timings)
        operations[name] = {
          calls: t.calls,
          failures: t.failures,
          lastMs: t.lastMs,
          p50Ms: median(t.recent),
          maxMs: t.maxMs,
          lastAt: t.lastAt,
        };
      return {
        requests,
        httpFailures,
        rateLimit: rateLimit ? { ...rateLimit } : null,
        operations,
        dropped: Object.fromEntries([...dropped].map(([k, v]) => [k, { ...v }])),
        lastError: lastError ? { ...lastError } : null,
      };
    },
  };
}

/** Stats of a connector that has done nothing yet (ports that keep no stats, tests). */
export function emptyStats(): ConnectorStats {
  return { requests: 0, httpFailures: 0, rateLimit: null, operations: {}, dropped: {}, lastError: null };
}

const MAX_OPERATIONS = 64;
const MAX_STREAMS = 32;
const MAX_NAME = 80;

const count = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0
    ? Math.min(Math.round(v), Number.MAX_SAFE_INTEGER)
    : 0;
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A stats snapshot that came from a connector's worker, made safe to show: the plugin controls
 * that thread, so every number is checked, every string goes through `scrub` (redaction and
 * sanitizing on this thread) and is cut, and the maps are bounded. Unusable input gives null.
 */
export function coerceStats(value: unknown, scrub: (text: string) => string): ConnectorStats | null {
  if (!isObject(value)) return null;
  const text = (v: unknown, max: number) => scrub(typeof v === 'string' ? v : String(v ?? '')).slice(0, max);
  const operations: Record<string, OperationStats> = {};
  if (isObject(value.operations)) {
    for (const [name, raw] of Object.entries(value.operations).slice(0, MAX_OPERATIONS)) {
      if (!isObject(raw)) continue;
      operations[text(name, MAX_NAME)] = {
        calls: count(raw.calls),
        failures: count(raw.failures),
        lastMs: count(raw.lastMs),
        p50Ms: count(raw.p50Ms),
        maxMs: count(raw.maxMs),
        ...(raw.lastAt !== undefined ? { lastAt: count(raw.lastAt) } : {}),
      };
    }
  }
  const dropped: Record<string, DroppedStats> = {};
  if (isObject(value.dropped)) {
    for (const [stream, raw] of Object.entries(value.dropped).slice(0, MAX_STREAMS)) {
      if (!isObject(raw)) continue;
      dropped[text(stream, MAX_NAME)] = {
        count: count(raw.count),
        firstReason: text(raw.firstReason, MAX_MESSAGE),
        at: count(raw.at),
      };
    }
  }
  const r = value.rateLimit;
  const rateLimit: RateLimitStats | null = isObject(r)
    ? {
        ...(r.limit !== undefined ? { limit: count(r.limit) } : {}),
        ...(r.remaining !== undefined ? { remaining: count(r.remaining) } : {}),
        ...(r.resetAt !== undefined ? { resetAt: count(r.resetAt) } : {}),
        seenAt: count(r.seenAt),
      }
    : null;
  const e = value.lastError;
  const lastError: ConnectorStats['lastError'] = isObject(e)
    ? {
        operation: text(e.operation, MAX_NAME),
        code: text(e.code, 40),
        message: text(e.message, MAX_MESSAGE),
        at: count(e.at),
      }
    : null;
  return {
    requests: count(value.requests),
    httpFailures: count(value.httpFailures),
    rateLimit,
    operations,
    dropped,
    lastError,
  };
}

function mergeOperation(a: OperationStats, b: OperationStats): OperationStats {
  const later = (b.lastAt ?? 0) >= (a.lastAt ?? 0) ? b : a;
  return {
    calls: a.calls + b.calls,
    failures: a.failures + b.failures,
    lastMs: later.lastMs,
    // The side with more calls has the better median; an exact one would need every sample.
    p50Ms: b.calls > a.calls ? b.p50Ms : a.p50Ms,
    maxMs: Math.max(a.maxMs, b.maxMs),
    ...(later.lastAt !== undefined ? { lastAt: later.lastAt } : {}),
  };
}

/**
 * One connector's stats from several sources: the workers it has had (a restarted worker
 * counts from zero) and the UI thread's own record of calls that no worker answered.
 */
export function mergeStats(...parts: ConnectorStats[]): ConnectorStats {
  const out = emptyStats();
  for (const p of parts) {
    out.requests += p.requests;
    out.httpFailures += p.httpFailures;
    if (p.rateLimit && (!out.rateLimit || p.rateLimit.seenAt >= out.rateLimit.seenAt))
      out.rateLimit = { ...p.rateLimit };
    for (const [name, op] of Object.entries(p.operations)) {
      const prior = out.operations[name];
      out.operations[name] = prior ? mergeOperation(prior, op) : { ...op };
    }
    for (const [stream, d] of Object.entries(p.dropped)) {
      const prior = out.dropped[stream];
      out.dropped[stream] = prior
        ? {
            count: prior.count + d.count,
            // Parts come oldest first (earlier workers, then the current one): the first reason stays.
            firstReason: prior.firstReason,
            at: Math.max(prior.at, d.at),
          }
        : { ...d };
    }
    if (p.lastError && (!out.lastError || p.lastError.at >= out.lastError.at))
      out.lastError = { ...p.lastError };
  }
  return out;
}
