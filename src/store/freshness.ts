/**
 * The one freshness model. Every place that says how current the screen is (header
 * badge, panel title, problem lines, marked rows, detail views, `snapshot --json`)
 * reads it from here, so they cannot disagree. Pure: the caller passes real time.
 *
 * Two rules carry the whole model:
 * - A stream is stale when its last good data is older than twice its poll interval
 *   (`isStale`, real time: see docs/decisions.md "Two clocks").
 * - A connector has ONE staleness reading: the age of its oldest stale data. Its streams
 *   poll on different intervals, so their ages drift apart during an outage; showing each
 *   stream's own age put two numbers for one vendor on one screen. The oldest stale age
 *   never understates how old anything from that vendor may be.
 */
import { isStale } from '../domain/format.js';
import type { ConnectorState, StreamState } from './types.js';

/**
 * What one connector·stream can vouch for right now.
 * `loading`: no answer yet. `missing`: no data, and the last poll failed (the error says why).
 * `fresh`: data within twice the poll interval. `stale`: data older than that.
 */
export type Coverage = 'loading' | 'missing' | 'fresh' | 'stale';

/** Codes that stop polling until a human acts (the scheduler pauses on these). */
export const NEEDS_HUMAN: ReadonlySet<string> = new Set(['AUTH', 'FORBIDDEN', 'UNSUPPORTED']);

/**
 * A first poll that has not answered after this long is "not answering for N s" rather than
 * "loading": at 3 a.m. the difference between slow and hung is worth saying, with the seconds.
 */
export const NOT_ANSWERING_MS = 5_000;

/**
 * How long a stream still waiting for its first answer has been waiting (real ms), once
 * that is NOT_ANSWERING_MS or more; null otherwise (answered, failed, or still young).
 */
export function notAnsweringMs(s: StreamState, real: number): number | null {
  if (s.fetchedAt !== null || s.error || s.pollStartedAt === undefined) return null;
  const waited = real - s.pollStartedAt;
  return waited >= NOT_ANSWERING_MS ? waited : null;
}

/** The longest "not answering" wait among a connector's streams, or null. */
export function connectorNotAnsweringMs(c: ConnectorState, real: number): number | null {
  const waits = Object.values(c.streams)
    .map((s) => (s ? notAnsweringMs(s, real) : null))
    .filter((w): w is number => w !== null);
  return waits.length > 0 ? Math.max(...waits) : null;
}

export function coverageOf(s: StreamState, real: number): Coverage {
  if (s.fetchedAt === null) return s.error ? 'missing' : 'loading';
  return isStale(s.fetchedAt, s.intervalMs, real) ? 'stale' : 'fresh';
}

/** Real-time ms since the stream's last good data; null before any. Never negative (clock skew). */
export function ageOf(s: StreamState, real: number): number | null {
  return s.fetchedAt === null ? null : Math.max(0, real - s.fetchedAt);
}

export interface ConnectorFreshness {
  /** The connector's one staleness reading (age of its oldest stale data); null when nothing is stale. */
  staleMs: number | null;
  /** Streams whose polling is stopped until someone acts, with the code that stopped them. */
  paused: { stream: StreamState['name']; code: string }[];
  /** Every stream has failed before its first answer: nothing from this connector at all. */
  noData: boolean;
}

export function connectorFreshness(c: ConnectorState, real: number): ConnectorFreshness {
  const streams = Object.values(c.streams).filter((s): s is StreamState => s !== undefined);
  const staleAges = streams.filter((s) => coverageOf(s, real) === 'stale').map((s) => ageOf(s, real) ?? 0);
  return {
    staleMs: staleAges.length > 0 ? Math.max(...staleAges) : null,
    paused: streams
      .filter((s) => s.status === 'paused')
      .map((s) => ({ stream: s.name, code: s.errorCode ?? 'INTERNAL' })),
    noData: streams.length > 0 && streams.every((s) => coverageOf(s, real) === 'missing'),
  };
}

/** How a set of sources covers a panel, worst reading first. */
export type PanelState = 'unconfigured' | 'loading' | 'no-data' | 'stale' | 'partial' | 'fresh';

/**
 * `fresh` only when every source is fresh: the one state that may say "nothing here"
 * as an all-clear. `partial`: some fresh, some not. `stale`: data, none of it fresh.
 * `no-data`: every source failed before answering. `loading`: no data, still waiting.
 */
export function panelStateOf(coverages: readonly Coverage[]): PanelState {
  if (coverages.length === 0) return 'unconfigured';
  if (coverages.every((c) => c === 'fresh')) return 'fresh';
  if (coverages.some((c) => c === 'fresh')) return 'partial';
  if (coverages.some((c) => c === 'stale')) return 'stale';
  return coverages.some((c) => c === 'loading') ? 'loading' : 'no-data';
}

export interface Advice {
  /** A few words for one-line places (header badge, compact summary): "fix credentials, press r". */
  short: string;
  /** A sentence for the problem lines and the status view. */
  long: string;
}

/**
 * What the on-call engineer should do about a failing stream. `retry` names how to
 * retry by hand: "press r" in the cockpit (from the live key map), "run again" in scripts.
 */
export function adviceFor(
  code: string | undefined,
  opts: { retry: string; nextPollInMs?: number | null; oneShot?: boolean },
): Advice {
  const { retry } = opts;
  // `snapshot` polls once: nothing retries by itself there.
  if (opts.oneShot && !NEEDS_HUMAN.has(code ?? '')) {
    return code === 'RATE_LIMITED'
      ? { short: 'rate limited', long: 'Rate limited: wait a little before running again.' }
      : {
          short: `${retry} later`,
          long: `Probably temporary: ${retry} in a moment; if it persists, check the vendor's status page and the network.`,
        };
  }
  switch (code) {
    case 'AUTH':
      return {
        short: `paused: fix credentials, ${retry}`,
        long:
          `Polling is paused until the credentials work: fix the token, password or keychain entry, then ${retry} to retry. ` +
          'After editing the config file, restart.',
      };
    case 'FORBIDDEN':
      return {
        short: `paused: grant access, ${retry}`,
        long: `Polling is paused: the account lacks permission for this. Grant read access (or use a key that has it), then ${retry} to retry.`,
      };
    case 'UNSUPPORTED':
      return {
        short: `paused: check settings, ${retry}`,
        long: `Polling is paused: the vendor does not support this with the current settings. Check the connector's settings, then ${retry} to retry.`,
      };
    case 'RATE_LIMITED':
      return {
        short: 'rate limited, waiting',
        long: 'Rate limited: polling slowed to what the vendor allows and resumes by itself; a manual refresh does not skip the wait.',
      };
    default: {
      const next = opts.nextPollInMs;
      const when = next === undefined || next === null ? '' : ` (next try in ${Math.ceil(next / 1000)}s)`;
      return {
        short: `retrying, ${retry} now`,
        long: `Retrying by itself with backoff${when}; ${retry} to retry now.`,
      };
    }
  }
}
