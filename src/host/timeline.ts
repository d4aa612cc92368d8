/**
 * Checking what a plugin's `timeline()` returned: each entry validated and sanitized on its own
 * (one bad entry costs that entry, not the timeline), newest first, capped.
 */
import { sanitizeDeep } from '../domain/sanitize.js';
import type { TimelineEntry } from '../plugin-api/index.js';
import { MAX_TIMELINE_ENTRIES, timelineEntrySchema } from '../plugin-api/record-schemas.js';
import { PluginCallError } from './errors.js';

export interface CheckedTimeline {
  entries: TimelineEntry[];
  /** Why entries were dropped, for the log; absent when none were. */
  problem?: string;
}

export function checkTimeline(instance: string, raw: unknown): CheckedTimeline {
  if (!Array.isArray(raw)) {
    throw new PluginCallError(instance, 'timeline', 'BAD_RESPONSE', 'timeline() returned no list');
  }
  const entries: TimelineEntry[] = [];
  let dropped = 0;
  let first: string | undefined;
  for (const [i, item] of raw.entries()) {
    const parsed = timelineEntrySchema.safeParse(item);
    if (parsed.success) {
      const e = parsed.data;
      entries.push(sanitizeDeep({ at: e.at, kind: e.kind, text: e.text, ...(e.who ? { who: e.who } : {}) }));
    } else {
      dropped++;
      const issue = parsed.error.issues[0];
      first ??= `[${i}].${issue?.path.join('.')}: ${issue?.message}`;
    }
  }
  if (dropped > 0 && entries.length === 0 && raw.length > 0) {
    throw new PluginCallError(
      instance,
      'timeline',
      'BAD_RESPONSE',
      `${instance}: none of ${raw.length} timeline entries fit the model (${first})`,
    );
  }
  // Newest first; entries of one instant keep the order the plugin gave.
  const sorted = entries
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .map((x) => x.e)
    .slice(0, MAX_TIMELINE_ENTRIES);
  const over = entries.length - sorted.length;
  const problems = [
    dropped > 0
      ? `dropped ${dropped} of ${raw.length} timeline entries that do not fit the model (${first})`
      : '',
    over > 0 ? `kept the newest ${MAX_TIMELINE_ENTRIES} timeline entries of ${entries.length}` : '',
  ].filter(Boolean);
  return { entries: sorted, ...(problems.length ? { problem: `${instance}: ${problems.join('; ')}` } : {}) };
}
