/**
 * The IO side of levels.ts: fetch the on-call spans that cover the incidents' assignment
 * times, and the log of incidents whose level is still ambiguous, within a fixed request
 * budget per poll.
 */
import { chunk, type PluginContext } from 'itops-tui/plugin';
import type { PdClient } from './client.js';
import { assignmentWindow, enteredAtLevelOne, type LevelReading, readLevel, spansOf } from './levels.js';
import { type PagerDutyConfig, type PdIncident, pdLogEntrySchema, pdOnCallSchema } from './schema.js';

/** Policy ids per on-call request: keeps the URL well under common proxy limits (~8 KB). */
export const IDS_PER_REQUEST = 100;
/** How far back assignments are matched in a poll; older ones are read when escalating. */
export const LIST_LOOKBACK_MS = 7 * 24 * 3600_000;
/** Log reads per poll for ambiguous incidents (each is cached until the incident changes). */
export const LOG_READS_PER_POLL = 10;

export interface LevelReader {
  /** Levels of a page of incidents: one on-call request per 100 policies, a few log reads. */
  forList(
    incidents: readonly PdIncident[],
    signal: AbortSignal,
    options?: { prune?: boolean },
  ): Promise<Map<string, LevelReading>>;
  /** The level of one incident read fresh, with no lookback limit and no cache. */
  forOne(incident: PdIncident, signal: AbortSignal): Promise<LevelReading>;
}

export function createLevelReader(pd: PdClient, ctx: PluginContext<PagerDutyConfig>): LevelReader {
  /** incident id → whether its log says it entered at level 1, as of its updated_at. */
  const logs = new Map<string, { updatedAt: string; levelOne: boolean }>();

  async function spansFor(
    policyIds: string[],
    window: { since: number; until: number },
    signal: AbortSignal,
  ) {
    const range = {
      since: new Date(window.since).toISOString(),
      until: new Date(window.until).toISOString(),
    };
    const pages = await Promise.all(
      chunk(policyIds, IDS_PER_REQUEST).map((ids) =>
        pd.list('oncalls', 'oncalls', { ...range, 'escalation_policy_ids[]': ids }, pdOnCallSchema, signal, {
          narrow: ['escalationPolicyIds'],
        }),
      ),
    );
    return spansOf(pages.flat());
  }

  async function levelOne(raw: PdIncident, signal: AbortSignal, cached: boolean): Promise<boolean> {
    const hit = logs.get(raw.id);
    if (cached && hit && hit.updatedAt === raw.updated_at) return hit.levelOne;
    const entries = await pd.list(
      `incidents/${encodeURIComponent(raw.id)}/log_entries`,
      'log_entries',
      {},
      pdLogEntrySchema,
      signal,
      { narrow: [] },
    );
    const levelOne = enteredAtLevelOne(raw, entries);
    if (raw.updated_at) logs.set(raw.id, { updatedAt: raw.updated_at, levelOne });
    return levelOne;
  }

  /** Settle an ambiguous reading that includes level 1 with the incident's log. */
  async function settle(raw: PdIncident, reading: LevelReading, signal: AbortSignal, cached: boolean) {
    if (reading.kind !== 'ambiguous' || !reading.levels.includes(1)) return reading;
    return (await levelOne(raw, signal, cached)) ? ({ kind: 'known', level: 1 } as const) : reading;
  }

  return {
    async forList(incidents, signal, options = {}) {
      const out = new Map<string, LevelReading>();
      const open = incidents.filter((i) => i.status !== 'resolved' && i.escalation_policy);
      const window = assignmentWindow(open, ctx.clock.now(), LIST_LOOKBACK_MS);
      if (!window) return out;
      const policyIds = [...new Set(open.map((i) => i.escalation_policy!.id))];
      const spans = await spansFor(policyIds, window, signal);
      let budget = LOG_READS_PER_POLL;
      for (const raw of open) {
        let reading = readLevel(raw, spans);
        const hit = logs.get(raw.id);
        const fresh = hit !== undefined && hit.updatedAt === raw.updated_at;
        if (reading.kind === 'ambiguous' && (fresh || budget > 0)) {
          if (!fresh) budget--;
          // A failed log read leaves the level ambiguous; the queue itself is not at stake.
          reading = await settle(raw, reading, signal, true).catch(() => reading);
        }
        out.set(raw.id, reading);
      }
      // A full listing forgets the logs of incidents gone; a list of changes alone must not.
      if (options.prune !== false) for (const id of logs.keys()) if (!out.has(id)) logs.delete(id);
      return out;
    },

    async forOne(raw, signal) {
      const policyId = raw.escalation_policy?.id;
      const times = (raw.assignments ?? [])
        .map((a) => Date.parse(a.at ?? ''))
        .filter((t) => !Number.isNaN(t));
      if (!policyId || times.length === 0) return readLevel(raw, []);
      const window = { since: Math.min(...times), until: Math.max(...times) + 1000 };
      return settle(raw, readLevel(raw, await spansFor([policyId], window, signal)), signal, false);
    },
  };
}
