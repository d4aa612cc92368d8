/**
 * The rows a stream keeps between polls, keyed by sys_id, and the delta watermark.
 *
 * A load pages in sys_id order, which an update never changes: a row updated after
 * the load passed it is not read again in that load. The next delta must still see
 * it, so the watermark may not move past the time the load began: the HTTP Date of
 * the load's first answer, which comes from the same instance clock that stamps
 * `sys_updated_on`. (The newest `sys_updated_on` seen, the old watermark, is later
 * than that whenever a row changed during the load — exactly the rows it would
 * lose.) The delta asks from the watermark minus an overlap, for updates stamped
 * just before a slow transaction committed.
 */
import { val } from './map.js';
import { parseSnDate, snDate } from './query.js';
import type { SnField } from './schema.js';

/** Re-read rows updated this long before the watermark. */
export const OVERLAP_MS = 5_000;
/** A full reload now and then catches what a delta cannot see: deleted rows, ACL changes. */
export const FULL_RESYNC_MS = 60 * 60_000;
/** sys_ids per `sys_idIN…` / `taskIN…` query; keeps URLs well below proxy limits. */
export const IDS_PER_QUERY = 100;

export class Kept<R extends { sys_id?: SnField; sys_updated_on?: SnField }> {
  rows = new Map<string, R>();
  watermark: number | undefined;
  fullAt: number | undefined;

  needsFull(now: number): boolean {
    return this.watermark === undefined || this.fullAt === undefined || now - this.fullAt >= FULL_RESYNC_MS;
  }

  /**
   * After a load (full or delta) that read `rows` and whose first answer carried the server
   * time `serverStart`: move the watermark there (never backwards). Without a Date header,
   * the newest `sys_updated_on` seen; with neither, `fallback` (our clock minus a margin).
   */
  advance(rows: readonly R[], serverStart: number | undefined, fallback: number): void {
    let next = serverStart;
    if (next === undefined) {
      for (const r of rows) {
        const ms = parseSnDate(val(r.sys_updated_on));
        if (ms !== undefined && (next === undefined || ms > next)) next = ms;
      }
    }
    next ??= this.watermark === undefined ? fallback : undefined;
    if (next !== undefined) this.watermark = Math.max(this.watermark ?? next, next);
  }

  since(): string {
    return snDate((this.watermark ?? 0) - OVERLAP_MS);
  }
}
