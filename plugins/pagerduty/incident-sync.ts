/**
 * The incidents stream without re-reading every page every interval.
 *
 * A full listing (every open incident, 100 per page) runs on the first poll, then every
 * FULL_RELOAD_MS, and whenever following changes cannot be trusted. In between, a poll reads
 * only the account's log entries since the newest one already applied, with
 * `include[]=incidents` so each entry carries its incident as it is *now*, and merges those
 * incidents into the kept set: resolved or out-of-scope ones leave, open ones are replaced or
 * added. Applying an incident is idempotent, so entries read twice (the overlap, pages that
 * shift as entries arrive) do no harm. An incident nobody touched keeps its record object.
 *
 * Each following poll also asks for the count of open incidents (`limit=1&total=true`, one row):
 * offset paging of a busy account can skip a row that moved between two pages of a full listing,
 * and a count that differs from what is followed means exactly that (or a change the log did not
 * bring into scope), so that poll lists everything instead. The log cursor is read beside the
 * first page of a full listing and moved back LOG_OVERLAP_MS, so every change made while it pages
 * is applied by the next poll.
 *
 * Why the periodic reload stays: PagerDuty writes no log entry for some changes that keep the
 * count (priority, title); those show at the next full listing, at most FULL_RELOAD_MS later.
 *
 * Cost at 10,000 open incidents, polled every 15 s: 100 requests per full listing were 400 a
 * minute; now a log request and a count per poll (more only when over 100 entries arrived) and a
 * full listing every 5 minutes, about 30 a minute (docs/decisions.md has the measurement).
 */
import { type Incident, type PluginContext, PluginError, type PluginErrorCode } from 'itops-tui/plugin';
import { z } from 'zod';
import type { PdClient, Query } from './client.js';
import type { LevelReader } from './level-reader.js';
import type { LevelReading } from './levels.js';
import { mapIncident } from './map.js';
import { type PagerDutyConfig, type PdIncident, pdIncidentSchema } from './schema.js';

/** Longest a change without a log entry (priority, title) can stay unseen. */
export const FULL_RELOAD_MS = 5 * 60_000;
/** Entries re-read before the newest applied one, for entries PagerDuty files a little late. */
export const LOG_OVERLAP_MS = 10_000;
/** More entries than this since the last poll: a full listing is cheaper and certain. */
export const MAX_DELTA_ENTRIES = 500;

const OPEN = ['triggered', 'acknowledged'] as const;
/** Answers that mean "this server or key cannot give the log": fall back to full listings. */
const LOG_UNREADABLE = new Set<PluginErrorCode>(['NOT_FOUND', 'FORBIDDEN', 'INVALID', 'BAD_RESPONSE']);

/** A log entry as read here: its time, and the incident it carries under `include[]=incidents`. */
const logEntryWithIncident = z.looseObject({
  id: z.string(),
  created_at: z.string(),
  incident: z.unknown().optional(),
});

/** `total` of a one-row listing (`total=true`): the count of what the full listing would return. */
const countSchema = z.looseObject({ total: z.number().int().nullish() });

/**
 * What is kept per incident: its record, and a digest of the vendor's JSON to tell "the same
 * state again" (the overlap, entries filed while a listing paged) from a change — not the
 * payload itself, which would cost its size again per incident.
 */
interface Kept {
  print: string;
  record: Incident;
}
/** Two independent 32-bit FNV-style lanes and the length: a false "same" is vanishingly rare. */
function fingerprint(raw: PdIncident): string {
  const json = JSON.stringify(raw);
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ json.length;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 2246822519);
  }
  b = Math.imul(b ^ (b >>> 15), 3266489917);
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${json.length}`;
}

export interface IncidentSync {
  sync(signal: AbortSignal, fresh?: boolean): Promise<Incident[]>;
}

type MapOptions = Parameters<typeof mapIncident>[1];

export function createIncidentSync(
  ctx: PluginContext<PagerDutyConfig>,
  pd: PdClient,
  levels: LevelReader,
  mapOpts: MapOptions,
): IncidentSync {
  const { config } = ctx;
  const scope: Query = {
    'statuses[]': [...OPEN],
    // Open work can be older than the default one-month window.
    date_range: 'all',
    'service_ids[]': config.serviceIds,
    'team_ids[]': config.teamIds,
    'urgencies[]': config.urgencies,
  };
  /** id → the incident as last read and its record (kept object: unchanged rows keep identity). */
  let kept = new Map<string, Kept>();
  /** created_at of the newest log entry applied (PagerDuty's clock, so no skew with ours). */
  let cursor: string | undefined;
  let fullAt: number | undefined;
  /** Settles once the cursor read beside the last full listing is known. */
  let cursorReady: Promise<void> | undefined;
  /** Ids of log entries at or after `cursor` minus the overlap that are already applied. */
  let applied = new Set<string>();

  const keep = (raw: PdIncident, reading: LevelReading | undefined): Kept => ({
    print: fingerprint(raw),
    record: mapIncident(raw, mapOpts, reading),
  });

  /** Whether PagerDuty would list this incident under the stream's filters. */
  function inScope(raw: PdIncident): boolean {
    if (!OPEN.includes(raw.status as (typeof OPEN)[number])) return false;
    if (config.serviceIds?.length && !config.serviceIds.includes(raw.service?.id ?? '')) return false;
    if (config.urgencies?.length && !config.urgencies.includes(raw.urgency as 'high' | 'low')) return false;
    if (config.teamIds?.length && !(raw.teams ?? []).some((t) => config.teamIds!.includes(t.id)))
      return false;
    return true;
  }

  /** The newest log entry's time; null when the log cannot be read (then every poll lists all). */
  async function newestEntry(signal: AbortSignal): Promise<string | undefined | null> {
    try {
      const page = await pd.get(
        'log_entries',
        { limit: 1 },
        z.looseObject({ log_entries: z.array(logEntryWithIncident) }),
        signal,
      );
      return page.log_entries[0]?.created_at;
    } catch (err) {
      // Credentials, rate limit, network: the listing would fail alike, so say it once, now.
      if (signal.aborted || !(err instanceof PluginError) || !LOG_UNREADABLE.has(err.code)) throw err;
      ctx.log.info('cannot read the account log; every poll lists every incident', { error: String(err) });
      return null;
    }
  }

  async function full(signal: AbortSignal): Promise<Incident[]> {
    // The cursor is read alongside the first page (no extra round trip before the queue shows):
    // changes made while the listing pages are re-read by the next poll, as the cursor is moved
    // back by LOG_OVERLAP_MS. A probe slower than that cannot vouch for the first page: then the
    // next poll lists everything again.
    // It is not waited for here: the queue shows as soon as the pages are in, and the next poll
    // waits for the cursor instead. Its own timeout: the poll's signal may end with the poll.
    const startedAt = ctx.clock.now();
    const t0 = performance.now();
    const probe = newestEntry(AbortSignal.timeout(60_000)).then((at) => ({ at, ms: performance.now() - t0 }));
    probe.catch(() => {}); // a failed probe only means the next poll lists everything
    cursor = undefined;
    const raw = await pd.list('incidents', 'incidents', scope, pdIncidentSchema, signal, {
      narrow: ['serviceIds', 'teamIds', 'urgencies'],
    });
    const readings = await levelsOf(raw, signal, true);
    const next = new Map<string, Kept>();
    // Offset pages of a list that moved can repeat a row: the last copy wins.
    for (const i of raw) next.set(i.id, keep(i, readings?.get(i.id)));
    kept = next;
    applied = new Set();
    fullAt = startedAt;
    cursorReady = probe.then(
      ({ at, ms }) => {
        cursor =
          at === null || ms > LOG_OVERLAP_MS
            ? undefined
            : (at ?? new Date(startedAt - LOG_OVERLAP_MS).toISOString());
      },
      () => {
        cursor = undefined;
      },
    );
    return [...kept.values()].map((k) => k.record);
  }

  async function levelsOf(raw: readonly PdIncident[], signal: AbortSignal, prune: boolean) {
    try {
      // One on-call request per 100 policies, plus a bounded few log reads, buys every level.
      return await levels.forList(raw, signal, { prune });
    } catch (err) {
      // Levels are a nicety; the queue is not. Show incidents without levels rather than none.
      ctx.log.warn('could not load on-calls to derive escalation levels', { error: String(err) });
      return undefined;
    }
  }

  /** The changes since the cursor, or undefined when a full listing is needed instead. */
  async function delta(signal: AbortSignal): Promise<Incident[] | undefined> {
    const since = new Date(Date.parse(cursor!) - LOG_OVERLAP_MS).toISOString();
    let entries: z.output<typeof logEntryWithIncident>[];
    let total: number | null | undefined;
    try {
      [entries, total] = await Promise.all([
        pd.list(
          'log_entries',
          'log_entries',
          { since, 'include[]': ['incidents'] },
          logEntryWithIncident,
          signal,
          { narrow: [], maxRecords: MAX_DELTA_ENTRIES },
        ),
        // How many PagerDuty lists now: a listing that skipped a row (offset pages of a list
        // that moved), or a change the log did not carry into the scope, shows as a mismatch.
        pd.get('incidents', { ...scope, limit: 1, total: true }, countSchema, signal).then((p) => p.total),
      ]);
    } catch (err) {
      // A rate limit or an outage would hit a full listing harder: let this poll fail and back off.
      if (signal.aborted || !(err instanceof PluginError) || !LOG_UNREADABLE.has(err.code)) throw err;
      // Too many changes (the request budget), a page guard, a server without the endpoint.
      ctx.log.info('following the log failed; listing every incident', { error: String(err) });
      return undefined;
    }
    // Newest first: the first entry seen for an incident carries its current state.
    const changed = new Map<string, PdIncident>();
    let newest = cursor!;
    for (const e of entries) {
      if (Date.parse(e.created_at) > Date.parse(newest)) newest = e.created_at;
      // Read again only because of the overlap: already applied.
      if (applied.has(e.id)) continue;
      const parsed = pdIncidentSchema.safeParse(e.incident);
      // A bare reference: this server did not include incidents, so the log cannot be applied.
      if (!parsed.success || parsed.data.created_at === undefined) return undefined;
      const id = parsed.data.id;
      if (changed.has(id)) continue;
      // The state the last listing already had (an entry filed while it paged): nothing to do.
      const prior = kept.get(id);
      if (prior && prior.print === fingerprint(parsed.data)) continue;
      changed.set(id, parsed.data);
    }
    // Remember the entries the next poll's overlap will read again.
    const horizon = Date.parse(newest) - LOG_OVERLAP_MS;
    applied = new Set(entries.filter((e) => Date.parse(e.created_at) >= horizon).map((e) => e.id));
    if (changed.size > 0) {
      const open = [...changed.values()].filter(inScope);
      const readings = await levelsOf(open, signal, false);
      const next = new Map(kept);
      for (const raw of changed.values()) {
        if (!inScope(raw)) next.delete(raw.id);
        else next.set(raw.id, keep(raw, readings?.get(raw.id)));
      }
      kept = next;
    }
    cursor = newest;
    // A server that ignores total=true cannot vouch for what is followed: list everything.
    if (typeof total !== 'number' || total !== kept.size) {
      ctx.log.info('the account lists a different number of open incidents than followed; listing all', {
        listed: total,
        followed: kept.size,
      });
      return undefined;
    }
    return [...kept.values()].map((k) => k.record);
  }

  return {
    async sync(signal, fresh = false) {
      await cursorReady;
      // A refresh the user asked for lists everything: a renamed or re-prioritised incident
      // leaves no log entry, and the user pressing r wants to see exactly that kind of change.
      const due =
        fresh || cursor === undefined || fullAt === undefined || ctx.clock.now() - fullAt >= FULL_RELOAD_MS;
      if (!due) {
        const result = await delta(signal);
        if (result) return result;
      }
      return full(signal);
    },
  };
}
